// Every FOCUS row of every shipped scenario, and of scenarios with a negotiated discount, reserved
// replicas and spot GPUs, checked against the FOCUS 1.2 column rules (specification/columns/*.md of
// FinOps-Open-Cost-and-Usage-Spec/FOCUS_Spec, written down here as data): types, allowed values,
// nullability, non-negative prices, ListCost = ListUnitPrice × PricingQuantity and ContractedCost =
// ContractedUnitPrice × PricingQuantity on every row, ContractedUnitPrice ≤ ListUnitPrice, and
// BilledCost summing to the report's TCO to the cent per account.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { compareEngine } from '../../src/engine/compare.js';
import {
  assembleFocus,
  FOCUS_COLUMNS,
  focusColumns,
  focusRows,
  formatFocus,
  TAG_PREFIX,
} from '../../src/format/focus.js';
import { compareLoaded, readScenario } from '../../src/index.js';
import { Decimal } from '../../src/money.js';
import { mergePricing, parsePricingText } from '../../src/pricing/tables.js';
import { strategyCents } from '../../src/report/cents.js';
import { hasClassTargets, type Report } from '../../src/report/model.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/resolve/resolve.js';
import { shippedScenarios } from '../cli-helpers.js';
import { fixture, ROOT, simpleScenario } from '../helpers.js';

type Row = Record<string, string>;
type Kind = 'String' | 'Decimal' | 'DateTime' | 'KeyValue';
interface Rule {
  type: Kind;
  /** Null allowed at all (for Usage/Purchase rows that are not corrections). */
  nullable: boolean | ((r: Row) => boolean);
  allowed?: readonly string[];
  nonNegative?: boolean;
}

const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
/** FOCUS Numeric Format: optional sign, digits, optional fraction; no exponent, no grouping. */
const NUMERIC = /^-?\d+(\.\d+)?$/;
/** UnitFormat: optional positive-integer unit quantity, then capitalised base units joined by - or /. */
const UNIT = /^([1-9]\d* )?[A-Z][A-Za-z]*(-[A-Z][A-Za-z]*)?(\/([1-9]\d* )?[A-Z][A-Za-z]*)?$/;
const committed = (r: Row) => r.CommitmentDiscountId === '';
const usageOnly = (r: Row) => r.ChargeCategory !== 'Usage';

const RULES: Record<string, Rule> = {
  BillingAccountId: { type: 'String', nullable: false },
  BillingAccountName: { type: 'String', nullable: false },
  SubAccountId: { type: 'String', nullable: false },
  SubAccountName: { type: 'String', nullable: false },
  BillingPeriodStart: { type: 'DateTime', nullable: false },
  BillingPeriodEnd: { type: 'DateTime', nullable: false },
  ChargePeriodStart: { type: 'DateTime', nullable: false },
  ChargePeriodEnd: { type: 'DateTime', nullable: false },
  ChargeCategory: { type: 'String', nullable: false, allowed: ['Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment'] },
  ChargeClass: { type: 'String', nullable: true, allowed: ['Correction'] },
  ChargeFrequency: { type: 'String', nullable: false, allowed: ['One-Time', 'Recurring', 'Usage-Based'] },
  ChargeDescription: { type: 'String', nullable: false },
  BilledCost: { type: 'Decimal', nullable: false },
  EffectiveCost: { type: 'Decimal', nullable: false },
  ListCost: { type: 'Decimal', nullable: false },
  ContractedCost: { type: 'Decimal', nullable: false },
  ListUnitPrice: { type: 'Decimal', nullable: false, nonNegative: true },
  ContractedUnitPrice: { type: 'Decimal', nullable: false, nonNegative: true },
  PricingQuantity: { type: 'Decimal', nullable: false, nonNegative: true },
  PricingUnit: { type: 'String', nullable: false },
  PricingCategory: { type: 'String', nullable: false, allowed: ['Standard', 'Dynamic', 'Committed', 'Other'] },
  ConsumedQuantity: { type: 'Decimal', nullable: usageOnly, nonNegative: true },
  ConsumedUnit: { type: 'String', nullable: usageOnly },
  BillingCurrency: { type: 'String', nullable: false },
  ProviderName: { type: 'String', nullable: false },
  PublisherName: { type: 'String', nullable: false },
  InvoiceIssuerName: { type: 'String', nullable: false },
  ServiceName: { type: 'String', nullable: false },
  ServiceCategory: {
    type: 'String',
    nullable: false,
    allowed: [
      'AI and Machine Learning',
      'Analytics',
      'Business Applications',
      'Compute',
      'Databases',
      'Developer Tools',
      'Multicloud',
      'Identity',
      'Integration',
      'Internet of Things',
      'Management and Governance',
      'Media',
      'Migration',
      'Mobile',
      'Networking',
      'Security',
      'Storage',
      'Web',
      'Other',
    ],
  },
  CommitmentDiscountId: { type: 'String', nullable: true },
  CommitmentDiscountName: { type: 'String', nullable: committed },
  CommitmentDiscountCategory: { type: 'String', nullable: committed, allowed: ['Spend', 'Usage'] },
  CommitmentDiscountType: { type: 'String', nullable: committed },
  CommitmentDiscountStatus: { type: 'String', nullable: committed, allowed: ['Used', 'Unused'] },
  CommitmentDiscountQuantity: { type: 'Decimal', nullable: committed, nonNegative: true },
  CommitmentDiscountUnit: { type: 'String', nullable: committed },
  // Conditional (present only when a report in the run has class/target items), nullable, KeyValueFormat.
  Tags: { type: 'KeyValue', nullable: true },
};

