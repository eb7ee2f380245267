// Every report format by name: the same reports in, a string out. Commands pick one with --format;
// nothing here writes or prints.
import type { CsvLayout } from './csv.js';
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
 * Formats load lazily (a CSV export never pays for the table renderer). With one scenario each format prints
 * that scenario's report; with several, the table and Markdown lead with one summary table and JSON
 * wraps the reports in `{ schema_version, reports: [...] }`.
 */
export const REPORT_FORMATTERS = {
  table: async (entries, opts) => {
    if (!opts.many && entries.length === 1) {
      const { formatTable } = await import('./table.js');
      return formatTable(entries[0]!.report, opts);
    }
    const { formatSummaryTable } = await import('./summary.js');
    return formatSummaryTable(entries, opts.style);
  },
  json: async (entries, opts) => {
    const { formatJson, formatJsonMany } = await import('./json.js');
    return !opts.many && entries.length === 1 ? formatJson(entries[0]!.report) : formatJsonMany(entries.map((e) => e.report));
  },
  csv: async (entries, opts) => (await import('./csv.js')).formatCsv(entries.map((e) => e.report), opts.csvLayout),
  focus: async (entries) => (await import('./focus.js')).formatFocus(entries.map((e) => e.report), entries.map((e) => e.file)),
  markdown: async (entries, opts) => (await import('./markdown.js')).formatMarkdown(entries, opts.many),
} satisfies Record<string, ReportFormatter>;

export type ReportFormatName = keyof typeof REPORT_FORMATTERS;
export const REPORT_FORMATS = Object.keys(REPORT_FORMATTERS) as ReportFormatName[];
