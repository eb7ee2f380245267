// In-process engine benchmark (spawned by bench/run.mjs): microseconds per `compare` of the shipped
// example, interleaved with a fixed decimal workload that serves as the in-process baseline.
// Prints one JSON object on stdout.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  compareEngine,
  compareLoaded,
  compareText,
  Decimal,
  loadPricing,
  readScenario,
  resolveScenario,
} from '../dist/index.js';

const scenarioPath = new URL('../scenarios/saas-support.yaml', import.meta.url);
const scenarioFile = fileURLToPath(scenarioPath);
const samples = Number(process.argv[2] ?? 30);
const batch = Number(process.argv[3] ?? 20);

const tables = loadPricing();
const loaded = readScenario(scenarioFile, 'scenarios/saas-support.yaml');
const input = resolveScenario(loaded, tables);
const text = readFileSync(scenarioPath, 'utf8');

const PRICE = new Decimal('0.0000025');
const TOKENS = new Decimal('14400000000');
/** Baseline: 1,000 exact multiply-adds of a token count by a price, the engine's unit of work. */
function decimalMulAdd() {
  let total = new Decimal(0);
  for (let i = 0; i < 1000; i++) total = total.plus(TOKENS.times(PRICE));
  return total;
}

const cases = {
  engine: () => compareEngine(input),
  resolve_engine: () => compareLoaded(loaded, { tables }),
  parse_resolve_engine: () => compareText(text, 'saas-support.yaml', { tables }),
};

function timeBatch(fn) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < batch; i++) fn();
  return Number(process.hrtime.bigint() - t0) / 1e3 / batch; // µs per call
}

// Warm-up: let the JIT settle before anything is recorded.
for (let i = 0; i < 100; i++) for (const fn of [decimalMulAdd, ...Object.values(cases)]) fn();

// Per case: its samples and the baseline sample taken just before each one.
const out = { cases: Object.fromEntries(Object.keys(cases).map((k) => [k, { samples: [], baseline: [] }])) };
for (let s = 0; s < samples; s++) {
  for (const [name, fn] of Object.entries(cases)) {
    out.cases[name].baseline.push(timeBatch(decimalMulAdd));
    out.cases[name].samples.push(timeBatch(fn));
  }
}
const report = compareEngine(input);
out.evaluations = Object.fromEntries(Object.entries(report.break_even).map(([k, b]) => [k, b.evaluations]));
out.maxRssKB = process.resourceUsage().maxRSS;
process.stdout.write(`${JSON.stringify(out)}\n`);
