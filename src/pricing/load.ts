// Loading pricing tables from disk: the shipped pricing/ folder plus any --pricing files, in order.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTextFile } from '../input/read.js';
import { InputError } from '../errors.js';
import { importLiteLlm, type LiteLlmImport } from './litellm.js';
import type { Snapshot } from './diff.js';
import { pricingSchemas } from './schema.js';
import { mergePricing, parsePricingText, type ParsedPricingFile, type PricingTables } from './tables.js';

/** LiteLLM's full database is ~1.5 MB: imports get a larger limit than scenarios (1 MiB). */
export const MAX_PRICING_IMPORT_BYTES = 32 * 1024 * 1024;
export const LITELLM_PREFIX = 'litellm:';

/** A --pricing argument: a YAML pricing file, or `litellm:PATH` for LiteLLM's JSON format. */
export function splitPricingSpec(spec: string): { format: 'yaml' | 'litellm'; path: string } {
  return spec.startsWith(LITELLM_PREFIX)
    ? { format: 'litellm', path: spec.slice(LITELLM_PREFIX.length) }
    : { format: 'yaml', path: spec };
}

/** The date a LiteLLM snapshot was taken, as the file knows it: its modification date (UTC). */
export function fileDate(path: string): string {
  return statSync(path).mtime.toISOString().slice(0, 10);
}

/** Read a LiteLLM JSON file and convert it (the rows and what was skipped). */
export function readLiteLlm(path: string, displayName: string, asOf?: string): LiteLlmImport {
  const text = readTextFile(path, MAX_PRICING_IMPORT_BYTES, displayName);
  try {
    return importLiteLlm(text, { file: displayName, asOf, fallbackAsOf: fileDate(path) });
  } catch (e) {
    throw new InputError({
      code: 'E_INVALID',
      file: displayName,
      message: `is not LiteLLM's JSON format (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`,
      expected:
        'model_prices_and_context_window.json: an object of models with input_cost_per_token / output_cost_per_token',
    });
  }
}

function parseOverride(spec: string, name: (p: string) => string, litellmAsOf?: string): ParsedPricingFile {
  const { format, path } = splitPricingSpec(spec);
  if (format === 'yaml') return parsePricingText(readTextFile(path, undefined, name(spec)), name(spec));
  const display = name(spec);
  return litellmPricingFile(readLiteLlm(path, display, litellmAsOf), display);
}

/**
 * Imported rows as a pricing file, validated by the same strict schema as YAML files. No YAML round
 * trip: LiteLLM's ~2,000 models would take seconds to write and re-parse, for line numbers that
 * would point into a file nobody sees.
 */
export function litellmPricingFile(imported: LiteLlmImport, file: string): ParsedPricingFile {
  const result = pricingSchemas().PricingFile.safeParse({ version: 1, api_models: imported.rows });
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const row = typeof issue.path[1] === 'number' ? imported.rows[issue.path[1]] : undefined;
    throw new InputError({
      code: 'E_INVALID',
      file,
      field: issue.path.join('.'),
      message: `converted row '${row?.id ?? '?'}' is invalid: ${issue.message}`,
      expected: 'rates LiteLLM lists as per-token costs',
    });
  }
  return { file, content: result.data };
}
import { readPricingSnapshot, snapshotPathFor } from './snapshot.js';

/** The pricing/ folder shipped with the package, whether running from src/ (tests) or dist/. */
export function shippedPricingDir(): string {
  for (const rel of ['../pricing/', '../../pricing/']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(join(dir, 'api-models.yaml'))) return dir;
  }
  throw new Error('the shipped pricing/ folder was not found next to the llmcost package');
}

export function pricingFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => join(dir, f));
}

export interface LoadPricingOptions {
  /** Folder of shipped tables; defaults to the package's pricing/. */
  dir?: string;
  /** User files that override or add rows by id, applied in order. */
  overrides?: readonly string[];
  /** How an override file is named in messages and sources (the path as the user typed it). */
  displayName?: (path: string) => string;
  /** as_of of rows read from `litellm:` files; defaults to the snapshot's last_updated, else the file's date. */
  litellmAsOf?: string;
  /** Use the build's pre-compiled snapshot of the shipped tables when it is fresh (default true). */
  snapshot?: boolean;
}

export function loadPricing(options: LoadPricingOptions = {}): PricingTables {
  const dir = options.dir ?? shippedPricingDir();
  const name = options.displayName ?? ((p: string) => p);
  const shipped = pricingFilesIn(dir);
  // Without overrides, the build's snapshot of the folder (dist/pricing.json beside it), when it still
  // matches the files byte for byte, gives the same tables without parsing any YAML.
  if (!options.overrides?.length && options.snapshot !== false) {
    const snap = readPricingSnapshot(snapshotPathFor(dir), shipped);
    if (snap) return snap;
  }
  // Shipped files are named as they sit in the package (`pricing/gpus.yaml`), never by an absolute
  // path: sources in reports must not depend on where llmcost is installed.
  const parsed = [
    ...shipped.map((path) =>
      parsePricingText(readTextFile(path, undefined, `pricing/${basename(path)}`), `pricing/${basename(path)}`),
    ),
    ...(options.overrides ?? []).map((spec) => parseOverride(spec, name, options.litellmAsOf)),
  ];
  return mergePricing(parsed, shipped.length);
}

/**
 * The other side of `pricing diff`: `litellm:FILE` (LiteLLM's JSON) or a pricing YAML file, read as
 * API rows. `display` names the file in messages and in the diff.
 */
export function readDiffSnapshot(spec: string, resolve: (p: string) => string, asOf?: string): Snapshot {
  const { format, path } = splitPricingSpec(spec);
  if (format === 'litellm') {
    const imported = readLiteLlm(resolve(path), path, asOf);
    const rows = litellmPricingFile(imported, path).content.api_models ?? [];
    return { kind: 'litellm', file: path, asOf: imported.asOf, rows, keys: imported.keys, skipped: imported.skipped };
  }
  const parsed = parsePricingText(readTextFile(resolve(path), undefined, path), path);
  return { kind: 'yaml', file: path, rows: parsed.content.api_models ?? [] };
}
