// The pre-pass that lets any numeric scenario input be a distribution. It runs on the parsed YAML
// before the scenario schema: each distribution object is validated, recorded with its path, and
// replaced by its point value, so the schema (and `compare`) see an ordinary number.
//
// Reserved keys: a mapping is read as a distribution when any of its keys is one of
// low, mode, high, p10, p90, min, max, choices, weights. No scenario mapping uses these keys, so the
// reading is unambiguous; a future mapping that needs them must pick other names.
import { InputError, formatPath } from '../errors.js';
import { describeValue as describe, positionOf, type ParsedYaml } from '../input/yaml.js';
import { pointValue, type Distribution } from './distribution.js';

export type InputPath = ReadonlyArray<string | number>;

export interface UncertainInput {
  /** Where in the scenario, e.g. ['workload', 'input_tokens'] or ['workload', 'growth', 'curve', 3]. */
  path: InputPath;
  /** Dotted form for people and output: workload.growth.curve[3]. */
  field: string;
  dist: Distribution;
  point: number;
  /** The scenario file, or a default's source when the scenario left the input out. */
  source: string;
}

const FORMS: ReadonlyArray<{ kind: Distribution['kind']; keys: readonly string[]; optional?: readonly string[] }> = [
  { kind: 'triangular', keys: ['low', 'mode', 'high'] },
  { kind: 'lognormal', keys: ['p10', 'p90'] },
  { kind: 'uniform', keys: ['min', 'max'] },
  { kind: 'choices', keys: ['choices'], optional: ['weights'] },
];
export const DISTRIBUTION_KEYS: ReadonlySet<string> = new Set(FORMS.flatMap((f) => [...f.keys, ...(f.optional ?? [])]));
const FORMS_TEXT = '{ low, mode, high }, { p10, p90 }, { min, max } or { choices: [...], weights: [...] }';
export const MAX_CHOICES = 1000;

/** Inputs whose value shapes the model itself (how many months, which profile) or are not inputs at all. */
export const NOT_UNCERTAIN: ReadonlyArray<{ path: InputPath; why: string }> = [
  { path: ['version'], why: 'the format version is not an input' },
  { path: ['horizon_months'], why: 'the horizon fixes how many months every trial has' },
  { path: ['self_hosted', 'gpus_per_replica'], why: 'it selects the throughput profile' },
  // (a named deployment's too: a drawn count reached the memory model as a number type it does not
  // take, and simulate stopped with an internal error; found by the property test)
  { path: ['deployments', '*', 'gpus_per_replica'], why: 'it selects the throughput profile' },
  { path: ['budgets'], why: 'budgets are thresholds to check against, not inputs' },
];

/** The NOT_UNCERTAIN entry a path is at or under (`*`: any name), if any. */
export function notUncertainAt(path: ReadonlyArray<string | number>): (typeof NOT_UNCERTAIN)[number] | undefined {
  return NOT_UNCERTAIN.find(
    (n) => path.length >= n.path.length && n.path.every((seg, i) => seg === '*' || path[i] === seg),
  );
}

export function isDistributionLike(v: unknown): v is Record<string, unknown> {
  return (
    v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).some((k) => DISTRIBUTION_KEYS.has(k))
  );
}

export interface Extracted {
  /** The document with every distribution replaced by its point value. */
  data: unknown;
  inputs: UncertainInput[];
}

