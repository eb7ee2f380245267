// `llmcost schema scenario`: the JSON Schema of a scenario file as users write it, generated from the
// zod schema the loader uses (types, bounds, defaults), with
// - every field's description from src/scenario/fields.ts (editors show it on hover),
// - a distribution ({ low, mode, high }, { p10, p90 }, { min, max }, { choices, weights }) accepted
//   wherever llmcost accepts one (every number outside NOT_UNCERTAIN; whole numbers take choices),
// - the shape rules zod states as refinements and JSON Schema can say too (which fields go together).
// Rules that need other fields' values or the pricing tables stay llmcost's own.
import * as z from 'zod/mini';
import { MAX_CHOICES, notUncertainAt } from './extract.js';
import { FIELD_DOCS, fieldDocKey } from './fields.js';
import { BudgetLimits, Scenario } from './schema.js';

type Node = Record<string, unknown>;

const num = { type: 'number' };
const strict = (properties: Node, required: string[]): Node => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});

/** The four distribution forms, as src/scenario/extract.ts reads them. */
export const DISTRIBUTION_DEFS: Node = {
  distribution: {
    description:
      'A range instead of a number, for simulate, sensitivity and sweep; compare uses its point value (docs/uncertainty.md).',
    oneOf: [
      {
        ...strict({ low: num, mode: num, high: num }, ['low', 'mode', 'high']),
        description: 'Triangular; point value: mode.',
      },
      {
        ...strict({ p10: { type: 'number', exclusiveMinimum: 0 }, p90: num }, ['p10', 'p90']),
        description: 'Lognormal; point value: median.',
      },
      { ...strict({ min: num, max: num }, ['min', 'max']), description: 'Uniform; point value: midpoint.' },
      { $ref: '#/$defs/choices' },
    ],
  },
  choices: {
    ...strict(
      {
        choices: { type: 'array', items: num, minItems: 1, maxItems: MAX_CHOICES },
        weights: { type: 'array', items: { type: 'number', minimum: 0 }, minItems: 1, maxItems: MAX_CHOICES },
      },
      ['choices'],
    ),
    description: 'Discrete; weights default to equal; point value: the most likely choice.',
  },
  whole_number_choices: {
    ...strict(
      {
        choices: { type: 'array', items: { type: 'integer' }, minItems: 1, maxItems: MAX_CHOICES },
        weights: { type: 'array', items: { type: 'number', minimum: 0 }, minItems: 1, maxItems: MAX_CHOICES },
      },
      ['choices'],
    ),
    description: 'A whole number given as a range: discrete choices of whole numbers.',
  },
};

const required = (...keys: string[]): Node => ({ required: keys });
const none = (...keys: string[]): Node => ({ not: { anyOf: keys.map((k) => required(k)) } });

function limitsBlock(): Node {
  const { $schema: _drop, ...block } = z.toJSONSchema(BudgetLimits, { io: 'input' }) as Node;
  return block;
}

/** Refinements of src/scenario/schema.ts that are about which fields are present. */
const SHAPE_RULES: Readonly<Record<string, Node>> = {
  '': {
    allOf: [
      { anyOf: [required('api'), required('self_hosted')] },
      {
        oneOf: [
          { ...required('workload'), ...none('workloads') },
          { ...required('workloads'), ...none('workload') },
        ],
      },
    ],
  },
  workload: {
    oneOf: [
      { ...required('requests_per_day'), ...none('daily_active_users', 'requests_per_user_per_day') },
      { ...required('daily_active_users', 'requests_per_user_per_day'), ...none('requests_per_day') },
    ],
  },
  'workloads[]': {
    oneOf: [
      { ...required('requests_per_day'), ...none('daily_active_users', 'requests_per_user_per_day') },
      { ...required('daily_active_users', 'requests_per_user_per_day'), ...none('requests_per_day') },
    ],
  },
  'workloads[].traffic.hourly': { minItems: 24, maxItems: 24 },
  'per_call_costs[]': {
    oneOf: [
      { ...required('per_1k_calls'), ...none('per_call') },
      { ...required('per_call'), ...none('per_1k_calls') },
    ],
  },
  'workload.traffic.hourly': { minItems: 24, maxItems: 24 },
  // A named deployment has the fields of `self_hosted:` and obeys the same rules.
  ...Object.fromEntries(
    ['self_hosted', 'deployments.*'].flatMap((block) => [
      [
        `${block}.fine_tuning`,
        {
          oneOf: [
            { ...required('gpu_hours'), ...none('method', 'tokens', 'epochs', 'utilization') },
            { ...required('method', 'tokens'), ...none('gpu_hours') },
          ],
        },
      ],
      [`${block}.slo`, { anyOf: [required('ttft_ms'), required('tpot_ms')] }],
    ]),
  ),
  'overheads[]': { anyOf: [required('monthly'), required('one_time')] },
  // Any other key of `budgets:` is a portfolio strategy's limits block.
  budgets: { additionalProperties: limitsBlock() },
};

const isBlocked = (path: string[]): boolean => notUncertainAt(path) !== undefined;
const dotted = (path: string[]): string => path.join('.').replace(/\.\[\]/g, '[]');

/** The description an editor shows: meaning, unit, example. */
export function describeField(path: string): string | undefined {
  const key = fieldDocKey(path);
  if (!key) return undefined;
  const d = FIELD_DOCS[key]!;
  return `${d.meaning}${d.unit ? ` Unit: ${d.unit}.` : ''} Example: ${d.example}`;
}

function annotate(node: Node, path: string[]): Node {
  let out: Node = { ...node };
  if (out.properties) {
    const props: Node = {};
    for (const [k, v] of Object.entries(out.properties as Record<string, Node>)) {
      const child = annotate(v, [...path, k]);
      const description = describeField(dotted([...path, k]));
      props[k] = description ? { description, ...child } : child;
    }
    out.properties = props;
  }
  if (out.items) out.items = annotate(out.items as Node, [...path, '[]']);
  // A named map (deployments, strategies, a strategy's routes): each value like a field of its own.
  if (out.additionalProperties && typeof out.additionalProperties === 'object')
    out.additionalProperties = annotate(out.additionalProperties as Node, [...path, '*']);
  if (Array.isArray(out.anyOf)) out.anyOf = (out.anyOf as Node[]).map((b) => annotate(b, path));
  const rule = SHAPE_RULES[dotted(path)];
  if (rule) out = { ...out, ...rule };
  const numeric = out.type === 'number' || out.type === 'integer';
  if (numeric && out.const === undefined && !isBlocked(path)) {
    const { default: dflt, ...plain } = out;
    const ref = out.type === 'integer' ? '#/$defs/whole_number_choices' : '#/$defs/distribution';
    return { ...(dflt !== undefined ? { default: dflt } : {}), anyOf: [plain, { $ref: ref }] };
  }
  return out;
}

/** The scenario's JSON Schema (draft 2020-12), annotated; see the head of this file. */
export function scenarioJsonSchema(): Node {
  const generated = z.toJSONSchema(Scenario, { io: 'input', unrepresentable: 'any' }) as Node;
  const { $schema, ...rest } = generated;
  return { $schema, ...annotate(rest, []), $defs: DISTRIBUTION_DEFS };
}
