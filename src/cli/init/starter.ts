// `llmcost init`: a commented starter scenario from what the user said (flags, answers or a usage
// export), with every gap filled by a default that is named and explained, then priced once so the
// file is known to run through `compare` before it is written. Pure given the pricing tables (sample
// folders are read when the draft is priced, as any scenario's are).
import { InputError } from '../../errors.js';
import { dec, formatNumber, formatUsd } from '../../money.js';
import { COMMITMENTS } from '../../pricing/schema.js';
import { findApiModel, findGpu, findOpenModel, type PricingTables } from '../../pricing/tables.js';
import type { Report } from '../../report/model.js';
import { runLoaded } from '../../pipeline/compare.js';
import type { MeasuredScenario } from '../../resolve/samples.js';
import { parseScenarioText } from '../../scenario/load.js';

export type Commitment = (typeof COMMITMENTS)[number];

/** A number given as a range: written as `{ low, mode, high }` (docs/uncertainty.md). */
export interface Triangle {
  low: number;
  mode: number;
  high: number;
}

export interface InitRequest {
  name?: string | undefined;
  description?: string | undefined;
  requestsPerDay?: number | undefined;
  users?: number | undefined;
  requestsPerUser?: number | undefined;
  inputTokens?: number | undefined;
  outputTokens?: number | undefined;
  /** A file, folder or glob of real prompts, relative to the scenario's folder: measured at load time. */
  prompts?: string | undefined;
  cachedInputShare?: number | undefined;
  cacheWriteShare?: number | undefined;
  peakToAverage?: number | undefined;
  growth?: number | Triangle | undefined;
  apiModel?: string | undefined;
  openModel?: string | undefined;
  gpu?: string | undefined;
  provider?: string | undefined;
  commitment?: Commitment | undefined;
  staffFte?: number | undefined;
  staffCost?: number | undefined;
  /** Comment lines for the head of the file (e.g. how a usage export was read). */
  header?: readonly string[] | undefined;
  /** Extra comment lines per field path (e.g. `workload.input_tokens`: the p95 from the logs). */
  notes?: Readonly<Record<string, string>> | undefined;
}

/**
 * Defaults: the source article's example as shipped in scenarios/saas-support.yaml (50,000 users × 8
 * requests, 1,200 / 500 tokens per call, GPT-4o against Llama 3.1 8B, 1.5 FTE at $200,000 a year),
 * and the GPU that `gpu: auto` finds cheapest for it in month 1. Each is reported as a choice.
 */
export const DEFAULTS = {
  name: 'My LLM product',
  requestsPerDay: 400_000,
  inputTokens: 1200,
  outputTokens: 500,
  peakToAverage: 2,
  apiModel: 'openai/gpt-4o',
  openModel: 'meta/llama-3.1-8b-instruct',
  commitment: 'on_demand' as Commitment,
  staffFte: 1.5,
  staffCost: 200_000,
  source: 'as in scenarios/saas-support.yaml',
};

export interface Starter {
  /** The scenario file's text. */
  text: string;
  /** What was chosen for the user, one sentence each, for stderr. */
  chosen: string[];
  /** The draft priced once: the file runs through compare. */
  report: Report;
  loaded: MeasuredScenario;
}

type Line = [yaml: string, comment?: string];

const money = (n: number) => formatUsd(dec(n));
const num = (n: number) => formatNumber(dec(n));

function flowNumber(v: number | Triangle): string {
  return typeof v === 'number' ? String(v) : `{ low: ${v.low}, mode: ${v.mode}, high: ${v.high} }`;
}

/** YAML text that is safe for a plain or quoted scalar (names come from users and usage files). */
export function yamlString(s: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9 ._\-/()]*$/.test(s) &&
    !/^(true|false|null|yes|no|on|off|~)$/i.test(s) &&
    !/\s$/.test(s)
    ? s
    : JSON.stringify(s);
}

function render(lines: readonly Line[], header: readonly string[]): string {
  const width = Math.min(40, Math.max(...lines.map(([y]) => y.length)) + 2);
  const body = lines.map(([y, c]) => (c ? `${y}${' '.repeat(Math.max(2, width - y.length))}# ${c}` : y).trimEnd());
  return `${[...header.map((h) => `# ${h}`.trimEnd()), ...body].join('\n')}\n`;
}

/**
 * Fill the gaps, write the file's text, price it. `path` is where the file will be written (sample
 * paths are relative to its folder); `file` is its name in messages.
 */
