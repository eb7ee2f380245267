// `llmcost schema scenario` against the loader, with an independent draft 2020-12 validator (ajv):
// every file llmcost accepts validates (shipped scenarios, test fixtures, the error catalogue's
// examples, a few hundred generated ones), and every file llmcost refuses for its shape is refused.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { InputError } from '../../src/errors.js';
import { rng } from '../../src/random.js';
import { jsonSchemaOf } from '../../src/report/schemas.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { parseCatalogue } from '../cli/catalogue.js';
import { ROOT } from '../helpers.js';

const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: false });
const validateSchema = ajv.compile(jsonSchemaOf('scenario'));

/** What llmcost says of a text: accepted, or the error's code and message. */
function tool(text: string): { ok: true } | { ok: false; code: string; message: string } {
  try {
    parseScenarioText(text, 'gen.yaml');
    return { ok: true };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { ok: false, code: e.details.code, message: e.message };
  }
}

const schemaAccepts = (data: unknown): boolean => validateSchema(data) === true;
const why = () => ajv.errorsText(validateSchema.errors);

/**
 * Refusals that depend on other fields' values (or on several fields' sum), which a JSON Schema does
 * not express; every other refusal of parseScenarioText is about the file's shape.
 */
const VALUE_RULES = [
  /is above 1;/, // cached + cache-write shares, service-tier shares
  /multipliers; expected one multiplier per month/, // growth.curve length = horizon
  /the distribution reaches/, // a distribution's support against the field's range
  /out of order|is above (p90|max)/, // a distribution's own parameters
  /a second discount for/, // one discount per provider
];
/** Codes of the schema's own refusals; the others (YAML tags, aliases, encodings) come before any schema. */
const SCHEMA_CODES = new Set(['E_TYPE', 'E_UNKNOWN_KEY', 'E_MISSING_FIELD', 'E_RANGE', 'E_INVALID']);
const shapeRefusal = (r: { ok: false; code: string; message: string }) =>
  SCHEMA_CODES.has(r.code) && !VALUE_RULES.some((re) => re.test(r.message));

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(n) ? [p] : [];
  });
}

