// The process edge: run the CLI with the real world and set the exit code.
import { processIo } from './io.js';
import { run } from './main.js';

// `llmcost … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
process.exitCode = await run(process.argv.slice(2), processIo());
