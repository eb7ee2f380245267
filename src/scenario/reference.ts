// docs/scenario.md: the reference of every scenario field, rendered from the annotated JSON Schema
// (types, bounds, defaults, which fields are required; src/scenario/jsonSchema.ts) and the field
// table (meaning, unit, example, commands; src/scenario/fields.ts). `node scripts/scenario-docs.mjs`
// writes it; test/unit/scenario-reference.test.ts fails when the checked-in file differs.
import { commandsOf, FIELD_DOCS, fieldDocKey, SECTIONS } from './fields.js';
import { scenarioJsonSchema } from './jsonSchema.js';
import { DEFAULT_DAYS_PER_MONTH } from './schema.js';

type Node = Record<string, unknown>;

export interface FieldRow {
  path: string;
  type: string;
  required: boolean;
  defaultValue: unknown;
  /** A distribution may stand for the number (docs/uncertainty.md). */
  range: boolean;
}

/** Every field of the scenario, parents before children, in the schema's order. */
export function scenarioFields(schema: Node = scenarioJsonSchema()): FieldRow[] {
  const rows: FieldRow[] = [];
  const walk = (node: Node, prefix: string) => {
    const required = new Set((node.required ?? []) as string[]);
    for (const [k, child] of Object.entries((node.properties ?? {}) as Record<string, Node>)) {
      const path = `${prefix}${k}`;
      rows.push({
        path,
        type: typeOf(child),
        required: required.has(k),
        defaultValue: child.default,
        range: isRange(child),
      });
      for (const sub of objectsIn(child)) walk(sub.node, `${path}${sub.suffix}.`);
    }
  };
  walk(schema, '');
  return rows;
}

/** The object schemas below a field: itself, its union's object forms, its list's items. */
function objectsIn(n: Node): Array<{ node: Node; suffix: string }> {
  if (n.type === 'object' && n.properties) return [{ node: n, suffix: '' }];
  if (n.type === 'array' && n.items) return objectsIn(n.items as Node).map((o) => ({ ...o, suffix: `[]${o.suffix}` }));
  if (Array.isArray(n.anyOf)) return (n.anyOf as Node[]).flatMap(objectsIn);
  return [];
}

const isDistributionRef = (n: Node) => typeof n.$ref === 'string' && /distribution|choices/.test(n.$ref);
function isRange(n: Node): boolean {
  return Array.isArray(n.anyOf) && (n.anyOf as Node[]).some((b) => isDistributionRef(b) || isRange(b));
}

/** 1000000 → 1,000,000; 1e15 → 10^15; 0.6 stays. */
export function formatNumber(x: number): string {
  if (Math.abs(x) >= 1e9 && Number.isInteger(Math.log10(Math.abs(x)))) return `10^${Math.log10(Math.abs(x))}`;
  if (!Number.isInteger(x)) return String(x);
  return String(x).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function typeOf(n: Node): string {
  if (Array.isArray(n.anyOf)) {
    const forms = (n.anyOf as Node[]).filter((b) => !isDistributionRef(b)).map(typeOf);
    return [...new Set(forms)].join(', or ');
  }
  if (n.const !== undefined) return `\`${String(n.const)}\``;
  if (Array.isArray(n.enum)) return `one of ${(n.enum as unknown[]).map((e) => `\`${String(e)}\``).join(', ')}`;
  switch (n.type) {
    case 'number':
    case 'integer': {
      const what = n.type === 'integer' ? 'whole number' : 'number';
      const lo =
        n.minimum !== undefined
          ? `≥ ${formatNumber(n.minimum as number)}`
          : n.exclusiveMinimum !== undefined
            ? `> ${formatNumber(n.exclusiveMinimum as number)}`
            : '';
      const hi =
        n.maximum !== undefined
          ? `≤ ${formatNumber(n.maximum as number)}`
          : n.exclusiveMaximum !== undefined
            ? `< ${formatNumber(n.exclusiveMaximum as number)}`
            : '';
      return [what, [lo, hi].filter(Boolean).join(', ')].filter(Boolean).join(' ');
    }
    case 'string':
      if (typeof n.pattern === 'string' && n.pattern.includes('a-zA-Z0-9')) return 'id';
      if (typeof n.pattern === 'string' && n.pattern.includes('\\d{4}')) return 'month `YYYY-MM`';
      return `text (up to ${formatNumber(n.maxLength as number)} characters)`;
    case 'boolean':
      return '`true` or `false`';
    case 'array': {
      const items = n.items as Node;
      const count = n.minItems !== undefined && n.minItems === n.maxItems ? `${String(n.minItems)} ` : '';
      const itemType =
        items.type === 'object'
          ? 'mappings'
          : typeOf(items)
              .replace(/^number/, 'numbers')
              .replace(/^one of/, 'each one of');
      return `list of ${count}${itemType}`;
    }
    case 'object': {
      const keys = Object.keys((n.properties ?? {}) as Node);
      return keys.length <= 3 ? `mapping \`{ ${keys.join(', ')} }\`` : 'mapping';
    }
    default:
      return 'any';
  }
}

