// The line items as a FinOps FOCUS 1.2 dataset, so FinOps tools that ingest FOCUS exports can put
// llmcost's forecast beside real bills. Every row is a forecast (x_Forecast `true`, ChargeDescription
// `Forecast: …`, account ids under `llmcost-forecast`). Values follow the spec's column rules:
// negotiated discounts are applied on each row (ContractedUnitPrice below ListUnitPrice, never a
// negative row); GPU-hours at a commitment carry the on-demand rate as ListUnitPrice, PricingCategory
// `Committed` and the CommitmentDiscount* columns; units in the spec's UnitFormat; ListCost and
// ContractedCost are the exact products of their unit price and PricingQuantity; BilledCost and
// EffectiveCost are the cents of the one allocation (report/cents.ts), so they sum to the report's
// totals to the cent. docs/formats.md lists every column and how it is filled.
import { DISCOUNT_UNIT } from '../engine/api.js';
import { periodOf } from '../engine/volume.js';
import { InputError } from '../errors.js';
import { allocateCentsTo, centsOf, Decimal, ONE, toCents, toPlain, ZERO } from '../money.js';
import { strategyCents } from '../report/cents.js';
import {
  type Category,
  hasClassTargets,
  type LineItem,
  type MonthResult,
  type Report,
  type StrategyResult,
} from '../report/model.js';
import type { Commitment } from '../vocabulary.js';
import { csvNumber, csvRow, csvText, withEmptyCells } from './csvCells.js';

export const FOCUS_VERSION = '1.2';
export const FOCUS_ACCOUNT_ID = 'llmcost-forecast';

export const FOCUS_COLUMNS = [
  'BillingAccountId',
  'BillingAccountName',
  'SubAccountId',
  'SubAccountName',
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'ChargeCategory',
  'ChargeClass',
  'ChargeFrequency',
  'ChargeDescription',
  'BilledCost',
  'EffectiveCost',
  'ListCost',
  'ContractedCost',
  'ListUnitPrice',
  'ContractedUnitPrice',
  'PricingQuantity',
  'PricingUnit',
  'PricingCategory',
  'ConsumedQuantity',
  'ConsumedUnit',
  'BillingCurrency',
  'ProviderName',
  'PublisherName',
  'InvoiceIssuerName',
  'ServiceName',
  'ServiceCategory',
  'CommitmentDiscountId',
  'CommitmentDiscountName',
  'CommitmentDiscountCategory',
  'CommitmentDiscountType',
  'CommitmentDiscountStatus',
  'CommitmentDiscountQuantity',
  'CommitmentDiscountUnit',
  'x_Forecast',
  'x_File',
  'x_Scenario',
  'x_Strategy',
  'x_Month',
  'x_Category',
  'x_Source',
] as const;

/**
 * FOCUS's Tags column (Conditional, nullable, KeyValueFormat): a portfolio's items name their request
 * class and target as provider-defined tags under the `llmcost/` key prefix. Present, before the x_
 * columns, in a run where any report has them; absent otherwise, so a run without portfolios keeps
 * its columns and bytes (docs/formats.md).
 */
export const TAG_PREFIX = 'llmcost/';
const TAGS_AT = FOCUS_COLUMNS.indexOf('x_Forecast');

export function focusColumns(tagged: boolean): string[] {
  return tagged ? [...FOCUS_COLUMNS.slice(0, TAGS_AT), 'Tags', ...FOCUS_COLUMNS.slice(TAGS_AT)] : [...FOCUS_COLUMNS];
}

/** An item's Tags cell: a JSON object of its class and target, or null (empty) when it has neither. */
function tagsOf(item: LineItem): string {
  const tags: Record<string, string> = {};
  if (item.class !== undefined) tags[`${TAG_PREFIX}class`] = item.class;
  if (item.target !== undefined) tags[`${TAG_PREFIX}target`] = item.target;
  return Object.keys(tags).length ? csvText(JSON.stringify(tags)) : '';
}

type Who = 'api' | 'gpu' | 'self';