/** KeyValueFormat: a serialized JSON object, unique keys, values number/string/boolean/null; ours prefixed. */
function checkKeyValue(v: string, where: string): void {
  const o = JSON.parse(v) as unknown;
  expect(typeof o === 'object' && o !== null && !Array.isArray(o), where).toBe(true);
  for (const [k, x] of Object.entries(o as Record<string, unknown>)) {
    expect(x === null || ['string', 'number', 'boolean'].includes(typeof x), `${where}: ${k}`).toBe(true);
    expect(k.startsWith(TAG_PREFIX), `${where}: provider-defined tag ${k} has the llmcost/ prefix`).toBe(true);
  }
}

function checkRow(r: Row): void {
  for (const [col, rule] of Object.entries(RULES)) {
    if (!(col in r) && col === 'Tags') continue;
    const v = r[col]!;
    const where = `${col} of ${r.x_Strategy} month ${r.x_Month} ${r.ChargeDescription}`;
    if (v === '') {
      const ok = typeof rule.nullable === 'function' ? rule.nullable(r) : rule.nullable;
      expect(ok, `${where} is null`).toBe(true);
      continue;
    }
    if (rule.type === 'Decimal') expect(v, where).toMatch(NUMERIC);
    if (rule.type === 'DateTime') expect(v, where).toMatch(ISO_DATETIME);
    if (rule.type === 'KeyValue') checkKeyValue(v, where);
    if (rule.allowed) expect(rule.allowed, where).toContain(v);
    if (rule.nonNegative) expect(new Decimal(v).isNegative(), `${where} = ${v}`).toBe(false);
  }
  // Null rules that depend on other columns (commitment columns all set or all null).
  const cd = ['Name', 'Category', 'Type', 'Status', 'Quantity', 'Unit'].map((c) => `CommitmentDiscount${c}`);
  if (r.CommitmentDiscountId === '') for (const c of cd) expect(r[c]).toBe('');
  expect(r.PricingCategory === 'Committed').toBe(r.CommitmentDiscountId !== '');
  for (const c of ['PricingUnit', 'ConsumedUnit', 'CommitmentDiscountUnit']) if (r[c]) expect(r[c], c).toMatch(UNIT);
  expect(r.BillingCurrency).toMatch(/^[A-Z]{3}$/);
  const q = new Decimal(r.PricingQuantity!);
  const product = (price: string, cost: string) => new Decimal(r[price]!).times(q).eq(new Decimal(r[cost]!));
  expect(product('ListUnitPrice', 'ListCost'), 'ListCost = ListUnitPrice x PricingQuantity').toBe(true);
  expect(
    product('ContractedUnitPrice', 'ContractedCost'),
    'ContractedCost = ContractedUnitPrice x PricingQuantity',
  ).toBe(true);
  expect(new Decimal(r.ContractedUnitPrice!).lte(new Decimal(r.ListUnitPrice!))).toBe(true);
  expect(r.BilledCost).toMatch(/^\d+\.\d{2}$/);
  expect(r.ChargePeriodEnd! > r.ChargePeriodStart!).toBe(true);
}

function check(reports: readonly Report[], files: readonly string[]): Row[] {
  const text = formatFocus(reports, files);
  const rows = parse(text, { columns: true }) as Row[];
  // Tags only when a report has items with a class or a target (a portfolio): v1 keeps its columns.
  const tagged = reports.some(hasClassTargets);
  expect(Object.keys(rows[0]!)).toEqual(tagged ? focusColumns(true) : [...FOCUS_COLUMNS]);
  for (const r of rows) checkRow(r);
  // BilledCost per account sums to the report's TCO in cents; one account per file and strategy.
  reports.forEach((rep, i) => {
    for (const s of rep.strategies) {
      const mine = rows.filter((r) => r.x_File === files[i] && r.x_Strategy === s.id);
      expect(new Set(mine.map((r) => r.SubAccountId)).size).toBe(1);
      const billed = mine.reduce((a, r) => a.plus(r.BilledCost!), new Decimal(0));
      expect(billed.toFixed(2)).toBe(strategyCents(s).total.toFixed(2));
    }
  });
  return rows;
}

const spotTables = () => {
  const text = readFileSync(fixture('pricing-simple.yaml'), 'utf8').replace(
    'reserved_1y: 1.5,',
    'reserved_1y: 1.5, spot: 0.8,',
  );
  return mergePricing([parsePricingText(text, 'pricing-simple.yaml')]);
};
const simple = (extra: string, selfHosted = '') => {
  const yaml = simpleScenario(`start_month: 2027-01\n${extra}`).replace(
    '  min_replicas: 1\n',
    `  min_replicas: 1\n${selfHosted}`,
  );
  return compareEngine(resolveScenario(parseScenarioText(yaml, 'test.yaml'), spotTables()));
};

