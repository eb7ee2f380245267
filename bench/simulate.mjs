// Benchmark of `llmcost simulate` (issue 6): run with `npm run bench:simulate` (builds first).
//  1. the whole command, `simulate scenarios/saas-support.yaml --trials 10000`, as a process, against
//     a bare `node -e 0` in the same run (medians);
//  2. in-process simulate() on saas-support.yaml and on saas-support-uncertain.yaml (15 inputs): the
//     first run in a fresh process (recording and compiling its programs, cold code) and the median of
//     later runs (the programs warm), with how many recordings served the trials;
//  3. the float evaluator's largest relative error against the exact engine on every shipped scenario
//     at its point values (the degenerate case), beyond each item's micro-dollar quantisation.
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

// 2. In process: the first run (cold) and warm runs, per scenario.
const tables = loadPricing();
const inProcess = ['saas-support.yaml', 'saas-support-uncertain.yaml'].map((file) => {
  const model = prepareModel(readScenario(join(ROOT, 'scenarios', file)), tables);
  let t = performance.now();
  simulate(model, TRIALS, SEED);
  const first = performance.now() - t;
  const recordings = model.stats.recordings;
  const warm = [];
  for (let i = 1; i <= RUNS; i++) {
    t = performance.now();
    simulate(model, TRIALS, SEED + i);
    warm.push(performance.now() - t);
  }
  return { file, inputs: model.inputs.length, first, warm: median(warm), recordings };
});

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
      // Each exact item is quantised to $0.000001 (the float path does not round every item there).
      const beyond = Math.max(0, Math.abs(out[k * m.months + i] - exact) - 0.5e-6 * mo.items.length);
      if (exact !== 0) maxRel = Math.max(maxRel, beyond / Math.abs(exact));
    }),
  );
}

const fmt = (x) => x.toFixed(1);
console.log(`simulate benchmark — ${TRIALS} trials, medians of ${RUNS} runs`);
console.log(
  `  whole command (saas-support), wall: ${fmt(whole.wall)} ms   (compare ${fmt(compareCmd.wall)} ms; bare node ${fmt(bare.wall)} ms, ratio ${(whole.wall / bare.wall).toFixed(2)}×)`,
);
console.log(
  `  whole command (saas-support), CPU:  ${fmt(whole.cpu)} ms   (compare ${fmt(compareCmd.cpu)} ms; bare node ${fmt(bare.cpu)} ms, ratio ${(whole.cpu / bare.cpu).toFixed(2)}×; user + system, all threads)`,
);
for (const r of inProcess)
  console.log(
    `  in-process simulate(), ${r.file} (${r.inputs} inputs): first ${fmt(r.first)} ms, warm ${fmt(r.warm)} ms (${Math.round(TRIALS / (r.warm / 1000)).toLocaleString('en-US')} trials/s); ${r.recordings} recording(s)`,
  );
console.log(
  `  float vs exact engine:  max relative error ${maxRel.toExponential(2)} beyond the items' $0.000001 quantisation, over the shipped scenarios' monthly costs (point values; goal ≤ 1e-9)`,
);
