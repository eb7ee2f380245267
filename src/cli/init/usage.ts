// `llmcost init --from-usage FILE...`: the workload derived from what the bill already says.
//   calls a day        mean of the last 7 complete days (all days when fewer)
//   tokens per call    total tokens ÷ requests (p95 too, from per-request logs)
//   cached share       cached input tokens ÷ input tokens (cache writes likewise)
//   model              the model with the most requests (tokens when there are no request counts);
//                      the others listed in the file's comments
//   growth             a log-linear least-squares fit of daily requests over the period, days more than
//                      3.5 robust deviations off the first fit dropped as outliers, the monthly rate
//                      written as { low, mode, high } from the fit's 90% interval
//   peak_to_average    the median over complete days of busiest hour ÷ mean hour, from hourly buckets
//                      or per-request timestamps
import { InputError } from '../../errors.js';
import type { PricingTables } from '../../pricing/tables.js';
import type { InitRequest, Triangle } from './starter.js';
import { readUsageFile, type UsageFile, type UsageRecord } from './usageFormats.js';

const DAY = 86_400;
const HOUR = 3_600;
/** Days per month used to turn a daily growth rate into a monthly one (the cloud convention, 365/12). */
const DAYS_PER_MONTH = 365 / 12;
/** z of a two-sided 90% interval. */
const Z90 = 1.6448536269514722;
/** A day is an outlier when its residual is this many robust standard deviations (1.4826 × MAD) off. */
const OUTLIER_Z = 3.5;
/** Fewer days than this give no growth fit. */
export const MIN_FIT_DAYS = 7;

export interface GrowthFit {
  days: number;
  dropped: string[];
  r2: number;
  monthly: Triangle;
}

export interface ModelShare {
  model: string;
  requests: number;
  share: number;
}

export interface UsageSummary {
  files: UsageFile[];
  firstDay: string;
  lastDay: string;
  days: number;
  requestsPerDay: number;
  /** How requestsPerDay was obtained. */
  volumeFrom: string;
  inputTokens: number;
  outputTokens: number;
  p95?: { input: number; output: number };
  cachedShare: number;
  cacheWriteShare: number;
  models: ModelShare[];
  growth: GrowthFit | null;
  growthWhyNot?: string;
  peakToAverage: number | null;
}

const dayOf = (t: number) => Math.floor(t / DAY);
const isoDay = (d: number) => new Date(d * DAY * 1000).toISOString().slice(0, 10);
const round = (x: number, digits: number) => Number(x.toFixed(digits));

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!;
}

/** Least squares y = a + b·x, with the standard error of b and R². */
export function linearFit(
  xs: readonly number[],
  ys: readonly number[],
): { a: number; b: number; seB: number; r2: number } {
  const n = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i]! - mx) ** 2;
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    syy += (ys[i]! - my) ** 2;
  }
  const b = sxx > 0 ? sxy / sxx : 0;
  const a = my - b * mx;
  const sse = ys.reduce((s, y, i) => s + (y - a - b * xs[i]!) ** 2, 0);
  const seB = n > 2 && sxx > 0 ? Math.sqrt(sse / (n - 2) / sxx) : 0;
  const r2 = syy > 0 ? 1 - sse / syy : 1;
  return { a, b, seB, r2 };
}

/** Theil–Sen line: the median of pairwise slopes, robust to the outliers it is used to find. */
function theilSen(xs: readonly number[], ys: readonly number[]): { a: number; b: number } {
  const slopes: number[] = [];
  for (let i = 0; i < xs.length; i++)
    for (let j = i + 1; j < xs.length; j++) if (xs[j] !== xs[i]) slopes.push((ys[j]! - ys[i]!) / (xs[j]! - xs[i]!));
  const b = slopes.length ? median(slopes) : 0;
  return { a: median(ys.map((y, i) => y - b * xs[i]!)), b };
}

/**
 * Compound monthly growth from daily volumes: a robust line through ln(volume) finds the outliers
 * (an outage, a partial last day), least squares on the rest gives the rate and its interval.
 */
