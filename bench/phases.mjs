// Where a cold `llmcost compare` spends its time, phase by phase, from the bundled build: each sample
// is a fresh process (module loading and the JIT start cold, as in a real run). Medians over N runs.
//   node bench/phases.mjs [N]        (after npm run build; used for docs/performance.md)
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

if (process.argv[2] === '--child') {
  // performance.now() counts from the process's time origin: its first reading is Node's own start-up.
  const marks = [['node start-up (to first line of user code)', performance.now()]];
  const lap = (name) => marks.push([name, performance.now()]);
  const main = readdirSync(join(ROOT, 'dist/chunks')).find((f) => f.startsWith('main-'));
  await import(join(ROOT, 'dist/chunks', main));
  lap('import CLI (commander, bundled)');
  const lib = await import(join(ROOT, 'dist/index.js'));
  lap('import library (yaml, zod/mini, decimal.js, cli-table3, engine; bundled)');
  const tables = lib.loadPricing();
  lap('load pricing (snapshot)');
  const loaded = lib.readScenario(join(ROOT, 'scenarios/saas-support.yaml'), 'scenarios/saas-support.yaml');
  lap('read + parse + validate scenario (first YAML parse)');
  const input = lib.resolveScenario(loaded, tables);
  lap('resolve against pricing');
  const report = lib.compareEngine(input);
  lap('engine: 3 strategies x 24 months + break-even (cold JIT)');
  lib.formatTable(report, {});
  lap('format table (first cli-table3 render)');
  const out = marks.map(([name, t], i) => [name, i === 0 ? t : t - marks[i - 1][1]]);
  process.stdout.write(JSON.stringify(out));
} else {
  const n = Number(process.argv[2] ?? 15);
  const runs = [];
  for (let i = 0; i < n + 1; i++) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    if (i > 0) runs.push(JSON.parse(r.stdout));
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const rows = runs[0].map(([name], k) => [name, median(runs.map((r) => r[k][1]))]);
  const total = rows.reduce((s, [, ms]) => s + ms, 0);
  const w = Math.max(...rows.map(([name]) => name.length));
  for (const [name, ms] of rows) process.stdout.write(`${name.padEnd(w)}  ${ms.toFixed(1).padStart(6)} ms  ${((ms / total) * 100).toFixed(0).padStart(3)}%\n`);
  process.stdout.write(`${'sum of medians'.padEnd(w)}  ${total.toFixed(1).padStart(6)} ms\n`);
}
