// The process edge: run the CLI with the real world and set the exit code.
import { VERSION } from '../version.js';

// `llmcost … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  // Fast path: the version needs no argument parser (commander prints exactly this line).
  process.stdout.write(`${VERSION}\n`);
} else {
  // Everything else loads the CLI (and commander) on demand, so `--version` above stays near bare Node.
  const [{ run }, { processIo }] = await Promise.all([import('./main.js'), import('./io.js')]);
  process.exitCode = await run(argv, processIo());
}
