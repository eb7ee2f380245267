// The process edge, as small as it can be: answer the version and the saved help at once; otherwise
// load the CLI bundle with V8's code cache, run it with the real world and set the exit code.
//
// Why a code cache: most of a cold `llmcost compare` used to be V8 compiling the bundle's functions
// (docs/performance.md). The build runs the everyday commands once (entry.ts, WARM_UP_RUNS) and saves
// the compiled code beside the bundle (dist/llmcost.cache); later runs deserialize it instead. V8
// checks that the cache fits this source, V8 version and flags; when it does not (another Node, a
// flag such as --inspect, a missing file) the bundle is compiled as usual: slower, never wrong.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';
import { VERSION } from '../version.js';

type Entry = typeof import('./entry.js');

// Optimise later. V8 compiles a function with its optimising compiler once it has run "enough"
// (the interrupt budget, ≈ 132 kB of bytecode executed by default), on background threads whose CPU
// time a short command pays in full: in `simulate --trials 10000` that compilation was a quarter of
// the process's CPU. A command of llmcost lives well under a second, so a budget about five times
// larger spends less on compiling than it loses running a little longer unoptimised. Measured with
// farm-bench (paired, -n 5–7): 400 kB against the default: simulate 0.77–0.79× CPU, compare 0.89×, 60
// files 0.63×, a 100,489-point sweep 0.97×; 700 kB against 400 kB: simulate 0.95–0.98×, compare 0.94×,
// 60 files 0.90×, the sweep 1.03×, 200,000 trials 1.0× (docs/performance.md). Set before the bundle is
// compiled, here and in the build's code-cache run alike (V8 accepts a code cache only under the flags
// it was made with). A tuning flag: it changes when code is optimised, never what it computes.
const INTERRUPT_BUDGET = 700_000;
const WASM_TIERING_BUDGET = 2_000_000_000;
setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
// The same for WebAssembly (the analyses' programs, src/uncertainty/machine.ts). Its baseline compiler
// (Liftoff) runs a program over 10,000 trials in ≈ 15 ms; optimising a program's function — thousands
// of instructions, hundreds of registers — took V8's optimising compiler more CPU than that on a
// background thread. A budget of 2·10^9 (bytes executed, roughly) lets a program be optimised only in a
// long run (200,000 trials). Paired against the default (farm-bench -n 5): simulate --trials 10000 of
// saas-support-uncertain 0.82× CPU, of support-portfolio 0.97×; 200,000 trials 0.98×.
setFlagsFromString(`--wasm-tiering-budget=${WASM_TIERING_BUDGET}`);

const here = (name: string): string => fileURLToPath(new URL(`./${name}`, import.meta.url));
const BUNDLE = here('llmcost.cjs');
const CODE_CACHE = here('llmcost.cache');

/** Compile and run the bundle as CommonJS (it is built that way: see scripts/build.mjs). Exported for bench/phases.mjs. */
export function loadBundle(cachedData: Buffer | undefined): { entry: Entry; script: Script } {
  const source = readFileSync(BUNDLE, 'utf8');
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: BUNDLE,
    ...(cachedData ? { cachedData } : {}),
  });
  const mod = { exports: {} as Entry };
  (script.runInThisContext() as (...args: unknown[]) => void)(
    mod.exports,
    createRequire(BUNDLE),
    mod,
    BUNDLE,
    dirname(BUNDLE),
  );
  return { entry: mod.exports, script };
}

export function readCodeCache(): Buffer | undefined {
  try {
    return readFileSync(CODE_CACHE);
  } catch {
    return undefined;
  }
}

/**
 * Start-up fast paths for the two answers that need no argument parser: the version, and the top-level
 * help when it goes to a pipe or file. Commander renders that help at a fixed 80 columns there, so the
 * build saves it (dist/help.txt, from this very bundle); a terminal gets commander's help at its width.
 */
function fastAnswer(argv: readonly string[]): string | undefined {
  if (argv.length !== 1) return undefined;
  if (argv[0] === '--version' || argv[0] === '-V') return `${VERSION}\n`;
  if ((argv[0] === '--help' || argv[0] === '-h') && !process.stdout.isTTY && !process.env.FORCE_COLOR) {
    try {
      return readFileSync(here('help.txt'), 'utf8');
    } catch {
      return undefined; // not built with a saved help (e.g. a partial build): ask commander
    }
  }
  return undefined;
}

export async function main(argv: readonly string[]): Promise<void> {
  // `llmcost … | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  const fast = fastAnswer(argv);
  if (fast !== undefined) {
    process.stdout.write(fast);
    return;
  }
  const { entry } = loadBundle(readCodeCache());
  process.exitCode = await entry.run(argv, entry.processIo());
}

/** Build step (scripts/build.mjs): run the warm-up commands on a fresh compile, save the code cache. */
export async function saveCodeCache(): Promise<number> {
  if (existsSync(CODE_CACHE)) throw new Error(`${CODE_CACHE} exists: the build removes dist/ first`);
  const { entry, script } = loadBundle(undefined);
  await entry.warmUp(fileURLToPath(new URL('..', import.meta.url)));
  const data = script.createCachedData();
  writeFileSync(CODE_CACHE, data);
  return data.length;
}
