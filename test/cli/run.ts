// Spawn the built binary the way a user (or CI) would: no colour, a clean environment.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers.js';

export const BIN = join(ROOT, 'bin', 'llmcost.js');

export interface Spawned {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function llmcost(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Spawned {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    // A fixed day (SOURCE_DATE_EPOCH), so pricing-age warnings do not change as the calendar moves.
    env: {
      PATH: process.env.PATH ?? '',
      NO_COLOR: '1',
      SOURCE_DATE_EPOCH: String(Date.UTC(2026, 10, 25) / 1000),
      ...opts.env,
    },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'llmcost-test-'));
}

export function writeTemp(dir: string, name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}
