// Speed work must not change a single byte of any report. This pins the JSON and table output of 40
// generated scenarios (plus the shipped example) against a golden file written before the engine was
// optimised. The pricing is a frozen copy (test/fixtures/bench-pricing/), so price updates in
// pricing/ do not move these figures. Rewrite with UPDATE_GOLDEN=1 only for an intended change.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateScenarios } from '../../bench/scenarios.mjs';
import { compareEngine } from '../../src/engine/compare.js';
import { formatJson } from '../../src/format/json.js';
import { formatTable } from '../../src/format/table.js';
import { loadPricing } from '../../src/pricing/load.js';
import type { Report } from '../../src/report/model.js';
import { listAssumptions } from '../../src/scenario/assumptions.js';
import { parseScenarioText, resolveScenario } from '../../src/scenario/load.js';
import { fixture, ROOT } from '../helpers.js';

const GOLDEN = fixture('../golden/engine-equivalence.txt');
const tables = loadPricing({ dir: fixture('bench-pricing') });

function report(text: string, name: string): Report {
  const loaded = parseScenarioText(text, name);
  return compareEngine(resolveScenario(loaded, tables), { assumptions: listAssumptions(loaded) });
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);

function line(name: string, r: Report): string {
  const tcos = r.strategies.map((s) => `${s.id}=${s.tco.toFixed()}`).join(' ');
  const evals = Object.entries(r.break_even).map(([k, b]) => `${k}:${b.evaluations}`).join(' ');
  const table = formatTable(r, { monthly: true, explain: true });
  return `${name} json=${sha(formatJson(r))} table=${sha(table)} ${tcos} evaluations ${evals}`;
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
      for (const b of Object.values(report(c.text, c.name).break_even)) expect(b.evaluations).toBeLessThanOrEqual(6);
    }
  });
});
