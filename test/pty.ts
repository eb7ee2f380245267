// Drive the built binary in a pseudo-terminal (test/pty/drive.py: Python's pty module).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { BIN } from './cli-helpers.js';
import { ROOT } from './helpers.js';

export interface PtyRun {
  code: number;
  output: string;
  /** Prompts that never appeared. */
  pending: string[];
}

export function runInPty(
  args: string[],
  opts: {
    cwd?: string;
    cols?: number;
    env?: Record<string, string>;
    steps?: Array<[string, string]>;
    timeout?: number;
  } = {},
): PtyRun {
  const spec = {
    argv: [process.execPath, BIN, ...args],
    cwd: opts.cwd ?? ROOT,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', TERM: 'xterm', SOURCE_DATE_EPOCH: '1796428800', ...opts.env },
    cols: opts.cols ?? 80,
    rows: 50,
    steps: opts.steps ?? [],
    timeout: opts.timeout ?? 30,
  };
  const r = spawnSync('python3', [join(ROOT, 'test', 'pty', 'drive.py'), JSON.stringify(spec)], {
    encoding: 'utf8',
    timeout: (spec.timeout + 10) * 1000,
  });
  if (r.status !== 0) throw new Error(`test/pty/drive.py failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as PtyRun;
}
