// Every report format by name: reports in, text out. Commands pick one with --format; nothing here
// writes or prints. Formats load lazily (a CSV export never pays for the table renderer).
import type { ScenarioRun } from '../pipeline/compare.js';
import type { PlanReport } from '../report/plan.js';
import { hasClassTargets } from '../report/model.js';
import type { UncertaintyResults } from '../uncertainty/forReport.js';
import type { CsvLayout, CsvWidePiece } from './csv.js';
import type { NamedReport } from './markdown.js';
import type { Style } from './style.js';

export interface FormatOptions {
  style?: Style;
  monthly?: boolean;
  explain?: boolean;
  /** table: each portfolio strategy's figures per request class. */
  byClass?: boolean;
  csvLayout?: CsvLayout;
  /** table: draw the terminal charts under it, this many columns wide (ascii: plain characters). */
  charts?: { width: number; ascii?: boolean | undefined } | undefined;
  /** html: age pricing rows against this day (left out without it, so the bytes never depend on the clock). */
  today?: Date | undefined;
  /** html: the Uncertainty section (fan chart and tornado). */
  uncertainty?: UncertaintyResults | undefined;
  /** html: the Plan section (the scenario's `plan:` block, as `llmcost plan` finds it). */
  plan?: PlanReport | undefined;
}

/** Formats of many scenarios at once (one summary, one header). */
export const REPORT_FORMATS = ['table', 'json', 'csv', 'focus', 'markdown'] as const;
export type ReportFormatName = (typeof REPORT_FORMATS)[number];
/** Formats of one scenario: the batch ones plus the self-contained HTML report. */
export const SINGLE_REPORT_FORMATS = [
  'table',
  'json',
  'csv',
  'markdown',
  'focus',
  'html',
] as const satisfies ReadonlyArray<ReportFormatName | 'html'>;
export type SingleReportFormatName = (typeof SINGLE_REPORT_FORMATS)[number];

/** One scenario: its full report in each format. */
export const REPORT_FORMATTERS: Record<
  SingleReportFormatName,
  (run: ScenarioRun, opts: FormatOptions) => Promise<string>
> = {
  table: async (e, opts) => {
    const text = (await import('./table.js')).formatTable(e.report, opts);
    if (!opts.charts) return text;
    const { formatCharts } = await import('./charts/terminal.js');
    return `${text}\n${formatCharts(e.report, { width: opts.charts.width, ascii: opts.charts.ascii, style: opts.style })}`;
  },
  json: async (e) => (await import('./json.js')).formatJson(e.report),
  csv: async (e, opts) => (await import('./csv.js')).formatCsv([e.report], opts.csvLayout, [e.file]),
  focus: async (e) => (await import('./focus.js')).formatFocus([e.report], [e.file]),
  markdown: async (e) => (await import('./markdown.js')).formatMarkdown([e], false),
  html: async (e, opts) => {
    // The break-even chart re-evaluates the engine's steady-month cost curves of the resolved input.
    const { runRateCurves } = await import('../engine/curves.js');
    const { breakEvenChartLimit } = await import('./html/charts.js');
    const { formatHtml } = await import('./html/page.js');
    const curves = runRateCurves(e.input, breakEvenChartLimit(e.report));
    const extra = {
      ...(opts.today ? { today: opts.today } : {}),
      ...(opts.uncertainty ? { uncertainty: opts.uncertainty } : {}),
      ...(opts.plan ? { plan: opts.plan } : {}),
    };
    return formatHtml(e.report, { curves, ...extra });
  },
};

/**
 * One scenario's part of a many-scenario output, in plain strings: made as soon as its report is
 * computed (the report can then be let go, so memory stays flat over thousands of files), and
 * serialisable, so it can be made on another thread.
 */
export interface BatchPiece {
  /** Summary-table rows (table, markdown). */
  rows?: string[][];
  /** The scenario's part of the body (json, csv, focus, markdown). */
  text?: string;
  /** csv (long) and focus: the text has the class/target columns (Tags) its report's items need. */
  tagged?: boolean;
  /** csv --csv-layout wide: rows with a cell for every strategy, and which strategies it has. */
  wide?: CsvWidePiece;
}

export interface BatchFormatter {
  piece(entry: NamedReport, opts: FormatOptions): BatchPiece;
  /** The whole output, in chunks to write one after the other (never joined for a large run). */
  assemble(pieces: readonly BatchPiece[], opts: FormatOptions): string[];
}

const texts = (pieces: readonly BatchPiece[]) => pieces.map((p) => p.text ?? '');

/**
 * Several scenarios (even if only one was valid): the table and Markdown lead with one summary table,
 * JSON wraps the reports in `{ schema_version, reports: [...] }`, CSV and FOCUS share one header.
 */
export const BATCH_FORMATTERS: Record<ReportFormatName, () => Promise<BatchFormatter>> = {
  table: async () => {
    const { summaryRows, summaryTable } = await import('./summary.js');
    return {
      piece: (e, o) => ({ rows: summaryRows(e, o.style) }),
      assemble: (ps, o) => [
        summaryTable(
          ps.flatMap((p) => p.rows ?? []),
          o.style,
        ),
      ],
    };
  },
  json: async () => {
    const { jsonManyPiece, jsonManyChunks } = await import('./json.js');
    return { piece: (e) => ({ text: jsonManyPiece(e.report) }), assemble: (ps) => jsonManyChunks(texts(ps)) };
  },
  csv: async () => {
    const { csvLongRows, csvWidePiece, assembleCsvWide, assembleCsvLong } = await import('./csv.js');
    return {
      piece: (e, o) => {
        if (o.csvLayout === 'wide') return { wide: csvWidePiece(e.report, e.file) };
        const tagged = hasClassTargets(e.report);
        return { text: csvLongRows(e.report, e.file, tagged), tagged };
      },
      assemble: (ps, o) => (o.csvLayout === 'wide' ? [assembleCsvWide(ps.map((p) => p.wide!))] : assembleCsvLong(ps)),
    };
  },
  focus: async () => {
    const { assembleFocus, focusRows } = await import('./focus.js');
    return {
      piece: (e) => {
        const tagged = hasClassTargets(e.report);
        return { text: focusRows(e.report, e.file, tagged), tagged };
      },
      assemble: (ps) => assembleFocus(ps),
    };
  },
  markdown: async () => {
    const { markdownSummaryRows, markdownSection, assembleMarkdownMany } = await import('./markdown.js');
    return {
      piece: (e) => ({ rows: markdownSummaryRows(e), text: markdownSection(e.report, 3, e.file) }),
      assemble: (ps) => [assembleMarkdownMany(ps.map((p) => ({ rows: p.rows ?? [], section: p.text ?? '' })))],
    };
  },
};
