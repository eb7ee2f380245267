// Every command × every format it offers × the options every scenario command shares: the same exit
// code and the same figures, whichever format is asked for. In process (run(argv, io)), so the whole
// matrix costs seconds. A command or format that took its own path to a report would disagree here.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-helpers.js';

const SCENARIO = 'test/fixtures/budgeted.yaml';
const UNPRICED = 'test/fixtures/unpriced.yaml';
const OWNED = 'test/fixtures/owned.yaml';
const PORTFOLIO = 'test/fixtures/portfolio.yaml';
/** The day the matrix runs on: every shipped row is younger than a year, several older than a day. */
const TODAY = new Date('2026-11-25T00:00:00Z');

const cli = (argv: string[]) => runCli(argv, { now: TODAY });

type Kind = 'report' | 'budget' | 'diff' | 'capacity' | 'analysis';

/** Each command, how to call it on a scenario, its formats, and whether its output carries the TCO. */
const COMMANDS: Array<{
  name: string;
  kind: Kind;
  argv: (file: string) => string[];
  formats: string[];
  showsTco: string[];
}> = [
  {
    name: 'compare',
    kind: 'report',
    argv: (f) => ['compare', f],
    formats: ['table', 'json', 'csv', 'markdown', 'focus', 'html'],
    showsTco: ['table', 'json', 'csv', 'markdown', 'focus', 'html'],
  },
  { name: 'report', kind: 'report', argv: (f) => ['report', f], formats: ['html'], showsTco: ['html'] },
  {
    name: 'check',
    kind: 'budget',
    argv: (f) => ['check', f, '--strategy', 'self_hosted', '--max-tco', '1'],
    formats: ['table', 'json', 'csv', 'markdown', 'github', 'junit'],
    showsTco: ['table', 'json', 'csv', 'markdown', 'github', 'junit'],
  },
  {
    name: 'diff',
    kind: 'diff',
    argv: (f) => ['diff', f, f],
    formats: ['table', 'json', 'csv', 'markdown'],
    showsTco: ['table', 'json', 'markdown'],
  },
  {
    name: 'plan',
    kind: 'report',
    argv: (f) => ['plan', f],
    formats: ['table', 'json', 'csv', 'markdown'],
    showsTco: ['table', 'markdown'],
  },
  { name: 'capacity', kind: 'capacity', argv: (f) => ['capacity', f], formats: ['table', 'json', 'csv'], showsTco: [] },
  {
    name: 'simulate',
    kind: 'analysis',
    argv: (f) => ['simulate', f, '--trials', '50'],
    formats: ['table', 'json', 'csv'],
    showsTco: [],
  },
  {
    name: 'sensitivity',
    kind: 'analysis',
    argv: (f) => ['sensitivity', f],
    formats: ['table', 'json', 'csv'],
    showsTco: [],
  },
  {
    name: 'sweep',
    kind: 'analysis',
    argv: (f) => ['sweep', f, '--vary', 'workload.input_tokens=600..2400', '--steps', '3'],
    formats: ['table', 'json', 'csv'],
    showsTco: [],
  },
];

/** The option cases, and the exit code each kind of command must give under them. */
const CASES: Array<{
  name: string;
  file: string;
  args: string[];
  exit: Record<Kind, number>;
  except?: Record<string, number>;
}> = [
  { name: 'no options', file: SCENARIO, args: [], exit: { report: 0, budget: 1, diff: 0, capacity: 0, analysis: 0 } },
  {
    name: '--max-pricing-age 1',
    file: SCENARIO,
    args: ['--max-pricing-age', '1'],
    exit: { report: 2, budget: 2, diff: 2, capacity: 2, analysis: 2 },
  },
  {
    name: '--pricing litellm:FILE',
    file: SCENARIO,
    args: ['--pricing', 'litellm:test/fixtures/litellm-excerpt.json'],
    exit: { report: 0, budget: 1, diff: 0, capacity: 0, analysis: 0 },
  },
  {
    name: '--start-month',
    file: SCENARIO,
    args: ['--start-month', '2027-06'],
    exit: { report: 0, budget: 1, diff: 0, capacity: 0, analysis: 0 },
  },
  {
    name: '--currency EUR',
    file: SCENARIO,
    args: ['--currency', 'EUR', '--per-usd', '0.92', '--per-usd-as-of', '2026-11-30'],
    exit: { report: 0, budget: 1, diff: 0, capacity: 0, analysis: 0 },
  },
  // Owned GPUs: new cost categories (and a negative resale item) in every format, in both views; the
  // fixture's start month brings calendar months, which the analyses model too.
  {
    name: 'owned GPUs (cash)',
    file: OWNED,
    args: [],
    exit: { report: 0, budget: 1, diff: 0, capacity: 0, analysis: 0 },
  },
  {
    name: '--accounting depreciation',
    file: OWNED,
    args: ['--accounting', 'depreciation'],
    exit: { report: 0, budget: 1, diff: 0, capacity: 0, analysis: 0 },
  },
  // A portfolio (issue 17): classes, a named deployment, user strategies in every command and format.
  {
    name: 'a portfolio (workloads, strategies, per_call_costs)',
    file: PORTFOLIO,
    args: [],
    exit: { report: 0, budget: 1, diff: 0, capacity: 0, analysis: 0 },
    // The matrix sweeps workload.input_tokens, which a portfolio's classes hold (workloads[i]…).
    except: { 'sweep table': 2, 'sweep json': 2, 'sweep csv': 2 },
  },
  {
    name: 'a portfolio --by-class',
    file: PORTFOLIO,
    args: ['--by-class'],
    exit: { report: 0, budget: 2, diff: 2, capacity: 2, analysis: 2 },
    except: {
      'compare table': 0,
      'compare json': 0,
      'compare csv': 0,
      'compare markdown': 0,
      'compare focus': 0,
      'compare html': 0,
      'report html': 2,
      'plan table': 2,
      'plan json': 2,
      'plan csv': 2,
      'plan markdown': 2,
    },
  },
  {
    name: 'an unpriced model',
    file: UNPRICED,
    args: [],
    exit: { report: 2, budget: 2, diff: 2, capacity: 2, analysis: 2 },
  },
  // A lower bound has no distribution to sample, and FOCUS cost columns may not be null (the spec), so
  // those refuse it; every other command and format shows it as a lower bound.
  {
    name: '--allow-missing-prices',
    file: UNPRICED,
    args: ['--allow-missing-prices'],
    exit: { report: 0, budget: 1, diff: 0, capacity: 0, analysis: 2 },
    except: { 'compare focus': 2 },
  },
];