function flow(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(flow).join(', ')}]`;
  if (v !== null && typeof v === 'object')
    return `{ ${Object.entries(v)
      .map(([k, x]) => `${k}: ${flow(x)}`)
      .join(', ')} }`;
  return String(v);
}

function defaultText(r: FieldRow): string {
  if (r.required) return '**required**';
  if (r.defaultValue === undefined) return '—';
  if (r.defaultValue === DEFAULT_DAYS_PER_MONTH) return '365/12 (30.4167)';
  return `\`${flow(r.defaultValue)}\``;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const lastKey = (path: string) => path.split('.').pop()!.replace(/\[\]$/, '');

/** The whole of docs/scenario.md. */
export function renderScenarioReference(): string {
  const rows = scenarioFields();
  const out: string[] = [
    '# Scenario reference',
    '',
    '<!-- Generated by `node scripts/scenario-docs.mjs` from src/scenario/schema.ts and src/scenario/fields.ts;',
    '     test/unit/scenario-reference.test.ts fails when this file and the code disagree. Do not edit by hand. -->',
    '',
    'A scenario is a YAML file with `version: 1` and keys in snake_case. Unknown keys are errors (a typo is',
    'reported with the key it probably meant); every field has a default unless it says **required**.',
    '`llmcost init` writes a commented starter file, and `llmcost schema scenario` prints this reference as',
    'a JSON Schema (draft 2020-12) for editors: put `# yaml-language-server: $schema=<path to>/scenario.schema.json`',
    'on the first line (the schema is also in this folder, [scenario.schema.json](scenario.schema.json)).',
    '',
    'A **range** column marked "yes" means the number may be given as a distribution instead —',
    '`{ low, mode, high }`, `{ p10, p90 }`, `{ min, max }` or `{ choices: [...], weights: [...] }` (whole',
    'numbers: `choices` only). `compare` uses its point value; `simulate`, `sensitivity` and `sweep` the',
    'range ([uncertainty.md](uncertainty.md)). Token counts may instead be measured from real text with',
    '`{ sample: prompts/*.txt, stat: p95 }` ([tokens.md](tokens.md)).',
    '',
    'Rules between fields that the table cannot show: give `workload.requests_per_day`, or',
    '`daily_active_users` with `requests_per_user_per_day`; a scenario needs `api:` or `self_hosted:`',
    '(or both; `hybrid:` needs both); `growth.curve` has one multiplier per month of the horizon;',
    '`cached_input_share + cache_write_share` and `batch_share + flex_share + priority_share` are at most 1;',
    '`traffic.hourly` replaces `peak_to_average`. How each figure is used: [README](../README.md#how-the-numbers-are-made),',
    '[capacity.md](capacity.md), [pricing.md](pricing.md), [check.md](check.md).',
    '',
  ];
  for (const section of SECTIONS) {
    const inSection = rows.filter((r) =>
      section.path === ''
        ? !r.path.includes('.') && !SECTIONS.some((s) => s.path && r.path === s.path)
        : r.path === section.path || r.path.startsWith(`${section.path}.`) || r.path.startsWith(`${section.path}[]`),
    );
    out.push(`## ${section.path ? `\`${section.title}\`` : section.title}`, '', section.intro, '');
    out.push(
      '| field | type | default | range | unit | meaning | example | used by |',
      '|---|---|---|---|---|---|---|---|',
    );
    for (const r of inSection) {
      const key = fieldDocKey(r.path);
      if (!key) throw new Error(`src/scenario/fields.ts has no entry for ${r.path}`);
      const doc = FIELD_DOCS[key]!;
      const commands = commandsOf(r.path, doc);
      const example = `\`${lastKey(r.path)}: ${doc.example}\``;
      out.push(
        `| \`${r.path}\` | ${cell(r.type)} | ${defaultText(r)} | ${r.range ? 'yes' : ''} | ${doc.unit ?? ''} | ${cell(doc.meaning)} | ${cell(example)} | ${commands.length ? commands.join(', ') : '—'} |`,
      );
    }
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
