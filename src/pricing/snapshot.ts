// A pre-compiled pricing snapshot: the shipped tables, parsed and validated once at build time
// (scripts/build.mjs) and saved as JSON beside the bundle (dist/pricing.json). Loading it skips the
// YAML parse and schema validation of every shipped pricing file at every run.
//
// Trust, but verify: the snapshot names each shipped file with a SHA-256 of its bytes. If a file was
// edited, added or removed since the build, the snapshot is stale and the caller parses the YAML
// (the tables then come out exactly as before, including any error in an edited file).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ApiModel, Gpu, OpenModel, PricingFileSummary, PricingTables, ThroughputProfile } from './tables.js';

/** Bump when the snapshot's shape or the meaning of a row changes: an old snapshot is then ignored. */
export const PRICING_SNAPSHOT_FORMAT = 1;

export interface PricingSnapshot {
  format: number;
  /** The shipped files it was built from, in load order, with a SHA-256 of their bytes. */
  sources: Array<{ file: string; sha256: string }>;
  apiModels: ApiModel[];
  gpus: Gpu[];
  profiles: ThroughputProfile[];
  openModels: OpenModel[];
  files: PricingFileSummary[];
}

/** Where the build puts the snapshot of a package's pricing/ folder. */
export function snapshotPathFor(pricingDir: string): string {
  return join(pricingDir, '..', 'dist', 'pricing.json');
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The snapshot of tables loaded from `files` (the shipped pricing files, in load order). */
export function makePricingSnapshot(tables: PricingTables, files: readonly string[]): PricingSnapshot {
  return {
    format: PRICING_SNAPSHOT_FORMAT,
    sources: files.map((f) => ({ file: basename(f), sha256: sha256(readFileSync(f)) })),
    apiModels: [...tables.apiModels.values()],
    gpus: [...tables.gpus.values()],
    profiles: [...tables.profiles],
    openModels: [...tables.openModels.values()],
    files: [...tables.files],
  };
}

/**
 * The tables from the snapshot at `snapshotPath` when it matches `files` byte for byte; null when it
 * is missing, unreadable, of another format or stale. Never throws: the YAML path is the fallback.
 */
export function readPricingSnapshot(snapshotPath: string, files: readonly string[]): PricingTables | null {
  let snap: PricingSnapshot;
  try {
    if (!existsSync(snapshotPath)) return null;
    snap = JSON.parse(readFileSync(snapshotPath, 'utf8')) as PricingSnapshot;
  } catch {
    return null;
  }
  if (snap.format !== PRICING_SNAPSHOT_FORMAT || !Array.isArray(snap.sources) || snap.sources.length !== files.length) return null;
  for (let i = 0; i < files.length; i++) {
    const source = snap.sources[i]!;
    if (source.file !== basename(files[i]!)) return null;
    try {
      if (source.sha256 !== sha256(readFileSync(files[i]!))) return null;
    } catch {
      return null;
    }
  }
  return {
    apiModels: new Map(snap.apiModels.map((r) => [r.id, r])),
    gpus: new Map(snap.gpus.map((r) => [r.id, r])),
    profiles: snap.profiles,
    openModels: new Map(snap.openModels.map((r) => [r.id, r])),
    files: snap.files,
  };
}
