// Pricing tables: parse each file (pure), merge shipped tables with user overrides by id, and look
// rows up with "did you mean" suggestions. Data, not code: a new model or GPU is a row, never an `if`.
import { InputError } from '../errors.js';
import { checkDocument } from '../input/document.js';
import { parseYaml, positionOf, validate, type ParsedYaml } from '../input/yaml.js';
import { didYouMean, editDistance } from '../suggest.js';
import {
  pricingSchemas,
  type PricingFile,
  type ApiModelRow,
  type EfficiencyRow,
  type GpuRow,
  type OpenModelRow,
  type Precision,
  type ThroughputProfileRow,
} from './schema.js';

/** Where a row came from, so every figure in a report can name its file. */
export interface Origin {
  file: string;
  line?: number | undefined;
  /** GPU rows: the line of each of its price rows, in order (so a price cites its own line). */
  priceLines?: Array<number | undefined> | undefined;
}
export type ApiModel = ApiModelRow & { provider: string; origin: Origin };
export type Gpu = GpuRow & { origin: Origin };
export type ThroughputProfile = ThroughputProfileRow & { origin: Origin };
export type OpenModel = OpenModelRow & { origin: Origin };
export type EfficiencyCurve = EfficiencyRow & { origin: Origin };

export interface PricingFileSummary {
  file: string;
  rows: number;
  as_of_min: string | null;
  as_of_max: string | null;
}

export interface PricingTables {
  apiModels: ReadonlyMap<string, ApiModel>;
  gpus: ReadonlyMap<string, Gpu>;
  profiles: readonly ThroughputProfile[];
  openModels: ReadonlyMap<string, OpenModel>;
  files: readonly PricingFileSummary[];
  /** Efficiency curves (`efficiency:` rows), one per model, GPU, precision and GPUs per replica. */
  efficiency?: readonly EfficiencyCurve[] | undefined;
}

export interface ParsedPricingFile {
  file: string;
  content: PricingFile;
  /** The YAML it was parsed from, for line numbers; absent for rows converted from another format. */
  parsed?: ParsedYaml | undefined;
}

export function parsePricingText(text: string, file: string): ParsedPricingFile {
  const parsed = parseYaml(text, file);
  checkDocument(parsed, 'pricing file');
  const content = validate(pricingSchemas().PricingFile, parsed);
  checkUniqueIds(parsed, content);
  return { file, content, parsed };
}

export function profileKey(p: Pick<ThroughputProfileRow, 'model' | 'gpu' | 'precision' | 'gpus_per_replica'>): string {
  return `${p.model}@${p.gpu}/${p.precision}/tp${p.gpus_per_replica}`;
}

function checkUniqueIds(parsed: ParsedYaml, content: PricingFile): void {
  const check = <T>(section: string, rows: readonly T[] | undefined, key: (r: T) => string, label: string) => {
    const seen = new Map<string, number>();
    rows?.forEach((row, i) => {
      const k = key(row);
      const first = seen.get(k);
      if (first !== undefined) {
        const firstLine = positionOf(parsed, [section, first]).line;
        throw new InputError({
          code: 'E_DUPLICATE_ID',
          file: parsed.file,
          ...positionOf(parsed, [section, i]),
          field: `${section}[${i}]`,
          message: `duplicate ${label} '${k}' (first at line ${firstLine ?? '?'})`,
          expected: 'each id once per file',
        });
      }
      seen.set(k, i);
    });
  };
  check('api_models', content.api_models, (r) => r.id, 'id');
  check('gpus', content.gpus, (r) => r.id, 'id');
  check('open_models', content.open_models, (r) => r.id, 'id');
  check('throughput_profiles', content.throughput_profiles, profileKey, 'profile');
  check('efficiency', content.efficiency, profileKey, 'efficiency curve');
  content.gpus?.forEach((g, gi) => {
    const seen = new Set<string>();
    g.prices.forEach((p, pi) => {
      if (seen.has(p.provider)) {
        throw new InputError({
          code: 'E_DUPLICATE_ID',
          file: parsed.file,
          ...positionOf(parsed, ['gpus', gi, 'prices', pi]),
          field: `gpus[${gi}].prices[${pi}].provider`,
          message: `duplicate provider '${p.provider}' for GPU '${g.id}'`,
          expected: 'one price row per provider',
        });
      }
      seen.add(p.provider);
    });
  });
}

