// The process edge: run the CLI with the real world and set the exit code.
import { readFileSync } from 'node:fs';
import { VERSION } from '../version.js';

// `llmcost … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

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
      return readFileSync(new URL('./help.txt', import.meta.url), 'utf8');
    } catch {
      return undefined; // not built with a saved help (e.g. a partial build): ask commander
    }
  }
  return undefined;
}

const argv = process.argv.slice(2);
const fast = fastAnswer(argv);
if (fast !== undefined) {
  process.stdout.write(fast);
} else {
  // Everything else loads the CLI (and commander) on demand.
  const [{ run }, { processIo }] = await Promise.all([import('./main.js'), import('./io.js')]);
  process.exitCode = await run(argv, processIo());
}
