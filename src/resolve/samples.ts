// Scenario fields measured from real text: `input_tokens: { sample: prompts/*.txt }` and friends.
// This is the one place where loading a scenario reads files other than itself: the sample paths are
// resolved against the scenario's folder, refused when they reach outside it (unless the user says
// --allow-outside-paths), counted with the API model's encoding, and recorded with their provenance
// so the report can say where each number came from. The engine only ever sees the resulting numbers.
import { dirname } from 'node:path';
import { formatPath, InputError } from '../errors.js';
import { aliasPath, positionOf } from '../input/yaml.js';
import { type Decimal, dec, formatNumber } from '../money.js';
import type { PricingTables } from '../pricing/tables.js';
import { isJsonlName } from '../tokens/corpus.js';
import { DEFAULT_ENCODING, isEncodingName, type EncodingName } from '../tokens/encodings.js';
import { expandInputs } from '../tokens/files.js';
import { measureFiles } from '../tokens/measure.js';
import type { StatName } from '../tokens/stats.js';
import type { LoadedScenario } from '../scenario/load.js';
import type { RagSample, TokenSample } from '../scenario/schema.js';

export const SAMPLE_FIELDS = ['input_tokens', 'output_tokens', 'rag_context_tokens'] as const;
export type SampleField = (typeof SAMPLE_FIELDS)[number];

export interface MeasuredField {
  /** Tokens per call the engine uses: the chosen statistic (× per_call for RAG context). */
  value: Decimal;
  stat: StatName;
  encoding: EncodingName;
  /** Why this encoding: the `encoding:` field, the API model's row, or the default. */
  encodingFrom: string;
  pattern: string;
  files: number;
  samples: number;
  mean: Decimal;
  p50: number;
  p95: number;
  /** 99th percentile (context limits warn when it does not fit). */
  p99: number;
  max: number;
  perCall?: number;
  skipped: Array<{ file: string; reason: string }>;
  /** One line for the report's assumptions: what was measured, where, how. */
  source: string;
}

export type Measured = Partial<Record<SampleField, MeasuredField>>;

/** A loaded scenario whose `sample:` fields have been measured: what resolving takes. */
export type MeasuredScenario = LoadedScenario & {
  measured: Measured;
  /** A portfolio's classes, each measured as its own one-class scenario (see classView). */
  classMeasured?: Measured[] | undefined;
};

export function hasSamples(loaded: LoadedScenario): boolean {
  const classes = loaded.scenario.workload ? [loaded.scenario.workload] : (loaded.scenario.workloads ?? []);
  return classes.some((w) => SAMPLE_FIELDS.some((k) => typeof w[k] === 'object'));
}

/**
 * The load step that reads `sample:` files: measure them once, into a new value (the loaded scenario
 * is never mutated). A scenario without samples measures nothing and reads no file.
 */
export function measureScenario(loaded: LoadedScenario, tables: PricingTables): MeasuredScenario {
  if (!loaded.scenario.workload) {
    // A portfolio: each class measured as the one-class scenario it is priced as (its own line numbers).
    const classes = (loaded.scenario.workloads ?? []).map((_, i) => {
      const view = classView(loaded, i);
      return hasSamples(view) ? measureSamples(view, tables) : {};
    });
    return { ...loaded, measured: {}, classMeasured: classes };
  }
  return { ...loaded, measured: hasSamples(loaded) ? measureSamples(loaded, tables) : {} };
}

/**
 * Class `i` of a portfolio (`workloads:`) as a one-class scenario: its workload in `workload:`, the
 * portfolio's own blocks left out, and a view of the file that maps `workload` back to
 * `workloads[i]` so every error still names the line and field the user wrote.
 */
export function classView<L extends LoadedScenario>(loaded: L, i: number): L {
  const s = loaded.scenario;
  const { id: _id, ...workload } = s.workloads![i]!;
  const data = loaded.parsed.data as { workloads?: unknown[] } | null;
  const measured = (loaded as Partial<MeasuredScenario>).classMeasured?.[i];
  return {
    ...loaded,
    scenario: { ...s, workload, workloads: undefined, strategies: undefined, deployments: undefined },
    parsed: {
      ...loaded.parsed,
      data: { ...(data ?? {}), workload: data?.workloads?.[i] },
      aliases: [{ from: ['workload'], to: ['workloads', i] }, ...(loaded.parsed.aliases ?? [])],
    },
    ...(measured ? { measured } : {}),
  };
}

/**
 * Tokens per call of a workload token field, whichever form it was given in: the number, or the
 * value measured from its `sample:` files. Code that needs these fields as numbers reads them here.
 */
