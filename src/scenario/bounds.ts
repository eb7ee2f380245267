// The allowed range of a numeric scenario field, read from the scenario schema itself (its gt/gte/
// lt/lte checks and whether it is a whole number), so a distribution is checked against exactly the
// rules a plain value meets — one source of truth for both.
import type * as z from 'zod/mini';
import { InputError, formatPath } from '../errors.js';
import { childSchemas, positionOf, unwrap, type ParsedYaml } from '../input/yaml.js';
import { Scenario } from '../scenario/schema.js';
import { support, type Distribution } from './distribution.js';
import type { InputPath, UncertainInput } from './extract.js';

export interface FieldBounds {
  min: number;
  minInclusive: boolean;
  max: number;
  maxInclusive: boolean;
  integer: boolean;
}

/** Bounds of the number at `path` in the scenario schema; null when no number lives there. */
export function fieldBounds(path: InputPath, schema: z.ZodMiniType = Scenario): FieldBounds | null {
  let nodes: z.core.$ZodType[] = [schema as unknown as z.core.$ZodType];
  for (const seg of path) nodes = nodes.flatMap((n) => childSchemas(n, seg));
  const num = nodes.flatMap(unwrap).find((n) => (n._zod.def as { type: string }).type === 'number');
  if (!num) return null;
  const def = num._zod.def as {
    check?: string;
    checks?: Array<{ _zod: { def: { check: string; value?: number; inclusive?: boolean } } }>;
  };
  const b: FieldBounds = {
    min: -Infinity,
    minInclusive: true,
    max: Infinity,
    maxInclusive: true,
    integer: def.check === 'number_format',
  };
  for (const c of def.checks ?? []) {
    const d = c._zod.def;
    if (d.check === 'greater_than' && typeof d.value === 'number' && d.value >= b.min) {
      b.min = d.value;
      b.minInclusive = d.inclusive !== false;
    } else if (d.check === 'less_than' && typeof d.value === 'number' && d.value <= b.max) {
      b.max = d.value;
      b.maxInclusive = d.inclusive !== false;
    }
  }
  return b;
}

export function withinBounds(x: number, b: FieldBounds): boolean {
  return (
    (b.minInclusive ? x >= b.min : x > b.min) &&
    (b.maxInclusive ? x <= b.max : x < b.max) &&
    (!b.integer || Number.isInteger(x))
  );
}

export function describeBounds(b: FieldBounds): string {
  const parts: string[] = [];
  if (b.min > -Infinity) parts.push(`${b.minInclusive ? '≥' : '>'} ${b.min}`);
  if (b.max < Infinity) parts.push(`${b.maxInclusive ? '≤' : '<'} ${b.max}`);
  return `${b.integer ? 'whole numbers ' : 'values '}${parts.join(' and ')}`.trim();
}

/**
 * Every value a distribution can produce must be a value the field accepts: its support lies inside
 * the field's range, and a whole-number field takes only `{ choices }` of whole numbers.
 */
export function checkDistributionBounds(inputs: readonly UncertainInput[], parsed: ParsedYaml): void {
  for (const u of inputs) {
    const b = fieldBounds(u.path);
    const at = { file: parsed.file, ...positionOf(parsed, u.path), field: formatPath(u.path) };
    if (!b)
      throw new InputError({
        code: 'E_TYPE',
        ...at,
        message: 'a distribution stands where no number is expected',
        expected: "a plain value of the field's type",
      });
    if (b.integer && u.dist.kind !== 'choices') {
      throw new InputError({
        code: 'E_INVALID',
        ...at,
        message: `is a whole number, so a ${u.dist.kind} distribution does not fit`,
        expected: '{ choices: [whole numbers], weights: [...] }',
      });
    }
    const bad = badValue(u.dist, b);
    if (bad !== null) {
      throw new InputError({
        code: 'E_RANGE',
        ...at,
        message: `the distribution reaches ${Number(bad.toPrecision(6))}`,
        expected: `${describeBounds(b)} for every value it can take`,
      });
    }
  }
}

function badValue(d: Distribution, b: FieldBounds): number | null {
  if (d.kind === 'choices') return d.choices.find((c) => !withinBounds(c, b)) ?? null;
  const [lo, hi] = support(d);
  if (!withinBounds(lo, b)) return lo;
  if (!withinBounds(hi, b)) return hi;
  return null;
}
