// `llmcost pricing diff`: what a pricing snapshot would change, as a table, JSON or Markdown (for a
// pull request). Each is a function diff → string; the same sections in the same order in all three.
import { Decimal, toPlain } from '../money.js';
import type { FieldChange, PricingDiff, RowDiff } from '../pricing/diff.js';
import { hasChanges } from '../pricing/diff.js';
import { grid, type Align } from './grid.js';
import { RawNumber, stringify, type JsonValue } from './json.js';

/** "+12.5%", "−50%", "new", "removed": the change of one figure, rounded to 0.1% for reading. */
export function pctText(c: FieldChange): string {
  if (c.old === null) return 'new field';
  if (c.new === null) return 'removed field';
  if (c.change_pct === null) return 'from 0';
  const p = c.change_pct.toDecimalPlaces(1, Decimal.ROUND_HALF_EVEN);
  return `${p.gt(0) ? '+' : ''}${toPlain(p)}%`;
}

const figure = (v: number | null) => (v === null ? '-' : String(v));

function summary(d: PricingDiff): string {
  const parts = [
    `${d.new_models.length} new`,
    `${d.removed_models.length} removed`,
    `${d.changed.length} changed`,
    `${d.pinned.length} pinned (not overwritten)`,
    `${d.unmappable.length} unmappable`,
    `${d.unchanged} unchanged`,
  ];
  const asOf = d.snapshot_as_of ? ` (as of ${d.snapshot_as_of})` : '';
  return `${d.base} → ${d.snapshot}${asOf}: ${parts.join(', ')}.`;
}

/** One section of the diff: the same title, columns and rows in the table and in Markdown. */
interface Section {
  title: string;
  header: string[];
  /** Columns aligned right (figures). */
  right: number[];
  /** Rows' cells; `id` wraps ids and keys (code spans in Markdown, plain in the table). */
  rows: (d: PricingDiff, id: (s: string) => string) => string[][];
  count: (d: PricingDiff) => number;
}

const changeRows = (list: readonly RowDiff[], id: (s: string) => string) =>
  list.flatMap((r) => r.changes.map((c) => [id(r.id), id(c.field), figure(c.old), figure(c.new), pctText(c)]));

const SECTIONS: readonly Section[] = [
  {
    title: 'Changed rates',
    header: ['Id', 'Field', 'Old', 'New', 'Change'],
    right: [2, 3, 4],
    rows: (d, id) => changeRows(d.changed, id),
    count: (d) => d.changed.length,
  },
  {
    title: 'Pinned rows (kept; the snapshot differs)',
    header: ['Id', 'Field', 'Kept', 'Snapshot', 'Change'],
    right: [2, 3, 4],
    rows: (d, id) => changeRows(d.pinned, id),
    count: (d) => d.pinned.length,
  },
  {
    title: 'New models',
    header: ['Id', 'Snapshot key', 'Input /1M', 'Output /1M'],
    right: [2, 3],
    rows: (d, id) => d.new_models.map((m) => [id(m.id), id(m.key), String(m.input_per_1m), String(m.output_per_1m)]),
    count: (d) => d.new_models.length,
  },
  {
    title: 'Removed models',
    header: ['Id', 'Snapshot key'],
    right: [],
    rows: (d, id) => d.removed_models.map((m) => [id(m.id), id(m.key)]),
    count: (d) => d.removed_models.length,
  },
  {
    title: 'Unmappable rows',
    header: ['Id', 'Why'],
    right: [],
    rows: (d, id) => d.unmappable.map((m) => [id(m.id), m.reason]),
    count: (d) => d.unmappable.length,
  },
];

const plainId = (s: string) => s;

export function diffTable(d: PricingDiff): string {
  const out: string[] = [summary(d)];
  for (const sec of SECTIONS) {
    const rows = sec.rows(d, plainId);
    if (!rows.length) continue;
    const align: Align[] = sec.header.map((_, i) => (sec.right.includes(i) ? 'right' : 'left'));
    out.push('', `${sec.title} (${sec.count(d)})`, grid(sec.header, rows, align));
  }
  return `${out.join('\n')}\n`;
}

const n = (v: number | null): JsonValue => (v === null ? null : new RawNumber(String(v)));
const pctJson = (c: FieldChange): JsonValue =>
  c.change_pct === null ? null : toPlain(c.change_pct.toDecimalPlaces(6, Decimal.ROUND_HALF_EVEN));
const rowJson = (r: RowDiff): JsonValue => ({
  id: r.id,
  key: r.key,
  changes: r.changes.map((c) => ({ field: c.field, old: n(c.old), new: n(c.new), change_pct: pctJson(c) })),
});

export function diffJson(d: PricingDiff): string {
  return stringify({
    base: d.base,
    snapshot: d.snapshot,
    snapshot_kind: d.snapshot_kind,
    snapshot_as_of: d.snapshot_as_of,
    has_changes: hasChanges(d),
    counts: {
      new: d.new_models.length,
      removed: d.removed_models.length,
      changed: d.changed.length,
      pinned: d.pinned.length,
      unmappable: d.unmappable.length,
      unchanged: d.unchanged,
    },
    changed: d.changed.map(rowJson),
    pinned: d.pinned.map(rowJson),
    new_models: d.new_models.map((m) => ({
      id: m.id,
      key: m.key,
      input_per_1m: n(m.input_per_1m),
      output_per_1m: n(m.output_per_1m),
    })),
    removed_models: d.removed_models.map((m) => ({ id: m.id, key: m.key })),
    unmappable: d.unmappable.map((m) => ({ id: m.id, reason: m.reason })),
  });
}

/** A Markdown table cell: pipes escaped, line breaks flattened, code for ids. */
const cell = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

function mdTable(header: string[], rows: string[][], right: readonly number[]): string[] {
  const rule = `|${header.map((_, i) => (right.includes(i) ? '---:' : '---')).join('|')}|`;
  return [`| ${header.join(' | ')} |`, rule, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

/** Lists longer than this fold into <details>, so a review comment stays readable. */
const FOLD_AFTER_ROWS = 20;

export function diffMarkdown(d: PricingDiff): string {
  const head = summary(d).replace(d.base, code(d.base)).replace(d.snapshot, code(d.snapshot));
  const out: string[] = ['## Pricing diff', '', head];
  for (const sec of SECTIONS) {
    const rows = sec.rows(d, code);
    if (!rows.length) continue;
    const table = mdTable(sec.header, rows, sec.right);
    out.push('', `### ${sec.title} (${sec.count(d)})`, '');
    if (rows.length > FOLD_AFTER_ROWS) out.push('<details><summary>show</summary>', '', ...table, '', '</details>');
    else out.push(...table);
  }
  return `${out.join('\n')}\n`;
}
