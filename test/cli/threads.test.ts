// `llmcost compare` over many files runs slices on worker threads (src/cli/parallel.ts). Whatever the
// number of threads, every byte of stdout and stderr and the exit code must be what one thread gives.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPricing } from '../../src/pricing/load.js';
import { generateScenarios } from '../../bench/scenarios.mjs';
import { ROOT } from '../helpers.js';
import { llmcost, tempDir } from './run.js';

let dir: string;
let files: string[];

beforeAll(() => {
  dir = tempDir();
  // 99 files (3 slices with --jobs 4): generated scenarios, the shipped ones (one with a start_month, most without), and two
  // invalid ones in the middle and near the end, so failures land in different slices.
  const generated = generateScenarios(loadPricing(), 96, 7);
  for (const s of generated) writeFileSync(join(dir, s.name), s.text);
  files = generated.map((s) => s.name);
  cpSync(join(ROOT, 'scenarios/regulated-docs.yaml'), join(dir, 'regulated.yaml'));
  writeFileSync(join(dir, 'bad-1.yaml'), 'version: 1\nname: broken\nhorizon_months: -3\n');
  writeFileSync(join(dir, 'bad-2.yaml'), 'version: 1\nworkload: [\n');
  files.splice(40, 0, 'bad-1.yaml', 'regulated.yaml');
  files.splice(90, 0, 'bad-2.yaml');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('compare over many files on several threads', () => {
  const cases: Array<[string, string[]]> = [
    ['summary table', []],
    ['json', ['--format', 'json']],
    ['csv', ['--format', 'csv']],
    ['csv wide', ['--format', 'csv', '--csv-layout', 'wide']],
    ['markdown', ['--format', 'markdown']],
    ['focus without start months (an error)', ['--format', 'focus']],
    ['focus with --start-month', ['--format', 'focus', '--start-month', '2027-01']],
  ];
  for (const [what, args] of cases) {
    it(`${what}: the same bytes and exit code with 1 and 3 threads`, () => {
      const one = llmcost(['compare', ...files, ...args, '--jobs', '1'], { cwd: dir });
      const four = llmcost(['compare', ...files, ...args, '--jobs', '4'], { cwd: dir });
      expect(four.status).toBe(one.status);
      expect(four.stderr).toBe(one.stderr);
      expect(four.stdout === one.stdout).toBe(true); // (not toBe: a diff of megabytes helps no one)
      expect(one.status).toBe(2); // the two invalid files
      expect(one.stderr).toMatch(/bad-1\.yaml/);
    });
  }

  it('--out with a failing file leaves an existing file untouched, threads or not', () => {
    const out = join(dir, 'existing.json');
    writeFileSync(out, 'keep me');
    const r = llmcost(['compare', ...files, '--format', 'json', '--out', out, '--jobs', '4'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
  });

  it('refuses a --jobs that is not a whole number from 1', () => {
    const r = llmcost(['compare', ...files.slice(0, 2), '--jobs', '0'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--jobs.*expected a whole number from 1 to 999/);
  });
});
