// `llmcost pricing diff`: what a pricing snapshot would change, as a table, JSON or Markdown (for a
// pull request). Each is a function diff → string; the same sections in the same order in all three.
import { Decimal, toPlain } from '../money.js';
import type { FieldChange, PricingDiff, RowDiff } from '../pricing/diff.js';
import { hasChanges } from '../pricing/diff.js';
import { grid } from './grid.js';
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

const changeRows = (list: readonly RowDiff[]) => list.flatMap((r) => r.changes.map((c) => [r.id, c.field, figure(c.old), figure(c.new), pctText(c)]));

export function diffTable(d: PricingDiff): string {
  const out: string[] = [summary(d)];
  const section = (title: string, header: string[], rows: string[][], right: number[] = [], count = rows.length) => {
    if (!rows.length) return;
    out.push('', `${title} (${count})`, grid(header, rows, header.map((_, i) => (right.includes(i) ? 'right' : 'left'))));
  };
  section('Changed rates', ['Id', 'Field', 'Old', 'New', 'Change'], changeRows(d.changed), [2, 3, 4], d.changed.length);
  section('Pinned rows: the snapshot differs, the row is kept', ['Id', 'Field', 'Kept', 'Snapshot', 'Change'], changeRows(d.pinned), [2, 3, 4], d.pinned.length);
  section('New models', ['Id', 'Snapshot key', 'Input /1M', 'Output /1M'], d.new_models.map((m) => [m.id, m.key, String(m.input_per_1m), String(m.output_per_1m)]), [2, 3]);
  section('Removed models', ['Id', 'Snapshot key'], d.removed_models.map((m) => [m.id, m.key]));
  section('Unmappable rows', ['Id', 'Why'], d.unmappable.map((m) => [m.id, m.reason]));
  return out.join('\n') + '\n';
}

const n = (v: number | null): JsonValue => (v === null ? null : new RawNumber(String(v)));
const rowJson = (r: RowDiff): JsonValue => ({
  id: r.id,
  key: r.key,
  changes: r.changes.map((c) => ({ field: c.field, old: n(c.old), new: n(c.new), change_pct: c.change_pct === null ? null : toPlain(c.change_pct.toDecimalPlaces(6, Decimal.ROUND_HALF_EVEN)) })),
});

export function diffJson(d: PricingDiff): string {
  return stringify({
    base: d.base,
    snapshot: d.snapshot,
    snapshot_kind: d.snapshot_kind,
    snapshot_as_of: d.snapshot_as_of,
    has_changes: hasChanges(d),
    counts: { new: d.new_models.length, removed: d.removed_models.length, changed: d.changed.length, pinned: d.pinned.length, unmappable: d.unmappable.length, unchanged: d.unchanged },
    changed: d.changed.map(rowJson),
    pinned: d.pinned.map(rowJson),
    new_models: d.new_models.map((m) => ({ id: m.id, key: m.key, input_per_1m: n(m.input_per_1m), output_per_1m: n(m.output_per_1m) })),
    removed_models: d.removed_models.map((m) => ({ id: m.id, key: m.key })),
    unmappable: d.unmappable.map((m) => ({ id: m.id, reason: m.reason })),
  });
}

/** A Markdown table cell: pipes escaped, line breaks flattened, code for ids. */
const cell = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

function mdTable(header: string[], rows: string[][], right: number[] = []): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (right.includes(i) ? '---:' : '---')).join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

export function diffMarkdown(d: PricingDiff): string {
  const out: string[] = ['## Pricing diff', '', summary(d).replace(d.base, code(d.base)).replace(d.snapshot, code(d.snapshot))];
  const mdChanges = (list: readonly RowDiff[]) => list.flatMap((r) => r.changes.map((c) => [code(r.id), code(c.field), figure(c.old), figure(c.new), pctText(c)]));
  const section = (title: string, lines: string[], count: number, fold = false) => {
    if (!count) return;
    out.push('', `### ${title} (${count})`, '');
    // Long lists (a new snapshot's catalogue) fold, so the review comment stays readable.
    if (fold) out.push('<details><summary>show</summary>', '', ...lines, '', '</details>');
    else out.push(...lines);
  };
  section('Changed rates', mdTable(['Id', 'Field', 'Old', 'New', 'Change'], mdChanges(d.changed), [2, 3, 4]), d.changed.length);
  section('Pinned rows (kept; the snapshot differs)', mdTable(['Id', 'Field', 'Kept', 'Snapshot', 'Change'], mdChanges(d.pinned), [2, 3, 4]), d.pinned.length);
  section('New models', mdTable(['Id', 'Snapshot key', 'Input /1M', 'Output /1M'], d.new_models.map((m) => [code(m.id), code(m.key), String(m.input_per_1m), String(m.output_per_1m)]), [2, 3]), d.new_models.length, d.new_models.length > 20);
  section('Removed models', mdTable(['Id', 'Snapshot key'], d.removed_models.map((m) => [code(m.id), code(m.key)])), d.removed_models.length);
  section('Unmappable rows', mdTable(['Id', 'Why'], d.unmappable.map((m) => [code(m.id), m.reason])), d.unmappable.length);
  return out.join('\n') + '\n';
}