/** How each line-item category maps onto FOCUS's charge vocabulary (data, not if-chains). */
interface ChargeMap {
  charge: 'Usage' | 'Purchase';
  frequency: 'Usage-Based' | 'Recurring' | 'One-Time';
  service: string;
  who: Who;
}
const CATEGORY_MAP: Record<Category, ChargeMap> = {
  api_tokens: { charge: 'Usage', frequency: 'Usage-Based', service: 'AI and Machine Learning', who: 'api' },
  gpu: { charge: 'Usage', frequency: 'Usage-Based', service: 'Compute', who: 'gpu' },
  capital: { charge: 'Purchase', frequency: 'One-Time', service: 'Compute', who: 'self' },
  depreciation: { charge: 'Purchase', frequency: 'Recurring', service: 'Compute', who: 'self' },
  energy: { charge: 'Usage', frequency: 'Usage-Based', service: 'Compute', who: 'self' },
  hosting: { charge: 'Purchase', frequency: 'Recurring', service: 'Compute', who: 'self' },
  maintenance: { charge: 'Purchase', frequency: 'Recurring', service: 'Compute', who: 'self' },
  residual: { charge: 'Purchase', frequency: 'One-Time', service: 'Compute', who: 'self' },
  fine_tuning: { charge: 'Usage', frequency: 'Usage-Based', service: 'AI and Machine Learning', who: 'gpu' },
  staff: { charge: 'Purchase', frequency: 'Recurring', service: 'Other', who: 'self' },
  overhead: { charge: 'Purchase', frequency: 'Recurring', service: 'Other', who: 'self' },
  one_time: { charge: 'Purchase', frequency: 'One-Time', service: 'Other', who: 'self' },
  // Reserved GPU-hours owed after the horizon: recurring commitment charges of the months past it.
  commitment_after_horizon: { charge: 'Purchase', frequency: 'Recurring', service: 'Compute', who: 'gpu' },
};

/**
 * llmcost's units in FOCUS's UnitFormat: PricingUnit (with its unit quantity), and the consumed unit
 * with how many of them one pricing unit is (Usage rows only).
 */
export const FOCUS_UNITS: Record<string, { pricing: string; consumed: string; per: number }> = {
  '1M tokens': { pricing: '1000000 Tokens', consumed: 'Tokens', per: 1_000_000 },
  'GPU-hour': { pricing: 'Hours', consumed: 'Hours', per: 1 },
  'FTE-month': { pricing: 'FTE-Months', consumed: 'FTE-Months', per: 1 },
  month: { pricing: 'Months', consumed: 'Months', per: 1 },
  'one-time': { pricing: 'Units', consumed: 'Units', per: 1 },
  // Owned hardware: GPUs bought, GPU-months of hosting or upkeep, electricity.
  GPU: { pricing: 'Units', consumed: 'Units', per: 1 },
  'GPU-month': { pricing: 'Months', consumed: 'Months', per: 1 },
  kWh: { pricing: 'Kilowatt-Hours', consumed: 'Kilowatt-Hours', per: 1 },
  // A portfolio's per-call costs (moderation, human review, tool calls): one per call.
  call: { pricing: 'Requests', consumed: 'Requests', per: 1 },
};

/**
 * How a GPU commitment reads in PricingCategory and the CommitmentDiscount columns. Typed over every
 * commitment, so a new one cannot reach FOCUS unmapped. A capacity block is capacity bought ahead for
 * a fixed period at a committed rate: Committed, like a reservation.
 */
const COMMITMENT_MAP: Record<Commitment, { category: 'Standard' | 'Dynamic' | 'Committed'; committed: boolean }> = {
  on_demand: { category: 'Standard', committed: false },
  spot: { category: 'Dynamic', committed: false },
  reserved_1y: { category: 'Committed', committed: true },
  reserved_3y: { category: 'Committed', committed: true },
  capacity_block: { category: 'Committed', committed: true },
};

/** Decimals PricingQuantity is written with; ListCost is then exactly ListUnitPrice × PricingQuantity. */
const QUANTITY_DECIMALS = 9;

/** Costs the scenario states itself (staff, overheads) have no outside provider. */
export const SELF_PROVIDER = 'Self (scenario)';

/** `YYYY-MM` → the month's first instant in UTC, FOCUS's date/time format. */
export function monthStart(period: string): string {
  return `${period}-01T00:00:00Z`;
}

