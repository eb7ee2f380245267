// What a pricing snapshot would change in a set of API rows: new models, removed models, changed
// rates (old → new, % change), rows that cannot be matched, and pinned rows (manual corrections with
// their own source: reported, never overwritten). Pure: rows in, a diff out; `pricing diff` prints
// it (src/format/pricingDiff.ts) and `pricing import --update` applies it (src/pricing/refresh.ts).
import { Decimal } from '../money.js';
import type { SkippedEntry } from './litellm.js';
import type { ApiModelRow, LongContextTier } from './schema.js';

/** Per-row figures a refresh compares and may update: every rate, the batch discount and the limits. */
export const DIFF_FIELDS = [
  'input_per_1m',
  'output_per_1m',
  'cached_input_per_1m',
  'cache_write_per_1m',
  'cache_write_1h_per_1m',
  'batch_input_per_1m',
  'batch_output_per_1m',
  'batch_cached_input_per_1m',
  'flex_input_per_1m',
  'flex_output_per_1m',
  'flex_cached_input_per_1m',
  'priority_input_per_1m',
  'priority_output_per_1m',
  'priority_cached_input_per_1m',
  'batch_discount',
  'context_window',
  'max_output',
] as const;
const TIER_FIELDS = DIFF_FIELDS.filter((f) => !['batch_discount', 'context_window', 'max_output'].includes(f));

/** The snapshot side: a LiteLLM import (rows with their keys) or the rows of a pricing YAML. */
export type Snapshot =
  | {
      kind: 'litellm';
      file: string;
      asOf: string;
      rows: readonly ApiModelRow[];
      keys: readonly string[];
      skipped: readonly SkippedEntry[];
    }
  | { kind: 'yaml'; file: string; rows: readonly ApiModelRow[] };

export interface FieldChange {
  /** `input_per_1m`, or `tiers[>200000].input_per_1m` for a long-context tier. */
  field: string;
  old: number | null;
  new: number | null;
  /** (new − old) / old × 100, exact; null when either side is absent or old is 0. */
  change_pct: Decimal | null;
}

export interface RowDiff {
  id: string;
  /** The snapshot's key for the row (LiteLLM) or its id (YAML). */
  key: string;
  changes: FieldChange[];
}

export interface PricingDiff {
  base: string;
  snapshot: string;
  snapshot_kind: Snapshot['kind'];
  snapshot_as_of: string | null;
  new_models: Array<{ id: string; key: string; input_per_1m: number; output_per_1m: number }>;
  removed_models: Array<{ id: string; key: string }>;
  changed: RowDiff[];
  pinned: RowDiff[];
  unmappable: Array<{ id: string; reason: string }>;
  unchanged: number;
}

/** True when applying the snapshot would change something (what `--exit-code` turns into exit 1). */
export function hasChanges(d: PricingDiff): boolean {
  return d.new_models.length + d.removed_models.length + d.changed.length > 0;
}

const pct = (oldV: number | null, newV: number | null): Decimal | null => {
  if (oldV === null || newV === null || oldV === 0) return null;
  return new Decimal(String(newV)).minus(String(oldV)).div(String(oldV)).times(100);
};

const value = (row: object, field: string): number | null => {
  const v = (row as Record<string, unknown>)[field];
  return typeof v === 'number' ? v : null;
};

/**
 * Field-by-field changes from `base` to `snap`. `silentKeeps`: a field the snapshot does not carry
 * is kept, not reported as removed (LiteLLM is silent on rates this project reads elsewhere, such as
 * a provider's published batch rule); a pricing YAML is compared field for field.
 */
export function rowChanges(base: ApiModelRow, snap: ApiModelRow, silentKeeps: boolean): FieldChange[] {
  const out: FieldChange[] = [];
  const compare = (b: object, s: object, fields: readonly string[], prefix: string) => {
    for (const f of fields) {
      const o = value(b, f);
      const n = value(s, f);
      if (o === n || (n === null && silentKeeps)) continue;
      if (o !== null && n !== null && new Decimal(String(o)).eq(String(n))) continue;
      out.push({ field: prefix + f, old: o, new: n, change_pct: pct(o, n) });
    }
  };
  compare(base, snap, DIFF_FIELDS, '');
  const tiers = new Map<number, { b?: LongContextTier; s?: LongContextTier }>();
  for (const t of base.tiers ?? []) tiers.set(t.above_input_tokens, { b: t });
  for (const t of snap.tiers ?? []) tiers.set(t.above_input_tokens, { ...tiers.get(t.above_input_tokens), s: t });
  for (const [above, { b, s }] of [...tiers.entries()].sort(([x], [y]) => x - y)) {
    if (!s && silentKeeps) continue;
    compare(b ?? {}, s ?? {}, TIER_FIELDS, `tiers[>${above}].`);
  }
  return out;
}

/** The provider part of an id (`gemini/gemini-2.5-pro` → `gemini`). */
const byProvider = (id: string) => id.split('/')[0]!;

export function diffPricing(base: readonly ApiModelRow[], baseLabel: string, snapshot: Snapshot): PricingDiff {
  const d: PricingDiff = {
    base: baseLabel,
    snapshot: snapshot.file,
    snapshot_kind: snapshot.kind,
    snapshot_as_of: snapshot.kind === 'litellm' ? snapshot.asOf : null,
    new_models: [],
    removed_models: [],
    changed: [],
    pinned: [],
    unmappable: [],
    unchanged: 0,
  };
  const snapByKey = new Map<string, ApiModelRow>();
  const keyOfId = new Map<string, string>();
  snapshot.rows.forEach((r, i) => {
    const key = snapshot.kind === 'litellm' ? snapshot.keys[i]! : r.id;
    snapByKey.set(key, r);
    keyOfId.set(r.id, key);
  });
  const skippedWhy = new Map(snapshot.kind === 'litellm' ? snapshot.skipped.map((s) => [s.key, s.reason]) : []);
  const matched = new Set<string>();
  const providers = new Set<string>();
  for (const row of base) {
    const key = snapshot.kind === 'litellm' ? (row.litellm_key ?? keyOfId.get(row.id)) : row.id;
    if (key === undefined) {
      d.unmappable.push({ id: row.id, reason: `no litellm_key, and the snapshot has no model with id '${row.id}'` });
      continue;
    }
    const snap = snapByKey.get(key);
    if (!snap) {
      const why = skippedWhy.get(key);
      if (why) d.unmappable.push({ id: row.id, reason: `snapshot key '${key}' is not importable: ${why}` });
      else d.removed_models.push({ id: row.id, key });
      continue;
    }
    matched.add(key);
    providers.add(byProvider(snap.id));
    const changes = rowChanges(row, snap, snapshot.kind === 'litellm');
    if (!changes.length) d.unchanged++;
    else (row.pinned ? d.pinned : d.changed).push({ id: row.id, key, changes });
  }
  // New: what the snapshot has that no row maps to. From LiteLLM's thousands of models, only those of
  // providers the rows already cover (the rest is another catalogue, not a refresh of this one).
  snapshot.rows.forEach((r, i) => {
    const key = snapshot.kind === 'litellm' ? snapshot.keys[i]! : r.id;
    if (matched.has(key) || (snapshot.kind === 'litellm' && !providers.has(byProvider(r.id)))) return;
    d.new_models.push({ id: r.id, key, input_per_1m: r.input_per_1m, output_per_1m: r.output_per_1m });
  });
  const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const lists: Array<Array<{ id: string }>> = [d.new_models, d.removed_models, d.changed, d.pinned, d.unmappable];
  for (const list of lists) list.sort(byId);
  return d;
}
