// The CLI as a function: argv and io in, exit code out. No process.exit anywhere below bin/.
//   0 success · 1 a budget is exceeded (check) · 2 invalid input or usage · 3 internal error
import { Command, CommanderError } from 'commander';
import { isInputError } from '../errors.js';
import { VERSION } from '../version.js';
import * as calibrate from './commands/calibrate.js';
import * as capacity from './commands/capacity.js';
import * as check from './commands/check.js';
import * as ciComment from './commands/ciComment.js';
import * as compare from './commands/compare.js';
import * as diff from './commands/diff.js';
import * as init from './commands/init.js';
import * as plan from './commands/plan.js';
import * as pricing from './commands/pricing.js';
import * as quote from './commands/quote.js';
import * as report from './commands/report.js';
import * as schema from './commands/schema.js';
import * as sensitivity from './commands/sensitivity.js';
import * as simulate from './commands/simulate.js';
import * as sweep from './commands/sweep.js';
import * as tokens from './commands/tokens.js';
import { makeContext } from './context.js';
import { EXIT, exitCodeOf } from './exit.js';
import { addExamples } from './examples.js';
import type { CliIo } from './io.js';

/** Each command registers itself; its heavy modules load only when it runs. */
const COMMANDS: ReadonlyArray<{ register(program: Command, ctx: ReturnType<typeof makeContext>): void }> = [
  compare,
  check,
  diff,
  report,
  ciComment,
  capacity,
  calibrate,
  plan,
  simulate,
  sensitivity,
  sweep,
  pricing,
  quote,
  tokens,
  schema,
  init,
];

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const ctx = makeContext(io);
  const debug = argv.includes('--debug');
  let exitCode: number = EXIT.OK;
  const program = new Command()
    .name('llmcost')
    .description(
      'Should you pay a hosted LLM API per token, self-host an open model on rented GPUs, or route between the two?',
    )
    .version(VERSION, '-V, --version')
    .option('--debug', 'print stack traces (for input errors too)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      // One line, like every other error: the hint goes on the same line, not on a second one.
      outputError: (s, write) => write(`${s.replace(/^error: /, 'llmcost: ').trimEnd()} (run with --help for usage)\n`),
    });
  for (const c of COMMANDS) c.register(program, ctx);
  addExamples(program);
  program.commands.forEach((c) => c.exitOverride().configureOutput(program.configureOutput()));
  program.hook('postAction', (_root, action) => {
    const code = exitCodeOf(action);
    if (typeof code === 'number') exitCode = code;
  });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    if (argv.length === 0) io.stdout(program.helpInformation());
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help')
        return EXIT.OK;
      return EXIT.INPUT;
    }
    if (isInputError(e)) {
      io.stderr(`${e.message}\n`);
      // The one line is for users; where in llmcost it was raised is for whoever debugs llmcost.
      if (debug && e.stack) io.stderr(`InputError ${e.code}\n${e.stack.split('\n').slice(1).join('\n')}\n`);
      return EXIT.INPUT;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    io.stderr(
      `llmcost: internal error: ${err.message.split('\n')[0]}${debug ? '' : ' (run with --debug for the stack trace)'}\n`,
    );
    if (debug && err.stack) io.stderr(`${err.stack}\n`);
    return EXIT.INTERNAL;
  }
}