export function extractDistributions(parsed: ParsedYaml): Extracted {
  const inputs: UncertainInput[] = [];
  const walk = (v: unknown, path: Array<string | number>): unknown => {
    if (Array.isArray(v)) return v.map((x, i) => walk(x, [...path, i]));
    if (v === null || typeof v !== 'object') return v;
    if (isDistributionLike(v)) {
      const blocked = notUncertainAt(path);
      if (blocked) throw fail(parsed, path, `cannot be a distribution: ${blocked.why}`, 'a plain value');
      const dist = parseDistribution(v, parsed, path);
      const point = pointValue(dist);
      inputs.push({ path, field: formatPath(path), dist, point, source: parsed.file });
      return point;
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = walk(x, [...path, k]);
    return out;
  };
  return { data: walk(parsed.data, []), inputs };
}

function fail(parsed: ParsedYaml, path: InputPath, message: string, expected?: string, atKey = false): InputError {
  return new InputError({
    code: 'E_INVALID',
    file: parsed.file,
    ...positionOf(parsed, path, atKey),
    field: formatPath(path),
    message,
    expected,
  });
}

export function parseDistribution(
  v: Record<string, unknown>,
  parsed: ParsedYaml,
  path: Array<string | number>,
): Distribution {
  const keys = Object.keys(v);
  const form = FORMS.find(
    (f) =>
      f.keys.every((k) => keys.includes(k)) && keys.every((k) => f.keys.includes(k) || (f.optional ?? []).includes(k)),
  );
  if (!form) {
    const stray = keys.find((k) => !DISTRIBUTION_KEYS.has(k));
    throw new InputError({
      code: stray ? 'E_UNKNOWN_KEY' : 'E_INVALID',
      file: parsed.file,
      ...positionOf(parsed, stray ? [...path, stray] : path, Boolean(stray)),
      field: formatPath(stray ? [...path, stray] : path),
      message: stray
        ? `unknown key '${stray}' in a distribution`
        : `is not a distribution form (keys: ${keys.join(', ')})`,
      expected: FORMS_TEXT,
    });
  }
  const num = (k: string): number => {
    const x = v[k];
    if (typeof x !== 'number' || !Number.isFinite(x))
      throw fail(parsed, [...path, k], `got ${typeof x === 'number' ? String(x) : describe(x)}`, 'a finite number');
    return x;
  };
  switch (form.kind) {
    case 'triangular': {
      const [low, mode, high] = [num('low'), num('mode'), num('high')];
      if (!(low <= mode && mode <= high))
        throw fail(parsed, path, `low ${low}, mode ${mode}, high ${high} are out of order`, 'low ≤ mode ≤ high');
      return { kind: 'triangular', low, mode, high };
    }
    case 'lognormal': {
      const [p10, p90] = [num('p10'), num('p90')];
      if (!(p10 > 0))
        throw fail(parsed, [...path, 'p10'], `got ${p10}`, 'a number greater than 0 (a lognormal is positive)');
      if (!(p10 <= p90)) throw fail(parsed, path, `p10 ${p10} is above p90 ${p90}`, 'p10 ≤ p90');
      return { kind: 'lognormal', p10, p90 };
    }
    case 'uniform': {
      const [min, max] = [num('min'), num('max')];
      if (!(min <= max)) throw fail(parsed, path, `min ${min} is above max ${max}`, 'min ≤ max');
      return { kind: 'uniform', min, max };
    }
    case 'choices': {
      const choices = v.choices;
      if (!Array.isArray(choices) || choices.length === 0 || choices.length > MAX_CHOICES) {
        throw fail(
          parsed,
          [...path, 'choices'],
          Array.isArray(choices) ? `has ${choices.length} items` : `got ${describe(choices)}`,
          `a list of 1 to ${MAX_CHOICES} numbers`,
        );
      }
      choices.forEach((c, i) => {
        if (typeof c !== 'number' || !Number.isFinite(c))
          throw fail(parsed, [...path, 'choices', i], `got ${describe(c)}`, 'a finite number');
      });
      let weights: number[] = choices.map(() => 1);
      if (v.weights !== undefined) {
        const w = v.weights;
        if (!Array.isArray(w) || w.length !== choices.length) {
          throw fail(
            parsed,
            [...path, 'weights'],
            Array.isArray(w) ? `has ${w.length} items` : `got ${describe(w)}`,
            `one weight per choice (${choices.length})`,
          );
        }
        w.forEach((x, i) => {
          if (typeof x !== 'number' || !Number.isFinite(x) || x < 0)
            throw fail(parsed, [...path, 'weights', i], `got ${describe(x)}`, 'a number ≥ 0');
        });
        if (!w.some((x) => (x as number) > 0))
          throw fail(parsed, [...path, 'weights'], 'are all 0', 'at least one weight above 0');
        weights = w as number[];
      }
      return { kind: 'choices', choices: choices as number[], weights };
    }
  }
  throw new Error('unreachable');
}
