// Many scenarios on several threads. `llmcost compare` over hundreds of files splits them into
// contiguous slices: the main thread takes the first, worker threads (dist/worker.cjs, which loads the
// same bundle with its code cache) take the others. Each slice turns its reports into output pieces
// (plain strings, see format/index.ts) and sends those back; the main thread assembles them in file
// order, so the output is the same, byte for byte, whatever the number of threads.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { InputErrorDetails } from '../errors.js';
import type { BatchPiece, FormatOptions, ReportFormatName } from '../format/index.js';
import { distinctRows } from '../pricing/staleness.js';
import type { PricingRowUsed } from '../report/model.js';
import type { CliIo } from './io.js';
import type { FileRef, RunRequest } from '../pipeline/request.js';
import { workerScript } from './workerScript.js';

/** Fewer files than this per thread and a thread's start-up (≈ 40 ms) outweighs what it saves. */
export const MIN_FILES_PER_THREAD = 32;

export interface SliceTask {
  refs: FileRef[];
  request: RunRequest;
  format: ReportFormatName;
  opts: Pick<FormatOptions, 'monthly' | 'explain' | 'csvLayout'> & { color: boolean };
}

export interface SliceResult {
  pieces: BatchPiece[];
  failures: Array<{ file: string; details: InputErrorDetails }>;
  /** Pricing rows the slice's reports used (each once). */
  used: PricingRowUsed[];
  computed: number;
  /** The first scenario the format could not take (focus without start_month). */
  formatError?: InputErrorDetails | undefined;
}

/** One thread per CPU unless --jobs says otherwise. */
export function defaultJobs(): number {
  return availableParallelism();
}

/** Compare one slice of the files and make each report's piece of the output. */
export async function runSlice(task: SliceTask): Promise<SliceResult> {
  const { forEachScenario, loadTables } = await import('../pipeline/index.js');
  const { BATCH_FORMATTERS } = await import('../format/index.js');
  const { isInputError } = await import('../errors.js');
  const { styleFor } = await import('./io.js');
  const formatter = await BATCH_FORMATTERS[task.format]();
  const opts: FormatOptions = {
    style: await styleFor(task.opts.color),
    monthly: task.opts.monthly,
    explain: task.opts.explain,
    csvLayout: task.opts.csvLayout,
  };
  const pieces: BatchPiece[] = [];
  const used: PricingRowUsed[] = [];
  let computed = 0;
  let formatError: InputErrorDetails | undefined;
  const failures = forEachScenario(task.refs, task.request, loadTables(task.request.pricing), (run) => {
    computed++;
    used.push(...run.report.pricing_used);
    if (formatError !== undefined) return;
    try {
      pieces.push(formatter.piece(run, opts));
    } catch (e) {
      if (!isInputError(e)) throw e;
      formatError = e.details;
    }
  });
  return {
    pieces,
    failures: failures.map((f) => ({ file: f.file, details: f.error.details })),
    used: distinctRows(used),
    computed,
    formatError,
  };
}

/** The files in `jobs` slices at most (fewer when there are few files), each run on its own thread. */
export async function runSlices(task: SliceTask, jobs: number, env: CliIo['env']): Promise<SliceResult[]> {
  // No worker script (from source, or a partial build): one thread, same output.
  const script = workerScript();
  const threads =
    script && existsSync(script) ? Math.max(1, Math.min(jobs, Math.floor(task.refs.length / MIN_FILES_PER_THREAD))) : 1;
  if (threads === 1) return [await runSlice(task)];
  const size = Math.ceil(task.refs.length / threads);
  const slices = Array.from({ length: threads }, (_, i) => ({
    ...task,
    refs: task.refs.slice(i * size, (i + 1) * size),
  }));
  const workers = slices.slice(1).map((slice) => new Worker(script!, { workerData: slice, env }));
  const results = Promise.all(
    workers.map(
      (w) =>
        new Promise<SliceResult>((resolve, reject) => {
          w.once('message', (m: { ok?: SliceResult; error?: string }) =>
            m.ok ? resolve(m.ok) : reject(new Error(m.error ?? 'worker failed')),
          );
          w.once('error', reject);
          w.once('exit', (code) => code !== 0 && reject(new Error(`worker exited with ${code}`)));
        }),
    ),
  );
  // Handled below, after the first slice; until then a failing worker must not count as unhandled.
  results.catch(() => {});
  try {
    // The first slice here, while the workers run theirs.
    const first = await runSlice(slices[0]!);
    return [first, ...(await results)];
  } catch (e) {
    // One slice failed (an internal error): the run is over, so are the others.
    await Promise.all(workers.map((w) => w.terminate()));
    throw e;
  }
}
