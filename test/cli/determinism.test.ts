// Same inputs ⇒ byte-identical output: across runs, time zones, locales and the clock. Spawns the
// built binary for every format `compare` offers (COMPARE_FORMATS, so formats added later are
// covered without touching this test), then runs in-process with the clock set far apart.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { COMPARE_FORMATS } from '../../src/cli/commands/compare.js';
import type { CliIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/main.js';
import { fixture, ROOT } from '../helpers.js';

const BIN = join(ROOT, 'bin', 'llmcost.js');
// Two scenarios keep the spawn count sane on 2 cores (formats × scenarios × environments); every
// shipped scenario's bytes are pinned by the golden files anyway.
const SCENARIOS = [fixture('determinism.yaml'), join(ROOT, 'scenarios', 'saas-support.yaml')];

/** Environments chosen to disagree on everything: offsets of ±14 h and half hours, decimal commas, RTL digits. */
const ENVS: Array<Record<string, string>> = [
  { TZ: 'UTC', LANG: 'C', LC_ALL: 'C' },
  { TZ: 'Pacific/Kiritimati', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' },
  { TZ: 'America/St_Johns', LANG: 'ar_EG.UTF-8', LC_ALL: 'ar_EG.UTF-8', LC_NUMERIC: 'fr_FR.UTF-8' },
  { TZ: 'Asia/Kathmandu', LANG: 'hi_IN.UTF-8', NODE_ICU_DATA: '' },
];

const argsFor = (format: string, scenario: string) => [
  'compare',
  scenario,
  '--format',
  format,
  ...(format === 'table' ? ['--monthly', '--explain'] : []),
  // FOCUS needs calendar dates; a fixed start month keeps them independent of the clock.
  ...(format === 'focus' ? ['--start-month', '2027-01'] : []),
];

function spawnBin(
  args: string[],
  env: Record<string, string>,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        NO_COLOR: '1',
        SOURCE_DATE_EPOCH: String(Date.UTC(2026, 10, 25) / 1000),
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('determinism across time zones and locales (built binary)', () => {
  it('covers at least the table and JSON formats', () => {
    expect(COMPARE_FORMATS).toEqual(expect.arrayContaining(['table', 'json']));
  });
  describe.each(COMPARE_FORMATS.map((f) => [f]))('--format %s', (format) => {
    it('prints the same bytes in every environment', { timeout: 180_000 }, async () => {
      for (const scenario of SCENARIOS) {
        const outs = await Promise.all(ENVS.map((env) => spawnBin(argsFor(format, scenario), env)));
        for (const o of outs) {
          // stderr may carry the pricing-age warning (the clock is pinned by SOURCE_DATE_EPOCH), the same everywhere
          expect(o.stderr).toBe(outs[0]!.stderr);
          expect(o.stderr).not.toMatch(/error/i);
          expect(o.status).toBe(0);
        }
        expect(outs[0]!.stdout.length).toBeGreaterThan(100);
        for (const o of outs.slice(1)) expect(o.stdout).toBe(outs[0]!.stdout);
      }
    });
  });
});

describe('determinism across runs and clocks (in-process)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  async function runAt(time: string, args: string[]): Promise<string> {
    vi.useFakeTimers({ now: new Date(time), toFake: ['Date'] });
    let out = '';
    // stderr (the pricing-age warning) legitimately depends on the date; the output must not.
    const io: CliIo = {
      stdout: (t) => void (out += t),
      stderr: () => undefined,
      env: { NO_COLOR: '1' },
      cwd: ROOT,
      stdoutIsTTY: false,
      stderrIsTTY: false,
      now: () => new Date(),
    };
    const code = await run(args, io);
    vi.useRealTimers();
    expect(code).toBe(0);
    return out;
  }

  it.each(COMPARE_FORMATS.map((f) => [f]))('--format %s does not depend on the date or time of day', async (format) => {
    for (const scenario of SCENARIOS) {
      const args = argsFor(format, scenario);
      const a = await runAt('2001-01-01T00:00:00Z', args);
      const b = await runAt('2049-12-31T23:59:59.999Z', args);
      const c = await runAt('2026-03-29T01:30:00+01:00', args); // around a DST change
      expect(b).toBe(a);
      expect(c).toBe(a);
    }
  });
});
