// The derived throughput model against published measurements (pricing/fidelity/points.yaml): the
// held-out median error stays within 15%, the shipped efficiencies are the fit half's optimum on a grid
// around them, and docs/fidelity.md shows the table this code computes.
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  fidelityMarkdown,
  fidelityTable,
  fitEfficiency,
  medianAbsError,
  type FidelityPoint,
} from '../../src/capacity/fidelity.js';
import { EFFICIENCY } from '../../src/capacity/roofline.js';
import { loadPricing } from '../../src/pricing/load.js';

const tables = loadPricing();
const points = (
  parse(readFileSync(new URL('../../pricing/fidelity/points.yaml', import.meta.url), 'utf8')) as {
    points: FidelityPoint[];
  }
).points;
const rows = fidelityTable(points, tables);

describe('fidelity of derived throughput', () => {
  it('has at least 15 points across 3 GPUs and 4 models, each sourced and dated', () => {
    expect(points.length).toBeGreaterThanOrEqual(15);
    expect(new Set(points.map((p) => p.gpu)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(points.map((p) => p.model)).size).toBeGreaterThanOrEqual(4);
    for (const p of points) {
      expect(p.source, p.id).toMatch(/^https:\/\//);
      expect(p.as_of, p.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('held-out median absolute error ≤ 15%', () => {
    const held = rows.filter((r) => r.heldOut);
    expect(held.length).toBeGreaterThanOrEqual(Math.floor(points.length / 2));
    expect(medianAbsError(held).toNumber()).toBeLessThanOrEqual(0.15);
  });

  it('DeepSeek-V3 on 8 × H200 lands within 15% of the published 2K-32K-prompt runs (the TP communication term)', () => {
    const ds = rows.filter((r) => r.point.model === 'deepseek/deepseek-v3' && r.point.input_tokens >= 1000);
    expect(ds.map((r) => r.point.id)).toEqual([
      'deepseek-h200-tp8-32k',
      'deepseek-h200-tp8-4k',
      'deepseek-h200-tp8-2k',
    ]);
    for (const r of ds) expect(r.error!.abs().toNumber(), r.point.id).toBeLessThanOrEqual(0.15);
  });

  it("the shipped efficiencies are the fit half's best on a grid around them", () => {
    const e = EFFICIENCY;
    const around = (d: { toNumber(): number }, step: number) => [
      d.toNumber() - step,
      d.toNumber(),
      d.toNumber() + step,
    ];
    const best = fitEfficiency(points, tables, {
      bandwidth: around(e.bandwidth, 0.05),
      compute: around(e.compute, 0.05),
      expertCompute: around(e.expertCompute, 0.05),
      stepOverheadUs: around(e.stepOverheadUs, 20),
      requestOverheadMs: around(e.requestOverheadMs, 1),
      link: around(e.link, 0.05),
    });
    const shipped = medianAbsError(
      fidelityTable(
        points.filter((_, i) => i % 2 === 0),
        tables,
      ),
    );
    expect(shipped.lte(best.median)).toBe(true);
  }, 120_000);

  it('docs/fidelity.md shows the table this model computes', () => {
    const url = new URL('../../docs/fidelity.md', import.meta.url);
    const doc = readFileSync(url, 'utf8');
    const block = /(<!-- fidelity-table:[^\n]*-->\n)[\s\S]*?(<!-- \/fidelity-table -->)/;
    const fresh = doc.replace(block, (_, open: string, close: string) => `${open}${fidelityMarkdown(rows)}\n${close}`);
    if (process.env.UPDATE_FIDELITY === '1') writeFileSync(url, fresh);
    expect(block.test(doc)).toBe(true);
    expect(doc === fresh, 'UPDATE_FIDELITY=1 npx vitest run test/unit/fidelity.test.ts regenerates it').toBe(true);
  });
});
