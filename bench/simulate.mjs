// Benchmark of `llmcost simulate` (issue 6): run with `npm run bench:simulate` (builds first).
//  1. the whole command, `simulate scenarios/saas-support.yaml --trials 10000`, as a process, against
//     a bare `node -e 0` in the same run (medians);
//  2. in-process trial throughput of simulate() against a hand-written Float64Array loop doing the
//     same arithmetic for the same scenario and the same draws (medians), and their ratio;
//  3. the float evaluator's largest relative error against the exact engine on every shipped scenario
//     at its point values (the degenerate case).
// Standalone on purpose: prints a small report; no file is written. Timings are wall-clock and noisy
// on a shared machine; the ratios are the figures to compare.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareEngine, loadPricing, prepareModel, readScenario, resolveScenario, simulate } from '../dist/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCENARIO = join(ROOT, 'scenarios', 'saas-support.yaml');
const TRIALS = 10_000;
const SEED = 7;
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Wall time and CPU time (user + system, all threads, from process.cpuUsage() at exit) of a process.
 * CPU time is what to read on a busy machine: wall time there includes waiting for a core.
 */
function timeProcess(cliArgs) {
  const wall = [];
  const cpu = [];
  const probe = `process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write('CPU ' + (u.user + u.system) / 1000 + '\\n'); });${cliArgs ? ` await import(${JSON.stringify(new URL('../bin/llmcost.js', import.meta.url).href)});` : ''}`;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    // argv[1] is a placeholder so the CLI's process.argv.slice(2) sees exactly cliArgs
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe, 'bench', ...(cliArgs ?? [])], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
      encoding: 'utf8',
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    wall.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`${(cliArgs ?? []).join(' ')} exited ${r.status}: ${r.stderr}`);
    cpu.push(Number(/CPU ([\d.]+)/.exec(r.stderr)[1]));
  }
  return { wall: median(wall), cpu: median(cpu) };
}

// 1. Whole command, against bare node and against `compare` (the same scenario and pricing loading)
const bare = timeProcess(null);
const compareCmd = timeProcess(['compare', SCENARIO]);
const whole = timeProcess(['simulate', SCENARIO, '--trials', String(TRIALS), '--seed', String(SEED)]);

// 2. In-process throughput
const tables = loadPricing();
const model = prepareModel(readScenario(SCENARIO), tables);
if (
  model.inputs.length !== 1 ||
  model.inputs[0].field !== 'api.price_change_per_year' ||
  model.inputs[0].dist.kind !== 'triangular'
) {
  throw new Error(
    'the hand-written loop below is written for saas-support.yaml with the default API price-trend distribution only',
  );
}

/** xoshiro128** seeded by splitmix32: the same generator as src/uncertainty/random.ts, inlined. */
function rng(seed) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = next(),
    b = next(),
    c = next(),
    d = next();
  const u32 = () => {
    const r = Math.imul((Math.imul(b, 5) << 7) | (Math.imul(b, 5) >>> 25), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = (d << 11) | (d >>> 21);
    return r;
  };
  return () => ((u32() >>> 5) * 67108864 + (u32() >>> 6) + 0.5) / 9007199254740992;
}

