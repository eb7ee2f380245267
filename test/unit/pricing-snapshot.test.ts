// The pricing snapshot (dist/pricing.json) must be a pure cache: the same tables and byte-identical
// reports as parsing the YAML, and ignored the moment a shipped file changes.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateScenarios } from '../../bench/scenarios.mjs';
import { compareText, formatJson } from '../../src/index.js';
import { loadPricing, pricingFilesIn } from '../../src/pricing/load.js';
import {
  makePricingSnapshot,
  PRICING_SNAPSHOT_FORMAT,
  readPricingSnapshot,
  snapshotPathFor,
} from '../../src/pricing/snapshot.js';
import { fixture, ROOT } from '../helpers.js';

let root: string;
let dir: string;
let snapPath: string;

/** A package-like folder: pricing/ (a copy of the frozen bench pricing) and dist/pricing.json. */
function writeSnapshot(): void {
  const tables = loadPricing({ dir, snapshot: false });
  writeFileSync(snapPath, JSON.stringify(makePricingSnapshot(tables, pricingFilesIn(dir))));
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'llmcost-snapshot-'));
  dir = join(root, 'pricing');
  cpSync(fixture('bench-pricing'), dir, { recursive: true });
  mkdirSync(join(root, 'dist'));
  snapPath = snapshotPathFor(dir);
  writeSnapshot();
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('pricing snapshot', () => {
  it('sits in dist/ beside the pricing folder', () => {
    expect(snapPath).toBe(join(root, 'dist', 'pricing.json'));
  });

  it('gives the same tables as the YAML', () => {
    const fromSnapshot = readPricingSnapshot(snapPath, pricingFilesIn(dir));
    expect(fromSnapshot).not.toBeNull();
    expect(fromSnapshot).toEqual(loadPricing({ dir, snapshot: false }));
  });

  it('gives byte-identical reports to the YAML for the example and 25 generated scenarios', () => {
    const yamlTables = loadPricing({ dir, snapshot: false });
    const snapTables = readPricingSnapshot(snapPath, pricingFilesIn(dir))!;
    const cases = [
      { name: 'saas-support.yaml', text: readFileSync(join(ROOT, 'scenarios/saas-support.yaml'), 'utf8') },
      ...generateScenarios(yamlTables, 25, 3),
    ];
    for (const c of cases) {
      expect(formatJson(compareText(c.text, c.name, { tables: snapTables }))).toBe(
        formatJson(compareText(c.text, c.name, { tables: yamlTables })),
      );
    }
  });

  it('is what loadPricing uses while the files are unchanged', () => {
    // Mark the snapshot (a price only it has) to see which path answered.
    const snap = JSON.parse(readFileSync(snapPath, 'utf8'));
    snap.apiModels[0].input_per_1m = 123.5;
    writeFileSync(snapPath, JSON.stringify(snap));
    const id = snap.apiModels[0].id as string;
    expect(loadPricing({ dir }).apiModels.get(id)!.input_per_1m).toBe(123.5);
    // Overrides need positions in the YAML: they always take the YAML path.
    const override = join(root, 'override.yaml');
    writeFileSync(override, 'version: 1\n');
    expect(loadPricing({ dir, overrides: [override] }).apiModels.get(id)!.input_per_1m).not.toBe(123.5);
    expect(loadPricing({ dir, snapshot: false }).apiModels.get(id)!.input_per_1m).not.toBe(123.5);
  });

  it('is ignored when a shipped file was edited', () => {
    const file = join(dir, 'api-models.yaml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n# edited\n`);
    expect(readPricingSnapshot(snapPath, pricingFilesIn(dir))).toBeNull();
  });

  it('is ignored when one digit changed (same size)', () => {
    const file = join(dir, 'gpus.yaml');
    const before = readFileSync(file, 'utf8');
    const after = before.replace('on_demand: 2.74', 'on_demand: 2.75');
    expect(after.length).toBe(before.length);
    expect(after).not.toBe(before);
    writeFileSync(file, after);
    expect(readPricingSnapshot(snapPath, pricingFilesIn(dir))).toBeNull();
    expect(
      loadPricing({ dir })
        .gpus.get('a100-40gb')!
        .prices.find((p) => p.provider === 'aws')!.on_demand,
    ).toBe(2.75);
  });

  it('is still used when a file was only touched (new mtime, same bytes)', () => {
    const file = join(dir, 'gpus.yaml');
    utimesSync(file, new Date(Date.UTC(2030, 0, 1)), new Date(Date.UTC(2030, 0, 1)));
    expect(readPricingSnapshot(snapPath, pricingFilesIn(dir))).not.toBeNull();
  });

  it('trusts an unchanged size and mtime without reading the file (the build stamps both)', () => {
    // What it costs: an edit that keeps the size and puts the old mtime back is not seen. Editors,
    // git and cp all set a new mtime; this is a guard against accidents, not tampering.
    const file = join(dir, 'gpus.yaml');
    utimesSync(file, 1_700_000_000, 1_700_000_000);
    writeSnapshot();
    writeFileSync(file, readFileSync(file, 'utf8').replace('on_demand: 2.74', 'on_demand: 2.75'));
    expect(readPricingSnapshot(snapPath, pricingFilesIn(dir))).toBeNull();
    utimesSync(file, 1_700_000_000, 1_700_000_000);
    expect(readPricingSnapshot(snapPath, pricingFilesIn(dir))).not.toBeNull();
  });

  it('is ignored when a shipped file was added or removed', () => {
    writeFileSync(join(dir, 'zz-extra.yaml'), 'version: 1\n');
    expect(readPricingSnapshot(snapPath, pricingFilesIn(dir))).toBeNull();
    unlinkSync(join(dir, 'zz-extra.yaml'));
    expect(readPricingSnapshot(snapPath, pricingFilesIn(dir))).not.toBeNull();
    unlinkSync(join(dir, 'open-models.yaml'));
    expect(readPricingSnapshot(snapPath, pricingFilesIn(dir))).toBeNull();
  });

  it('is ignored when missing, corrupt or of another format', () => {
    const snap = JSON.parse(readFileSync(snapPath, 'utf8'));
    writeFileSync(snapPath, JSON.stringify({ ...snap, format: PRICING_SNAPSHOT_FORMAT + 1 }));
    expect(readPricingSnapshot(snapPath, pricingFilesIn(dir))).toBeNull();
    writeFileSync(snapPath, '{ not json');
    expect(readPricingSnapshot(snapPath, pricingFilesIn(dir))).toBeNull();
    unlinkSync(snapPath);
    expect(readPricingSnapshot(snapPath, pricingFilesIn(dir))).toBeNull();
    // …and loadPricing falls back to the YAML.
    expect(loadPricing({ dir })).toEqual(loadPricing({ dir, snapshot: false }));
  });

  it('still reports an error in an edited shipped file, from the YAML', () => {
    const file = join(dir, 'gpus.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('memory_gb: 40', 'memory_gb: -40'));
    expect(() => loadPricing({ dir })).toThrow(/gpus\.yaml/);
  });
});