export function fitGrowth(daily: ReadonlyArray<{ day: number; volume: number }>): GrowthFit | string {
  const zero = daily.filter((d) => d.volume <= 0).map((d) => `${isoDay(d.day)} (no requests)`);
  let points = daily.filter((d) => d.volume > 0);
  if (points.length < MIN_FIT_DAYS)
    return `${points.length} day(s) with traffic; a growth fit needs at least ${MIN_FIT_DAYS}`;
  const xs = points.map((p) => p.day);
  const ys = points.map((p) => Math.log(p.volume));
  const robust = theilSen(xs, ys);
  const residuals = ys.map((y, i) => y - robust.a - robust.b * xs[i]!);
  const scale = 1.4826 * median(residuals.map((r) => Math.abs(r)));
  const outliers = scale > 0 ? points.filter((_, i) => Math.abs(residuals[i]!) > OUTLIER_Z * scale) : [];
  const dropped = points.length - outliers.length >= MIN_FIT_DAYS ? outliers : [];
  points = points.filter((p) => !dropped.includes(p));
  const fit = linearFit(
    points.map((p) => p.day),
    points.map((p) => Math.log(p.volume)),
  );
  const monthly = (b: number) => round(Math.max(-0.99, Math.min(10, Math.exp(b * DAYS_PER_MONTH) - 1)), 4);
  return {
    days: points.length,
    dropped: [...zero, ...dropped.map((d) => `${isoDay(d.day)} (${Math.round(d.volume).toLocaleString('en-US')})`)],
    r2: fit.r2,
    monthly: { low: monthly(fit.b - Z90 * fit.seB), mode: monthly(fit.b), high: monthly(fit.b + Z90 * fit.seB) },
  };
}

/** Busiest hour ÷ mean hour, per complete day (24 hours seen), then the median over days. */
function peakToAverage(records: readonly UsageRecord[], volume: (r: UsageRecord) => number): number | null {
  const hourly = records.filter((r) => r.width <= HOUR);
  if (hourly.length === 0) return null;
  const byDay = new Map<number, number[]>();
  for (const r of hourly) {
    const hours = byDay.get(dayOf(r.start)) ?? Array.from({ length: 24 }, () => 0);
    hours[Math.floor((r.start % DAY) / HOUR)]! += volume(r);
    byDay.set(dayOf(r.start), hours);
  }
  // A day is complete when traffic was seen in every hour (buckets) or it lies between other days.
  const days = [...byDay.keys()].sort((a, b) => a - b);
  const inner = days.filter((d, i) => (i > 0 && i < days.length - 1) || byDay.get(d)!.every((h) => h > 0));
  const ratios = (inner.length ? inner : days).map((d) => {
    const h = byDay.get(d)!;
    const mean = h.reduce((s, x) => s + x, 0) / 24;
    return mean > 0 ? Math.max(...h) / mean : 1;
  });
  return round(Math.max(1, median(ratios)), 2);
}

