// In-process checks of the command: the rank tables load only when counting, and the progress bar
// shows only on a terminal.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { fixture, ROOT } from '../helpers.js';

function io(stderrIsTTY: boolean) {
  const out: string[] = [];
  const err: string[] = [];
  let t = 0;
  const value: CliIo = {
    stdout: (s) => out.push(s),
    stderr: (s) => err.push(s),
    env: { NO_COLOR: '1' },
    cwd: ROOT,
    stdoutIsTTY: false,
    stderrIsTTY,
    now: () => new Date((t += 1000)), // every reading of the clock is a second later
  };
  return { value, out, err };
}

const ranksLoaded = () =>
  Object.keys(createRequire(import.meta.url).cache).filter((k) => /js-tiktoken[\\/]dist[\\/]ranks/.test(k));

describe('llmcost tokens in-process', () => {
  it('compare does not load the tokenizer; tokens does', async () => {
    const a = io(false);
    expect(await run(['compare', 'scenarios/saas-support.yaml', '-f', 'json'], a.value)).toBe(0);
    expect(ranksLoaded()).toEqual([]);
    const b = io(false);
    expect(await run(['tokens', fixture('tokens/prompts'), '-e', 'cl100k_base'], b.value)).toBe(0);
    expect(ranksLoaded().map((k) => k.split(/[\\/]/).pop())).toEqual(['cl100k_base.cjs']);
  });

  it('draws a progress bar on a terminal only, and clears it', async () => {
    const tty = io(true);
    expect(await run(['tokens', fixture('tokens')], tty.value)).toBe(0);
    const bar = tty.err.join('');
    expect(bar).toMatch(/\r\[#+\.*\] +\d+%/);
    expect(bar.endsWith('\r\x1b[2K')).toBe(true);
    const pipe = io(false);
    expect(await run(['tokens', fixture('tokens')], pipe.value)).toBe(0);
    expect(pipe.err).toEqual([]);
    expect(pipe.out.join('')).toBe(tty.out.join(''));
  });
});
