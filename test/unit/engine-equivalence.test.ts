// Speed work must not change a single digit of any report. This pins every number the engine produces
// — each month's items, costs and capacity at full precision (all 50 digits, finer than any format
// prints), totals, break-even and payback — for the shipped example and 40 generated
// scenarios, against a golden file written by the engine as it was before it was optimised. The
// pricing is a frozen copy (test/fixtures/bench-pricing/), so price updates in pricing/ do not move
// these figures, and formats are not involved, so layout changes do not either. Rewrite with
// UPDATE_GOLDEN=1 only for an intended change of the engine's results.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateScenarios } from '../../bench/scenarios.mjs';
import { compareEngine } from '../../src/engine/compare.js';
import { Decimal } from '../../src/money.js';
import { loadPricing } from '../../src/pricing/load.js';
import type { Report } from '../../src/report/model.js';
import { listAssumptions } from '../../src/resolve/assumptions.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/resolve/resolve.js';
import { fixture, ROOT } from '../helpers.js';

const GOLDEN = fixture('../golden/engine-equivalence.txt');
const tables = loadPricing({ dir: fixture('bench-pricing') });

function report(text: string, name: string): Report {
  const loaded = parseScenarioText(text, name);
  return compareEngine(resolveScenario(loaded, tables), { assumptions: listAssumptions(loaded) });
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);

/** Every value in the report, Decimals written with all their digits, in a stable order. */
function canonical(value: unknown): string {
  if (value instanceof Decimal) return `D${value.toFixed()}`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${k}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

function line(name: string, r: Report): string {
  const tcos = r.strategies.map((s) => `${s.id}=${s.tco.toFixed()}`).join(' ');
  const evals = Object.entries(r.break_even)
    .map(([k, b]) => `${k}:${b?.evaluations}`)
    .join(' ');
  // The figures only: wording (recommendation, assumptions) may change without the numbers moving.
  return `${name} ${sha(canonical({ strategies: r.strategies, break_even: r.break_even }))} ${tcos} evaluations ${evals}`;
}

describe('engine output is pinned byte for byte', () => {
  it('matches the golden hashes for the example and 40 generated scenarios', () => {
    const cases = [
      { name: 'saas-support.yaml', text: readFileSync(`${ROOT}/scenarios/saas-support.yaml`, 'utf8') },
      ...generateScenarios(tables, 40, 7),
    ];
    const actual = `${cases.map((c) => line(c.name, report(c.text, c.name))).join('\n')}\n`;
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, actual);
    expect(actual).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('solves break-even in a bounded number of evaluations (closed form, never a scan)', () => {
    // Each crossing costs at most 3 guarded evaluations (run rate + TCO): ≤ 6 per strategy pair,
    // whatever the volume, horizon or replica count.
    for (const c of generateScenarios(tables, 40, 11)) {
      for (const b of Object.values(report(c.text, c.name).break_even)) expect(b?.evaluations).toBeLessThanOrEqual(6);
    }
  });
});
