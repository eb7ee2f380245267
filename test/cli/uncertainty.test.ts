// simulate, sensitivity and sweep through the built binary: golden files for every format, exit codes
// and one-line errors. `UPDATE_GOLDEN=1 npx vitest run test/cli/uncertainty.test.ts` rewrites the goldens.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

const BIN = join(ROOT, 'bin', 'llmcost.js');
const FIXTURE = ['test/fixtures/uncertain.yaml', '--pricing', 'test/fixtures/pricing-simple.yaml'];

// The analyses apply the pricing-age policy as every command does: the day is pinned a month after the
// fixture's rows (as_of 2026-01-01), so no warning depends on the calendar.
const DAY = String(Date.UTC(2026, 1, 1) / 1000);

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', SOURCE_DATE_EPOCH: DAY },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function golden(name: string, text: string) {
  const file = join(ROOT, 'test', 'golden', name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

describe('llmcost simulate', () => {
  it.each([
    ['simulate.txt', ['--trials', '2000', '--seed', '7']],
    ['simulate.json', ['--trials', '2000', '--seed', '7', '--format', 'json']],
    ['simulate.csv', ['--trials', '2000', '--seed', '7', '--format', 'csv']],
  ])('%s', (name, args) => {
    const r = cli(['simulate', ...FIXTURE, ...args]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    golden(name, r.stdout);
  });

  it('is byte-identical for the same seed and differs for another', () => {
    const a = cli(['simulate', ...FIXTURE, '--trials', '3000', '--seed', '42', '--format', 'json']).stdout;
    expect(cli(['simulate', ...FIXTURE, '--trials', '3000', '--seed', '42', '--format', 'json']).stdout).toBe(a);
    expect(cli(['simulate', ...FIXTURE, '--trials', '3000', '--seed', '43', '--format', 'json']).stdout).not.toBe(a);
  });

  it('writes one CSV row per trial with --per-trial, to --out atomically', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmcost-'));
    try {
      const out = join(dir, 'trials.csv');
      const r = cli(['simulate', ...FIXTURE, '--trials', '250', '--format', 'csv', '--per-trial', '--out', out]);
      expect(r.code).toBe(0);
      const lines = readFileSync(out, 'utf8').trimEnd().split('\r\n');
      expect(lines).toHaveLength(251);
      expect(lines[0]).toBe(
        'trial,workload.requests_per_day,workload.input_tokens,workload.growth.monthly_rate,api.price_change_per_year,self_hosted.min_replicas,month1_api,month1_self_hosted,month1_hybrid,tco_api,tco_self_hosted,tco_hybrid,cheapest,payback_self_hosted,payback_hybrid',
      );
      expect(readdirSync(dir)).toEqual(['trials.csv']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [['--trials', 'many'], "llmcost: --trials 'many' is not a number; expected a whole number from 1 to 200000"],
    [['--trials', '0'], 'llmcost: --trials 0 is below 1; expected a whole number from 1 to 200000'],
    [['--seed', '-1'], 'llmcost: --seed -1 is negative; expected a whole number from 0 to 4294967295'],
    [['--per-trial'], 'llmcost: --per-trial needs --format csv; expected --format csv --per-trial'],
  ])('refuses %j with one line and exit 2', (args, message) => {
    const r = cli(['simulate', ...FIXTURE, ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.replace(/^llmcost: /, 'llmcost: ')).toBe(`${message.replace(/^llmcost: /, '')}\n`);
  });

  it('places a bad distribution at its file, line and column', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmcost-'));
    try {
      const bad = join(dir, 'bad.yaml');
      writeFileSync(
        bad,
        readFileSync(join(ROOT, FIXTURE[0]!), 'utf8').replace('{ min: 0, max: 0.06 }', '{ min: 0.06, max: 0 }'),
      );
      const r = cli(['simulate', bad, '--pricing', FIXTURE[2]!]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `${bad}:13:19: workload.growth.monthly_rate: min 0.06 is above max 0; expected min ≤ max\n`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('llmcost sensitivity', () => {
  it.each([
    ['sensitivity.txt', []],
    ['sensitivity.json', ['--format', 'json']],
    ['sensitivity.csv', ['--format', 'csv']],
  ])('%s', (name, args) => {
    const r = cli(['sensitivity', ...FIXTURE, ...args]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    golden(name, r.stdout);
  });
});

describe('llmcost sweep', () => {
  const vary = ['--vary', 'workload.requests_per_day=10000..1000000', '--steps', '12', '--log'];
  it.each([
    ['sweep.txt', [...vary]],
    ['sweep-chart.txt', [...vary, '--chart']],
    ['sweep.json', [...vary, '--format', 'json']],
    ['sweep.csv', [...vary, '--format', 'csv']],
    [
      'sweep-grid.txt',
      [
        '--vary',
        'workload.requests_per_day=10000..1000000',
        '--vary',
        'self_hosted.staff.annual_cost_per_fte=0..300000',
        '--steps',
        '6',
      ],
    ],
  ])('%s', (name, args) => {
    const r = cli(['sweep', ...FIXTURE, ...args]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    golden(name, r.stdout);
  });

  it.each([
    [[], 'llmcost: --vary given 0 times; expected one --vary (a line) or two (a grid)'],
    [
      ['--vary', 'workload.requests_per_day'],
      "llmcost: --vary 'workload.requests_per_day' is not FIELD=LO..HI; expected e.g. workload.daily_active_users=1000..1000000",
    ],
    [
      ['--vary', 'horizon_months=1..5'],
      "--vary: 'horizon_months' cannot vary: the horizon fixes how many months every trial has",
    ],
    [
      ['--vary', 'self_hosted.target_utilization=0.5..2'],
      "llmcost: --vary 'self_hosted.target_utilization=0.5..2': 2 is outside self_hosted.target_utilization's range; expected values > 0 and ≤ 1",
    ],
    [
      ['--vary', 'workload.output_tokens=0..100', '--log'],
      "llmcost: --vary 'workload.output_tokens=0..100': --log needs a range above 0; expected LO greater than 0",
    ],
  ])('refuses %j with exit 2', (args, message) => {
    const r = cli(['sweep', ...FIXTURE, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message.replace(/^llmcost: /, ''));
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('llmcost report --uncertainty', () => {
  const args = ['report', ...FIXTURE, '--uncertainty', '--trials', '500', '--seed', '7'];

  it('adds the fan chart and the tornado, the same bytes for the same seed', () => {
    const a = cli(args);
    expect(a.code).toBe(0);
    expect(a.stderr).toBe('');
    expect(a.stdout).toContain('<section id="uncertainty"');
    expect(a.stdout).toContain('<svg id="chart-fan"');
    expect(a.stdout).toContain('<svg id="chart-tornado"');
    expect(a.stdout).toContain('from 500 Monte Carlo runs');
    expect(cli(args).stdout === a.stdout).toBe(true);
    expect(cli(['report', ...FIXTURE]).stdout).not.toContain('id="uncertainty"');
  });

  it('refuses a bad --trials with the one-line usage error, exit 2', () => {
    const r = cli(['report', ...FIXTURE, '--uncertainty', '--trials', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('--trials 0 is below 1; expected a whole number from 1 to 200000\n');
  });

  it('prints the same bytes without WebAssembly (node --jitless: every trial run by the engine directly)', () => {
    // The programs (src/uncertainty/machine.ts) are the engine's float arithmetic bit for bit, so a
    // Node that cannot run them gives the same simulation, only slower.
    const args = ['simulate', 'scenarios/saas-support-uncertain.yaml', '--trials', '400', '--format', 'json'];
    const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', SOURCE_DATE_EPOCH: DAY };
    const plain = spawnSync(process.execPath, ['--jitless', BIN, ...args], { cwd: ROOT, encoding: 'utf8', env });
    expect(plain.status).toBe(0);
    expect(plain.stdout).toBe(cli(args).stdout);
  });

  it('models every feature compare does: autoscaling (chat-diurnal), where a deny-list used to refuse', () => {
    const r = cli(['report', 'scenarios/chat-diurnal.yaml', '--uncertainty']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Uncertainty/i);
  });
});
