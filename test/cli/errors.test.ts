// Every row of the error catalogue (docs/errors.md), run against the built binary: the exact one-line
// message on stderr, exit code 2, nothing on stdout, no --out file written, no stack trace unless
// --debug, and with --debug the row's error code. UPDATE_GOLDEN=1 rewrites the messages in the doc
// from what the binary prints (then review the diff).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/errors.js';
import { BIN, CATALOGUE, parseCatalogue, runExample, runInProcess } from './catalogue.js';

const update = process.env.UPDATE_GOLDEN === '1';
const { rows, examples, lines } = parseCatalogue();
const USAGE = 'E_USAGE';

describe('docs/errors.md', () => {
  it('is run against a built binary', () => {
    expect(existsSync(join(BIN, '..', '..', 'dist', 'cli.cjs')), 'run `npm run build` first').toBe(true);
  });

  it('lists every error code, each row with an example section', () => {
    const codes = new Set(rows.map((r) => r.code));
    for (const code of Object.keys(ERROR_CODES)) expect(codes, `no row for ${code}`).toContain(code);
    for (const r of rows) {
      expect(Object.keys(ERROR_CODES), `unknown code in row: ${r.code}`).toContain(r.code);
      expect(
        examples.get(r.example)?.command.length,
        `row ${r.code}: example '${r.example}' has no \`$ llmcost …\` line`,
      ).toBeGreaterThan(0);
    }
  });

  // Rows are independent processes: run them side by side.
  describe.concurrent.each(rows.map((r) => [`${r.code} (${r.example})`, r] as const))('%s', (_name, row) => {
    const ex = examples.get(row.example)!;
    it('prints the exact one-line message and exits with 2', async () => {
      const r = await runExample(ex);
      if (update) {
        const msg = r.stderr.trimEnd();
        const fence = msg.includes('`') ? '`` ' : '`';
        const cells = lines[row.line]!.split('|');
        cells[4] = ` ${fence}${msg}${fence.trim() === '``' ? ' ``' : '`'} `;
        lines[row.line] = cells.join('|');
        writeFileSync(CATALOGUE, lines.join('\n'));
        return;
      }
      expect(r.stderr).toBe(`${row.message}\n`);
      expect(r.stderr.split('\n')).toHaveLength(2); // one line and its newline
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(r.stdout).toBe('');
      expect(r.status).toBe(2);
    });
    it.skipIf(row.code === USAGE)(
      'names its code and shows the stack with --debug, and leaves an --out file alone',
      async () => {
        // In-process (the same run() the binary calls) to keep the suite fast: one spawn per row is enough.
        let previous = '';
        let left: string[] = [];
        const ex2 = { ...ex, setup: [...ex.setup, 'echo previous > out.txt'] };
        const r = await runInProcess(ex2, ['--debug', '--out', 'out.txt'], (dir) => {
          previous = readFileSync(join(dir, 'out.txt'), 'utf8');
          left = readdirSync(dir).filter((f) => f.includes('out.txt') && f !== 'out.txt');
        });
        expect(r.status).toBe(2);
        const [first, second] = r.stderr.split('\n');
        expect(first).toBe(row.message);
        expect(second).toBe(`InputError ${row.code}`);
        expect(r.stderr).toMatch(/^\s+at /m);
        expect(r.stdout).toBe('');
        expect(previous).toBe('previous\n'); // the existing file is untouched
        expect(left).toEqual([]); // and no temporary file is left beside it
      },
    );
  });
});