/** The same arithmetic as simulate() on saas-support.yaml, specialised by hand: no objects, no calls. */
function handLoop(trials, seed) {
  const s = model.scenario,
    p = model.prices,
    w = s.workload,
    sh = s.self_hosted;
  const H = s.horizon_months;
  const { low, mode, high } = model.inputs[0].dist;
  const base =
    w.daily_active_users *
    w.requests_per_user_per_day *
    s.days_per_month *
    w.llm_calls_per_request *
    (1 + w.retry_rate);
  const inTok = w.input_tokens + w.rag_context_tokens,
    outTok = w.output_tokens;
  const hours = s.days_per_month * 24;
  const peak =
    (w.peak_to_average * (inTok / p.selfHosted.prefill + outTok / p.selfHosted.decode)) / (s.days_per_month * 86400);
  const staff = (sh.staff.fte * sh.staff.annual_cost_per_fte) / 12;
  const ftCost = sh.fine_tuning.gpu_hours * p.selfHosted.onDemandRate;
  const gpuMonth = hours * p.selfHosted.gpusPerReplica * p.selfHosted.hourlyRate;
  const share = s.hybrid.self_hosted_share;
  const ov = (id) => s.overheads.filter((o) => !o.applies_to || o.applies_to.includes(id));
  const [ovApi, ovSh, ovHy] = ['api', 'self_hosted', 'hybrid'].map((id) =>
    ov(id).reduce((a, o) => a + (o.monthly ?? 0), 0),
  );
  const [oneApi, oneSh, oneHy] = ['api', 'self_hosted', 'hybrid'].map((id) =>
    ov(id).reduce((a, o) => a + (o.one_time ?? 0), 0),
  );
  const growth = new Float64Array(H);
  for (let i = 0, g = 1; i < H; i++, g *= 1 + w.growth.monthly_rate) growth[i] = g;
  const round6 = (x) => Math.round(x * 1e6) / 1e6;
  const month1 = new Float64Array(3 * trials),
    tco = new Float64Array(3 * trials),
    cheapest = new Uint8Array(trials),
    payback = new Int32Array(2 * trials),
    samples = new Float64Array(trials);
  const next = rng(seed);
  const cut = (mode - low) / (high - low);
  for (let t = 0; t < trials; t++) {
    const u = next();
    const r =
      u < cut
        ? low + Math.sqrt(u * (high - low) * (mode - low))
        : high - Math.sqrt((1 - u) * (high - low) * (high - mode));
    samples[t] = r;
    let ta = 0,
      ts = 0,
      th = 0,
      pbS = 0,
      pbH = 0;
    const step = r === 0 ? 1 : (1 + r) ** (1 / 12);
    for (let i = 0, g = 1; i < H; i++, g *= step) {
      const f = i === 0 ? 1 : g;
      const perCall =
        (inTok / 1e6) * (f === 1 ? p.api.input : round6(p.api.input * f)) +
        (outTok / 1e6) * (f === 1 ? p.api.output : round6(p.api.output * f));
      const calls = base * growth[i];
      const a = calls * perCall + ovApi + (i === 0 ? oneApi : 0);
      const fixed = staff + (i % sh.fine_tuning.every_months === 0 ? ftCost : 0);
      const sc =
        Math.max(sh.min_replicas, Math.ceil((calls * peak) / sh.target_utilization)) * gpuMonth +
        fixed +
        ovSh +
        (i === 0 ? oneSh : 0);
      const hc =
        calls * (1 - share) * perCall +
        Math.max(sh.min_replicas, Math.ceil((calls * share * peak) / sh.target_utilization)) * gpuMonth +
        fixed +
        ovHy +
        (i === 0 ? oneHy : 0);
      if (i === 0) {
        month1[t] = a;
        month1[trials + t] = sc;
        month1[2 * trials + t] = hc;
      }
      ta += a;
      ts += sc;
      th += hc;
      if (!pbS && ts <= ta) pbS = i + 1;
      if (!pbH && th <= ta) pbH = i + 1;
    }
    tco[t] = ta;
    tco[trials + t] = ts;
    tco[2 * trials + t] = th;
    cheapest[t] = ta <= ts && ta <= th ? 0 : ts <= th ? 1 : 2;
    payback[t] = pbS;
    payback[trials + t] = pbH;
  }
  // the same summary work: sort each series for its percentiles
  for (let k = 0; k < 3; k++) {
    month1
      .subarray(k * trials, (k + 1) * trials)
      .slice()
      .sort();
    tco
      .subarray(k * trials, (k + 1) * trials)
      .slice()
      .sort();
  }
  return { tco, samples };
}

// Same draws, same numbers: check before timing.
const sim = simulate(model, TRIALS, SEED);
const hand = handLoop(TRIALS, SEED);
let maxDiff = 0;
for (let k = 0; k < 3; k++)
  for (let t = 0; t < TRIALS; t++)
    maxDiff = Math.max(maxDiff, Math.abs(sim.data.tco[k][t] - hand.tco[k * TRIALS + t]) / hand.tco[k * TRIALS + t]);
if (maxDiff > 1e-12) throw new Error(`hand-written loop disagrees with simulate(): ${maxDiff}`);

const inProc = [],
  handTimes = [];
for (let i = 0; i < RUNS; i++) {
  let t = performance.now();
  simulate(model, TRIALS, SEED + i);
  inProc.push(performance.now() - t);
  t = performance.now();
  handLoop(TRIALS, SEED + i);
  handTimes.push(performance.now() - t);
}
const simMs = median(inProc),
  handMs = median(handTimes);

// 3. Float evaluator against the exact engine at point values, on every shipped scenario.
let maxRel = 0;
for (const f of readdirSync(join(ROOT, 'scenarios')).filter((x) => x.endsWith('.yaml'))) {
  const loaded = readScenario(join(ROOT, 'scenarios', f));
  const report = compareEngine(resolveScenario(loaded, tables));
  const m = prepareModel(loaded, tables, { defaults: false });
  const out = m.buffer();
  m.evaluate(out);
  report.strategies.forEach((s, k) =>
    s.months.forEach((mo, i) => {
      const exact = mo.cost.toNumber();
      if (exact !== 0) maxRel = Math.max(maxRel, Math.abs(out[k * m.months + i] - exact) / Math.abs(exact));
    }),
  );
}

const fmt = (x) => x.toFixed(1);
console.log(
  `simulate benchmark — ${TRIALS} trials, saas-support.yaml (24 months, 3 strategies), medians of ${RUNS} runs`,
);
console.log(
  `  whole command, wall:    ${fmt(whole.wall)} ms   (compare ${fmt(compareCmd.wall)} ms; bare node ${fmt(bare.wall)} ms, ratio ${(whole.wall / bare.wall).toFixed(2)}×; goal ≤ 500 ms)`,
);
console.log(
  `  whole command, CPU:     ${fmt(whole.cpu)} ms   (compare ${fmt(compareCmd.cpu)} ms; bare node ${fmt(bare.cpu)} ms; user + system, all threads)`,
);
console.log(
  `  in-process simulate():  ${fmt(simMs)} ms   (${Math.round(TRIALS / (simMs / 1000)).toLocaleString('en-US')} trials/s)`,
);
console.log(
  `  hand-written loop:      ${fmt(handMs)} ms   (${Math.round(TRIALS / (handMs / 1000)).toLocaleString('en-US')} trials/s)`,
);
console.log(`  ratio simulate / hand:  ${(simMs / handMs).toFixed(2)}×   (goal ≤ 10×)`);
console.log(
  `  float vs exact engine:  max relative error ${maxRel.toExponential(2)} over the shipped scenarios' monthly costs (point values)`,
);
