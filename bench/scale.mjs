// Scale benchmark (spawned by bench/run.mjs): compare every scenario file in a folder in ONE process
// through the library API, pricing loaded once. Prints one JSON object: files, elapsed ms (after
// start-up), RSS after the first 10% and at the end, peak RSS, the most break-even evaluations, and the
// live heap after a full GC at both points (run with --expose-gc): equal heaps mean nothing piles up.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compare, loadPricing } from '../dist/index.js';

const dir = process.argv[2];
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const t0 = process.hrtime.bigint();
const tables = loadPricing();
let maxEvaluations = 0;
let rssEarly = 0;
let heapEarly = 0;
const liveHeap = () => {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
};
let checksum = 0;
files.forEach((f, i) => {
  const report = compare(join(dir, f), { tables });
  for (const b of Object.values(report.break_even)) maxEvaluations = Math.max(maxEvaluations, b.evaluations);
  checksum += report.strategies.length; // keep the work observable without keeping the reports
  if (i === Math.floor(files.length / 10)) {
    rssEarly = process.memoryUsage().rss;
    heapEarly = liveHeap();
  }
});
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
const heapEnd = liveHeap();
process.stdout.write(
  `${JSON.stringify({ files: files.length, ms, checksum, maxEvaluations, rssEarlyKB: Math.round(rssEarly / 1024), rssEndKB: Math.round(process.memoryUsage().rss / 1024), maxRssKB: process.resourceUsage().maxRSS, liveHeapEarlyKB: Math.round(heapEarly / 1024), liveHeapEndKB: Math.round(heapEnd / 1024) })}\n`,
);
