// Output that fits: golden screens of `compare` in a pseudo-terminal 60, 80 and 120 columns wide
// (tables stacked when too wide, prose wrapped at words with a hanging indent, charts drawn to the
// width), COLUMNS for pipes, no wrapping for a pipe without it or for --out; and the newcomer's first
// ten minutes: an empty folder, `llmcost init --yes …`, then `compare` that fits 80 columns.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { visibleLength } from '../../src/format/fit.js';
import { expectGolden, spawnCli } from '../cli-helpers.js';
import { runInPty } from '../pty.js';

const widest = (text: string) => Math.max(...text.split('\n').map(visibleLength));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('golden screens (pseudo-terminal)', () => {
  it.each([60, 80, 120])('compare scenarios/saas-support.yaml at %i columns', (cols) => {
    // stderr (pricing-age warnings, which depend on the date) is left out of the screen.
    const r = runInPty(['compare', 'scenarios/saas-support.yaml', '--ascii'], {
      cols,
      env: { LLMCOST_PTY_STDERR: 'null' },
    });
    expect(r.code, r.output).toBe(0);
    expect(widest(r.output)).toBeLessThanOrEqual(cols);
    expectGolden(`screens/saas-support.${cols}.txt`, r.output);
  });
});

describe('COLUMNS, pipes and files', () => {
  it('a pipe with COLUMNS wraps to it; without COLUMNS, and with --out, nothing is wrapped', () => {
    const piped = spawnCli(['compare', 'scenarios/saas-support.yaml']);
    expect(widest(piped.stdout)).toBeGreaterThan(120);
    const narrow = spawnCli(['compare', 'scenarios/saas-support.yaml'], { env: { COLUMNS: '60' } });
    expect(widest(narrow.stdout)).toBeLessThanOrEqual(60);
    expect(narrow.stdout).toContain('Strategy: self_hosted\n');
    const dir = mkdtempSync(join(tmpdir(), 'llmcost-fit-'));
    dirs.push(dir);
    spawnCli(['compare', 'scenarios/saas-support.yaml', '--out', join(dir, 'out.txt')], { env: { COLUMNS: '60' } });
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe(piped.stdout);
    // Machine formats are never wrapped.
    const json = spawnCli(['compare', 'scenarios/saas-support.yaml', '--format', 'json'], { env: { COLUMNS: '40' } });
    expect(json.stdout).toBe(spawnCli(['compare', 'scenarios/saas-support.yaml', '--format', 'json']).stdout);
  });
});

describe('a newcomer', () => {
  it('in an empty folder: llmcost init --yes …, then compare, which fits 80 columns', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'llmcost-newcomer-'));
    dirs.push(cwd);
    const init = spawnCli(
      [
        'init',
        '--yes',
        '--name',
        'Support bot',
        '--requests-per-day',
        '20000',
        '--input-tokens',
        '900',
        '--output-tokens',
        '250',
        '--api-model',
        'openai/gpt-4o-mini',
      ],
      { cwd },
    );
    expect(init.code, init.stderr).toBe(0);
    expect(init.stderr).toContain('next: llmcost compare scenario.yaml');
    const r = spawnCli(['compare', 'scenario.yaml'], { cwd, env: { COLUMNS: '80' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Support bot — 24 months/);
    expect(r.stdout).toContain('Recommendation: ');
    expect(widest(r.stdout)).toBeLessThanOrEqual(80);
    const screen = runInPty(['compare', 'scenario.yaml'], { cwd, cols: 80, env: { LLMCOST_PTY_STDERR: 'null' } });
    expect(screen.code, screen.output).toBe(0);
    expect(widest(screen.output)).toBeLessThanOrEqual(80);
  });
});
