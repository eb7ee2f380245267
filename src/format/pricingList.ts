// `llmcost pricing list` and `pricing show`: the catalogue as a table, JSON or CSV.
import type { CatalogRow } from '../pricing/catalog.js';
import type { PricingFileUsed } from '../report/model.js';
import { grid } from './grid.js';
import { RawNumber, stringify, type JsonValue } from './json.js';
import { asOfRange } from './table.js';
import { csvText } from './csvCells.js';

const figures = (r: CatalogRow) =>
  Object.entries(r.figures)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');

export function listTable(rows: readonly CatalogRow[], files: readonly PricingFileUsed[]): string {
  const body = grid(
    ['Kind', 'Id', 'Provider', 'Figures', 'As of', 'Age (days)', 'File'],
    rows.map((r) => [r.kind, r.id, r.provider ?? '', figures(r), r.as_of, String(r.age_days), r.file]),
    ['left', 'left', 'left', 'left', 'left', 'right', 'left'],
  );
  const lines = [
    body,
    '',
    `${rows.length} row${rows.length === 1 ? '' : 's'}. Rates are USD per 1M tokens (api) and per GPU-hour (gpu).`,
  ];
  for (const f of files) lines.push(`Pricing file: ${f.file} (${f.rows} rows, ${asOfRange(f.as_of_min, f.as_of_max)})`);
  return `${lines.join('\n')}\n`;
}

function rowJson(r: CatalogRow): JsonValue {
  return {
    kind: r.kind,
    id: r.id,
    provider: r.provider,
    figures: Object.fromEntries(Object.entries(r.figures).map(([k, v]) => [k, new RawNumber(String(v))])),
    as_of: r.as_of,
    age_days: r.age_days,
    file: r.file,
    source: r.source,
  };
}

export function listJson(rows: readonly CatalogRow[], files: readonly PricingFileUsed[]): string {
  return stringify({
    rows: rows.map(rowJson),
    pricing_files: files.map((f) => ({ file: f.file, rows: f.rows, as_of_min: f.as_of_min, as_of_max: f.as_of_max })),
  });
}

export function listCsv(rows: readonly CatalogRow[]): string {
  const header = ['kind', 'id', 'provider', 'figures', 'as_of', 'age_days', 'file', 'source'];
  const lines = rows.map((r) =>
    [r.kind, r.id, r.provider ?? '', figures(r), r.as_of, String(r.age_days), r.file, r.source].map(csvText).join(','),
  );
  return `${[header.join(','), ...lines].join('\r\n')}\r\n`;
}

function plain(v: unknown): JsonValue {
  if (typeof v === 'number') return new RawNumber(String(v));
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v === undefined ? null : (v as JsonValue);
}

export function showJson(rows: readonly CatalogRow[]): string {
  return stringify(
    rows.map((r) => ({
      kind: r.kind,
      id: r.id,
      age_days: r.age_days,
      file: r.file,
      line: r.line,
      fields: plain(r.fields),
    })),
  );
}

export function showText(rows: readonly CatalogRow[]): string {
  const out: string[] = [];
  for (const r of rows) {
    if (out.length) out.push('');
    out.push(`${r.kind} ${r.id}  (${r.file}${r.line ? `:${r.line}` : ''}; as of ${r.as_of}, ${r.age_days} days old)`);
    for (const [k, v] of Object.entries(r.fields)) out.push(`  ${k}: ${format(v)}`);
  }
  return `${out.join('\n')}\n`;
}

function format(v: unknown): string {
  const fields = (x: object) =>
    Object.entries(x)
      .map(([k, y]) => `${k}: ${String(y)}`)
      .join(', ');
  const inline = (x: unknown): string => (x !== null && typeof x === 'object' ? `{ ${fields(x)} }` : String(x));
  return Array.isArray(v) ? v.map(inline).join('; ') : inline(v);
}