export function workloadTokens(loaded: LoadedScenario | MeasuredScenario, key: SampleField): Decimal {
  const v = loaded.scenario.workload?.[key];
  // A number — or, while the analyses record a tape, the tape input standing in for one
  // (uncertainty/model.ts): anything but a `sample:` block.
  if (typeof v === 'number' || (v !== undefined && !(typeof v === 'object' && v !== null && 'sample' in v)))
    return dec(v as number);
  const measured = 'measured' in loaded ? loaded.measured[key] : undefined;
  // A programming error, not an input error: the pipeline always measures before it resolves.
  if (!measured)
    throw new Error(`workload.${key} is a sample: measure the scenario (measureScenario) before resolving it`);
  return dec(measured.value); // in the analyses' fast arithmetic too (a no-op when exact)
}

/** Measure every `sample:` field of a scenario read from a file. */
export function measureSamples(loaded: LoadedScenario, tables: PricingTables): Measured {
  const measured: Measured = {};
  const w = loaded.scenario.workload;
  for (const key of SAMPLE_FIELDS) {
    const spec = w?.[key];
    if (typeof spec !== 'object') continue;
    const field = formatPath(aliasPath(loaded.parsed, ['workload', key]));
    const at = {
      file: loaded.file,
      ...positionOf(loaded.parsed, ['workload', key, 'sample']),
      field: `${field}.sample`,
    };
    if (!loaded.path) {
      throw new InputError({
        ...at,
        code: 'E_INVALID',
        message: 'a sample needs the scenario to be read from a file (its folder anchors the paths)',
        expected: 'a number of tokens, or a scenario file',
      });
    }
    const { encoding, from } = encodingFor(spec, loaded, tables);
    const dir = dirname(loaded.path);
    let files: ReturnType<typeof expandInputs>;
    try {
      files = expandInputs([spec.sample], {
        base: dir,
        confineTo: loaded.allowOutsidePaths ? undefined : { dir, flag: '--allow-outside-paths' },
      });
    } catch (e) {
      if (e instanceof InputError)
        throw new InputError({
          ...at,
          code: e.code,
          message: `'${spec.sample}' ${e.details.message}`,
          expected: e.details.expected,
        });
      throw e;
    }
    // `.jsonl` files hold one sample per line; any other file is one sample.
    const unit = files.every((f) => isJsonlName(f.display)) ? 'line' : 'file';
    if (unit === 'file' && files.some((f) => isJsonlName(f.display))) {
      throw new InputError({
        ...at,
        code: 'E_INVALID',
        message: `'${spec.sample}' mixes .jsonl files (one sample per line) with other files (one sample per file)`,
        expected: 'a pattern that matches only .jsonl files, or none',
      });
    }
    const m = measureFiles(files, { encoding, unit, billing: key === 'output_tokens' ? 'output' : 'input' });
    if (m.skipped.length) {
      const s = m.skipped[0]!;
      throw new InputError({
        ...at,
        code: 'E_FILE_READ',
        message: `sample file ${s.file}: ${s.reason}${m.skipped.length > 1 ? ` (and ${m.skipped.length - 1} more)` : ''}`,
        expected: 'readable UTF-8 text files',
      });
    }
    if (m.samples.count === 0)
      throw new InputError({
        ...at,
        code: 'E_EMPTY',
        message: `'${spec.sample}' holds no text to measure`,
        expected: 'files with at least one non-blank sample',
      });
    const h = m.samples;
    const mean = dec(h.total).div(h.count);
    const statValue = spec.stat === 'mean' ? mean : dec(h.stat(spec.stat));
    const perCall = key === 'rag_context_tokens' ? (spec as RagSample).per_call : undefined;
    const value = perCall !== undefined ? statValue.times(perCall) : statValue;
    const what = `${formatNumber(dec(h.count))} ${unit === 'line' ? 'lines' : 'files'}${unit === 'line' ? ` in ${files.length} file${files.length === 1 ? '' : 's'}` : ''}`;
    const dist = `mean ${formatNumber(mean, 2)}, p50 ${h.percentile(50)}, p95 ${h.percentile(95)}, max ${h.max}`;
    measured[key] = {
      value,
      stat: spec.stat,
      encoding,
      encodingFrom: from,
      pattern: spec.sample,
      files: files.length,
      samples: h.count,
      mean,
      p50: h.percentile(50),
      p95: h.percentile(95),
      p99: h.percentile(99),
      max: h.max,
      perCall,
      skipped: [],
      source: `measured: ${spec.sample} (${what}, ${encoding} ${from}; ${dist}; ${spec.stat} used${perCall !== undefined ? ` × ${perCall} per call` : ''})`,
    };
  }
  return measured;
}

function encodingFor(
  spec: TokenSample | RagSample,
  loaded: LoadedScenario,
  tables: PricingTables,
): { encoding: EncodingName; from: string } {
  if (spec.encoding) return { encoding: spec.encoding, from: 'as set' };
  const id = loaded.scenario.api?.model;
  const row = id ? tables.apiModels.get(id) : undefined;
  if (row?.encoding && isEncodingName(row.encoding)) return { encoding: row.encoding, from: `of ${row.id}` };
  return { encoding: DEFAULT_ENCODING, from: row ? `default: ${row.id} has no tiktoken encoding` : 'default' };
}
