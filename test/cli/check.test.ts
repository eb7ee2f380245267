// `llmcost check` as CI runs it: the built binary, spawned, one test per exit code; GitHub and JUnit
// outputs; and --out that never leaves a half-written or changed file behind on failure.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../cli-helpers.js';
import { fixture } from '../helpers.js';

const SCENARIO = 'test/fixtures/budgeted.yaml';
const dir = mkdtempSync(join(tmpdir(), 'llmcost-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('check exit codes (built binary)', () => {
  it('0: every budget holds', () => {
    const r = spawnCli([
      'check',
      SCENARIO,
      '--strategy',
      'self_hosted',
      '--max-monthly',
      '100000',
      '--max-tco',
      '2000000',
    ]);
    // Nothing on stderr but, depending on today's date, the one-line staleness summary (docs/pricing.md).
    expect(r.stderr).toMatch(/^(llmcost: warning: \d+ pricing rows? used (is|are) older than 120 days [^\n]*\n)?$/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('self_hosted max_monthly $100,000.00 holds');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('all 3 budgets hold'); // two from flags, one per-strategy block;
  });

  it('1: a budget is exceeded, named with its limit, figure, first month and excess', () => {
    const r = spawnCli(['check', SCENARIO]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /FAIL {2}api max_monthly \$40,000\.00 exceeded: first crossed in month \d+ \(2027-\d\d\) at \$[\d,.]+, \$[\d,.]+ over/,
    );
    expect(r.stdout).toMatch(/ok {4}self_hosted max_tco \$500,000\.00 holds/);
    expect(r.stdout).toContain(`[${SCENARIO}:`);
  });

  it('2: invalid input (a scenario that does not validate)', () => {
    const r = spawnCli(['check', fixture('invalid-scenario.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('INVALID');
    expect(r.stdout).toMatch(/INVALID .*invalid-scenario\.yaml:9:\d+: api\./);
  });

  it('2: usage (a bad flag value), no stack trace', () => {
    const r = spawnCli(['check', SCENARIO, '--max-tco', '1,000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("got '1,000'; expected an amount (in the scenario's currency");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('3: an internal error, one line, no stack trace', () => {
    const r = spawnCli(['check', SCENARIO], { nodeArgs: ['--import', fixture('internal-fault.mjs')] });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('llmcost: internal error: simulated internal fault (run with --debug for the stack trace)\n');
  });

  it('several files: an invalid one is reported by name, the others still checked, exit 2', () => {
    const r = spawnCli(['check', SCENARIO, fixture('invalid-scenario.yaml'), '--format', 'json']);
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout);
    expect(out.results.length).toBeGreaterThan(0);
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0].file).toBe(fixture('invalid-scenario.yaml'));
  });
});

describe('check --format github', () => {
  it('annotates the budget line and appends Markdown to $GITHUB_STEP_SUMMARY', () => {
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '# earlier step\n');
    const r = spawnCli(['check', SCENARIO, '--format', 'github'], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(r.code).toBe(1);
    const lines = readFileSync(join(process.cwd(), SCENARIO), 'utf8').split('\n');
    const line = lines.findIndex((l) => /^\s*max_monthly:/.test(l)) + 1;
    expect(r.stdout).toContain(`::error file=${SCENARIO},line=${line},`);
    const text = readFileSync(summary, 'utf8');
    expect(text.startsWith('# earlier step\n## llmcost check: ')).toBe(true);
    expect(text).toContain('| **exceeded** |');
  });
});

describe('--out is atomic', () => {
  const target = join(dir, 'report.csv');
  const before = 'an existing file, byte for byte\r\n\u00e9\n';
  const leftovers = () => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

  it.each([
    ['an invalid scenario', ['compare', fixture('invalid-scenario.yaml'), '--format', 'csv']],
    [
      'one invalid among several',
      ['compare', 'scenarios/saas-support.yaml', fixture('invalid-scenario.yaml'), '--format', 'csv'],
    ],
    [
      'a format the scenario cannot give (focus without start_month)',
      ['compare', 'scenarios/saas-support.yaml', '--format', 'focus'],
    ],
    ['a missing pricing override', ['check', 'scenarios/saas-support.yaml', '--pricing', 'nope.yaml']],
    ['a usage error', ['diff', 'scenarios/saas-support.yaml']],
  ])('a failing run (%s) leaves an existing file byte-identical', (_what, argv) => {
    writeFileSync(target, before);
    const r = spawnCli([...argv, '--out', target]);
    expect(r.code).toBe(2);
    expect(readFileSync(target, 'utf8')).toBe(before);
    expect(leftovers()).toEqual([]);
  });

  it('a successful run replaces the file whole', async () => {
    writeFileSync(target, before);
    const r = await runCli(['compare', 'scenarios/saas-support.yaml', '--format', 'csv', '--out', target]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const text = readFileSync(target, 'utf8');
    expect(text.startsWith('file,scenario,strategy,month,')).toBe(true);
    expect(text).toBe((await runCli(['compare', 'scenarios/saas-support.yaml', '--format', 'csv'])).stdout);
    expect(leftovers()).toEqual([]);
  });

  it('an unwritable --out is an input error, and nothing is created', () => {
    const r = spawnCli(['compare', 'scenarios/saas-support.yaml', '--out', join(dir, 'no-such-dir', 'x.csv')]);
    expect(r.code).toBe(2);
    expect(existsSync(join(dir, 'no-such-dir'))).toBe(false);
  });
});
