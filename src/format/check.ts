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
}

export const CHECK_SCHEMA_VERSION = 1;

export function exceededCount(run: CheckRun): number {
  return run.checked.reduce((n, c) => n + c.results.filter((r) => r.exceeded).length, 0);
}

export function budgetCount(run: CheckRun): number {
  return run.checked.reduce((n, c) => n + c.results.length, 0);
}

/** One line that says how the run ended. */
export function verdict(run: CheckRun): string {
  const total = budgetCount(run);
  const over = exceededCount(run);
  const bad = run.failures.length ? `; ${run.failures.length} scenario file${run.failures.length === 1 ? '' : 's'} invalid` : '';
  const skipped = run.skipped.length ? `; ${run.skipped.length} without budgets` : '';
  return `${over ? `${over} of ${total} budget${total === 1 ? '' : 's'} exceeded` : `all ${total} budget${total === 1 ? '' : 's'} hold`}${bad}${skipped}`;
}

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
      out.push(`  ${r.exceeded ? st.red('FAIL') : st.green('ok  ')}  ${r.message}  ${st.dim(`[${budgetWhere(c.file, r)}]`)}`);
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
    results: run.checked.flatMap((c) =>
      c.results.map((r) => {
        const o = r.budget.origin;
        return {
          file: c.file,
          scenario: c.report.scenario,
          budget: r.budget.kind,
          target: r.budget.target,
          strategy: r.strategy,
          limit: toPlain(r.budget.limit),
          figure: money(r.figure),
          exceeded: r.exceeded,
          first_month: r.first_month,
          first_period: r.first_period,
          over: money(r.over),
          set_by: 'flag' in o ? o.flag : o.field,
          line: 'flag' in o ? null : (o.line ?? null),
          message: r.message,
        };
      }),
    ),
    errors: run.failures.map((f) => ({ file: f.file, line: f.error.details.line ?? null, code: f.error.code, message: f.error.message })),
    skipped: run.skipped.map((k) => ({ file: k.file, reason: k.reason })),
  };
}

export function formatCheckJson(run: CheckRun): string {
  return stringify(checkJson(run));
}

export function formatCheckMarkdown(run: CheckRun): string {
  const head = `## llmcost check: ${md(verdict(run))}`;
  const rows = run.checked.flatMap((c) =>
    c.results.map((r) => [r.exceeded ? '**exceeded**' : 'holds', md(c.file), md(r.strategy), md(r.budget.kind), md(r.message)]),
  );
  const out = [head, ''];
  if (rows.length) out.push(mdTable(['Result', 'File', 'Strategy', 'Budget', 'Detail'], rows, ['left', 'left', 'left', 'left', 'left']));
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

/** One row per budget, for a spreadsheet or a dashboard; money with 2 decimals (per 1k: exact). */
export function formatCheckCsv(run: CheckRun): string {
  let out = csvRow(['file', 'scenario', 'strategy', 'target', 'budget', 'limit', 'figure', 'exceeded', 'first_month', 'first_period', 'over', 'currency', 'message']);
  for (const c of run.checked) {
    for (const r of c.results) {
      const amount = (d: BudgetResult['figure']) => (d === null ? '' : csvNumber(r.budget.kind === 'max_cost_per_1k_calls' ? toPlain(d.toDecimalPlaces(6)) : toCents(d)));
      out += csvRow([
        csvText(c.file),
        csvText(c.report.scenario),
        csvText(r.strategy),
        csvText(r.budget.target),
        csvText(r.budget.kind),
        amount(r.budget.limit),
        amount(r.figure),
        r.exceeded ? 'true' : 'false',
        r.first_month === null ? '' : csvNumber(String(r.first_month)),
        r.first_period ? csvText(r.first_period) : '',
        amount(r.over),
        'USD',
        csvText(r.message),
      ]);
    }
  }
  return out;
}
