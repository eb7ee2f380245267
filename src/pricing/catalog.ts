// Every row of the loaded pricing tables as a flat catalogue: what `llmcost pricing list` and
// `pricing show` print. Pure; ages are computed against a date the caller passes in.
import { COMMITMENTS } from './schema.js';
import { ageInDays } from './staleness.js';
import { profileKey, type PricingTables } from './tables.js';

export const CATALOG_KINDS = ['api', 'gpu', 'profile', 'model'] as const;
export type CatalogKind = (typeof CATALOG_KINDS)[number];

export interface CatalogRow {
  kind: CatalogKind;
  id: string;
  provider: string | null;
  /** The row's headline prices or figures, as published (numbers exactly as in the file). */
  figures: Record<string, number>;
  as_of: string;
  age_days: number;
  file: string;
  line: number | null;
  source: string;
  /** Every field of the row, for `pricing show`. */
  fields: Record<string, unknown>;
}

const pick = (row: Record<string, unknown>, keys: readonly string[]) =>
  Object.fromEntries(keys.filter((k) => typeof row[k] === 'number').map((k) => [k, row[k] as number]));
const withoutOrigin = ({ origin: _origin, ...rest }: { origin: unknown } & Record<string, unknown>) => rest;

export function catalog(t: PricingTables, today: string): CatalogRow[] {
  const out: CatalogRow[] = [];
  for (const m of t.apiModels.values()) {
    const fields = withoutOrigin(m);
    out.push({
      kind: 'api',
      id: m.id,
      provider: m.provider,
      figures: pick(fields, ['input_per_1m', 'output_per_1m', 'cached_input_per_1m', 'cache_write_per_1m']),
      as_of: m.as_of,
      age_days: ageInDays(m.as_of, today),
      file: m.origin.file,
      line: m.origin.line ?? null,
      source: m.source,
      fields,
    });
  }
  for (const g of t.gpus.values()) {
    for (const [j, p] of g.prices.entries()) {
      const fields = { gpu: g.id, ...p };
      out.push({
        kind: 'gpu',
        id: `${g.id}/${p.provider}`,
        provider: p.provider,
        figures: pick(fields, COMMITMENTS),
        as_of: p.as_of,
        age_days: ageInDays(p.as_of, today),
        file: g.origin.file,
        // The price row's own line, not the GPU row's (every provider of a GPU cited one line before).
        line: g.origin.priceLines?.[j] ?? g.origin.line ?? null,
        source: p.source,
        fields,
      });
    }
  }
  for (const p of t.profiles) {
    const fields = withoutOrigin(p);
    out.push({
      kind: 'profile',
      id: profileKey(p),
      provider: null,
      figures: pick(fields, ['prefill_tokens_per_s', 'decode_tokens_per_s', 'concurrency']),
      as_of: p.as_of,
      age_days: ageInDays(p.as_of, today),
      file: p.origin.file,
      line: p.origin.line ?? null,
      source: p.source,
      fields,
    });
  }
  for (const m of t.openModels.values()) {
    const fields = withoutOrigin(m);
    out.push({
      kind: 'model',
      id: m.id,
      provider: null,
      figures: pick(fields, ['params_b', 'max_context']),
      as_of: m.as_of,
      age_days: ageInDays(m.as_of, today),
      file: m.origin.file,
      line: m.origin.line ?? null,
      source: m.source,
      fields,
    });
  }
  return out;
}

/** Rows whose id is `id`, or (for a GPU) whose GPU is `id`. */
export function catalogMatches(rows: readonly CatalogRow[], id: string): CatalogRow[] {
  return rows.filter((r) => r.id === id || (r.kind === 'gpu' && r.fields.gpu === id));
}
