// A worker thread of `llmcost compare` over many files (src/cli/parallel.ts): load the bundle as the
// CLI does, with its code cache, run one slice and send its pieces back.
import { parentPort, workerData } from 'node:worker_threads';
import { loadBundle, readCodeCache } from './bin.js';
import type { SliceTask } from './parallel.js';

const { entry } = loadBundle(readCodeCache());
entry.runSlice(workerData as SliceTask).then(
  (ok) => parentPort!.postMessage({ ok }),
  (e: unknown) => parentPort!.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
);
