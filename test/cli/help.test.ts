// Every command's --help ends with two or three examples a user can run: real commands, real
// options of those commands, shipped scenario files.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-helpers.js';
import { ROOT } from '../helpers.js';

async function help(path: string[]): Promise<string> {
  const r = await runCli([...path, '--help']);
  expect(r.code).toBe(0);
  return r.stdout;
}

function subcommands(text: string): string[] {
  const at = text.indexOf('\nCommands:\n');
  if (at < 0) return [];
  return text
    .slice(at + 11)
    .split('\n')
    .map((l) => /^ {2}(\w[\w-]*)/.exec(l)?.[1])
    .filter((n): n is string => n !== undefined && n !== 'help');
}

async function leafCommands(): Promise<string[][]> {
  const out: string[][] = [];
  for (const name of subcommands(await help([]))) {
    const subs = subcommands(await help([name]));
    if (subs.length) for (const s of subs) out.push([name, s]);
    else out.push([name]);
  }
  return out;
}

const optionsIn = (text: string) => new Set([...text.matchAll(/(?:^|\s|,)(--?[a-z][\w-]*)/gm)].map((m) => m[1]!));

describe('--help examples', async () => {
  const leaves = await leafCommands();
  it('finds every command, init included', () => {
    expect(leaves.map((l) => l.join(' '))).toEqual(
      expect.arrayContaining(['compare', 'init', 'pricing list', 'pricing show', 'schema', 'tokens']),
    );
  });

  it.each(leaves.map((l) => [l.join(' '), l]))('%s ends with two or three runnable examples', async (_name, path) => {
    const text = await help(path);
    const block = /\nExamples:\n((?: {2}\$ .*\n?)+)$/.exec(`${text.trimEnd()}\n`);
    expect(block, `${path.join(' ')} --help has no Examples block at its end`).not.toBeNull();
    const examples = block![1]!
      .trim()
      .split('\n')
      .map((l) => l.replace(/^\s*\$ /, '').replace(/\s+#.*$/, ''));
    expect(examples.length).toBeGreaterThanOrEqual(2);
    expect(examples.length).toBeLessThanOrEqual(3);
    for (const ex of examples) {
      const words = ex.split(/\s+/);
      expect(words[0]).toBe('llmcost');
      // The example's own command (pricing import's second example runs compare).
      const cmd = leaves.find(
        (l) =>
          l.every((w, i) => words[i + 1] === w) &&
          (l.length === 2 || !leaves.some((m) => m.length === 2 && m[0] === l[0])),
      )!;
      expect(cmd, ex).toBeDefined();
      const known = optionsIn(await help(cmd));
      for (const w of words.filter((x) => x.startsWith('-'))) expect(known, `${ex}: ${w}`).toContain(w);
      for (const f of words.filter((x) => /^scenarios\/[\w-]+\.yaml$/.test(x)))
        expect(existsSync(join(ROOT, f)), f).toBe(true);
    }
  });
});