/**
 * Merge parsed files in order. `shippedCount` leading files are the project's own tables: an id
 * repeated among them is an error. Later files (the user's --pricing) replace rows by id.
 */
export function mergePricing(files: readonly ParsedPricingFile[], shippedCount = files.length): PricingTables {
  const apiModels = new Map<string, ApiModel>();
  const gpus = new Map<string, Gpu>();
  const profiles = new Map<string, ThroughputProfile>();
  const openModels = new Map<string, OpenModel>();
  const efficiency = new Map<string, EfficiencyCurve>();
  const summaries: PricingFileSummary[] = [];
  /** Where each profile was last defined, to place a broken cross-reference at its field. */
  const profileAt = new Map<string, (field: string) => Where>();

  files.forEach((f, fileIndex) => {
    const shipped = fileIndex < shippedCount;
    const dates: string[] = [];
    let rows = 0;
    const put = <T>(map: Map<string, T>, key: string, value: T, section: string, i: number) => {
      if (shipped && map.has(key)) {
        throw new InputError({
          code: 'E_DUPLICATE_ID',
          file: f.file,
          ...(f.parsed ? positionOf(f.parsed, [section, i]) : {}),
          field: `${section}[${i}]`,
          message: `'${key}' is defined in more than one shipped pricing file`,
          expected: 'each id in one file',
        });
      }
      map.set(key, value);
      rows++;
    };
    const origin = (section: string, i: number): Origin => ({
      file: f.file,
      line: f.parsed ? positionOf(f.parsed, [section, i]).line : undefined,
    });
    f.content.api_models?.forEach((r, i) => {
      dates.push(r.as_of);
      const provider = r.provider ?? r.id.split('/')[0]!;
      put(apiModels, r.id, { ...r, provider, origin: origin('api_models', i) }, 'api_models', i);
    });
    f.content.gpus?.forEach((r, i) => {
      dates.push(r.as_of, ...r.prices.map((p) => p.as_of));
      const priceLines = f.parsed
        ? r.prices.map((_, j) => positionOf(f.parsed!, ['gpus', i, 'prices', j]).line)
        : undefined;
      put(gpus, r.id, { ...r, origin: { ...origin('gpus', i), ...(priceLines ? { priceLines } : {}) } }, 'gpus', i);
    });
    f.content.throughput_profiles?.forEach((r, i) => {
      dates.push(r.as_of);
      put(profiles, profileKey(r), { ...r, origin: origin('throughput_profiles', i) }, 'throughput_profiles', i);
      profileAt.set(profileKey(r), (field) => ({
        file: f.file,
        ...(f.parsed ? positionOf(f.parsed, ['throughput_profiles', i, field]) : {}),
        field: `throughput_profiles[${i}].${field}`,
      }));
    });
    f.content.open_models?.forEach((r, i) => {
      dates.push(r.as_of);
      put(openModels, r.id, { ...r, origin: origin('open_models', i) }, 'open_models', i);
    });
    f.content.efficiency?.forEach((r, i) => {
      dates.push(r.as_of);
      put(efficiency, profileKey(r), { ...r, origin: origin('efficiency', i) }, 'efficiency', i);
      profileAt.set(`efficiency:${profileKey(r)}`, (field) => ({
        file: f.file,
        ...(f.parsed ? positionOf(f.parsed, ['efficiency', i, field]) : {}),
        field: `efficiency[${i}].${field}`,
      }));
    });
    dates.sort();
    summaries.push({ file: f.file, rows, as_of_min: dates[0] ?? null, as_of_max: dates[dates.length - 1] ?? null });
  });

  // Cross-references: a profile or curve must name a known model and GPU (whichever file defined them).
  const rows = [
    ...[...profiles.values()].map((p) => ({ p, key: profileKey(p) })),
    ...[...efficiency.values()].map((p) => ({ p, key: `efficiency:${profileKey(p)}` })),
  ];
  for (const { p, key } of rows) {
    const at = profileAt.get(key)!;
    if (!gpus.has(p.gpu)) {
      throw new InputError({
        code: 'E_UNKNOWN_ID',
        ...at('gpu'),
        message: `unknown GPU '${p.gpu}'`,
        expected: 'a GPU id from the pricing tables',
        suggestion: didYouMean(p.gpu, gpus.keys()),
      });
    }
    if (!openModels.has(p.model)) {
      throw new InputError({
        code: 'E_UNKNOWN_ID',
        ...at('model'),
        message: `unknown open model '${p.model}'`,
        expected: 'an open_models id',
        suggestion: didYouMean(p.model, openModels.keys()),
      });
    }
  }
  checkOpenModelRefs(apiModels, openModels, files);
  return {
    apiModels,
    gpus,
    profiles: [...profiles.values()],
    openModels,
    files: summaries,
    efficiency: [...efficiency.values()],
  };
}

