// A pre-compiled pricing snapshot: the shipped tables, parsed and validated once at build time
// (scripts/build.mjs) and saved as JSON beside the bundle (dist/pricing.json). Loading it skips the
// YAML parse and schema validation of every shipped pricing file at every run.
//
// Trust, but verify: the snapshot names each shipped file with its size, mtime and a 53-bit hash of
// its bytes. If a file was edited, added or removed since the build, the snapshot is stale and the caller
// parses the YAML (the tables then come out exactly as before, including any error in an edited file).
// The hash guards against accidents, not attacks (whoever can edit dist/ can edit the code): a small
// pure-JS hash, because loading node:crypto alone costs more start-up time than the whole snapshot.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type {
  ApiModel,
  EfficiencyCurve,
  Gpu,
  OpenModel,
  PricingFileSummary,
  PricingTables,
  ThroughputProfile,
} from './tables.js';

/** Bump when the snapshot's shape or the meaning of a row changes: an old snapshot is then ignored. */
export const PRICING_SNAPSHOT_FORMAT = 3;

/** cyrb53 (public domain, bryc): a fast 53-bit non-cryptographic hash, over bytes, with the length. */
export function contentHash(bytes: Uint8Array): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    h1 = Math.imul(h1 ^ b, 2654435761);
    h2 = Math.imul(h2 ^ b, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `${bytes.length}:${(4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16)}`;
}

export interface PricingSnapshot {
  format: number;
  /**
   * The shipped files it was built from, in load order, with their hash (contentHash) and their size
   * and modification time at build time: a file whose size and mtime are unchanged is not read again.
   */
  sources: Array<{ file: string; hash: string; size?: number; mtimeMs?: number }>;
  apiModels: ApiModel[];
  gpus: Gpu[];
  profiles: ThroughputProfile[];
  openModels: OpenModel[];
  files: PricingFileSummary[];
  efficiency: EfficiencyCurve[];
}

/** Where the build puts the snapshot of a package's pricing/ folder. */
export function snapshotPathFor(pricingDir: string): string {
  return join(pricingDir, '..', 'dist', 'pricing.json');
}

/** The snapshot of tables loaded from `files` (the shipped pricing files, in load order). */
export function makePricingSnapshot(tables: PricingTables, files: readonly string[]): PricingSnapshot {
  return {
    format: PRICING_SNAPSHOT_FORMAT,
    sources: files.map((f) => {
      const st = statSync(f);
      return { file: basename(f), hash: contentHash(readFileSync(f)), size: st.size, mtimeMs: st.mtimeMs };
    }),
    apiModels: [...tables.apiModels.values()],
    gpus: [...tables.gpus.values()],
    profiles: [...tables.profiles],
    openModels: [...tables.openModels.values()],
    files: [...tables.files],
    efficiency: [...(tables.efficiency ?? [])],
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
  if (snap.format !== PRICING_SNAPSHOT_FORMAT || !Array.isArray(snap.sources) || snap.sources.length !== files.length)
    return null;
  for (let i = 0; i < files.length; i++) {
    const source = snap.sources[i]!;
    if (source.file !== basename(files[i]!)) return null;
    try {
      // Unchanged size and mtime: the file is the one the build read (cheaper than hashing it,
      // which was ≈ 4 ms of a cold start). Otherwise the bytes decide: a touched file still matches.
      const st = statSync(files[i]!);
      if (st.size === source.size && st.mtimeMs === source.mtimeMs) continue;
      if (source.hash !== contentHash(readFileSync(files[i]!))) return null;
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
    efficiency: snap.efficiency,
  };
}
