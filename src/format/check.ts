// `llmcost check` results as text, JSON and Markdown. The same CheckRun feeds the GitHub and JUnit
// formats (github.ts, junit.ts).
import type { BudgetResult } from '../budget/budgets.js';
import type { InputError } from '../errors.js';
import { toCents, toPlain } from '../money.js';
import type { Report } from '../report/model.js';
import { csvNumber, csvRow, csvText } from './csv.js';
import { stringify, type JsonValue } from './json.js';
import { md, mdTable } from './markdown.js';
import { PLAIN, type Style } from './style.js';

export interface CheckedScenario {
  /** The scenario file as the user typed it. */
  file: string;
  report: Report;
  results: BudgetResult[];
}

export interface CheckFailure {
  file: string;
  error: InputError;
}

export interface CheckSkip {
  file: string;
  reason: string;
}

export interface CheckRun {
  checked: CheckedScenario[];
  failures: CheckFailure[];
  /** Scenarios of a several-file run that have no budgets (nothing to check, not an error). */
  skipped: CheckSkip[];
  /** Pricing rows used that are older than the staleness threshold (a warning, never a failure). */
  stale?: ReadonlyArray<{ kind: string; id: string; as_of: string; file: string; age_days: number }>;
}

export const CHECK_SCHEMA_VERSION = 1;

export function exceededCount(run: CheckRun): number {
  return run.checked.reduce((n, c) => n + c.results.filter((r) => r.exceeded).length, 0);
}

export function budgetCount(run: CheckRun): number {
  return run.checked.reduce((n, c) => n + c.results.length, 0);
}

/** "1 budget", "2 budgets". */
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** One line that says how the run ended: "1 budget holds", "all 3 budgets hold", "1 of 2 budgets exceeded". */
export function verdict(run: CheckRun): string {
  const total = budgetCount(run);
  const over = exceededCount(run);
  const bad = run.failures.length ? `; ${count(run.failures.length, 'scenario file')} invalid` : '';
  const skipped = run.skipped.length ? `; ${run.skipped.length} without budgets` : '';
  let head: string;
  if (over) head = `${over} of ${count(total, 'budget')} exceeded`;
  else if (total === 0) head = 'no budgets checked';
  else head = total === 1 ? '1 budget holds' : `all ${total} budgets hold`;
  return `${head}${bad}${skipped}`;
}

/** Each result's status, as the CSV and JSON rows say it. */
export type CheckStatus = 'holds' | 'exceeded' | 'invalid' | 'skipped';

/** Where the budget is written: `file:line` for a scenario field, the flag otherwise. */
export function budgetWhere(file: string, r: BudgetResult): string {
  const o = r.budget.origin;
  return 'flag' in o ? o.flag : `${file}${o.line ? `:${o.line}` : ''}`;
}

const oneLine = (s: string) => s.replace(/[\r\n\t]+/g, ' ');

export function formatCheckTable(run: CheckRun, st: Style = PLAIN): string {
  const out: string[] = [];
  for (const c of run.checked) {
    out.push(st.bold(`${oneLine(c.file)}`) + st.dim(` — ${oneLine(c.report.scenario)}`));
    for (const r of c.results) {
      out.push(
        `  ${r.exceeded ? st.red('FAIL') : st.green('ok  ')}  ${r.message}  ${st.dim(`[${budgetWhere(c.file, r)}]`)}`,
      );
    }
  }
  for (const f of run.failures) out.push(`${st.red('INVALID')} ${f.error.message}`);
  for (const k of run.skipped) out.push(st.dim(`skipped ${oneLine(k.file)}: ${k.reason}`));
  out.push(verdict(run));
  return `${out.join('\n')}\n`;
}

