// The flips end to end, as a user would check them: `--pricing` with a file that scales the rates
// the flip names, just past its factor and just short of it, through the built binary.
import { describe, expect, it } from 'vitest';
import { loadPricing } from '../../src/pricing/load.js';
import { llmcost, tempDir, writeTemp } from './run.js';

const SAAS = 'scenarios/saas-support.yaml';
const API_RATE = /_per_1m$/;
const HOURLY = new Set(['on_demand', 'reserved_1y', 'reserved_3y', 'spot']);

interface Flip {
  axis: 'api_price' | 'gpu_price';
  factor: string;
  direction: 'fall' | 'rise';
  to: string;
}

function scaleRow(row: object, factor: number, pick: (key: string) => boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (k === 'origin') continue;
    out[k] = typeof v === 'number' && pick(k) ? v * factor : v;
  }
  return out;
}

/** A pricing override (JSON is YAML) with the scenario's API model, or its GPU's prices, × factor. */
function override(axis: Flip['axis'], factor: number): string {
  const tables = loadPricing();
  if (axis === 'api_price') {
    // Every API model the scenario uses: GPT-4o, and the endpoints serving its open model (api_same_model).
    const used = [...tables.apiModels.values()].filter(
      (m) => m.id === 'openai/gpt-4o' || (m as { open_model?: string }).open_model === 'meta/llama-3.1-8b-instruct',
    );
    const rows = used.map((m) => scaleRow(m, factor, (k) => API_RATE.test(k)));
    return JSON.stringify({ version: 1, api_models: rows });
  }
  const g = tables.gpus.get('h100-80gb')!;
  const row = {
    ...scaleRow(g, 1, () => false),
    prices: g.prices.map((p) => scaleRow(p, factor, (k) => HOURLY.has(k))),
  };
  return JSON.stringify({ version: 1, gpus: [row] });
}

describe('saas-support flips through --pricing', () => {
  const base = llmcost(['compare', SAAS, '--format', 'json']);
  const report = JSON.parse(base.stdout) as { recommendation: { strategy: string; flips: Flip[] } };
  const dir = tempDir();
  it.each(report.recommendation.flips.map((f) => [f.axis, f] as const))('%s', (_axis, f) => {
    const x = Number(f.factor);
    const [far, near] = f.direction === 'fall' ? [x * 0.9995, x * 1.0005] : [x * 1.0005, x * 0.9995];
    const winnerAt = (factor: number) => {
      const file = writeTemp(dir, `${f.axis}-${factor}.yaml`, override(f.axis, factor));
      const r = llmcost(['compare', SAAS, '--pricing', file, '--format', 'json']);
      expect(r.status, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { recommendation: { strategy: string } }).recommendation.strategy;
    };
    expect(winnerAt(far)).toBe(f.to);
    expect(winnerAt(near)).toBe(report.recommendation.strategy);
  });
});
