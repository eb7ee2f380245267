// Markdown for a pull-request comment or $GITHUB_STEP_SUMMARY: the summary table, break-even facts
// and the recommendation. Every piece of text that came from a file is escaped so that a name can
// never become a link, an image, HTML, a table cell break or a heading.
import { ownershipLines, owningStrategies } from './ownership.js';
import { breakEvenIds, type Report } from '../report/model.js';
import { BY_CLASS_ALIGN, BY_CLASS_HEADER, BY_CLASS_TITLE, byClassRows } from './byClass.js';
import { endMonthsCents, monthsCents } from '../report/cents.js';
import { afterHorizonLines } from './table.js';
import { amount, perThousand, type Bounded } from './amount.js';
import type { Decimal } from '../money.js';
import { safeMarkdownText } from './markdownSafe.js';
import { SUMMARY_ALIGN, SUMMARY_HEADER } from './summary.js';
import { monthsText, paybackCell, reasonsOf } from './reasons.js';
import { noteFor, volume } from './table.js';

/**
 * Inline Markdown text from a file (names, paths, reasons that quote them): reads the same and does
 * nothing — no link, autolink (URL, `www.` host, e-mail), image, HTML, emphasis, heading, list,
 * table break or @mention (safeMarkdownText, markdownSafe.ts, shared with the PR comment).
 */
export function md(text: string): string {
  return safeMarkdownText(text);
}

/** A cell holding our own figures (money, counts): only the table separator needs escaping. */
const cell = (s: string) => s.replace(/\|/g, '\\|');

export function mdTable(
  header: readonly string[],
  rows: readonly string[][],
  align: ReadonlyArray<'left' | 'right'>,
): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(align.map((a) => (a === 'right' ? '---:' : '---'))), ...rows.map(line)].join('\n');
}

const perK = perThousand;
/** A total that includes an unpriced item (--allow-missing-prices) is a lower bound. */
const usd = (s: Bounded, d: Decimal, cur: string) => amount(s, d, 2, cur);

function context(r: Report): string {
  return `${r.horizon_months} months, ${r.currency}, ${md(monthsText(r))}.`;
}

/**
 * One scenario: heading, summary table, break-even facts, recommendation. With `file` (several files
 * in one document) the heading names the file too, so two files with one scenario name stay apart.
 */
export function markdownSection(r: Report, level = 2, file?: string): string {
  const h = '#'.repeat(level);
  const out: string[] = [`${h} ${md(r.scenario)}${file ? ` (${md(file)})` : ''}`, '', context(r), ''];
  const best = r.recommendation?.strategy;
  out.push(
    mdTable(
      ['Strategy', 'Month 1', `Month ${r.horizon_months}`, `${r.horizon_months}-month TCO`, 'Per 1k calls'],
      r.strategies.map((s) => [
        s.id === best ? `**${md(s.id)}** (recommended)` : md(s.id),
        cell(usd(s, endMonthsCents(s).first, r.currency)),
        cell(usd(s, endMonthsCents(s).last, r.currency)),
        s.id === best
          ? `**${cell(usd(s, monthsCents(s).total, r.currency))}**`
          : cell(usd(s, monthsCents(s).total, r.currency)),
        cell(perK(s, r.currency)),
      ]),
      ['left', 'right', 'right', 'right', 'right'],
    ),
  );
  const after = afterHorizonLines(r);
  if (after.length) {
    out.push('');
    for (const line of after) out.push(`- ${md(line)}`);
  }
  if (r.missing.length) {
    out.push('');
    for (const m of r.missing) out.push(`- ${md(m.id)}: not computed — ${md(m.reason)}`);
  }
  const be = breakEvenIds(r);
  if (be.length) {
    out.push('', `${h}# Break-even against api`, '');
    out.push(
      mdTable(
        ['Strategy', 'Run-rate break-even', `TCO break-even (${r.horizon_months} mo)`, 'Payback'],
        be.map((k) => {
          const b = r.break_even[k]!;
          return [md(k), cell(volume(b.run_rate)), cell(volume(b.tco)), paybackCell(b)];
        }),
        ['left', 'right', 'right', 'right'],
      ),
    );
    const notes = be.map((k) => [k, noteFor(r.break_even[k]!, r.currency)] as const).filter(([, n]) => n);
    if (notes.length) {
      out.push('');
      for (const [k, n] of notes) out.push(`- ${md(k)}: ${md(n!)}`);
    }
  }
  // A portfolio's strategies, class by class (always: a Markdown report has no --by-class switch).
  const classes = byClassRows(r);
  if (classes.length) {
    out.push('', `${h}# ${md(BY_CLASS_TITLE)}`, '');
    out.push(
      mdTable(
        BY_CLASS_HEADER,
        classes.map((row) => row.map((c) => md(c))),
        [...BY_CLASS_ALIGN],
      ),
    );
  }
  for (const s of owningStrategies(r)) {
    out.push('', `${h}# Owning the hardware (${md(s.id)})`, '');
    for (const line of ownershipLines(s, r.horizon_months, r.currency)) out.push(`- ${md(line)}`);
  }
  if (r.recommendation) {
    out.push('', `${h}# Recommendation: ${md(r.recommendation.strategy)}`, '');
    for (const reason of reasonsOf(r)) out.push(`- ${md(reason)}`);
  }
  const prices = r.pricing_used.filter((p) => p.kind !== 'open_model');
  if (prices.length) {
    out.push(
      '',
      `Prices: ${prices.map((p) => `${md(p.id)} (as of ${md(p.as_of)})`).join('; ')}. This is a forecast, not a bill.`,
    );
  }
  return out.join('\n');
}

export interface NamedReport {
  /** The scenario file as the user typed it. */
  file: string;
  report: Report;
}

/** Several scenarios: one table with a row per scenario × strategy. */
export function markdownSummary(entries: readonly NamedReport[]): string {
  return markdownSummaryTable(entries.flatMap(markdownSummaryRows));
}

export function markdownSummaryRows({ file, report: r }: NamedReport): string[][] {
  return r.strategies.map((s) => {
    const best = r.recommendation?.strategy === s.id;
    return [
      md(file),
      md(r.scenario),
      best ? `**${md(s.id)}**` : md(s.id),
      cell(usd(s, endMonthsCents(s).first, r.currency)),
      cell(usd(s, endMonthsCents(s).last, r.currency)),
      `${r.horizon_months}`,
      best ? `**${cell(usd(s, monthsCents(s).total, r.currency))}**` : cell(usd(s, monthsCents(s).total, r.currency)),
      cell(perK(s, r.currency)),
    ];
  });
}

export function markdownSummaryTable(rows: readonly string[][]): string {
  return mdTable(SUMMARY_HEADER, rows, [...SUMMARY_ALIGN]);
}

export function formatMarkdown(entries: readonly NamedReport[], many = entries.length > 1): string {
  if (!many && entries.length === 1) return `${markdownSection(entries[0]!.report)}\n`;
  return assembleMarkdownMany(
    entries.map((e) => ({ rows: markdownSummaryRows(e), section: markdownSection(e.report, 3, e.file) })),
  );
}

/** Several scenarios: a title, the summary table, then each scenario's section. */
export function assembleMarkdownMany(pieces: ReadonlyArray<{ rows: string[][]; section: string }>): string {
  const out = [
    `## llmcost: ${pieces.length} scenarios`,
    '',
    'The recommended strategy of each scenario is in bold.',
    '',
    markdownSummaryTable(pieces.flatMap((p) => p.rows)),
  ];
  for (const p of pieces) out.push('', p.section);
  return `${out.join('\n')}\n`;
}