export function checkJson(run: CheckRun): JsonValue {
  const money = (d: BudgetResult['figure']) => (d ? toPlain(d) : null);
  return {
    schema_version: CHECK_SCHEMA_VERSION,
    ok: exceededCount(run) === 0 && run.failures.length === 0,
    budgets: budgetCount(run),
    exceeded: exceededCount(run),
    invalid: run.failures.length,
    results: run.checked
      .flatMap((c) =>
        c.results.map((r) => {
          const o = r.budget.origin;
          return {
            status: (r.exceeded ? 'exceeded' : 'holds') satisfies CheckStatus,
            file: c.file,
            scenario: c.report.scenario,
            budget: r.budget.kind,
            target: r.budget.target,
            strategy: r.strategy,
            limit: toPlain(r.budget.limit),
            limit_unit: r.budget.percent ? 'percent' : 'USD',
            figure: money(r.figure),
            baseline: r.baseline ? toPlain(r.baseline) : null,
            exceeded: r.exceeded,
            first_month: r.first_month,
            first_period: r.first_period,
            year: r.year ?? null,
            over: money(r.over),
            set_by: 'flag' in o ? o.flag : o.field,
            line: 'flag' in o ? null : (o.line ?? null),
            message: r.message,
          } as JsonValue;
        }),
      )
      .concat(
        // A consumer that reads only `results` still sees every file that was not checked.
        run.failures.map((f) => ({
          ...emptyResult(f.file, 'invalid', f.error.message),
          line: f.error.details.line ?? null,
          code: f.error.code,
        })),
        run.skipped.map((k) => emptyResult(k.file, 'skipped', k.reason)),
      ),
    errors: run.failures.map((f) => ({
      file: f.file,
      line: f.error.details.line ?? null,
      code: f.error.code,
      message: f.error.message,
    })),
    skipped: run.skipped.map((k) => ({ file: k.file, reason: k.reason })),
  };
}

function emptyResult(file: string, status: CheckStatus, message: string): { [k: string]: JsonValue } {
  return {
    status,
    file,
    scenario: null,
    budget: null,
    target: null,
    strategy: null,
    limit: null,
    limit_unit: null,
    figure: null,
    baseline: null,
    exceeded: false,
    first_month: null,
    first_period: null,
    year: null,
    over: null,
    set_by: null,
    line: null,
    message,
  };
}

export function formatCheckJson(run: CheckRun): string {
  return stringify(checkJson(run));
}

export function formatCheckMarkdown(run: CheckRun): string {
  const head = `## llmcost check: ${md(verdict(run))}`;
  const rows = run.checked.flatMap((c) =>
    c.results.map((r) => [
      r.exceeded ? '**exceeded**' : 'holds',
      md(c.file),
      md(r.strategy),
      md(r.budget.kind),
      md(r.message),
    ]),
  );
  const out = [head, ''];
  if (rows.length)
    out.push(
      mdTable(['Result', 'File', 'Strategy', 'Budget', 'Detail'], rows, ['left', 'left', 'left', 'left', 'left']),
    );
  if (run.failures.length) {
    out.push('', '### Invalid scenario files', '');
    for (const f of run.failures) out.push(`- ${md(f.error.message)}`);
  }
  if (run.skipped.length) {
    out.push('', '### Skipped', '');
    for (const k of run.skipped) out.push(`- ${md(k.file)}: ${md(k.reason)}`);
  }
  return `${out.join('\n')}\n`;
}

export const CHECK_CSV_COLUMNS = [
  'status',
  'file',
  'scenario',
  'strategy',
  'target',
  'budget',
  'limit',
  'limit_unit',
  'figure',
  'baseline',
  'exceeded',
  'first_month',
  'first_period',
  'year',
  'over',
  'currency',
  'message',
] as const;

/** One row per budget, for a spreadsheet or a dashboard; money with 2 decimals (per 1k: exact). */
export function formatCheckCsv(run: CheckRun): string {
  let out = csvRow([...CHECK_CSV_COLUMNS]);
  for (const c of run.checked) {
    for (const r of c.results) {
      const amount = (d: BudgetResult['figure']) =>
        d === null
          ? ''
          : csvNumber(r.budget.kind === 'max_cost_per_1k_calls' ? toPlain(d.toDecimalPlaces(6)) : toCents(d));
      out += csvRow([
        r.exceeded ? 'exceeded' : 'holds',
        csvText(c.file),
        csvText(c.report.scenario),
        csvText(r.strategy),
        csvText(r.budget.target),
        csvText(r.budget.kind),
        r.budget.percent ? csvNumber(toPlain(r.budget.limit)) : amount(r.budget.limit),
        r.budget.percent ? 'percent' : 'USD',
        amount(r.figure),
        r.baseline ? amount(r.baseline) : '',
        r.exceeded ? 'true' : 'false',
        r.first_month === null ? '' : csvNumber(String(r.first_month)),
        r.first_period ? csvText(r.first_period) : '',
        r.year ? csvText(r.year) : '',
        amount(r.over),
        csvText(c.report.currency),
        csvText(r.message),
      ]);
    }
  }
  // Invalid and skipped files are rows too: a CSV-only consumer never mistakes them for a pass.
  const blank = (status: CheckStatus, file: string, message: string) =>
    csvRow([status, csvText(file), '', '', '', '', '', '', '', '', 'false', '', '', '', '', '', csvText(message)]);
  for (const f of run.failures) out += blank('invalid', f.file, f.error.message);
  for (const k of run.skipped) out += blank('skipped', k.file, k.reason);
  return out;
}
