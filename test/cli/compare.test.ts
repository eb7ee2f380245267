// The CLI as a user meets it: the built binary, spawned, with its exit codes and one-line errors.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/money.js';
import { ROOT } from '../helpers.js';
import { llmcost, tempDir, writeTemp } from './run.js';

const SAAS = 'scenarios/saas-support.yaml';
const saasText = readFileSync(join(ROOT, SAAS), 'utf8');

describe('llmcost compare', () => {
  it('prints the summary table for the shipped scenario', () => {
    const r = llmcost(['compare', SAAS]);
    expect(r.status).toBe(0);
    // Nothing on stderr but, depending on today's date, the one-line staleness summary (docs/pricing.md).
    expect(r.stderr).toMatch(/^(llmcost: warning: \d+ pricing rows? used (is|are) older than 120 days [^\n]*\n)?$/);
    expect(r.stdout).toContain('SaaS customer support assistant');
    expect(r.stdout).toMatch(/^api\s+\$96,800\.00/m);
    expect(r.stdout).toContain('Recommendation: ');
    expect(r.stdout).not.toContain('\u001b['); // no colour when piped
  });

  it('adds the monthly table and the explanation on request', () => {
    const r = llmcost(['compare', SAAS, '--monthly', '--explain']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Month by month');
    expect(r.stdout).toContain('How the numbers are made');
    expect(r.stdout).toContain('pricing/api-models.yaml#openai/gpt-4o.input_per_1m@');
  });

  it('colours only when asked on a non-TTY, and never with NO_COLOR', () => {
    expect(llmcost(['compare', SAAS, '--color'], { env: { NO_COLOR: '' } }).stdout).toContain('\u001b[');
    expect(llmcost(['compare', SAAS, '--color'], { env: { NO_COLOR: '1' } }).stdout).not.toContain('\u001b[');
  });

  it('--version and --help exit 0', () => {
    expect(llmcost(['--version'])).toMatchObject({ status: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
    expect(llmcost(['compare', '--help'])).toMatchObject({ status: 0, stdout: expect.stringContaining('--monthly') });
  });
});

describe('JSON output contract', () => {
  for (const file of readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml'))) {
    it(`holds for scenarios/${file}, and money sums exactly to the totals`, () => {
      const r = llmcost(['compare', `scenarios/${file}`, '--format', 'json']);
      expect(r.status).toBe(0);
      const j = JSON.parse(r.stdout);
      expect(j).toMatchObject({
        schema_version: 2,
        currency: 'USD',
        horizon_months: expect.any(Number),
        scenario: expect.any(String),
      });
      expect(j.strategies.length).toBeGreaterThan(0);
      for (const s of j.strategies) {
        // v2: a built-in id, or a portfolio's own snake_case name (scenario `strategies:`).
        expect(s.id).toMatch(/^[a-z][a-z0-9_]*$/);
        expect(typeof s.tco).toBe('string');
        expect(s.months).toHaveLength(j.horizon_months);
        let tco = new Decimal(0);
        for (const m of s.months) {
          expect(m).toMatchObject({
            month: expect.any(Number),
            calls: expect.any(Number),
            input_tokens: expect.any(Number),
            output_tokens: expect.any(Number),
            cost: expect.any(String),
          });
          const items = m.items.reduce((acc: Decimal, i: { cost: string }) => acc.plus(i.cost), new Decimal(0));
          expect(items.eq(m.cost)).toBe(true);
          // A portfolio's items also say which class(es) they serve and which target serves them.
          const portfolio = (i: object) => ['class', 'target'].filter((k) => k in i);
          for (const i of m.items)
            expect(Object.keys(i)).toEqual([
              'category',
              'name',
              'quantity',
              'unit',
              'unit_price',
              'cost',
              'cost_cents',
              'source',
              ...portfolio(i),
            ]);
          tco = tco.plus(m.cost);
        }
        // Reserved terms owed after the horizon: in the TCO, in no month.
        if (s.commitment_after_horizon) tco = tco.plus(s.commitment_after_horizon.cost);
        expect(tco.eq(s.tco)).toBe(true);
      }
      for (const key of Object.keys(j.break_even)) {
        const b = j.break_even[key];
        expect([...j.strategies.map((x: { id: string }) => x.id).filter((id: string) => id !== 'api')]).toContain(key);
        for (const kind of ['run_rate', 'tco']) {
          expect(b[kind]).toHaveProperty('calls_per_month');
          expect(b[kind]).toHaveProperty('tokens_per_month');
          expect(typeof b[kind].reason).toBe('string');
        }
        expect(b).toHaveProperty('payback_month');
      }
      expect(j.recommendation.reasons.length).toBeGreaterThan(0);
      expect(r.stdout).not.toMatch(/NaN|Infinity|e\+\d/);
    });
  }

  it('is byte-identical across runs', () => {
    const a = llmcost(['compare', SAAS, '--format', 'json']).stdout;
    const b = llmcost(['compare', SAAS, '--format', 'json'], {
      env: { TZ: 'Pacific/Kiritimati', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' },
    }).stdout;
    expect(a).toBe(b);
  });
});

describe('invalid input: exit code 2 and one clear line', () => {
  const dir = tempDir();
  const cases: Array<[string, string, RegExp]> = [
    [
      'missing required field',
      saasText.replace(/^name: .*$/m, ''),
      /^bad\.yaml:\d+:\d+: name: is required; expected a string$/,
    ],
    [
      'unknown key',
      saasText.replace('  output_tokens: 500', '  output_tokenz: 500'),
      /^bad\.yaml:13:3: workload\.output_tokenz: unknown key 'output_tokenz'; .*did you mean 'output_tokens'\?$/,
    ],
    [
      'unknown model id',
      saasText.replace('model: openai/gpt-4o ', 'model: openai/gpt4o  '),
      /^bad\.yaml:21:10: api\.model: unknown API model 'openai\/gpt4o'; .*did you mean 'openai\/gpt-4o'\?$/,
    ],
    [
      'YAML syntax error',
      saasText.replace('input_tokens: 1200 ', 'input_tokens: [1200 '),
      /^bad\.yaml:\d+:\d+: YAML syntax error: /,
    ],
  ];
  for (const [name, text, pattern] of cases) {
    it(name, () => {
      writeTemp(dir, 'bad.yaml', text);
      const r = llmcost(['compare', 'bad.yaml'], { cwd: dir });
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(pattern);
      expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/); // no stack trace
    });
  }

  it('a usage error is exit 2 in one line', () => {
    const r = llmcost(['compare', SAAS, '--format', 'xml']);
    expect(r.status).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
