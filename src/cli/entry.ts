// What the CLI bundle (dist/llmcost.cjs) exports to its loader (src/cli/bin.ts) and to its worker
// threads (src/cli/worker.ts).
import { fileURLToPath } from 'node:url';
import { run } from './main.js';
import type { CliIo } from './io.js';
import type { SliceResult, SliceTask } from './parallel.js';
import { enableWorkers } from './workerScript.js';

export { run } from './main.js';
export { processIo } from './io.js';

/** A worker thread's work (src/cli/worker.ts); the threading code loads only when it is used. */
export async function runSlice(task: SliceTask): Promise<SliceResult> {
  return (await import('./parallel.js')).runSlice(task);
}

// Inside the bundle, import.meta.url is dist/llmcost.cjs: the worker script sits beside it.
enableWorkers(fileURLToPath(new URL('./worker.cjs', import.meta.url)));

/**
 * The runs the build makes once, output discarded, so the code they compile can be saved in the
 * bundle's code cache (see bin.ts): the everyday commands on a shipped example. Any command still runs
 * without it; one that is not warmed here just compiles its own code when it first needs it.
 */
export const WARM_UP_RUNS: ReadonlyArray<readonly string[]> = [
  ['compare', 'scenarios/saas-support.yaml'],
  ['compare', 'scenarios/saas-support.yaml', '--format', 'json'],
  // The analyses: the engine in fast arithmetic, recording and running programs (a few trials suffice).
  ['simulate', 'scenarios/saas-support-uncertain.yaml', '--trials', '300'],
];

export async function warmUp(packageRoot: string): Promise<void> {
  const io: CliIo = {
    stdout: () => {},
    stderr: () => {},
    env: {},
    cwd: packageRoot,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    now: () => new Date(Date.UTC(2026, 0, 1)),
  };
  for (const argv of WARM_UP_RUNS) {
    const code = await run(argv, io);
    if (code !== 0) throw new Error(`warm-up run \`llmcost ${argv.join(' ')}\` exited ${code}`);
  }
}
