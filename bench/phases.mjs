// Where a cold `llmcost compare` spends its time, phase by phase: each sample is a fresh process
// (module loading and the JIT start cold, as in a real run). Medians over N runs.
//   node bench/phases.mjs [N]        (after npm run build; used for docs/performance.md)
//
// Two breakdowns: the CLI as users run it (the loader, the bundle with its code cache, one compare
// through the real command), and the same work through the library's ESM build, split finer (parse,
// price, simulate, format), which has no code cache: it shows what each step costs when compiled cold.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCENARIO = 'scenarios/saas-support.yaml';

async function cliPhases(lap) {
  const loader = createRequire(import.meta.url)(join(ROOT, 'dist/cli.cjs'));
  lap('load the loader (dist/cli.cjs)');
  const cache = loader.readCodeCache();
  lap('read the code cache (dist/llmcost.cache)');
  const { entry, script } = loader.loadBundle(cache);
  lap(`load the bundle from the cache (rejected: ${script.cachedDataRejected})`);
  const io = {
    stdout: () => {},
    stderr: () => {},
    env: {},
    cwd: ROOT,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    now: () => new Date(Date.UTC(2026, 10, 25)),
  };
  const code = await entry.run(['compare', SCENARIO], io);
  if (code !== 0) throw new Error(`compare exited ${code}`);
  lap('run `compare` (parse, price, simulate, format the table)');
}

async function libraryPhases(lap) {
  const lib = await import(join(ROOT, 'dist/index.js'));
  lap('import the library (dist/index.js, no code cache)');
  const tables = lib.loadPricing();
  lap('load pricing (snapshot)');
  const loaded = lib.readScenario(join(ROOT, SCENARIO), SCENARIO);
  lap('read + parse + validate scenario (first YAML parse)');
  const input = lib.resolveScenario(loaded, tables);
  lap('resolve against pricing');
  const report = lib.compareEngine(input);
  lap('engine: 3 strategies x 24 months + break-even (cold JIT)');
  lib.formatTable(report, {});
  lap('format table (first render)');
}

const PHASES = { cli: cliPhases, library: libraryPhases };

if (process.argv[2] === '--child') {
  // performance.now() counts from the process's time origin: its first reading is Node's own start-up.
  const marks = [['node start-up (to first line of user code)', performance.now()]];
  await PHASES[process.argv[3]]((name) => marks.push([name, performance.now()]));
  const out = marks.map(([name, t], i) => [name, i === 0 ? t : t - marks[i - 1][1]]);
  process.stdout.write(JSON.stringify(out));
} else {
  const n = Number(process.argv[2] ?? 15);
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  for (const kind of Object.keys(PHASES)) {
    const runs = [];
    for (let i = 0; i < n + 1; i++) {
      const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', kind], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
      if (i > 0) runs.push(JSON.parse(r.stdout));
    }
    const rows = runs[0].map(([name], k) => [name, median(runs.map((r) => r[k][1]))]);
    const total = rows.reduce((s, [, ms]) => s + ms, 0);
    const w = Math.max(...rows.map(([name]) => name.length), 60);
    process.stdout.write(
      `${kind === 'cli' ? 'CLI (bin → dist/cli.cjs → dist/llmcost.cjs + code cache)' : 'library (dist/index.js), finer phases'}\n`,
    );
    for (const [name, ms] of rows)
      process.stdout.write(
        `  ${name.padEnd(w)}  ${ms.toFixed(1).padStart(6)} ms  ${((ms / total) * 100).toFixed(0).padStart(3)}%\n`,
      );
    process.stdout.write(`  ${'sum of medians'.padEnd(w)}  ${total.toFixed(1).padStart(6)} ms\n\n`);
  }
}
