// LiteLLM's pricing database (model_prices_and_context_window.json) read as our pricing rows.
// Pure: JSON text in, rows plus a list of what was skipped and why out. The rows are written as our
// YAML format (`toPricingYaml`) and validated by the same schema as any hand-written pricing file.
//
// Id mapping: a key that already carries a provider prefix keeps it (`gemini/gemini-2.5-pro`); a
// bare key takes its `litellm_provider` (`gpt-4o` → `openai/gpt-4o`).
import { stringify as yamlStringify } from 'yaml';
import { Decimal } from '../money.js';
import type { ApiModelRow, LongContextTier } from './schema.js';

/** Modes whose prices are per text token, the only ones llmcost bills. */
const TEXT_MODES = new Set(['chat', 'completion', 'responses']);
const ID_PATTERN = /^[a-z0-9][a-z0-9._\-/:]*$/i;

/** LiteLLM field → our field, for the base (standard) level of a row. */
const BASE_FIELDS: ReadonlyArray<[string, keyof ApiModelRow]> = [
  ['cache_read_input_token_cost', 'cached_input_per_1m'],
  ['cache_creation_input_token_cost', 'cache_write_per_1m'],
  ['cache_creation_input_token_cost_above_1hr', 'cache_write_1h_per_1m'],
  ['input_cost_per_token_batches', 'batch_input_per_1m'],
  ['output_cost_per_token_batches', 'batch_output_per_1m'],
  ['input_cost_per_token_priority', 'priority_input_per_1m'],
  ['output_cost_per_token_priority', 'priority_output_per_1m'],
  ['cache_read_input_token_cost_priority', 'priority_cached_input_per_1m'],
  ['input_cost_per_token_flex', 'flex_input_per_1m'],
  ['output_cost_per_token_flex', 'flex_output_per_1m'],
  ['cache_read_input_token_cost_flex', 'flex_cached_input_per_1m'],
];

/** `<stem>_above_<N>k_tokens[_priority|_flex]` families: long-context tiers. */
const TIER_STEMS: Record<string, 'input' | 'output' | 'cached_input' | 'cache_write' | 'cache_write_1h'> = {
  input_cost_per_token: 'input',
  output_cost_per_token: 'output',
  cache_read_input_token_cost: 'cached_input',
  cache_creation_input_token_cost: 'cache_write',
  cache_creation_input_token_cost_above_1hr: 'cache_write_1h',
};
const TIER_FIELD = /^(.+)_above_(\d+)k_tokens(?:_(priority|flex))?$/;

export interface SkippedEntry {
  key: string;
  reason: string;
}

export interface LiteLlmImport {
  rows: ApiModelRow[];
  /** The LiteLLM key each row was read from, index for index with `rows`. */
  keys: string[];
  skipped: SkippedEntry[];
  /** Every row's as_of: the date given, else the snapshot's `last_updated`, else the fallback. */
  asOf: string;
}

export interface LiteLlmOptions {
  /** How the file is named in each row's source. */
  file: string;
  /** The date the snapshot was taken, when the user knows it (`--as-of`). */
  asOf?: string | undefined;
  /** The date to use when neither `asOf` nor a `last_updated` entry gives one (the file's date). */
  fallbackAsOf: string;
}

/** Per-token cost → per-1M rate, exactly (2.5e-06 → 2.5), then as the number YAML will carry. */
function per1M(v: number): number {
  return new Decimal(String(v)).times(1_000_000).toNumber();
}

const isTokenCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 1e9;
const isRate = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1;

