// Every report format by name: the same reports in, a string out. Commands pick one with --format;
// nothing here writes or prints.
import type { CsvLayout, CsvWidePiece } from './csv.js';
import type { NamedReport } from './markdown.js';
import type { Style } from './style.js';

export interface FormatOptions {
  style?: Style;
  monthly?: boolean;
  explain?: boolean;
  csvLayout?: CsvLayout;
  /** Several scenarios were asked for (even if only one was valid): print the summary forms. */
  many?: boolean;
}

export type ReportFormatter = (entries: readonly NamedReport[], opts: FormatOptions) => Promise<string>;

/**
 * Formats load lazily (a CSV export never pays for the table renderer). With one scenario each format
 * prints that scenario's report; with several, the table and Markdown lead with one summary table and
 * JSON wraps the reports in `{ schema_version, reports: [...] }` — built piece by piece (below).
 */
export const REPORT_FORMATS = ['table', 'json', 'csv', 'focus', 'markdown'] as const;
export type ReportFormatName = (typeof REPORT_FORMATS)[number];

export const REPORT_FORMATTERS: Record<ReportFormatName, ReportFormatter> = {
  table: async (entries, opts) => {
    if (!opts.many && entries.length === 1) {
      const { formatTable } = await import('./table.js');
      return formatTable(entries[0]!.report, opts);
    }
    return formatMany('table', entries, opts);
  },
  json: async (entries, opts) => {
    if (!opts.many && entries.length === 1) return (await import('./json.js')).formatJson(entries[0]!.report);
    return formatMany('json', entries, opts);
  },
  csv: async (entries, opts) => formatMany('csv', entries, opts),
  focus: async (entries, opts) => formatMany('focus', entries, opts),
  markdown: async (entries, opts) => {
    if (!opts.many && entries.length === 1) return (await import('./markdown.js')).formatMarkdown(entries, false);
    return formatMany('markdown', entries, opts);
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
  /** csv --csv-layout wide: rows with a cell for every strategy, and which strategies it has. */
  wide?: CsvWidePiece;
}

export interface BatchFormatter {
  piece(entry: NamedReport, opts: FormatOptions): BatchPiece;
  /** The whole output, in chunks to write one after the other (never joined for a large run). */
  assemble(pieces: readonly BatchPiece[], opts: FormatOptions): string[];
}

const texts = (pieces: readonly BatchPiece[]) => pieces.map((p) => p.text ?? '');

export const BATCH_FORMATTERS: Record<ReportFormatName, () => Promise<BatchFormatter>> = {
  table: async () => {
    const { summaryRows, summaryTable } = await import('./summary.js');
    return { piece: (e, o) => ({ rows: summaryRows(e, o.style) }), assemble: (ps, o) => [summaryTable(ps.flatMap((p) => p.rows ?? []), o.style)] };
  },
  json: async () => {
    const { jsonManyPiece, jsonManyChunks } = await import('./json.js');
    return { piece: (e) => ({ text: jsonManyPiece(e.report) }), assemble: (ps) => jsonManyChunks(texts(ps)) };
  },
  csv: async () => {
    const { csvLongRows, csvWidePiece, assembleCsvWide, LONG_COLUMNS, csvRow } = await import('./csv.js');
    return {
      piece: (e, o) => (o.csvLayout === 'wide' ? { wide: csvWidePiece(e.report) } : { text: csvLongRows(e.report) }),
      assemble: (ps, o) => (o.csvLayout === 'wide' ? [assembleCsvWide(ps.map((p) => p.wide!))] : [csvRow([...LONG_COLUMNS]), ...texts(ps)]),
    };
  },
  focus: async () => {
    const { focusHeader, focusRows } = await import('./focus.js');
    return { piece: (e) => ({ text: focusRows(e.report, e.file) }), assemble: (ps) => [focusHeader(), ...texts(ps)] };
  },
  markdown: async () => {
    const { markdownSummaryRows, markdownSection, assembleMarkdownMany } = await import('./markdown.js');
    return {
      piece: (e) => ({ rows: markdownSummaryRows(e), text: markdownSection(e.report, 3) }),
      assemble: (ps) => [assembleMarkdownMany(ps.map((p) => ({ rows: p.rows ?? [], section: p.text ?? '' })))],
    };
  },
};

async function formatMany(name: ReportFormatName, entries: readonly NamedReport[], opts: FormatOptions): Promise<string> {
  const f = await BATCH_FORMATTERS[name]();
  return f.assemble(entries.map((e) => f.piece(e, opts)), opts).join('');
}
