// The Prompter of `llmcost init` on a real terminal: questions on stdout, answers from stdin.
import { createInterface } from 'node:readline';
import type { CommandContext } from '../context.js';
import type { Prompter } from './questions.js';

export function terminalPrompter(ctx: CommandContext): Prompter & { close(): void } {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  let ended = false;
  rl.on('close', () => {
    ended = true;
  });
  return {
    ask: (question) =>
      new Promise((done) => {
        if (ended) return done(null);
        const onClose = () => done(null);
        rl.once('close', onClose);
        rl.question(question, (answer) => {
          rl.off('close', onClose);
          done(answer);
        });
      }),
    say: (text) => ctx.io.stdout(text),
    close: () => rl.close(),
  };
}
