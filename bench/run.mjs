// `npm run bench`: llmcost's performance suite. Prints ONE table (median, min, max over repeated runs
// and the ratio to a baseline measured in the same run) and writes the raw samples as JSON to
// bench/results/<timestamp>.json so two runs can be compared.
//
// Whole-process benchmarks alternate with their baseline (`node -e 0`): A B A B …, so drift on a
// shared machine hits both sides alike; the ratio is the median of the per-pair ratios. In-process
// benchmarks alternate with a fixed decimal workload the same way.
//
//   node bench/run.mjs [--runs N] [--quick] [--imports] [--files N]
//     --runs N    start-up pairs per benchmark (default 30; --quick: 10)
//     --imports   add one row per dependency: the cost of importing it (the start-up breakdown)
//     --files N   scenario files for the scale benchmark (default 1000)
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, loadavg, tmpdir } from 'node:os';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NODE = process.execPath;
const BIN = join(ROOT, 'bin/llmcost.js');
const SCENARIO = 'scenarios/saas-support.yaml';

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const value = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : fallback;
};
const quick = flag('--quick');
const RUNS = value('--runs', quick ? 10 : 30);
const FILES = value('--files', 1000);
const SCALE_RUNS = quick ? 3 : 5;

if (!existsSync(join(ROOT, 'dist/cli.cjs'))) {
  process.stderr.write('bench: dist/ is missing: run `npm run build` first (npm run bench does)\n');
  process.exit(2);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

/** Wall time of one process in ms; fails loudly if the command fails (a benchmark of an error is no benchmark). */
function timeProcess(argv, env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(NODE, argv, {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1024 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0)
    throw new Error(
      `bench: \`node ${argv.join(' ').slice(0, 200)}\` exited with ${r.status}: ${String(r.stderr).split('\n')[0]}`,
    );
  return { ms, stdout: String(r.stdout) };
}

/** A B A B …: `runs` pairs of baseline and candidate, after `warmup` unrecorded pairs. */
function paired(candidate, baseline, runs, warmup = 3) {
  const a = [];
  const b = [];
  for (let i = 0; i < runs + warmup; i++) {
    const base = timeProcess(baseline).ms;
    const cand = timeProcess(candidate).ms;
    if (i >= warmup) {
      a.push(base);
      b.push(cand);
    }
  }
  return { baseline: a, samples: b };
}

function row({ id, label, unit, samples, baselineLabel, baseline, goal, extra }) {
  const ratios = samples.map((s, i) => s / baseline[i]);
  const med = median(samples);
  const ratio = median(ratios);
  let met = null;
  if (goal?.ratio !== undefined) met = ratio <= goal.ratio;
  if (goal?.max !== undefined) met = med <= goal.max;
  return {
    id,
    label,
    unit,
    runs: samples.length,
    median: med,
    min: Math.min(...samples),
    max: Math.max(...samples),
    baseline: { label: baselineLabel, median: median(baseline), samples: baseline },
    ratio,
    goal: goal ?? null,
    met,
    samples,
    ...(extra ? { extra } : {}),
  };
}

function progress(text) {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${text}`);
}

const BARE = ['-e', '0'];
const results = [];

// 1. Start-up: whole processes against bare node.
const startup = [
  {
    id: 'startup.compare',
    label: `llmcost compare ${SCENARIO}`,
    argv: [BIN, 'compare', SCENARIO],
    goal: { ratio: 1.5 },
  },
  { id: 'startup.version', label: 'llmcost --version', argv: [BIN, '--version'], goal: { ratio: 1.2 } },
  { id: 'startup.help', label: 'llmcost --help', argv: [BIN, '--help'], goal: { ratio: 1.2 } },
  // The floor for any CLI written as ESM: load one module and print one line (no goal; a reference).
  {
    id: 'startup.floor',
    label: 'floor: an ESM file that prints a line',
    argv: ['--input-type=module', '-e', "process.stdout.write('0.1.0\\n')"],
  },
];
if (flag('--imports')) {
  // The breakdown: what each dependency costs to import on its own (as the bundle no longer does this,
  // these rows explain why it bundles and lazy-loads).
  for (const spec of ['commander', 'yaml', 'zod/mini', 'decimal.js', 'chalk', 'js-tiktoken']) {
    startup.push({
      id: `import.${spec}`,
      label: `import '${spec}'`,
      argv: ['--input-type=module', '-e', `await import(${JSON.stringify(spec)})`],
    });
  }
}
for (const b of startup) {
  progress(`bench: ${b.label}`);
  const { baseline, samples } = paired(b.argv, BARE, RUNS);
  results.push(
    row({ id: b.id, label: b.label, unit: 'ms', samples, baselineLabel: 'node -e 0', baseline, goal: b.goal }),
  );
}

// 1b. The analyses: `simulate --trials 10000` on every shipped scenario against bare node (issue 15's goal:
// ≤ 5×, autoscaled and portfolio scenarios included). Fewer pairs than start-up: each run is ≈ 0.3–0.8 s.
for (const file of readdirSync(join(ROOT, 'scenarios'))
  .filter((f) => f.endsWith('.yaml'))
  .sort()) {
  const label = `llmcost simulate scenarios/${file} --trials 10000`;
  progress(`bench: ${label}`);
  const argv = [BIN, 'simulate', `scenarios/${file}`, '--trials', '10000'];
  const { baseline, samples } = paired(argv, BARE, SCALE_RUNS, 1);
  results.push(
    row({
      id: `simulate.${file.replace(/\.yaml$/, '')}`,
      label,
      unit: 'ms',
      samples,
      baselineLabel: 'node -e 0',
      baseline,
      goal: { ratio: 5 },
    }),
  );
}

// 2. Engine, in process: µs per compare, against 1,000 decimal multiply-adds.
progress('bench: engine (in process)');
const engine = JSON.parse(timeProcess([join(ROOT, 'bench/engine.mjs'), String(quick ? 10 : 30)]).stdout);
const ENGINE_ROWS = {
  engine: { label: 'compare in process: engine only (µs)', goal: { max: 1000 } },
  resolve_engine: { label: 'compare in process: resolve + engine (µs)' },
  parse_resolve_engine: { label: 'compare in process: parse + resolve + engine (µs)' },
};
for (const [k, meta] of Object.entries(ENGINE_ROWS)) {
  const { samples, baseline } = engine.cases[k];
  results.push(
    row({
      id: `engine.${k}`,
      label: meta.label,
      unit: 'µs',
      samples,
      baselineLabel: '1k Decimal mul-add',
      baseline,
      goal: meta.goal,
      extra: k === 'engine' ? { breakEvenEvaluations: engine.evaluations } : undefined,
    }),
  );
}

// 3. Scale: many generated scenario files in one process.
progress(`bench: ${FILES} scenarios`);
const dir = mkdtempSync(join(tmpdir(), 'llmcost-bench-'));
const notes = [];
try {
  const { loadPricing } = await import('../dist/index.js');
  const { generateScenarios } = await import('./scenarios.mjs');
  const scenarios = generateScenarios(loadPricing(), FILES, 1);
  for (const s of scenarios) writeFileSync(join(dir, s.name), s.text);

  const scaleArgv = ['--expose-gc', join(ROOT, 'bench/scale.mjs'), dir];
  const base = [];
  const samples = [];
  const inner = [];
  for (let i = 0; i < SCALE_RUNS + 1; i++) {
    const b = timeProcess(BARE).ms;
    const r = timeProcess(scaleArgv);
    if (i === 0) continue; // warm-up: file cache
    base.push(b);
    samples.push(r.ms);
    inner.push(JSON.parse(r.stdout));
  }
  const peak = Math.max(...inner.map((x) => x.maxRssKB));
  results.push(
    row({
      id: 'scale.library',
      label: `compare ${FILES} files, one process (library API, ms)`,
      unit: 'ms',
      samples,
      baselineLabel: 'node -e 0',
      baseline: base,
      goal: { max: 3 * FILES } /* 3 s per 1,000 files */,
      extra: {
        files: FILES,
        peakRssMB: round(peak / 1024, 1),
        rssAfter10pcMB: round(median(inner.map((x) => x.rssEarlyKB)) / 1024, 1),
        rssEndMB: round(median(inner.map((x) => x.rssEndKB)) / 1024, 1),
        liveHeapAfter10pcMB: round(median(inner.map((x) => x.liveHeapEarlyKB)) / 1024, 1),
        liveHeapEndMB: round(median(inner.map((x) => x.liveHeapEndKB)) / 1024, 1),
        maxEvaluations: Math.max(...inner.map((x) => x.maxEvaluations)),
      },
    }),
  );

  // The CLI path, when `compare` accepts several files on this branch.
  const files = scenarios.map((s) => join(dir, s.name));
  const probe = spawnSync(NODE, [BIN, 'compare', files[0], files[1], '--format', 'json'], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (probe.status === 0) {
    // The summary table (the default with several files), and JSON: every line item of every
    // scenario (≈ 220 MB for 1,000 files), the heaviest thing the command can be asked for.
    for (const [id, extraArgs, label] of [
      ['scale.cli', [], `llmcost compare <${FILES} files> (summary table, ms)`],
      ['scale.cli.json', ['--format', 'json'], `llmcost compare <${FILES} files> --format json (ms)`],
    ]) {
      progress(`bench: ${label}`);
      const { baseline, samples } = paired([BIN, 'compare', ...files, ...extraArgs], BARE, SCALE_RUNS, 1);
      results.push(
        row({
          id,
          label,
          unit: 'ms',
          samples,
          baselineLabel: 'node -e 0',
          baseline,
          goal: { max: 3 * FILES } /* 3 s per 1,000 files */,
        }),
      );
    }
  } else {
    notes.push(
      'scale via the CLI: not measured, `llmcost compare` takes one scenario on this build (measured through the library API instead).',
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
// A 100,489-point sweep: a 317 × 317 grid over users and output tokens, every strategy's TCO at every
// point written out as CSV.
const SWEEP = [
  BIN,
  'sweep',
  'scenarios/saas-support.yaml',
  '--vary',
  'workload.daily_active_users=1000..1000000',
  '--vary',
  'workload.output_tokens=50..2000',
  '--steps',
  '317',
  '--format',
  'csv',
];
if (
  spawnSync(NODE, [...SWEEP.slice(0, -4), '--steps', '3'], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } })
    .status === 0
) {
  progress('bench: sweep 317 x 317');
  const { baseline, samples } = paired(SWEEP, BARE, SCALE_RUNS, 1);
  results.push(
    row({
      id: 'sweep.grid',
      label: 'llmcost sweep, 317 x 317 grid = 100,489 points, CSV (ms)',
      unit: 'ms',
      samples,
      baselineLabel: 'node -e 0',
      baseline,
    }),
  );
} else {
  notes.push('sweep (100,000 points): not measured, there is no `sweep` command with --vary on this build.');
}
progress('');

// Machine and output.
const cpuModel = (() => {
  try {
    return /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? 'unknown';
  } catch {
    return cpus()[0]?.model ?? 'unknown';
  }
})();
const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return null;
  }
})();
const machine = {
  cpus: cpus().length,
  cpu: cpuModel,
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
  loadavg: loadavg().map((x) => round(x, 2)),
};
const when = new Date().toISOString();

const fmt = (x, unit) => (unit === 'µs' ? x.toFixed(0) : x >= 1000 ? x.toFixed(0) : x.toFixed(1));
const header = ['benchmark', 'runs', 'median', 'min', 'max', 'baseline (median)', 'ratio', 'goal', ''];
const lines = results.map((r) => [
  r.label,
  String(r.runs),
  `${fmt(r.median, r.unit)} ${r.unit}`,
  `${fmt(r.min, r.unit)} ${r.unit}`,
  `${fmt(r.max, r.unit)} ${r.unit}`,
  `${r.baseline.label} ${fmt(r.baseline.median, r.unit)} ${r.unit}`,
  `${r.ratio.toFixed(2)}×`,
  r.goal ? (r.goal.ratio !== undefined ? `≤ ${r.goal.ratio}× ratio` : `≤ ${r.goal.max} ${r.unit}`) : '',
  r.met === null ? '' : r.met ? 'ok' : 'MISSED',
]);
const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
const numeric = new Set([1, 2, 3, 4, 6]);
const fmtLine = (cells) =>
  cells
    .map((c, i) => (numeric.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
    .join('  ')
    .trimEnd();
const out = [
  `llmcost bench · ${when} · ${commit ?? 'no git'} · ${machine.cpus} × ${machine.cpu} · node ${machine.node} · load ${machine.loadavg.join(' ')}`,
  '',
  fmtLine(header),
  fmtLine(widths.map((w) => '-'.repeat(w))),
  ...lines.map(fmtLine),
  '',
];
const eng = results.find((r) => r.id === 'engine.engine');
const sc = results.find((r) => r.id === 'scale.library');
out.push(
  `break-even evaluations per scenario (example): ${Object.entries(eng.extra.breakEvenEvaluations)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}; most over ${FILES} generated: ${sc.extra.maxEvaluations}`,
);
out.push(
  `scale memory: peak RSS ${sc.extra.peakRssMB} MB; RSS ${sc.extra.rssAfter10pcMB} MB after 10% of the files, ${sc.extra.rssEndMB} MB at the end; live heap after GC ${sc.extra.liveHeapAfter10pcMB} MB → ${sc.extra.liveHeapEndMB} MB`,
);
for (const n of notes) out.push(n);
out.push(
  'ratio = median of per-pair ratios (candidate ÷ the baseline run just before it); goals on ratios for start-up, on medians otherwise.',
);
process.stdout.write(`${out.join('\n')}\n`);

const resultsDir = join(ROOT, 'bench/results');
mkdirSync(resultsDir, { recursive: true });
const file = join(resultsDir, `${when.replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify({ date: when, commit, machine, runs: RUNS, notes, results }, null, 2)}\n`);
process.stdout.write(`results: ${file.slice(ROOT.length)}\n`);