describe('the scenario JSON Schema', () => {
  it('is valid draft 2020-12 and gives every property a description', () => {
    const schema = jsonSchemaOf('scenario');
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const missing: string[] = [];
    const walk = (n: Record<string, unknown>, path: string) => {
      for (const [k, v] of Object.entries((n.properties ?? {}) as Record<string, Record<string, unknown>>)) {
        if (typeof v.description !== 'string') missing.push(`${path}${k}`);
        walk(v, `${path}${k}.`);
        for (const b of (v.anyOf ?? []) as Array<Record<string, unknown>>) walk(b, `${path}${k}.`);
        if (v.items) walk(v.items as Record<string, unknown>, `${path}${k}[].`);
      }
    };
    walk(schema, '');
    expect(missing).toEqual([]);
  });

  const files = [...yamlFiles(join(ROOT, 'scenarios')), ...yamlFiles(join(ROOT, 'test', 'fixtures'))];
  it.each(files.map((f) => [relative(ROOT, f), f]))('agrees with llmcost on %s', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const r = tool(text);
    const data: unknown = parse(text);
    if (r.ok) expect(schemaAccepts(data), `accepted by llmcost, refused by the schema: ${why()}`).toBe(true);
    else if (shapeRefusal(r))
      expect(schemaAccepts(data), `refused by llmcost (${r.message}), accepted by the schema`).toBe(false);
  });

  it('agrees with llmcost on every scenario shown in the docs', () => {
    let checked = 0;
    for (const f of [
      join(ROOT, 'README.md'),
      ...readdirSync(join(ROOT, 'docs'))
        .filter((n) => n.endsWith('.md'))
        .map((n) => join(ROOT, 'docs', n)),
    ]) {
      for (const m of readFileSync(f, 'utf8').matchAll(/^```ya?ml[^\n]*\n([\s\S]*?)^```/gm)) {
        if (!/^version: 1$/m.test(m[1]!) || !/^workload:/m.test(m[1]!)) continue;
        let data: unknown;
        try {
          data = parse(m[1]!, { logLevel: 'silent' });
        } catch {
          continue;
        }
        const r = tool(m[1]!);
        if (r.ok) expect(schemaAccepts(data), `${relative(ROOT, f)}: ${why()}`).toBe(true);
        else if (shapeRefusal(r))
          expect(schemaAccepts(data), `${relative(ROOT, f)}: llmcost says ${r.message}`).toBe(false);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(5);
  });

  it('accepts every shipped scenario, including the distributions of saas-support-uncertain.yaml', () => {
    for (const f of yamlFiles(join(ROOT, 'scenarios')))
      expect(schemaAccepts(parse(readFileSync(f, 'utf8'))), `${f}: ${why()}`).toBe(true);
  });

  it('refuses what the error catalogue shows llmcost refusing for its shape', () => {
    let refused = 0;
    for (const ex of parseCatalogue().examples.values()) {
      for (const f of ex.files.filter((x) => /\.ya?ml$/.test(x.name))) {
        let data: unknown;
        try {
          data = parse(f.text, { uniqueKeys: true, logLevel: 'silent' });
        } catch {
          continue; // not YAML, or a duplicate key: refused before any schema
        }
        if (
          data === null ||
          typeof data !== 'object' ||
          Array.isArray(data) ||
          !('version' in data) ||
          'api_models' in data ||
          'gpus' in data
        )
          continue;
        const r = tool(f.text);
        if (r.ok) expect(schemaAccepts(data), `${ex.name}: ${why()}`).toBe(true);
        else if (shapeRefusal(r)) {
          expect(schemaAccepts(data), `${ex.name}: llmcost says ${r.message}`).toBe(false);
          refused++;
        }
      }
    }
    expect(refused).toBeGreaterThanOrEqual(8);
  });

  describe('generated scenarios', () => {
    const bases = yamlFiles(join(ROOT, 'scenarios')).map(
      (f) => parse(readFileSync(f, 'utf8')) as Record<string, unknown>,
    );
    const random = rng(21);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    type Obj = Record<string, unknown>;
    /** Paths to every number in the document (list items included). */
    const numbers = (v: unknown, path: Array<string | number> = []): Array<Array<string | number>> => {
      if (typeof v === 'number') return [path];
      if (Array.isArray(v)) return v.flatMap((x, i) => numbers(x, [...path, i]));
      if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => numbers(x, [...path, k]));
      return [];
    };
    const objects = (v: unknown, path: Array<string | number> = []): Array<Array<string | number>> => {
      if (Array.isArray(v)) return v.flatMap((x, i) => objects(x, [...path, i]));
      if (v && typeof v === 'object') return [path, ...Object.entries(v).flatMap(([k, x]) => objects(x, [...path, k]))];
      return [];
    };
    const get = (d: unknown, p: Array<string | number>): unknown =>
      p.reduce<unknown>((o, k) => (o as Obj)[k as string], d);
    const set = (d: unknown, p: Array<string | number>, v: unknown) => {
      (get(d, p.slice(0, -1)) as Obj)[p[p.length - 1] as string] = v;
    };
    const distributionOf = (x: number): unknown =>
      pick([
        { low: x * 0.5, mode: x, high: x * 1.5 },
        { low: x, mode: x, high: x },
        { p10: Math.max(x * 0.8, 1e-3), p90: Math.max(x * 1.25, 1e-3) },
        { min: x, max: x },
        { min: x * 0.9, max: x * 1.1 },
        { choices: [x, Math.round(x)], weights: [1, 2] },
        { choices: [Math.round(x)] },
      ]);
    const ADDITIONS: Array<[string[], unknown]> = [
      [['workload', 'cache_write_share'], 0.1],
      [['workload', 'reasoning_tokens'], 500],
      [['workload', 'input_tokens'], { sample: 'prompts/*.txt', stat: 'p95' }],
      [['workload', 'rag_context_tokens'], { sample: 'chunks', per_call: { choices: [3, 4] } }],
      [['api', 'flex_share'], 0.2],
      [['api', 'cache_ttl'], '1h'],
      [['self_hosted', 'slo'], { ttft_ms: 800 }],
      [['self_hosted', 'autoscaling'], { min_replicas: 1, scale_up_minutes: { min: 5, max: 15 } }],
      [['self_hosted', 'reserved_replicas'], 1],
      [['self_hosted', 'fine_tuning'], { method: 'qlora', tokens: 1e7, epochs: 2 }],
      [['budgets'], { max_monthly: 100000, self_hosted: { max_tco: 2e6 } }],
      [['start_month'], '2027-03'],
      [['discounts'], [{ provider: 'openai', rate: 0.1 }]],
    ];
    const mutateValid = (d: Obj) => {
      const kind = pick(['distribution', 'distribution', 'add', 'drop']);
      if (kind === 'distribution') {
        const p = pick(numbers(d));
        if (p) set(d, p, distributionOf(get(d, p) as number));
      } else if (kind === 'add') {
        const [p, v] = pick(ADDITIONS);
        if (get(d, p.slice(0, -1)) !== undefined) set(d, p, structuredClone(v));
      } else {
        const p = pick(['description', 'days_per_month', 'hybrid', 'overheads', 'start_month']);
        delete d[p];
      }
    };
    const mutateShape = (d: Obj): string => {
      const kind = pick([
        'unknown-key',
        'string-for-number',
        'list-for-number',
        'drop-required',
        'bad-enum',
        'bad-distribution',
      ]);
      if (kind === 'unknown-key') {
        const p = pick(objects(d).filter((x) => !Array.isArray(get(d, x))));
        (get(d, p!) as Obj)[pick(['colour', 'input_tokenz', 'gpus', 'retries'])] = 1;
      } else if (kind === 'string-for-number' || kind === 'list-for-number') {
        const p = pick(numbers(d));
        if (!p) return 'none';
        set(d, p, kind === 'string-for-number' ? `${String(get(d, p))}k` : [get(d, p)]);
      } else if (kind === 'drop-required') {
        // A portfolio's classes stand where `workload:` stands in a one-class scenario.
        const w: Array<string | number> = d.workloads ? ['workloads', 0] : ['workload'];
        const p = pick([
          ['name'],
          d.workloads ? ['workloads'] : ['workload'],
          [...w, 'input_tokens'],
          [...w, 'output_tokens'],
        ]);
        delete (get(d, p.slice(0, -1)) as Obj)[p[p.length - 1]!];
      } else if (kind === 'bad-enum') {
        if (d.self_hosted) (d.self_hosted as Obj).commitment = 'monthly';
        else (d as Obj).api = { ...(d.api as Obj), cache_ttl: '5 minutes' };
      } else {
        const p = pick(numbers(d));
        if (!p) return 'none';
        set(d, p, pick([{ low: 1, high: 2 }, { p10: 1 }, { min: 1, max: 2, mode: 1 }, { choices: 'many' }]));
      }
      return kind;
    };

    it('accepts the few hundred llmcost accepts', () => {
      let accepted = 0;
      for (let i = 0; i < 400; i++) {
        const d = structuredClone(pick(bases));
        for (let m = 1 + Math.floor(random() * 4); m > 0; m--) mutateValid(d);
        const text = stringify(d);
        const r = tool(text);
        if (!r.ok) continue;
        accepted++;
        expect(schemaAccepts(parse(text)), `generated #${i}, accepted by llmcost:\n${text}\nschema: ${why()}`).toBe(
          true,
        );
      }
      expect(accepted).toBeGreaterThanOrEqual(250);
    });

    it('refuses the few hundred llmcost refuses for their shape', () => {
      let refused = 0;
      for (let i = 0; i < 300; i++) {
        const d = structuredClone(pick(bases));
        if (random() < 0.5) mutateValid(d);
        const kind = mutateShape(d);
        const text = stringify(d);
        const r = tool(text);
        if (r.ok || !shapeRefusal(r)) continue;
        refused++;
        expect(schemaAccepts(parse(text)), `generated #${i} (${kind}), llmcost says ${r.message}:\n${text}`).toBe(
          false,
        );
      }
      expect(refused).toBeGreaterThanOrEqual(200);
    });
  });
});
