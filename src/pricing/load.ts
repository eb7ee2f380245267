// Loading pricing tables from disk: the shipped pricing/ folder plus any --pricing files, in order.
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTextFile } from '../input/read.js';
import { readPricingSnapshot, snapshotPathFor } from './snapshot.js';
import { mergePricing, parsePricingText, type PricingTables } from './tables.js';

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
    ...shipped.map((path) => parsePricingText(readTextFile(path), `pricing/${basename(path)}`)),
    ...(options.overrides ?? []).map((path) => parsePricingText(readTextFile(path), name(path))),
  ];
  return mergePricing(parsed, shipped.length);
}