export function buildStarter(req: InitRequest, tables: PricingTables, file: string, path?: string): Starter {
  const chosen: string[] = [];
  const choose = <T>(given: T | undefined, fallback: T, say: string): T => {
    if (given !== undefined) return given;
    chosen.push(say);
    return fallback;
  };
  const name = choose(req.name, DEFAULTS.name, `name: '${DEFAULTS.name}' (rename it)`);
  const volumeGiven = req.requestsPerDay !== undefined || req.users !== undefined;
  if ((req.users === undefined) !== (req.requestsPerUser === undefined)) {
    throw new InputError({
      code: 'E_USAGE',
      field: req.users === undefined ? '--requests-per-user' : '--users',
      message: 'users and requests per user go together',
      expected: '--users N --requests-per-user N, or --requests-per-day N',
    });
  }
  if (req.requestsPerDay !== undefined && req.users !== undefined) {
    throw new InputError({
      code: 'E_USAGE',
      field: '--requests-per-day',
      message: 'two ways of giving the volume',
      expected: '--requests-per-day N, or --users N --requests-per-user N',
    });
  }
  if (!volumeGiven)
    chosen.push(`requests_per_day: ${num(DEFAULTS.requestsPerDay)} (50,000 users × 8, ${DEFAULTS.source})`);
  if (req.prompts !== undefined && req.inputTokens !== undefined) {
    throw new InputError({
      code: 'E_USAGE',
      field: '--prompts',
      message: 'two ways of giving the input tokens',
      expected: '--input-tokens N, or --prompts FOLDER to measure',
    });
  }
  const inputTokens =
    req.prompts !== undefined
      ? undefined
      : choose(
          req.inputTokens,
          DEFAULTS.inputTokens,
          `input_tokens: ${num(DEFAULTS.inputTokens)} a call (${DEFAULTS.source}; --prompts DIR measures yours)`,
        );
  const outputTokens = choose(
    req.outputTokens,
    DEFAULTS.outputTokens,
    `output_tokens: ${num(DEFAULTS.outputTokens)} a call (${DEFAULTS.source})`,
  );
  // The example's models when the tables have them (a --pricing file may replace the tables), else the first id.
  const fallback = (ids: Iterable<string>, preferred: string) => {
    const all = [...ids].sort();
    return all.includes(preferred)
      ? { id: preferred, why: DEFAULTS.source }
      : { id: all[0] ?? preferred, why: 'the first id in the pricing tables' };
  };
  const apiDefault = fallback(tables.apiModels.keys(), DEFAULTS.apiModel);
  const openDefault = fallback(tables.openModels.keys(), DEFAULTS.openModel);
  const apiId = choose(req.apiModel, apiDefault.id, `api.model: ${apiDefault.id} (${apiDefault.why})`);
  const openId = choose(req.openModel, openDefault.id, `self_hosted.model: ${openDefault.id} (${openDefault.why})`);
  const api = findApiModel(tables, apiId, { field: '--api-model' });
  findOpenModel(tables, openId, { field: '--open-model' });
  const commitment = req.commitment ?? DEFAULTS.commitment;
  const staffFte = choose(
    req.staffFte,
    DEFAULTS.staffFte,
    `self_hosted.staff: ${DEFAULTS.staffFte} FTE at ${money(DEFAULTS.staffCost)} a year (${DEFAULTS.source}; --staff-fte 0: none)`,
  );
  const staffCost = req.staffCost ?? DEFAULTS.staffCost;

  const linesFor = (gpu: string, provider: string | undefined, gpuNote?: string): Line[] => {
    const notes = req.notes ?? {};
    const note = (path: string, fallback?: string) => notes[path] ?? fallback;
    const lines: Line[] = [
      ['version: 1'],
      [`name: ${yamlString(name)}`, 'shown at the top of every report'],
      ...(req.description ? [[`description: ${yamlString(req.description)}`] as Line] : []),
      ['horizon_months: 24', 'months simulated; the TCO is their sum'],
      ['workload:'],
      ...(req.users !== undefined
        ? ([
            [`  daily_active_users: ${req.users}`, note('workload.daily_active_users')],
            [`  requests_per_user_per_day: ${req.requestsPerUser}`],
          ] as Line[])
        : ([
            [
              `  requests_per_day: ${req.requestsPerDay ?? DEFAULTS.requestsPerDay}`,
              note(
                'workload.requests_per_day',
                volumeGiven ? 'LLM requests a day in month 1' : 'guess: replace with yours',
              ),
            ],
          ] as Line[])),
      req.prompts !== undefined
        ? [
            `  input_tokens: { sample: ${yamlString(req.prompts)}, stat: mean }`,
            'measured from your prompts whenever the file is loaded',
          ]
        : [
            `  input_tokens: ${inputTokens}`,
            note(
              'workload.input_tokens',
              req.inputTokens === undefined ? 'guess: mean prompt tokens per call' : 'mean prompt tokens per call',
            ),
          ],
      [
        `  output_tokens: ${outputTokens}`,
        note(
          'workload.output_tokens',
          req.outputTokens === undefined ? 'guess: mean answer tokens per call' : 'mean answer tokens per call',
        ),
      ],
      ...(req.cachedInputShare !== undefined
        ? [
            [
              `  cached_input_share: ${req.cachedInputShare}`,
              note('workload.cached_input_share', 'share of input tokens read from the prompt cache'),
            ] as Line,
          ]
        : []),
      ...(req.cacheWriteShare
        ? [
            [
              `  cache_write_share: ${req.cacheWriteShare}`,
              note('workload.cache_write_share', 'share of input tokens written to the cache'),
            ] as Line,
          ]
        : []),
      [
        `  peak_to_average: ${req.peakToAverage ?? DEFAULTS.peakToAverage}`,
        note('workload.peak_to_average', 'busiest hour ÷ mean hour: sizes the GPUs'),
      ],
      [
        `  growth: { monthly_rate: ${flowNumber(req.growth ?? 0)} }`,
        note('workload.growth', '0.03 = 3% more calls every month'),
      ],
      ['api:'],
      [
        `  model: ${api.id}`,
        `${money(api.input_per_1m)} in, ${money(api.output_per_1m)} out per 1M tokens (as of ${api.as_of})`,
      ],
      ['self_hosted:'],
      [`  model: ${openId}`],
      [`  gpu: ${gpu}`, gpuNote],
      ...(provider ? [[`  provider: ${provider}`, 'whose price: llmcost pricing list --kind gpu'] as Line] : []),
      [`  commitment: ${commitment}`, 'or reserved_1y, reserved_3y, spot where sold'],
      ['  min_replicas: 2', 'kept running for availability'],
      ...(staffFte > 0
        ? [[`  staff: { fte: ${staffFte}, annual_cost_per_fte: ${staffCost} }`, 'people who run the GPUs'] as Line]
        : [['  # staff: { fte: 1, annual_cost_per_fte: 200000 }', 'people who run the GPUs'] as Line]),
      ['# hybrid: { self_hosted_share: 0.5 }', 'uncomment: half the calls self-hosted'],
    ];
    return lines;
  };
  // No `$schema=` line: its path depends on where llmcost is installed (`llmcost schema scenario`).
  const header = [
    ...(req.header ?? []),
    'Written by `llmcost init`. Lines marked "guess" are defaults: replace them with your figures.',
    'Every field, its unit and default: docs/scenario.md in llmcost, or `llmcost schema scenario`.',
  ];

  // Priced through the pipeline as `compare` will price the file (samples measured, then resolved).
  const price = (text: string): { loaded: MeasuredScenario; report: Report } => {
    const { loaded, report } = runLoaded({ ...parseScenarioText(text, file), path }, file, tables, {});
    return { loaded, report };
  };

  let gpu = req.gpu;
  let provider = req.provider;
  let gpuNote: string | undefined;
  if (gpu === undefined || gpu === 'auto') {
    // Let gpu: auto pick, then write its month-1 choice down so the file says what it runs on.
    const draft = price(render(linesFor('auto', provider), header));
    const sh = draft.report.strategies.find((s) => s.id === 'self_hosted');
    const cap = sh?.months[0]?.capacity;
    const choice = cap?.choice?.chosen ?? (cap?.serving ? `${cap.gpu}/${cap.serving.provider}` : undefined);
    if (!choice)
      throw new InputError({
        code: 'E_NO_FIT',
        field: '--open-model',
        message: `no GPU in the pricing tables serves ${openId}`,
        expected: 'another --open-model, or --gpu ID',
      });
    const slash = choice.indexOf('/');
    gpu = choice.slice(0, slash);
    provider = choice.slice(slash + 1);
    gpuNote = `cheapest fit in month 1${cap?.choice?.runner_up ? `; next: ${cap.choice.runner_up}` : ''}`;
    chosen.push(`self_hosted.gpu: ${gpu} at ${provider}, ${commitment} (${gpuNote})`);
  } else if (provider === undefined) {
    const row = findGpu(tables, gpu, { field: '--gpu' });
    const offers = row.prices
      .filter((p) => p[commitment] !== undefined)
      .sort((a, b) => (a[commitment] as number) - (b[commitment] as number) || (a.provider < b.provider ? -1 : 1));
    if (!offers[0])
      throw new InputError({
        code: 'E_NO_PRICE',
        field: '--gpu',
        message: `no ${commitment} price for GPU '${gpu}'`,
        expected: `--commitment one of ${COMMITMENTS.filter((c) => row.prices.some((p) => p[c] !== undefined)).join(', ')}`,
      });
    provider = offers[0].provider;
    gpuNote = `${provider} is the cheapest ${commitment} price of this GPU ($${offers[0][commitment]}/GPU-hour)`;
    chosen.push(`self_hosted.provider: ${gpuNote}`);
  }
  const text = render(linesFor(gpu, provider, gpuNote), header);
  const { loaded, report } = price(text);
  return { text, chosen, report, loaded };
}

/** One line per computed strategy: month 1, TCO; then the recommendation. */
export function summarise(report: Report): string[] {
  const lines = report.strategies.map(
    (s) =>
      `${s.id.padEnd(11)} month 1 ${formatUsd(s.month1_cost).padStart(13)}   ${report.horizon_months}-month TCO ${formatUsd(s.tco).padStart(15)}`,
  );
  if (report.recommendation) lines.push(`recommendation: ${report.recommendation.strategy}`);
  return lines;
}
