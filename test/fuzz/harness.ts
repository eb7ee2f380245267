// Fuzzing every file llmcost reads: the shipped scenarios and pricing tables, mutated thousands of
// times (seeded, so any failure reproduces), each run in-process through the same functions the CLI
// calls. Every case must end in a report or an InputError — never another exception — and a report
// must never hold or print NaN, Infinity or exponent notation. A hang shows as the test's timeout;
// no wall-clock time is asserted.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareEngine } from '../../src/engine/compare.js';
import { isInputError } from '../../src/errors.js';
import { formatJson } from '../../src/format/json.js';
import { formatTable } from '../../src/format/table.js';
import { decodeUtf8 } from '../../src/input/read.js';
import { Decimal } from '../../src/money.js';
import { mergePricing, parsePricingText, type ParsedPricingFile } from '../../src/pricing/tables.js';
import type { Report } from '../../src/report/model.js';
import { listAssumptions } from '../../src/resolve/assumptions.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/resolve/resolve.js';
import { ROOT } from '../helpers.js';
import { rng } from '../../src/random.js';
import { mutate } from './mutate.js';

/** Cases per run (split between scenario and pricing files) and the seed; `npm run fuzz` raises both. */
export const CASES = Number(process.env.FUZZ_CASES ?? 5000);
export const SEED = Number(process.env.FUZZ_SEED ?? 7);

const read = (dir: string) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ name: `${dir}/${f}`, text: readFileSync(join(ROOT, dir, f), 'utf8') }));
const scenarios = read('scenarios');
const pricing = read('pricing');
const shipped: ParsedPricingFile[] = pricing.map((p) => parsePricingText(p.text, p.name));
const shippedTables = mergePricing(shipped);
/**
 * Mutated pricing is priced against the shipped SaaS scenario cut to 3 months: every strategy and
 * every month's arithmetic still runs, at an eighth of the cost of 24 months.
 */
const pricingProbe = parseScenarioText(
  readFileSync(join(ROOT, 'scenarios', 'saas-support.yaml'), 'utf8').replace(
    /^horizon_months: \d+/m,
    'horizon_months: 3',
  ),
  'scenarios/saas-support.yaml',
);

const MONEY_KEYS = new Set(['cost', 'unit_price', 'tco', 'month1_cost', 'last_month_cost', 'cost_per_1k_calls']);
const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

/** What a report prints must be finite, plain decimals: checked on the JSON and the table. */
function checkOutput(json: string, table: string): string | null {
  const outsideStrings = json.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  if (/NaN|Infinity|\d[eE][+-]?\d/.test(outsideStrings)) return 'non-finite or exponent number in JSON';
  let bad: string | null = null;
  const walk = (v: unknown, key: string) => {
    if (bad) return;
    if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
    else if (MONEY_KEYS.has(key) && v !== null && !(typeof v === 'string' && PLAIN_DECIMAL.test(v)))
      bad = `money field ${key} is ${JSON.stringify(v)}`;
  };
  walk(JSON.parse(json), '');
  if (bad) return bad;
  if (/\$-?[\d,.]*(NaN|Infinity|e[+-])/.test(table)) return 'non-finite money in the table';
  return null;
}

/** Every number in the report model is finite, and every count a safe integer printed without exponent. */
function checkModel(report: Report): string | null {
  const seen = new Set<unknown>();
  let bad: string | null = null;
  const walk = (v: unknown, key: string) => {
    if (bad) return;
    if (v instanceof Decimal) {
      if (!v.isFinite()) bad = `${key} is ${v.toString()}`;
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v) || (Number.isInteger(v) && !Number.isSafeInteger(v)) || Math.abs(v) >= 1e21)
        bad = `${key} is ${v}`;
    } else if (v !== null && typeof v === 'object' && !seen.has(v)) {
      seen.add(v);
      for (const [k, x] of Object.entries(v)) walk(x, k);
    }
  };
  walk(report, 'report');
  return bad;
}

function check(report: Report, format: boolean): void {
  const problem =
    checkModel(report) ??
    (format ? checkOutput(formatJson(report), formatTable(report, { monthly: true, explain: true })) : null);
  if (problem) throw new Error(problem);
}

function runScenario(text: string, bytes: Buffer | undefined, name: string, format: boolean): void {
  const source = bytes ? decodeUtf8(bytes, name) : text;
  const loaded = parseScenarioText(source, name);
  check(compareEngine(resolveScenario(loaded, shippedTables), { assumptions: listAssumptions(loaded) }), format);
}

function runPricing(index: number, text: string, bytes: Buffer | undefined, format: boolean): void {
  const file = pricing[index]!;
  const source = bytes ? decodeUtf8(bytes, file.name) : text;
  const mutated = parsePricingText(source, file.name);
  // As a user's --pricing override on top of the shipped tables, and as a shipped file in place of
  // the original (merging is cheap; the comparison runs on the second).
  mergePricing([...shipped, { ...mutated, file: 'override.yaml' }], shipped.length);
  const tables = mergePricing(shipped.map((p, i) => (i === index ? mutated : p)));
  check(compareEngine(resolveScenario(pricingProbe, tables)), format);
}

export interface FuzzResult {
  failures: string[];
  reports: number;
  inputErrors: number;
  codes: Map<string, number>;
}

/**
 * Run `cases` mutations of the shipped files of `kind` from `seed`. Every report is checked on its
 * model; every `formatEvery`-th also through the JSON and table formats (formatting costs more than
 * comparing, and the model check covers every number the formats print).
 */
export function fuzz(kind: 'scenario' | 'pricing', cases: number, seed: number, formatEvery = 8): FuzzResult {
  const r = rng(seed);
  const targets = kind === 'scenario' ? scenarios : pricing;
  const result: FuzzResult = { failures: [], reports: 0, inputErrors: 0, codes: new Map() };
  for (let i = 0; i < cases; i++) {
    const index = Math.floor(r() * targets.length);
    const target = targets[index]!;
    const m = mutate(target.text, r);
    const format = result.reports % formatEvery === 0;
    try {
      if (kind === 'scenario') runScenario(m.text, m.bytes, target.name, format);
      else runPricing(index, m.text, m.bytes, format);
      result.reports++;
    } catch (e) {
      if (isInputError(e)) {
        result.inputErrors++;
        result.codes.set(e.code, (result.codes.get(e.code) ?? 0) + 1);
        if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(e.message))
          result.failures.push(`case ${i}: a control character in the message: ${JSON.stringify(e.message)}`);
      } else {
        const err = e instanceof Error ? e : new Error(String(e));
        const input = m.bytes ? m.bytes.toString('latin1') : m.text;
        result.failures.push(
          `case ${i} of seed ${seed} (${target.name}, ${m.kind} mutation): ${err.name}: ${err.message}\n${err.stack?.split('\n').slice(1, 4).join('\n')}\n--- input (first 600 chars) ---\n${input.slice(0, 600)}`,
        );
      }
    }
  }
  return result;
}
