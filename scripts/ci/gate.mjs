#!/usr/bin/env node
// The exit code of the llmcost action: which findings fail the job (`fail-on`).
//
//   node gate.mjs --fail-on "budget, increase" [--max-increase 10%|5000] --summary FILE [--diff-dir DIR]
//   node gate.mjs --fail-on ... [--max-increase ...] --validate-only     (checks the inputs: exit 0 or 2)
//
// budget:   a budget of a changed scenario is exceeded on the head side (`budgets_exceeded` in the JSON
//           verdict that `llmcost ci-comment --summary-out` writes; the same evaluation as `check`).
// increase: a strategy's TCO rises by more than --max-increase between base and head, read from the
//           `llmcost diff --format json` files in DIR: (head − base) × 100 > limit × base for a
//           percentage, head − base > limit for an amount, on the TCOs as printed (in cents, half
//           away from zero), compared exactly; a rise equal to the limit holds.
//           Until `check --baseline BASE --max-increase` (issue 16) is on main, this is where the
//           increase gate lives; it applies the rule of src/report/increase.ts.
// An empty fail-on never fails on findings. A scenario that does not validate, or a verdict that is
// missing, always fails (exit 2), as `llmcost check` would. Exit 0 pass · 1 a listed finding · 2 input.
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export const FAIL_ON = ['budget', 'increase'];

/** A plain decimal string as an exact scaled integer: "12.5" → { n: 125n, scale: 1 }. */
function exact(s) {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(String(s));
  if (!m) throw new Error(`not a decimal: '${s}'`);
  const frac = m[3] ?? '';
  return { n: BigInt(`${m[1]}${m[2]}${frac}`), scale: frac.length };
}

/** A decimal string in cents, half away from zero (as every report prints money): an integer. */
function cents(s) {
  const { n, scale } = exact(s);
  if (scale <= 2) return n * 10n ** BigInt(2 - scale);
  const unit = 10n ** BigInt(scale - 2);
  const q = n / unit; // toward zero
  const r = n % unit;
  return (r < 0n ? -r : r) * 2n >= unit ? q + (n < 0n ? -1n : 1n) : q;
}

function decimalText(n, scale) {
  const digits = (n < 0n ? -n : n).toString().padStart(scale + 1, '0');
  return `${n < 0n ? '-' : ''}${scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits}`;
}

export function parseLimit(text) {
  const m = /^\s*(\d{1,15}(?:\.\d{1,6})?)\s*(%?)\s*$/.exec(text ?? '');
  return m ? { kind: m[2] ? 'percent' : 'amount', value: m[1], text: `${m[1]}${m[2]}` } : null;
}

export function parseFailOn(text) {
  const items = (text ?? '').split(/[\s,]+/).filter(Boolean);
  const unknown = items.filter((i) => !FAIL_ON.includes(i));
  return { items: [...new Set(items.filter((i) => FAIL_ON.includes(i)))], unknown };
}

/** Every strategy of one `diff --format json` whose TCO rises above the limit. */
export function increasesOver(diff, limit) {
  const out = [];
  const l = exact(limit.value);
  for (const s of diff.strategies ?? []) {
    const { base, head } = s.tco ?? {};
    if (base == null || head == null) continue;
    // The TCOs as printed, in cents (as `check --baseline` compares them).
    const b = cents(base);
    const h = cents(head);
    const delta = h - b;
    if (delta <= 0n) continue;
    // percent: delta × 100 > limit × base; amount: delta > limit (all in integer cents × 10^scale).
    const over =
      limit.kind === 'amount'
        ? delta * 10n ** BigInt(l.scale) > l.n * 100n
        : b === 0n || delta * 100n * 10n ** BigInt(l.scale) > l.n * b;
    const c = (n) => decimalText(n, 2);
    if (over) out.push({ file: diff.head?.file ?? '?', strategy: s.id, base: c(b), head: c(h), delta: c(delta) });
  }
  return out;
}

export function gate({ failOn, maxIncrease, summary, diffs }) {
  const lines = [];
  const { items, unknown } = parseFailOn(failOn);
  if (unknown.length)
    return {
      code: 2,
      lines: [
        `::error title=llmcost fail-on::unknown fail-on item(s) ${unknown.join(', ')}; ` +
          `expected a list of ${FAIL_ON.join(', ')} (or empty)`,
      ],
    };
  const limit = maxIncrease ? parseLimit(maxIncrease) : null;
  if (maxIncrease && !limit)
    return {
      code: 2,
      lines: [
        `::error title=llmcost max-increase::got '${maxIncrease}'; ` +
          'expected a percentage such as 10% or an amount in USD such as 5000',
      ],
    };
  if (items.includes('increase') && !limit)
    return { code: 2, lines: ['::error title=llmcost fail-on::fail-on lists increase but max-increase is empty'] };
  if (summary === undefined) return { code: 0, lines: [] };
  if (!summary) return { code: 2, lines: ['::error title=llmcost::no verdict from llmcost ci-comment (see its step)'] };
  const over = limit ? diffs.flatMap((d) => increasesOver(d, limit)) : [];
  for (const o of over)
    lines.push(`increase: ${o.file}: ${o.strategy} TCO ${o.base} → ${o.head} (+${o.delta}) is above ${limit.text}`);
  const exceeded = summary.budgets_exceeded ?? 0;
  lines.push(
    `llmcost gate: ${exceeded} budget(s) exceeded, ` +
      `${over.length} TCO rise(s) above ${limit ? limit.text : 'no limit'}, ` +
      `${summary.invalid ?? 0} invalid scenario file(s); fail-on: ${items.join(', ') || '(empty: never)'}`,
  );
  if (summary.invalid)
    return {
      code: 2,
      lines: [...lines, `::error title=llmcost::${summary.invalid} scenario file(s) do not validate`],
      exceeded,
      over: over.length,
    };
  const failing = [];
  if (items.includes('budget') && exceeded) failing.push(`${exceeded} budget(s) exceeded`);
  if (items.includes('increase') && over.length) failing.push(`${over.length} TCO rise(s) above ${limit.text}`);
  if (failing.length) lines.push(`::error title=llmcost::${failing.join('; ')}`);
  return { code: failing.length ? 1 : 0, lines, exceeded, over: over.length };
}

function main() {
  const { values } = parseArgs({
    options: {
      'fail-on': { type: 'string', default: '' },
      'max-increase': { type: 'string', default: '' },
      summary: { type: 'string' },
      'diff-dir': { type: 'string' },
      'validate-only': { type: 'boolean', default: false },
    },
  });
  const read = (f) => JSON.parse(readFileSync(f, 'utf8'));
  // --validate-only: the inputs alone (summary undefined), before the action does any work.
  const summary = values['validate-only']
    ? undefined
    : values.summary && existsSync(values.summary)
      ? read(values.summary)
      : null;
  const dir = values['diff-dir'];
  const diffs =
    dir && existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith('.json'))
          .sort()
          .map((f) => read(join(dir, f)))
      : [];
  const r = gate({ failOn: values['fail-on'], maxIncrease: values['max-increase'], summary, diffs });
  for (const l of r.lines) process.stdout.write(`${l}\n`);
  if (process.env.GITHUB_OUTPUT && r.exceeded !== undefined)
    appendFileSync(process.env.GITHUB_OUTPUT, `budgets-exceeded=${r.exceeded}\nincreases-over=${r.over}\n`);
  return r.code;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main();
