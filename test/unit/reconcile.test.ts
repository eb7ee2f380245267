// Every shipped scenario: the CSV (read back with a real RFC 4180 parser) reconciles to the JSON
// report to the cent, per strategy; the wide layout and FOCUS export too. The JSON output matches
// the published report schema.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { formatCsv } from '../../src/format/csv.js';
import { formatFocus } from '../../src/format/focus.js';
import { formatJson, formatJsonMany } from '../../src/format/json.js';
import { compare, compareLoaded, readScenario } from '../../src/index.js';
import { ReportDocument, ReportJson } from '../../src/report/jsonSchema.js';
import { hasClassTargets, REPORT_SCHEMA_VERSION } from '../../src/report/model.js';
import { jsonSchemaOf } from '../../src/report/schemas.js';
import { shippedScenarios } from '../cli-helpers.js';
import { ROOT } from '../helpers.js';

/** "1234.56" → 123456n: sums in integer cents, no float anywhere. */
const cents = (s: string): bigint => {
  expect(s).toMatch(/^\d+\.\d{2}$/);
  return BigInt(s.replace('.', ''));
};
/** Exact JSON money string → cents, half up (how every llmcost report rounds for people). */
const jsonCents = (s: string): bigint => {
  const [w, f = ''] = s.split('.');
  const padded = `${f}000`;
  const base = BigInt(`${w}${padded.slice(0, 2)}`);
  return padded[2]! >= '5' ? base + 1n : base;
};

type Row = Record<string, string>;
const readCsv = (text: string): Row[] =>
  parse(text, { columns: true, relax_quotes: false, skip_empty_lines: false }) as Row[];

describe.each(shippedScenarios())('%s reconciles', (scenario) => {
  const report = compare(`${ROOT}/${scenario}`);
  const json = JSON.parse(formatJson(report)) as {
    strategies: Array<{
      id: string;
      tco: string;
      months: Array<{ cost: string; items: unknown[] }>;
      commitment_after_horizon?: { items: unknown[] };
    }>;
  };

  it('long CSV: the cost column per strategy sums to the JSON TCO to the cent', () => {
    const rows = readCsv(formatCsv([report], 'long'));
    expect(Object.keys(rows[0]!)).toEqual([
      'file',
      'scenario',
      'strategy',
      'month',
      'period',
      'category',
      'item',
      'quantity',
      'unit',
      'unit_price',
      'cost',
      'currency',
      'source',
      // A portfolio's items name their class and target (docs/formats.md); other scenarios keep 13 columns.
      ...(hasClassTargets(report) ? ['class', 'target'] : []),
    ]);
    for (const s of json.strategies) {
      const mine = rows.filter((r) => r.strategy === s.id);
      // Month items, and the horizon-level items (reserved terms after the horizon) as rows of their own.
      const after = s.commitment_after_horizon?.items.length ?? 0;
      expect(mine.length).toBe(s.months.reduce((n, m) => n + m.items.length, 0) + after);
      expect(mine.reduce((a, r) => a + cents(r.cost!), 0n)).toBe(jsonCents(s.tco));
    }
    expect(new Set(rows.map((r) => r.currency))).toEqual(new Set(['USD']));
  });

  it('wide CSV: each strategy column sums to its TCO to the cent', () => {
    const rows = readCsv(formatCsv([report], 'wide'));
    for (const s of json.strategies) expect(rows.reduce((a, r) => a + cents(r[s.id]!), 0n)).toBe(jsonCents(s.tco));
  });

  it('FOCUS: BilledCost per SubAccountId sums to the TCO, every row a forecast with ISO UTC periods', () => {
    const loaded = readScenario(`${ROOT}/${scenario}`);
    const anchored = compareLoaded({ ...loaded, scenario: { ...loaded.scenario, start_month: '2027-01' } });
    const rows = readCsv(formatFocus([anchored]));
    // A start month brings calendar months (unless days_per_month is stated): the anchored report's own TCO.
    for (const s of anchored.strategies)
      expect(rows.filter((r) => r.x_Strategy === s.id).reduce((a, r) => a + cents(r.BilledCost!), 0n)).toBe(
        jsonCents(s.tco.toFixed()),
      );
    for (const r of rows) {
      expect(r.x_Forecast).toBe('true');
      expect(r.ChargePeriodStart).toMatch(/^\d{4}-\d{2}-01T00:00:00Z$/);
      expect(r.ChargePeriodEnd! > r.ChargePeriodStart!).toBe(true);
      expect(['Usage', 'Purchase']).toContain(r.ChargeCategory);
    }
  });

  it('JSON matches the report schema', () => {
    expect(ReportJson.safeParse(JSON.parse(formatJson(report))).success).toBe(true);
    expect(ReportDocument.safeParse(JSON.parse(formatJsonMany([report, report]))).success).toBe(true);
  });
});

describe('report schema', () => {
  it('publishes the schema_version the JSON carries', () => {
    const schema = jsonSchemaOf('report') as { anyOf: Array<{ properties: { schema_version: { const: number } } }> };
    for (const branch of schema.anyOf) expect(branch.properties.schema_version.const).toBe(REPORT_SCHEMA_VERSION);
    const report = compare(`${ROOT}/${shippedScenarios()[0]}`);
    expect(JSON.parse(formatJson(report)).schema_version).toBe(REPORT_SCHEMA_VERSION);
  });

  it('rejects JSON that drifts from the format (a float where money must be an exact string)', () => {
    const report = JSON.parse(formatJson(compare(`${ROOT}/${shippedScenarios()[0]}`)));
    report.strategies[0].tco = 123.45;
    expect(ReportJson.safeParse(report).success).toBe(false);
    expect(
      ReportJson.safeParse({
        ...JSON.parse(formatJson(compare(`${ROOT}/${shippedScenarios()[0]}`))),
        schema_version: 99,
      }).success,
    ).toBe(false);
  });

  it('the scenario schema is strict and knows per-strategy budgets', () => {
    const s = jsonSchemaOf('scenario') as {
      additionalProperties: boolean;
      properties: { budgets: { properties: Record<string, unknown> } };
    };
    expect(s.additionalProperties).toBe(false);
    expect(Object.keys(s.properties.budgets.properties)).toEqual(
      expect.arrayContaining([
        'strategy',
        'max_monthly',
        'max_tco',
        'max_cost_per_1k_calls',
        'api',
        'self_hosted',
        'hybrid',
      ]),
    );
  });
});