export function importLiteLlm(text: string, options: LiteLlmOptions): LiteLlmImport {
  const data: unknown = JSON.parse(text);
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new SyntaxError('the top level is not a JSON object of models');
  const rows: ApiModelRow[] = [];
  const keys: string[] = [];
  const skipped: SkippedEntry[] = [];
  const fromKey = new Map<string, string>();
  // Mirrors of the database add a top-level `last_updated` timestamp: the snapshot's own date.
  const stamp = (data as Record<string, unknown>).last_updated;
  const snapshotDate = typeof stamp === 'string' && /^\d{4}-\d{2}-\d{2}/.test(stamp) ? stamp.slice(0, 10) : undefined;
  const asOf = options.asOf ?? snapshotDate ?? options.fallbackAsOf;
  for (const [key, entry] of Object.entries(data as Record<string, unknown>)) {
    const skip = (reason: string) => skipped.push({ key, reason });
    if (key === 'sample_spec') {
      skip('documents the format; not a model');
      continue;
    }
    if (key === 'last_updated') {
      skip(`the snapshot's date (${String(stamp)})${options.asOf ? '' : ", used as every row's as_of"}`);
      continue;
    }
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      skip('not a model entry (not a JSON object)');
      continue;
    }
    const e = entry as Record<string, unknown>;
    const mode = typeof e.mode === 'string' ? e.mode : undefined;
    if (mode !== undefined && !TEXT_MODES.has(mode)) {
      skip(`mode '${mode}' is not billed per text token (llmcost prices chat and completion models)`);
      continue;
    }
    if (!isRate(e.input_cost_per_token) || !isRate(e.output_cost_per_token)) {
      skip('no per-token input and output price');
      continue;
    }
    const provider = typeof e.litellm_provider === 'string' ? e.litellm_provider : undefined;
    const id = key.includes('/') ? key : provider ? `${provider}/${key}` : undefined;
    if (!id || !provider) {
      skip('no litellm_provider to name it by');
      continue;
    }
    if (!ID_PATTERN.test(id) || id.length > 120 || !ID_PATTERN.test(provider)) {
      skip(`'${id}' is not a valid llmcost id (letters, digits and . _ - / : only, at most 120 characters)`);
      continue;
    }
    const first = fromKey.get(id);
    if (first !== undefined) {
      skip(`maps to '${id}', already taken by key '${first}'`);
      continue;
    }
    const ignored: string[] = [];
    const row: Record<string, unknown> = {
      id,
      // The id's prefix names the provider (what `discounts` and `--provider` match), as for any row.
      provider: id.split('/')[0]!,
      input_per_1m: per1M(e.input_cost_per_token),
      output_per_1m: per1M(e.output_cost_per_token),
    };
    for (const [from, to] of BASE_FIELDS) if (isRate(e[from])) row[to] = per1M(e[from]);
    // A cache-write cost of 0 means no separate write charge (DeepSeek, OpenAI via gateways): the
    // written tokens bill as fresh input, never for free.
    const freeWrites = e.cache_creation_input_token_cost === 0;
    if (freeWrites) row.cache_write_per_1m = row.input_per_1m;
    const tiers = new Map<number, Record<string, number>>();
    for (const [field, value] of Object.entries(e)) {
      const m = TIER_FIELD.exec(field);
      if (!m) {
        if (
          /cost/.test(field) &&
          field !== 'input_cost_per_token' &&
          field !== 'output_cost_per_token' &&
          !BASE_FIELDS.some(([f]) => f === field)
        )
          ignored.push(field);
        continue;
      }
      const kind = TIER_STEMS[m[1]!];
      if (!kind || !isRate(value)) {
        ignored.push(field);
        continue;
      }
      const threshold = Number(m[2]) * 1000;
      const tier = tiers.get(threshold) ?? {};
      tier[m[3] ? `${m[3]}_${kind}_per_1m` : `${kind}_per_1m`] = per1M(value);
      tiers.set(threshold, tier);
    }
    const filled: string[] = [];
    if (tiers.size) {
      row.tiers = [...tiers.entries()]
        .sort(([a], [b]) => a - b)
        .map(([above, rates]): LongContextTier => {
          // A tier that names only some rates leaves the others unchanged (LiteLLM falls back the same way).
          for (const k of ['input', 'output'] as const) {
            if (rates[`${k}_per_1m`] === undefined) {
              rates[`${k}_per_1m`] = row[`${k}_per_1m`] as number;
              filled.push(`${k} above ${above}`);
            }
          }
          return { above_input_tokens: above, ...(rates as { input_per_1m: number; output_per_1m: number }) };
        });
    }
    if (
      typeof e.max_input_tokens === 'number' &&
      Number.isInteger(e.max_input_tokens) &&
      e.max_input_tokens >= 1 &&
      e.max_input_tokens <= 1e9
    )
      row.context_window = e.max_input_tokens;
    if (isTokenCount(e.max_output_tokens)) row.max_output = e.max_output_tokens;
    row.as_of = asOf;
    row.source = `LiteLLM model_prices_and_context_window.json (${options.file}), key \`${key}\``;
    row.derivation = 'rates per 1M = LiteLLM cost per token × 1,000,000';
    const notes: string[] = [];
    if (freeWrites) notes.push('cache_creation_input_token_cost is 0 (no separate write charge): writes bill as input');
    if (filled.length) notes.push(`tier rates not listed by LiteLLM, kept at the base rate: ${filled.join(', ')}`);
    if (ignored.length) notes.push(`not imported: ${ignored.sort().join(', ')}`);
    if (provider !== row.provider) notes.push(`litellm_provider: ${provider}`);
    if (notes.length) row.notes = notes.join('. ').slice(0, 2000);
    fromKey.set(id, key);
    rows.push(row as ApiModelRow);
    keys.push(key);
  }
  return { rows, keys, skipped, asOf };
}

/** Rows as a pricing file in our YAML format, with a header saying where they came from. */
export function toPricingYaml(imported: LiteLlmImport, file: string): string {
  const header = [
    `# Imported by \`llmcost pricing import\` from ${file} (LiteLLM format), as of ${imported.asOf}.`,
    `# ${imported.rows.length} API models imported, ${imported.skipped.length} entries skipped (run the import again to list them).`,
  ];
  return `${header.join('\n')}\n${yamlStringify({ version: 1, api_models: imported.rows }, { lineWidth: 0 })}`;
}

/** One line per reason, with a count and a few example keys: what an import report prints. */
export function summariseSkipped(skipped: readonly SkippedEntry[], examples = 3): string[] {
  const byReason = new Map<string, string[]>();
  for (const s of skipped) {
    const general = s.reason
      .replace(/'[^']*' is not a valid llmcost id/, 'not a valid llmcost id')
      .replace(/maps to '[^']*', already taken by key '[^']*'/, 'maps to an id already taken by an earlier key');
    byReason.set(general, [...(byReason.get(general) ?? []), s.key]);
  }
  return [...byReason.entries()]
    .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
    .map(([reason, keys]) => `${keys.length} skipped: ${reason} (e.g. ${keys.slice(0, examples).join(', ')})`);
}