/** Edits that turn an id into a shipped one: a hosted row's open_model this close to one is a typo. */
const OPEN_MODEL_TYPO_DISTANCE = 2;

/**
 * A hosted row's `open_model` names the open-weights model it serves. An id in open_models is fine; an
 * id of a model not (yet) in the tables is accepted as written (a hosted gpt-oss before its open_models
 * row ships), unless it is within a couple of edits of a shipped id: that is a misspelling, not a new model.
 */
function checkOpenModelRefs(
  apiModels: ReadonlyMap<string, ApiModel>,
  openModels: ReadonlyMap<string, OpenModel>,
  files: readonly ParsedPricingFile[],
): void {
  for (const m of apiModels.values()) {
    if (m.open_model === undefined || openModels.has(m.open_model)) continue;
    const near = [...openModels.keys()].filter((k) => editDistance(k, m.open_model!) <= OPEN_MODEL_TYPO_DISTANCE);
    if (!near.length) continue;
    const f = files.find((x) => x.file === m.origin.file);
    const i = f?.content.api_models?.findIndex((r) => r.id === m.id) ?? -1;
    const pos = f?.parsed && i >= 0 ? positionOf(f.parsed, ['api_models', i, 'open_model']) : {};
    throw new InputError({
      code: 'E_UNKNOWN_ID',
      file: m.origin.file,
      ...pos,
      field: `api_models[${i}].open_model`,
      message: `unknown open model '${m.open_model}' (API model '${m.id}')`,
      expected: 'an open_models id, or the id of an open model not in the tables',
      suggestion: didYouMean(m.open_model, near),
    });
  }
}

/** Lookups that fail with the nearest ids suggested. `at` places the error in the scenario. */
export interface Where {
  file?: string | undefined;
  line?: number | undefined;
  col?: number | undefined;
  field: string;
}

export function findApiModel(t: PricingTables, modelId: string, at: Where): ApiModel {
  const row = t.apiModels.get(modelId);
  if (row) return row;
  throw new InputError({
    code: 'E_UNKNOWN_ID',
    ...at,
    message: `unknown API model '${modelId}'`,
    expected: 'an api_models id from the pricing tables (see `llmcost pricing list`)',
    suggestion: didYouMean(modelId, t.apiModels.keys()),
  });
}

export function findGpu(t: PricingTables, gpuId: string, at: Where): Gpu {
  const row = t.gpus.get(gpuId);
  if (row) return row;
  throw new InputError({
    code: 'E_UNKNOWN_ID',
    ...at,
    message: `unknown GPU '${gpuId}'`,
    expected: 'a gpus id from the pricing tables',
    suggestion: didYouMean(gpuId, t.gpus.keys()),
  });
}

export function findOpenModel(t: PricingTables, modelId: string, at: Where): OpenModel {
  const row = t.openModels.get(modelId);
  if (row) return row;
  throw new InputError({
    code: 'E_UNKNOWN_ID',
    ...at,
    message: `unknown open model '${modelId}'`,
    expected: 'an open_models id from the pricing tables',
    suggestion: didYouMean(modelId, t.openModels.keys()),
  });
}

/** Profiles for a model on a GPU, best (measured, then highest decode per GPU) first. */
export function profilesFor(
  t: Pick<PricingTables, 'profiles'>,
  model: string,
  gpu: string,
  precision?: Precision,
): ThroughputProfile[] {
  return t.profiles
    .filter((p) => p.model === model && p.gpu === gpu && (precision === undefined || p.precision === precision))
    .sort(
      (a, b) => (a.kind === b.kind ? 0 : a.kind === 'measured' ? -1 : 1) || a.gpus_per_replica - b.gpus_per_replica,
    );
}