/** The self-hosted TCO in cents as JSON gives it for a case, then looked for in every format. */
async function tcoOf(file: string, args: string[]): Promise<string> {
  const r = await cli(['compare', file, '--format', 'json', ...args]);
  const report = JSON.parse(r.stdout) as { strategies: Array<{ id: string; tco: string }> };
  return Number(report.strategies.find((s) => s.id === 'self_hosted')!.tco).toFixed(2);
}

/**
 * Text as a reader sees it: Markdown's backslash escapes and the invisible joiners that keep names
 * from becoming links removed (a renderer drops them), then numbers without thousands separators.
 */
const normalise = (text: string): string =>
  text
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/\u2060/g, '')
    .replace(/(\d),(?=\d{3})/g, '$1');
/** The figure is printed in cents, or as an exact decimal (JSON) that rounds half up to those cents. */
const shows = (text: string, cents: string): boolean => {
  const t = normalise(text);
  if (t.includes(cents)) return true;
  const target = Math.round(Number(cents) * 100);
  return [...t.matchAll(/\d+\.\d+|\d+/g)].some((m) => Math.abs(Math.round(Number(m[0]) * 100) - target) === 0);
};

/** CSV/FOCUS rows: the self-hosted line items sum to the TCO. */
function csvSum(text: string, strategyColumn: string, costColumn: string): string {
  const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
  const cents = rows
    .filter((r) => r[strategyColumn] === 'self_hosted')
    .reduce((sum, r) => sum + Math.round(Number(r[costColumn]) * 100), 0);
  return (cents / 100).toFixed(2);
}

describe('the same flags mean the same thing in every command and format', () => {
  for (const c of CASES) {
    describe(c.name, () => {
      let tco: Promise<string> | undefined;
      for (const cmd of COMMANDS) {
        for (const format of cmd.formats) {
          it(`${cmd.name} --format ${format}`, async () => {
            const r = await cli([...cmd.argv(c.file), '--format', format, ...c.args]);
            const expected = c.except?.[`${cmd.name} ${format}`] ?? c.exit[cmd.kind];
            expect(r.code).toBe(expected);
            if (r.code === 2) {
              // Errors are one line each (here one per named file), no stack trace; nothing else is
              // printed, except by check, whose report lists an invalid file as a row.
              const errors = r.stderr
                .trim()
                .split('\n')
                .filter((l) => !l.includes('warning:'));
              expect(errors.length).toBeGreaterThanOrEqual(1);
              expect(r.stderr).not.toMatch(/\n\s+at /);
              if (cmd.kind !== 'budget') expect(r.stdout).toBe('');
              return;
            }
            if (
              c.args[0] === '--start-month' &&
              ['json', 'html', 'markdown', 'table'].includes(format) &&
              cmd.kind === 'report'
            )
              expect(normalise(r.stdout)).toContain('2027-06');
            if (!cmd.showsTco.includes(format)) return;
            tco ??= tcoOf(c.file, c.args);
            const cents = await tco;
            if (cmd.name === 'compare' && format === 'csv') expect(csvSum(r.stdout, 'strategy', 'cost')).toBe(cents);
            else if (cmd.name === 'compare' && format === 'focus')
              expect(csvSum(r.stdout, 'x_Strategy', 'BilledCost')).toBe(cents);
            else expect(shows(r.stdout, cents), `${cents} in the output`).toBe(true);
          });
        }
      }
    });
  }
});
