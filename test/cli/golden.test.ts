// Golden files for every format on every shipped scenario (test/golden/<scenario>/…), run in-process
// exactly as the CLI runs them. UPDATE_GOLDEN=1 rewrites them; review the diff before committing.
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { expectGolden, runCli, shippedScenarios, type CliResult } from '../cli-helpers.js';

/** stdout, and when the run did not simply succeed, its stderr and exit code too. */
function transcript(r: CliResult): string {
  return r.code === 0 && r.stderr === '' ? r.stdout : `${r.stdout}--- stderr\n${r.stderr}--- exit ${r.code}\n`;
}

const COMPARE: Array<[string, string[]]> = [
  ['compare.table.txt', []],
  ['compare.monthly-explain.txt', ['--monthly', '--explain']],
  ['compare.json', ['--format', 'json']],
  ['compare.csv', ['--format', 'csv']],
  ['compare.wide.csv', ['--format', 'csv', '--csv-layout', 'wide']],
  ['compare.md', ['--format', 'markdown']],
  ['compare.focus.csv', ['--format', 'focus', '--start-month', '2027-01']],
];

const CHECK: Array<[string, string[]]> = [
  ['check.table.txt', []],
  ['check.json', ['--format', 'json']],
  ['check.csv', ['--format', 'csv']],
  ['check.md', ['--format', 'markdown']],
  ['check.github.txt', ['--format', 'github']],
  ['check.junit.xml', ['--format', 'junit']],
];

const DIFF: Array<[string, string[]]> = [
  ['diff.table.txt', []],
  ['diff.json', ['--format', 'json']],
  ['diff.csv', ['--format', 'csv']],
  ['diff.md', ['--format', 'markdown']],
];

for (const scenario of shippedScenarios()) {
  const name = basename(scenario).replace(/\.ya?ml$/, '');
  describe(`golden: ${scenario}`, () => {
    for (const [file, args] of COMPARE)
      it(`compare ${args.join(' ') || '(table)'}`, async () =>
        expectGolden(`${name}/${file}`, transcript(await runCli(['compare', scenario, ...args]))));
    for (const [file, args] of CHECK)
      it(`check ${args.join(' ') || '(table)'}`, async () =>
        expectGolden(`${name}/${file}`, transcript(await runCli(['check', scenario, ...args]))));
    // Against itself: the shape of "nothing changed" for each format.
    for (const [file, args] of DIFF)
      it(`diff (self) ${args.join(' ') || '(table)'}`, async () =>
        expectGolden(`${name}/${file}`, transcript(await runCli(['diff', scenario, scenario, ...args]))));
  });
}

// Portfolios (issue 17): the per-class table and where each class's calls go.
describe('golden: portfolios --by-class --explain', () => {
  for (const scenario of shippedScenarios().filter((s) => s.includes('portfolio'))) {
    const name = basename(scenario).replace(/\.ya?ml$/, '');
    it(scenario, async () =>
      expectGolden(
        `${name}/compare.by-class-explain.txt`,
        transcript(await runCli(['compare', scenario, '--by-class', '--explain'])),
      ),
    );
  }
});

describe('golden: several scenarios at once', () => {
  // A fixture joins the shipped scenarios so that "several" holds however many are shipped.
  const valid = [...shippedScenarios(), 'test/fixtures/diff-head.yaml'];
  const all = [...valid, 'test/fixtures/invalid-scenario.yaml'];
  it('summary table, with an invalid file reported by name', async () =>
    expectGolden('many/compare.table.txt', transcript(await runCli(['compare', ...all]))));
  it('summary markdown', async () =>
    expectGolden('many/compare.md', transcript(await runCli(['compare', ...valid, '--format', 'markdown']))));
  it('csv of all', async () =>
    expectGolden(
      'many/compare.wide.csv',
      transcript(await runCli(['compare', ...valid, '--format', 'csv', '--csv-layout', 'wide'])),
    ));
  it('summary JSON', async () =>
    expectGolden('many/compare.json', transcript(await runCli(['compare', ...valid, '--format', 'json']))));
  // Built a scenario at a time (each report dropped once its piece is made): the many-file CSV and
  // FOCUS exports are exactly one header and then each scenario's own export, in the order given. A
  // portfolio's class/target columns (CSV long: class, target; FOCUS: Tags) are in the header when a
  // scenario of the run has them, and empty in the rows of the scenarios that have none.
  for (const [what, args] of [
    ['csv (long)', ['--format', 'csv']],
    ['focus', ['--format', 'focus', '--start-month', '2027-01']],
  ] as const) {
    it(`${what} of all = the header, then each scenario's own ${what}`, async () => {
      const many = await runCli(['compare', ...valid, ...args]);
      expect(many.code).toBe(0);
      const singles = await Promise.all(valid.map((f) => runCli(['compare', f, ...args])));
      const headers = singles.map((r) => r.stdout.slice(0, r.stdout.indexOf('\r\n')));
      const header = headers.reduce((a, b) => (b.length > a.length ? b : a));
      expect(headers.some((h) => h !== header)).toBe(true);
      const columns = header.split(',');
      const rows = parse(many.stdout, { columns: true }) as Record<string, string>[];
      expect(Object.keys(rows[0]!)).toEqual(columns);
      const expected = singles.flatMap((r) =>
        (parse(r.stdout, { columns: true }) as Record<string, string>[]).map((row) =>
          Object.fromEntries(columns.map((c) => [c, row[c] ?? ''])),
        ),
      );
      expect(rows).toEqual(expected);
      // Byte for byte: a scenario whose header is the run's keeps its own rows unchanged.
      singles.forEach((r, i) => {
        if (headers[i] === header) expect(many.stdout).toContain(r.stdout.slice(header.length + 2));
      });
    });
  }
  it('check of all, junit', async () =>
    expectGolden('many/check.junit.xml', transcript(await runCli(['check', ...all, '--format', 'junit']))));
});

describe('golden: diff of a realistic change', () => {
  const pair = ['test/fixtures/diff-base.yaml', 'test/fixtures/diff-head.yaml'];
  for (const [file, args] of DIFF)
    it(`diff ${args.join(' ') || '(table)'}`, async () =>
      expectGolden(`diff-pair/${file}`, transcript(await runCli(['diff', ...pair, ...args]))));
});

const PLAN: Array<[string, string[]]> = [
  ['plan.table.txt', ['--explain', '--chart', '--ascii']],
  ['plan.json', ['--format', 'json']],
  ['plan.csv', ['--format', 'csv']],
  ['plan.md', ['--format', 'markdown', '--explain']],
];

describe('golden: plan on the shipped scenario with a plan: block', () => {
  for (const [file, args] of PLAN) {
    it(`plan ${args.join(' ')}`, async () =>
      expectGolden(
        `growing-support/${file}`,
        transcript(await runCli(['plan', 'scenarios/growing-support.yaml', ...args])),
      ));
  }
});

describe('golden: JSON Schemas', () => {
  it('scenario', async () =>
    expectGolden('schema/scenario.schema.json', transcript(await runCli(['schema', 'scenario']))));
  it('report', async () => expectGolden('schema/report.schema.json', transcript(await runCli(['schema', 'report']))));
  it('plan', async () => expectGolden('schema/plan.schema.json', transcript(await runCli(['schema', 'plan']))));
});