/** Model names in exports (`gpt-4o-2024-08-06`, `claude-sonnet-4-5-20250929`) → pricing ids. */
export function pricingIdOf(model: string, format: UsageFile['format'], tables: PricingTables): string | null {
  const ids = [...tables.apiModels.keys()];
  const bare = model.replace(/^(openai|anthropic)\//, '');
  const undated = bare.replace(/-(\d{4}-\d{2}-\d{2}|\d{8})$/, '').replace(/-latest$/, '');
  const provider =
    format === 'openai'
      ? 'openai'
      : format === 'anthropic'
        ? 'anthropic'
        : model.includes('/')
          ? model.split('/')[0]!
          : undefined;
  const candidates = [
    model,
    provider ? `${provider}/${bare}` : null,
    provider ? `${provider}/${undated}` : null,
  ].filter((c): c is string => c !== null);
  for (const c of candidates) if (tables.apiModels.has(c)) return c;
  const tail = ids.filter((id) => id.split('/').slice(1).join('/') === undated);
  return tail.length === 1 ? tail[0]! : null;
}

export function summariseUsage(files: UsageFile[], requestsPerDay: number | undefined): UsageSummary {
  const records = files.flatMap((f) => f.records);
  const noCounts = records.some((r) => r.requests === null);
  if (noCounts && requestsPerDay === undefined) {
    const f = files.find((x) => x.records.some((r) => r.requests === null))!;
    throw new InputError({
      code: 'E_USAGE',
      file: f.file,
      message: 'an Anthropic usage report has tokens but no request count',
      expected: '--requests-per-day N (your request count a day) with it',
    });
  }
  const days = [...new Set(records.map((r) => dayOf(r.start)))].sort((a, b) => a - b);
  const firstDay = days[0]!;
  const lastDay = days[days.length - 1]!;
  const span = lastDay - firstDay + 1;
  const daily = new Map<number, { requests: number; tokens: number }>();
  for (let d = firstDay; d <= lastDay; d++) daily.set(d, { requests: 0, tokens: 0 });
  for (const r of records) {
    const d = daily.get(dayOf(r.start))!;
    d.requests += r.requests ?? 0;
    d.tokens += r.input + r.output;
  }
  const totals = records.reduce(
    (t, r) => ({
      requests: t.requests + (r.requests ?? 0),
      input: t.input + r.input,
      cached: t.cached + r.cachedInput,
      write: t.write + r.cacheWrite,
      output: t.output + r.output,
    }),
    { requests: 0, input: 0, cached: 0, write: 0, output: 0 },
  );
  // Without request counts (Anthropic), volume over time is read from tokens, and the request count
  // over the period is the one the user gave.
  const volumeOf = (d: { requests: number; tokens: number }) => (noCounts ? d.tokens : d.requests);
  const series = [...daily.entries()].map(([day, d]) => ({ day, volume: volumeOf(d) }));
  const requestsOverPeriod = noCounts ? requestsPerDay! * span : totals.requests;
  const last7 = series.slice(-7);
  const perDay = noCounts ? requestsPerDay! : last7.reduce((s, d) => s + d.volume, 0) / last7.length;
  const byModel = new Map<string, number>();
  for (const r of records)
    byModel.set(
      r.model ?? '(no model)',
      (byModel.get(r.model ?? '(no model)') ?? 0) + (noCounts ? r.input + r.output : (r.requests ?? 0)),
    );
  const mixTotal = [...byModel.values()].reduce((s, x) => s + x, 0);
  const models = [...byModel.entries()]
    .map(([model, n]) => ({ model, requests: n, share: mixTotal > 0 ? n / mixTotal : 0 }))
    .sort((a, b) => b.requests - a.requests || (a.model < b.model ? -1 : 1));
  const perRequest = records.filter((r) => r.width === 0);
  const fit = fitGrowth(series);
  return {
    files,
    firstDay: isoDay(firstDay),
    lastDay: isoDay(lastDay),
    days: span,
    requestsPerDay: Math.round(perDay),
    volumeFrom: noCounts
      ? 'given with --requests-per-day'
      : `mean of ${isoDay(last7[0]!.day)} to ${isoDay(last7[last7.length - 1]!.day)}`,
    inputTokens: requestsOverPeriod > 0 ? Math.round(totals.input / requestsOverPeriod) : 0,
    outputTokens: requestsOverPeriod > 0 ? Math.round(totals.output / requestsOverPeriod) : 0,
    ...(perRequest.length >= 20
      ? {
          p95: {
            input: percentile(
              perRequest.map((r) => r.input),
              0.95,
            ),
            output: percentile(
              perRequest.map((r) => r.output),
              0.95,
            ),
          },
        }
      : {}),
    cachedShare: totals.input > 0 ? round(totals.cached / totals.input, 4) : 0,
    cacheWriteShare: totals.input > 0 ? round(totals.write / totals.input, 4) : 0,
    models,
    growth: typeof fit === 'string' ? null : fit,
    ...(typeof fit === 'string' ? { growthWhyNot: fit } : {}),
    peakToAverage: peakToAverage(records, (r) => (noCounts ? r.input + r.output : (r.requests ?? 0))),
  };
}

const pct = (x: number) => `${round(x * 100, 1)}%`;
const n0 = (x: number) => Math.round(x).toLocaleString('en-US');

/** Usage files → the starter's request: flags the user gave win over what the files say. */
export function requestFromUsage(
  files: Array<{ path: string; name: string }>,
  given: InitRequest,
  warn: (w: string) => void,
  tables?: PricingTables,
): InitRequest {
  const read = files.map((f) => readUsageFile(f.path, f.name, warn));
  for (const f of read) if (f.skipped) warn(`${f.file}: ${f.skipped} row(s) skipped, ${f.records.length} read`);
  const s = summariseUsage(read, given.requestsPerDay);
  const format = read[0]!.format;
  const top = s.models[0];
  const apiId = top && tables ? pricingIdOf(top.model, format, tables) : null;
  const header = [
    `From usage: ${read.map((f) => `${f.file} (${f.format}, ${f.records.length} rows${f.skipped ? `, ${f.skipped} skipped` : ''})`).join(', ')};`,
    `${s.firstDay} to ${s.lastDay}, ${s.days} days.`,
    ...(s.models.length > 1
      ? [
          'Model mix (one workload per model needs the portfolio format; the largest is used):',
          ...s.models.map((m) => `  ${m.model}: ${pct(m.share)} of ${format === 'anthropic' ? 'tokens' : 'requests'}`),
        ]
      : []),
    ...(top && !apiId
      ? [`'${top.model}' is not an API model in the pricing tables: api.model is a default, set it.`]
      : []),
  ];
  const fitLines = s.growth
    ? [
        `Growth: ln(requests a day) fitted on ${s.growth.days} of ${s.days} days, R² ${s.growth.r2.toFixed(2)}; ${s.growth.dropped.length ? `outliers dropped: ${s.growth.dropped.join(', ')}` : 'no outliers'}.`,
        `Monthly rate ${pct(s.growth.monthly.mode)}, 90% interval ${pct(s.growth.monthly.low)} to ${pct(s.growth.monthly.high)} (written as a range).`,
      ]
    : [`Growth: not fitted (${s.growthWhyNot}).`];
  header.push(...fitLines);
  const notes: Record<string, string> = {
    'workload.requests_per_day': s.volumeFrom,
    'workload.input_tokens': `mean per request${s.p95 ? `; p95 ${n0(s.p95.input)}` : ''} (from usage)`,
    'workload.output_tokens': `mean per request${s.p95 ? `; p95 ${n0(s.p95.output)}` : ''} (from usage)`,
    'workload.cached_input_share': 'cache reads ÷ all input tokens (from usage)',
    'workload.cache_write_share': 'cache writes ÷ all input tokens (from usage)',
    'workload.growth': s.growth ? 'fitted on the usage: see the head of the file' : 'guess: too few days to fit',
    'workload.peak_to_average':
      s.peakToAverage !== null
        ? 'median busiest hour ÷ mean hour (from usage)'
        : 'guess: the export has no hourly data',
  };
  const g = s.growth?.monthly;
  return {
    ...given,
    requestsPerDay: given.requestsPerDay ?? s.requestsPerDay,
    inputTokens: given.inputTokens ?? (given.prompts === undefined ? s.inputTokens : undefined),
    outputTokens: given.outputTokens ?? s.outputTokens,
    cachedInputShare: given.cachedInputShare ?? s.cachedShare,
    cacheWriteShare: given.cacheWriteShare ?? s.cacheWriteShare,
    peakToAverage: given.peakToAverage ?? s.peakToAverage ?? undefined,
    growth: given.growth ?? (g ? (g.low === g.high ? g.mode : g) : 0),
    apiModel: given.apiModel ?? apiId ?? undefined,
    header: [...(given.header ?? []), ...header],
    notes: { ...notes, ...(given.notes ?? {}) },
  };
}
