// `check --format junit`: JUnit XML for CI systems other than GitHub (GitLab, Jenkins, Azure DevOps).
// One test suite per scenario file, one test case per budget; an invalid file is a suite with one
// errored case. No timestamps or durations, so the same input gives the same bytes.
import type { BudgetResult } from '../budget/budgets.js';
import { formatUsd } from '../money.js';
import { budgetCount, exceededCount, type CheckRun } from './check.js';

/** XML 1.0 text and attribute values: markup escaped, characters XML cannot carry dropped. */
export function xml(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}

function caseName(r: BudgetResult, currency: string): string {
  const limit = r.budget.percent
    ? `+${r.budget.limit.toFixed()}%`
    : formatUsd(r.budget.limit, r.budget.kind === 'max_cost_per_1k_calls' ? 4 : 2, currency);
  return `${r.strategy}${r.budget.target === 'recommended' ? ' (recommended)' : ''} ${r.budget.kind} <= ${limit}`;
}

export function formatJunit(run: CheckRun): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const tests = budgetCount(run) + run.failures.length + run.skipped.length;
  out.push(
    `<testsuites name="llmcost check" tests="${tests}" failures="${exceededCount(run)}" errors="${run.failures.length}" skipped="${run.skipped.length}">`,
  );
  for (const c of run.checked) {
    const failures = c.results.filter((r) => r.exceeded).length;
    out.push(`  <testsuite name="${xml(c.file)}" tests="${c.results.length}" failures="${failures}" errors="0">`);
    for (const r of c.results) {
      const o = r.budget.origin;
      const line = 'flag' in o ? '' : o.line ? ` line="${o.line}"` : '';
      const open = `    <testcase classname="${xml(`llmcost.check.${c.report.scenario}`)}" name="${xml(caseName(r, c.report.currency))}" file="${xml(c.file)}"${line}`;
      if (!r.exceeded) {
        out.push(`${open}/>`);
        continue;
      }
      out.push(`${open}>`);
      out.push(`      <failure type="BudgetExceeded" message="${xml(r.message)}">${xml(r.message)}</failure>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  for (const f of run.failures) {
    out.push(`  <testsuite name="${xml(f.file)}" tests="1" failures="0" errors="1">`);
    out.push(
      `    <testcase classname="llmcost.check" name="scenario is valid" file="${xml(f.file)}"${f.error.details.line ? ` line="${f.error.details.line}"` : ''}>`,
    );
    out.push(
      `      <error type="${xml(f.error.code)}" message="${xml(f.error.message)}">${xml(f.error.message)}</error>`,
    );
    out.push('    </testcase>');
    out.push('  </testsuite>');
  }
  for (const k of run.skipped) {
    out.push(`  <testsuite name="${xml(k.file)}" tests="1" failures="0" errors="0" skipped="1">`);
    out.push(`    <testcase classname="llmcost.check" name="budgets" file="${xml(k.file)}">`);
    out.push(`      <skipped message="${xml(k.reason)}"/>`);
    out.push('    </testcase>');
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
