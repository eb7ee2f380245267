// The gates finance and CI ask for, run in-process as the CLI runs them: --baseline/--max-increase
// and --max-annual with their exit codes, invalid files as rows, headlines that count, stale-price
// annotations under --format github, and `diff -` reading standard input with --label.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-helpers.js';
import { ROOT } from '../helpers.js';

const BASE = 'test/fixtures/diff-base.yaml';
const HEAD = 'test/fixtures/diff-head.yaml';

const runWith = (argv: string[], opts: { stdin?: string; now?: string } = {}) => runCli(argv, opts);

describe('check --baseline --max-increase', () => {
  it('exits 1 when a strategy present in both rises by more, 0 when none does', async () => {
    const over = await runCli(['check', HEAD, '--baseline', BASE, '--max-increase', '10%']);
    expect(over.code).toBe(1);
    expect(over.stdout).toMatch(/FAIL {2}api max_increase 10% exceeded: TCO \$30,141\.76 -> \$503,235\.23/);
    const fine = await runCli(['check', HEAD, '--baseline', BASE, '--max-increase', '2000%']);
    expect(fine.code).toBe(0);
    // api, self_hosted, hybrid and api_same_model (the fixtures' open model has hosted endpoints).
    expect(fine.stdout).toContain('all 4 budgets hold');
  });

  it('with --strategy, only that strategy is gated; an amount works too', async () => {
    const r = await runCli([
      'check',
      HEAD,
      '--baseline',
      BASE,
      '--max-increase',
      '80000',
      '--strategy',
      'self_hosted',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as {
      results: Array<{ strategy: string; baseline: string; limit_unit: string; status: string }>;
    };
    expect(j.results).toHaveLength(1);
    expect(j.results[0]).toMatchObject({
      strategy: 'self_hosted',
      baseline: '65443.2',
      limit_unit: 'USD',
      status: 'holds',
    });
    expect(j.results.length).toBe(1);
    const less = await runCli([
      'check',
      HEAD,
      '--baseline',
      BASE,
      '--max-increase',
      '73843.19',
      '--strategy',
      'self_hosted',
    ]);
    expect(less.code).toBe(1);
    expect(
      (await runCli(['check', HEAD, '--baseline', BASE, '--max-increase', '73843.20', '--strategy', 'self_hosted']))
        .code,
    ).toBe(0);
  });

  it('--baseline without --max-increase is a usage error', async () => {
    const r = await runCli(['check', HEAD, '--baseline', BASE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--baseline and --max-increase go together');
  });
});

describe('check --max-annual', () => {
  it('names the failing year and exits 1; holds at the printed year', async () => {
    const r = await runCli(['check', BASE, '--max-annual', '30141.75', '--strategy', 'api']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('exceeded in year 1 (months 1-12, 2027-01 to 2027-12)');
    expect(r.stdout).toContain('1 of 1 budget exceeded');
    const ok = await runCli(['check', BASE, '--max-annual', '30141.76', '--strategy', 'api']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('1 budget holds');
    expect(ok.stdout).not.toContain('all 1 budget');
  });
});

describe('invalid files are rows', () => {
  const files = [BASE, 'test/fixtures/invalid-scenario.yaml'];
  it('CSV: a row with status invalid; JSON: in results; the headline counts', async () => {
    const csv = await runCli(['check', ...files, '--max-tco', '1000000', '--format', 'csv']);
    expect(csv.code).toBe(2);
    const rows = parse(csv.stdout, { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.status)).toEqual(['holds', 'invalid']);
    expect(rows[1]!.file).toBe('test/fixtures/invalid-scenario.yaml');
    const jsonRun = await runCli(['check', ...files, '--max-tco', '1000000', '--format', 'json']);
    const json = JSON.parse(jsonRun.stdout) as { results: Array<{ status: string }> };
    expect(json.results.map((r) => r.status)).toEqual(['holds', 'invalid']);
    const table = await runCli(['check', ...files, '--max-tco', '1000000']);
    expect(table.stdout).toContain('1 budget holds; 1 scenario file invalid');
    const none = await runCli(['check', 'test/fixtures/invalid-scenario.yaml', '--max-tco', '1']);
    expect(none.stdout).toContain('no budgets checked; 1 scenario file invalid');
  });
});

describe('check --format github', () => {
  it('stale pricing rows are ::warning annotations on the pricing file', async () => {
    const r = await runWith(['check', BASE, '--max-tco', '1000000', '--format', 'github'], {
      now: '2027-06-01T00:00:00Z',
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^::warning file=pricing\/api-models\.yaml,title=Stale price::api_model openai\/gpt-4o-mini is \d+ days old/m,
    );
    const fresh = await runWith(['check', BASE, '--max-tco', '1000000', '--format', 'github'], {
      now: '2026-08-01T00:00:00Z',
    });
    expect(fresh.stdout).not.toContain('::warning');
  });
});

describe('diff - (stdin) and --label', () => {
  it('reads BASE from standard input and names both sides by their labels', async () => {
    const stdin = readFileSync(join(ROOT, BASE), 'utf8');
    const r = await runWith(['diff', '-', HEAD, '--label', 'main', '--label', 'pr-42', '--format', 'json'], { stdin });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { base: { file: string }; head: { file: string } };
    expect(j.base.file).toBe('main');
    expect(j.head.file).toBe('pr-42');
    const same = await runCli(['diff', BASE, HEAD, '--format', 'json']);
    const strip = (s: string) =>
      s
        .replaceAll('"main"', '"x"')
        .replaceAll('"pr-42"', '"y"')
        .replaceAll(`"${BASE}"`, '"x"')
        .replaceAll(`"${HEAD}"`, '"y"');
    expect(strip(r.stdout)).toBe(strip(same.stdout));
  });

  it('an invalid scenario on stdin is named by its label', async () => {
    const r = await runWith(['diff', BASE, '-', '--label', 'base', '--label', 'incoming'], {
      stdin: 'version: 1\nname: x\n',
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('incoming');
  });
});

describe('same-name scenarios stay apart', () => {
  it('compare base and head (one scenario name) as CSV: the file column tells them apart, each sums to its TCO', async () => {
    const json = JSON.parse((await runCli(['compare', BASE, HEAD, '--format', 'json'])).stdout) as {
      reports: Array<{ scenario: string; strategies: Array<{ id: string; tco_cents: string }> }>;
    };
    expect(json.reports[0]!.scenario).toBe(json.reports[1]!.scenario);
    for (const layout of ['long', 'wide'] as const) {
      const r = await runCli(['compare', BASE, HEAD, '--format', 'csv', '--csv-layout', layout]);
      const rows = parse(r.stdout, { columns: true }) as Array<Record<string, string>>;
      expect(new Set(rows.map((x) => x.file))).toEqual(new Set([BASE, HEAD]));
      [BASE, HEAD].forEach((file, i) => {
        for (const s of json.reports[i]!.strategies) {
          const mine = rows.filter((x) => x.file === file && (layout === 'wide' || x.strategy === s.id));
          const cents = mine.reduce(
            (a, x) => a + BigInt((layout === 'wide' ? x[s.id]! : x.cost!).replace('.', '')),
            0n,
          );
          expect(cents).toBe(BigInt(s.tco_cents.replace('.', '')));
        }
      });
    }
  });
});