function nextPeriod(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const i = y * 12 + m; // index of the following month (m is 1-based)
  return `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/**
 * The API row an API item was priced from (its source `file#vendor/model.field@as_of`): api_same_model's
 * tokens are the hosted endpoint's, not the scenario's API model's. Null for a source of another shape.
 */
function apiRowOf(item: LineItem): { provider: string; service: string } | null {
  const m = /#([^#@]+)\.[a-z0-9_]+@[^@#]*$/.exec(item.source);
  const id = m?.[1];
  if (!id?.includes('/')) return null;
  return { provider: id.split('/')[0]!, service: id };
}

function providers(r: Report): Record<Who, { provider: string; service: string }> {
  const api = r.pricing_used.find((p) => p.kind === 'api_model');
  const gpu = r.pricing_used.find((p) => p.kind === 'gpu_price');
  // Pricing ids are `vendor/model` and `gpu/provider`: the vendor is the part before or after the slash.
  const apiVendor = api ? (api.id.split('/')[0] ?? api.id) : SELF_PROVIDER;
  const [gpuId, gpuProvider] = gpu ? (gpu.id.split('/') as [string, string | undefined]) : ['', undefined];
  return {
    api: { provider: apiVendor, service: api?.id ?? 'LLM API' },
    gpu: { provider: gpuProvider ?? SELF_PROVIDER, service: gpuId ? `${gpuId} GPU` : 'GPU' },
    self: { provider: SELF_PROVIDER, service: 'Operations' },
  };
}

/** FOCUS needs real dates; a scenario without `start_month` cannot be placed in time. */
export function requireStartMonth(r: Report, file?: string): string {
  if (r.start_month) return r.start_month;
  throw new InputError({
    code: 'E_USAGE',
    file,
    field: 'start_month',
    message: `--format focus needs calendar months, and scenario '${r.scenario}' has no start_month`,
    expected: 'start_month: YYYY-MM in the scenario (e.g. start_month: 2027-01)',
  });
}

/** FOCUS cost columns are never null: an unpriced item (--allow-missing-prices) is refused. */
function requirePrices(r: Report, file?: string): void {
  for (const s of r.strategies) {
    for (const m of s.months) {
      const it = m.items.find((i) => i.missing_price !== undefined);
      if (!it) continue;
      throw new InputError({
        code: 'E_USAGE',
        file,
        message:
          '--format focus needs a price for every row (FOCUS cost columns are never null), ' +
          `and ${s.id} month ${m.month} '${it.name}' has none: ${it.missing_price}`,
        expected: 'a price for every item (add the row to a --pricing file), or another format for a lower bound',
      });
    }
  }
}

export function formatFocus(reports: readonly Report[], files: readonly (string | undefined)[] = []): string {
  reports.forEach((r, i) => requireStartMonth(r, files[i]));
  const tagged = reports.some(hasClassTargets);
  return focusHeader(tagged) + reports.map((r, i) => focusRows(r, files[i], tagged)).join('');
}

export function focusHeader(tagged = false): string {
  return csvRow(focusColumns(tagged));
}

/**
 * A many-file run's FOCUS dataset from its reports' pieces, each written with Tags when its own
 * report has class/target items: one header, and a null Tags cell for the others when any has.
 */
export function assembleFocus(pieces: ReadonlyArray<{ text?: string | undefined; tagged?: boolean }>): string[] {
  const tagged = pieces.some((p) => p.tagged);
  return [
    focusHeader(tagged),
    ...pieces.map((p) => (tagged && !p.tagged ? withEmptyCells(p.text ?? '', TAGS_AT, 1) : (p.text ?? ''))),
  ];
}

/** One FOCUS row before it is written: the figures, exact. */
interface FocusRow {
  item: LineItem;
  listUnitPrice: Decimal;
  contractedUnitPrice: Decimal;
  quantity: Decimal;
  /** What the row costs after every discount (exact), the weight its cents are allocated by. */
  effective: Decimal;
  commitment: Commitment | null;
}

/**
 * A month's items as FOCUS rows: the negotiated-discount line is folded into the rows it discounts
 * (their ContractedUnitPrice is the list price less the rate), and each row's cents are that
 * month's cents of the one allocation, split by the rows' effective costs.
 */
function monthRows(m: MonthResult, monthCents: Decimal): Array<FocusRow & { cents: Decimal }> {
  const discount = m.items.find((i) => i.unit === DISCOUNT_UNIT);
  const rate = discount ? discount.unit_price.negated() : ZERO;
  const rows: FocusRow[] = m.items
    .filter((i) => i !== discount)
    .map((item) => {
      const quantity = item.quantity.toDecimalPlaces(QUANTITY_DECIMALS, Decimal.ROUND_HALF_EVEN);
      const listUnitPrice = item.pricing?.list_unit_price ?? item.unit_price;
      const negotiated = discount && item.category === 'api_tokens';
      const contractedUnitPrice = negotiated ? listUnitPrice.times(ONE.minus(rate)) : listUnitPrice;
      const effective = negotiated ? contractedUnitPrice.times(quantity) : item.unit_price.times(quantity);
      const commitment = item.pricing?.commitment ?? null;
      return { item, listUnitPrice, contractedUnitPrice, quantity, effective, commitment };
    });
  const cents = allocateCentsTo(
    rows.map((r) => r.effective),
    centsOf(monthCents),
  );
  return rows.map((r, i) => ({ ...r, cents: cents[i]!.div(100) }));
}

/** Account ids unique per input file and strategy: two files with one scenario name stay apart. */
export function focusAccounts(r: Report, s: StrategyResult, file?: string): { billing: string; sub: string } {
  const billing = `${FOCUS_ACCOUNT_ID}:${file ?? r.scenario}`;
  return { billing, sub: `${billing}#${s.id}` };
}

/** One report's FOCUS rows (it must have a start month and a price for every item); `tagged`: with Tags. */
export function focusRows(r: Report, file?: string, tagged = false): string {
  requireStartMonth(r, file);
  requirePrices(r, file);
  let out = '';
  const who = providers(r);
  for (const s of r.strategies) {
    const plan = strategyCents(s);
    const acct = focusAccounts(r, s, file);
    const rowsOf = (rows: ReturnType<typeof monthRows>, start: string, end: string, month: string) => {
      for (const row of rows) {
        const { item } = row;
        const map = CATEGORY_MAP[item.category];
        const p = map.who === 'api' ? (apiRowOf(item) ?? who.api) : who[map.who];
        const unit = FOCUS_UNITS[item.unit] ?? { pricing: item.unit, consumed: item.unit, per: 1 };
        const usage = map.charge === 'Usage';
        const c = row.commitment ? COMMITMENT_MAP[row.commitment] : { category: 'Standard', committed: false };
        const money = (d: Decimal) => csvNumber(toPlain(d));
        const qty = money(row.quantity);
        const gpu = p.service;
        const commitment = c.committed
          ? [
              csvText(`${acct.sub}/${gpu}/${p.provider}/${row.commitment}`),
              csvText(`${gpu} ${p.provider} ${row.commitment}`),
              'Usage',
              'Reserved capacity',
              'Used',
              qty,
              'Hours',
            ]
          : ['', '', '', '', '', '', ''];
        const cents = csvNumber(toCents(row.cents));
        out += csvRow([
          csvText(acct.billing),
          csvText(r.scenario),
          csvText(acct.sub),
          csvText(`${r.scenario}: ${s.label}`),
          start,
          end,
          start,
          end,
          map.charge,
          '',
          map.frequency,
          csvText(`Forecast: ${item.name}`),
          cents,
          cents,
          money(row.listUnitPrice.times(row.quantity)),
          money(row.contractedUnitPrice.times(row.quantity)),
          money(row.listUnitPrice),
          money(row.contractedUnitPrice),
          qty,
          csvText(unit.pricing),
          c.category,
          usage ? money(row.quantity.times(unit.per)) : '',
          usage ? csvText(unit.consumed) : '',
          csvText(r.currency),
          csvText(p.provider),
          csvText(p.provider),
          csvText(p.provider),
          csvText(p.service),
          csvText(map.service),
          ...commitment,
          ...(tagged ? [tagsOf(item)] : []),
          'true',
          csvText(file ?? ''),
          csvText(r.scenario),
          csvText(s.id),
          month,
          csvText(item.category),
          csvText(item.source),
        ]);
      }
    };
    s.months.forEach((m, mi) => {
      const period = m.period ?? periodOf(r.start_month!, m.month)!;
      rowsOf(
        monthRows(m, plan.months[mi]!),
        monthStart(period),
        monthStart(nextPeriod(period)),
        csvNumber(String(m.month)),
      );
    });
    // Reserved terms after the horizon: charged over the months past it (x_Month empty: in no month).
    if (s.after_horizon?.length) {
      const last = Math.max(...(s.tranches ?? []).map((t) => t.end), r.horizon_months + 1);
      const after = { ...s.months[0]!, items: s.after_horizon };
      rowsOf(
        monthRows(after, plan.after),
        monthStart(periodOf(r.start_month!, r.horizon_months + 1)!),
        monthStart(periodOf(r.start_month!, last + 1)!),
        '',
      );
    }
  }
  return out;
}