describe('FOCUS 1.2 column rules', () => {
  it.each(shippedScenarios())('%s: every row', (scenario) => {
    const loaded = readScenario(`${ROOT}/${scenario}`);
    check([compareLoaded({ ...loaded, scenario: { ...loaded.scenario, start_month: '2027-01' } })], [scenario]);
  });

  it('a negotiated discount is applied on each token row, never a negative row', () => {
    const rows = check([simple('discounts: [{ provider: test, rate: 0.2 }]\n')], ['d.yaml']);
    const tokens = rows.filter((r) => r.x_Category === 'api_tokens');
    expect(tokens.length).toBeGreaterThan(0);
    for (const r of tokens) {
      expect(new Decimal(r.ContractedUnitPrice!).eq(new Decimal(r.ListUnitPrice!).times(0.8))).toBe(true);
      expect(r.PricingUnit).toBe('1000000 Tokens');
      expect(r.ConsumedUnit).toBe('Tokens');
    }
    expect(rows.some((r) => r.ChargeDescription!.includes('discount'))).toBe(false);
  });

  it('reserved GPU-hours: on-demand list price, committed effective cost, commitment columns filled', () => {
    const rows = check([simple('', '  reserved_replicas: 1\n  reserved_commitment: reserved_1y\n')], ['r.yaml']);
    const reserved = rows.filter((r) => r.PricingCategory === 'Committed');
    expect(reserved.length).toBeGreaterThan(0);
    for (const r of reserved) {
      expect(r.ListUnitPrice).toBe('2');
      expect(r.ContractedUnitPrice).toBe('2');
      expect(new Decimal(r.EffectiveCost!).toFixed(2)).toBe(new Decimal(r.PricingQuantity!).times(1.5).toFixed(2));
      expect(r.CommitmentDiscountStatus).toBe('Used');
      expect(r.CommitmentDiscountCategory).toBe('Usage');
      expect(r.PricingUnit).toBe('Hours');
    }
    expect(rows.filter((r) => r.x_Category === 'gpu' && r.PricingCategory === 'Standard').length).toBeGreaterThan(0);
  });

  it('spot GPU-hours are Dynamic', () => {
    const rows = check([simple('', '  commitment: spot\n')], ['s.yaml']);
    expect(rows.filter((r) => r.x_Category === 'gpu').every((r) => r.PricingCategory === 'Dynamic')).toBe(true);
  });

  it('two files with one scenario name get different accounts', () => {
    const r = simple('');
    const rows = check([r, r], ['base.yaml', 'head.yaml']);
    expect(new Set(rows.map((x) => x.BillingAccountId)).size).toBe(2);
    expect(new Set(rows.map((x) => x.SubAccountId)).size).toBe(2 * r.strategies.length);
  });

  it("a portfolio's class and target are Tags; a run mixing it with a v1 scenario gives the v1 rows null Tags", () => {
    const portfolio = simpleScenario(
      'start_month: 2027-01\nstrategies:\n  routed:\n    routes:\n      workload: { to: self_hosted }\n',
    );
    const p = compareEngine(resolveScenario(parseScenarioText(portfolio, 'p.yaml'), spotTables()));
    const v1 = simple('');
    expect(formatFocus([v1], ['v1.yaml'])).not.toContain('Tags');
    const rows = check([v1, p], ['v1.yaml', 'p.yaml']);
    const mine = rows.filter((r) => r.x_File === 'p.yaml' && r.x_Strategy === 'routed');
    const gpu = mine.find((r) => r.x_Category === 'gpu')!;
    expect(JSON.parse(gpu.Tags!)).toEqual({ 'llmcost/target': 'self_hosted' });
    // The built-in strategies of a one-class scenario keep their items: no tags.
    expect(rows.filter((r) => r.x_Strategy !== 'routed').every((r) => r.Tags === '')).toBe(true);
    // The many-file assembly (each piece written before the run knows it needs Tags) writes the same bytes.
    const files = ['v1.yaml', 'p.yaml'];
    const pieces = [v1, p].map((r, i) => ({
      text: focusRows(r, files[i], hasClassTargets(r)),
      tagged: hasClassTargets(r),
    }));
    expect(assembleFocus(pieces).join('')).toBe(formatFocus([v1, p], files));
    expect(formatFocus([v1, p], files).split('\r\n')[0]).toContain(',Tags,x_Forecast,');
  });

  it('refuses unpriced rows (FOCUS cost columns are never null)', () => {
    const yaml = simpleScenario('start_month: 2027-01\n').replace('model: test/api-1', 'model: test/unknown');
    const r = compareEngine(
      resolveScenario(parseScenarioText(yaml, 'test.yaml'), spotTables(), { allowMissingPrices: true }),
    );
    expect(() => formatFocus([r], ['u.yaml'])).toThrow(/FOCUS cost columns are never null/);
  });
});
