// Running the CLI: in-process through run(argv, io) with captured output (fast, for golden files),
// or as CI would, by spawning the built binary.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import type { CliIo } from '../src/cli/io.js';
import { run } from '../src/cli/main.js';
import { ROOT } from './helpers.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The CLI in process. `now` pins the clock (pricing ages); `stdin` is what standard input holds.
 * Every in-process test runs the CLI through here (one io, one set of defaults).
 */
export async function runCli(
  argv: string[],
  opts: { env?: Record<string, string>; cwd?: string; now?: string | Date; stdin?: string } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env: { NO_COLOR: '1', ...opts.env },
    cwd: opts.cwd ?? ROOT,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    columns: 100,
    now: () => new Date(opts.now ?? '2026-01-01T00:00:00Z'),
    ...(opts.stdin !== undefined ? { readStdin: () => opts.stdin! } : {}),
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

export const BIN = join(ROOT, 'bin', 'llmcost.js');

/** The built binary, as CI runs it (npm test builds dist/ first). */
export function spawnCli(
  argv: string[],
  opts: { env?: Record<string, string>; cwd?: string; nodeArgs?: string[] } = {},
): CliResult {
  if (!existsSync(join(ROOT, 'dist', 'cli.cjs')))
    throw new Error('dist/ is missing: run `npm run build` (npm test does) before the CLI tests');
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...opts.env };
  const r = spawnSync(process.execPath, [...(opts.nodeArgs ?? []), BIN, ...argv], {
    cwd: opts.cwd ?? ROOT,
    env,
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Every shipped scenario, as the relative path a user would type. */
export function shippedScenarios(): string[] {
  return readdirSync(join(ROOT, 'scenarios'))
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => `scenarios/${f}`);
}

/**
 * Compare with test/golden/<name>; UPDATE_GOLDEN=1 rewrites the file instead. A missing golden file
 * fails (so a new scenario or format needs a reviewed golden), with the command to create it.
 */
export function expectGolden(name: string, actual: string): void {
  const file = join(ROOT, 'test', 'golden', name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file))
    throw new Error(
      `golden file test/golden/${name} is missing: run UPDATE_GOLDEN=1 npx vitest run test/cli/golden.test.ts and review it`,
    );
  expect(actual, `test/golden/${name} (UPDATE_GOLDEN=1 rewrites it)`).toBe(readFileSync(file, 'utf8'));
}
