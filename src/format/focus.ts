// The line items as a FinOps FOCUS dataset (column names and value conventions of the FOCUS
// specification, 1.2), so FinOps tools that ingest FOCUS exports can put llmcost's forecast beside
// real bills. Every row is a forecast: BillingAccountId is `llmcost-forecast`, x_Forecast is `true`
// and ChargeDescription says so. docs/formats.md lists every column and how it is filled.
import { periodOf } from '../engine/volume.js';
import { InputError } from '../errors.js';
import { allocateCents, toCents, toPlain } from '../money.js';
import type { Report } from '../report/model.js';
import { type Category } from '../vocabulary.js';
import { csvNumber, csvRow, csvText } from './csv.js';

export const FOCUS_VERSION = '1.2';
export const FOCUS_ACCOUNT_ID = 'llmcost-forecast';

export const FOCUS_COLUMNS = [
  'BillingAccountId', 'BillingAccountName', 'SubAccountId', 'SubAccountName',
  'BillingPeriodStart', 'BillingPeriodEnd', 'ChargePeriodStart', 'ChargePeriodEnd',
  'ChargeCategory', 'ChargeClass', 'ChargeFrequency', 'ChargeDescription',
  'BilledCost', 'EffectiveCost', 'ListCost', 'ContractedCost',
  'ListUnitPrice', 'ContractedUnitPrice', 'PricingQuantity', 'PricingUnit', 'ConsumedQuantity', 'ConsumedUnit',
  'BillingCurrency', 'ProviderName', 'PublisherName', 'InvoiceIssuerName', 'ServiceName', 'ServiceCategory',
  'x_Forecast', 'x_Scenario', 'x_Strategy', 'x_Month', 'x_Category', 'x_Source',
] as const;

type Who = 'api' | 'gpu' | 'self';

/** How each line-item category maps onto FOCUS's charge vocabulary (data, not if-chains). */
const CATEGORY_MAP: Record<Category, { charge: 'Usage' | 'Purchase'; frequency: 'Usage-Based' | 'Recurring' | 'One-Time'; service: string; who: Who }> = {
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
};

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

export function formatFocus(reports: readonly Report[], files: readonly (string | undefined)[] = []): string {
  reports.forEach((r, i) => requireStartMonth(r, files[i]));
  return focusHeader() + reports.map((r, i) => focusRows(r, files[i])).join('');
}

export function focusHeader(): string {
  return csvRow([...FOCUS_COLUMNS]);
}

/** One report's FOCUS rows (it must have a start month). */
export function focusRows(r: Report, file?: string): string {
  requireStartMonth(r, file);
  let out = '';
  const who = providers(r);
  for (const s of r.strategies) {
    const rows = s.months.flatMap((m) => m.items.map((item) => ({ m, item })));
    const cents = allocateCents(rows.map((x) => x.item.cost));
    rows.forEach(({ m, item }, i) => {
      const map = CATEGORY_MAP[item.category];
      const p = who[map.who];
      const period = m.period ?? periodOf(r.start_month!, m.month)!;
      const start = monthStart(period);
      const end = monthStart(nextPeriod(period));
      // An unpriced item (--allow-missing-prices) has empty cost and price cells: unknown, not 0.
      const cost = item.missing_price !== undefined ? '' : csvNumber(toCents(cents[i]!));
      const price = item.missing_price !== undefined ? '' : csvNumber(toPlain(item.unit_price));
      const qty = csvNumber(toPlain(item.quantity.toDecimalPlaces(6)));
      const usage = map.charge === 'Usage';
      out += csvRow([
        FOCUS_ACCOUNT_ID, csvText(r.scenario), csvText(s.id), csvText(s.label),
        start, end, start, end,
        map.charge, '', map.frequency, csvText(`Forecast: ${item.name}`),
        cost, cost, cost, cost,
        price, price, qty, csvText(item.unit), usage ? qty : '', usage ? csvText(item.unit) : '',
        csvText(r.currency), csvText(p.provider), csvText(p.provider), csvText(p.provider), csvText(p.service), csvText(map.service),
        'true', csvText(r.scenario), csvText(s.id), csvNumber(String(m.month)), csvText(item.category), csvText(item.source),
      ]);
    });
  }
  return out;
}
