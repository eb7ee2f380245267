// `pricing import SNAPSHOT --update FILE`: a pricing YAML with the changed rates of a diff written in,
// its comments, order and layout kept. Pinned rows are never touched (the diff lists them apart);
// new and removed models are left to a person (the diff lists them). refreshPricingYaml is pure;
// refreshFile reads the two files for the CLI.
import { isMap, isSeq, type YAMLMap } from 'yaml';
import { readTextFile } from '../input/read.js';
import { diffPricing, type PricingDiff } from './diff.js';
import { LITELLM_PREFIX, readDiffSnapshot } from './load.js';
import { parsePricingText, type ParsedPricingFile } from './tables.js';

export interface Refreshed {
  text: string;
  /** Ids of the rows rewritten. */
  updated: string[];
}

const TIER_FIELD = /^tiers\[>(\d+)\]\.(.+)$/;

export function refreshPricingYaml(file: ParsedPricingFile, diff: PricingDiff): Refreshed {
  if (!file.parsed) throw new Error(`refreshPricingYaml: ${file.file} was not parsed from YAML`);
  const doc = file.parsed.doc;
  const rows = file.content.api_models ?? [];
  const updated: string[] = [];
  for (const change of diff.changed) {
    const i = rows.findIndex((r) => r.id === change.id);
    if (i < 0 || rows[i]!.pinned) continue;
    for (const c of change.changes) {
      const tier = TIER_FIELD.exec(c.field);
      if (!tier) {
        if (c.new === null) doc.deleteIn(['api_models', i, c.field]);
        else doc.setIn(['api_models', i, c.field], c.new);
        continue;
      }
      const above = Number(tier[1]);
      const tiers = doc.getIn(['api_models', i, 'tiers']);
      const list = isSeq(tiers) ? tiers : undefined;
      const threshold = (t: unknown) => (isMap(t) ? Number((t as YAMLMap).get('above_input_tokens')) : NaN);
      let at = list ? list.items.findIndex((t) => threshold(t) === above) : -1;
      if (at < 0) {
        if (c.new === null) continue;
        // A tier the row lacks: inserted in threshold order, filled by this and the following changes.
        const entries = list ? list.items.map(threshold) : [];
        at = entries.filter((x) => x < above).length;
        const node = doc.createNode({ above_input_tokens: above });
        if (list) list.items.splice(at, 0, node);
        else doc.setIn(['api_models', i, 'tiers'], doc.createNode([{ above_input_tokens: above }]));
      }
      if (c.new === null) doc.deleteIn(['api_models', i, 'tiers', at, tier[2]!]);
      else doc.setIn(['api_models', i, 'tiers', at, tier[2]!], c.new);
    }
    if (diff.snapshot_as_of !== null) {
      doc.setIn(['api_models', i, 'as_of'], diff.snapshot_as_of);
      const source = rows[i]!.source.replace(/\bsnapshot \d{4}-\d{2}-\d{2}\b/, `snapshot ${diff.snapshot_as_of}`);
      if (source !== rows[i]!.source) doc.setIn(['api_models', i, 'source'], source);
    }
    updated.push(change.id);
  }
  return { text: doc.toString({ lineWidth: 0 }), updated };
}

/**
 * Read the LiteLLM snapshot and the pricing file, diff the file's rows against the snapshot, and
 * return the file rewritten (and how many pinned rows were kept). The only part that reads files.
 */
export function refreshFile(
  snapshotPath: string,
  snapshotName: string,
  yamlPath: string,
  yamlName: string,
  asOf?: string,
): Refreshed & { pinned: number } {
  const parsed = parsePricingText(readTextFile(yamlPath, undefined, yamlName), yamlName);
  const snapshot = readDiffSnapshot(`${LITELLM_PREFIX}${snapshotPath}`, (p) => p, asOf);
  const diff = diffPricing(parsed.content.api_models ?? [], yamlName, { ...snapshot, file: snapshotName });
  return { ...refreshPricingYaml(parsed, diff), pinned: diff.pinned.length };
}
