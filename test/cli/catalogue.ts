// docs/errors.md is both the error catalogue people read and the test's table: each row names an
// error code, an example (a `### name` section below the table with its files and command) and the
// exact one-line message. This module parses the document and runs an example with the built binary.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { ROOT } from '../helpers.js';

export const CATALOGUE = join(ROOT, 'docs', 'errors.md');
export const BIN = join(ROOT, 'bin', 'llmcost.js');

export interface CatalogueRow {
  code: string;
  example: string;
  message: string;
  /** Index of the row's line in the document, to rewrite the message with UPDATE_GOLDEN=1. */
  line: number;
}

export interface Example {
  name: string;
  files: Array<{ name: string; text: string }>;
  /** Shell lines that prepare the folder (`$ printf … > x.yaml`), then the llmcost command. */
  setup: string[];
  command: string[];
}

/** `` `text` `` or ``` `` text `` ``` → text (a message may itself contain backticks). */
function unCode(cell: string): string {
  const m = /^(`+) ?(.*?) ?\1$/.exec(cell.trim());
  return m ? m[2]! : cell.trim();
}

export function parseCatalogue(doc = readFileSync(CATALOGUE, 'utf8')): {
  rows: CatalogueRow[];
  examples: Map<string, Example>;
  lines: string[];
} {
  const lines = doc.split('\n');
  const rows: CatalogueRow[] = [];
  const header = lines.findIndex((l) => /^\| *Code *\|/.test(l));
  if (header < 0) throw new Error('docs/errors.md has no table with a Code column');
  for (let i = header + 2; i < lines.length && lines[i]!.startsWith('|'); i++) {
    // Cells are split on pipes outside code spans; messages never contain a pipe.
    const cells = lines[i]!.split('|').slice(1, -1);
    if (cells.length !== 4) throw new Error(`docs/errors.md line ${i + 1}: expected 4 cells, found ${cells.length}`);
    const link = /\[[^\]]*\]\(#([\w-]+)\)/.exec(cells[2]!);
    rows.push({ code: unCode(cells[0]!), example: link ? link[1]! : '', message: unCode(cells[3]!), line: i });
  }
  const examples = new Map<string, Example>();
  let current: Example | undefined;
  for (let i = 0; i < lines.length; i++) {
    const h = /^### (\S+)\s*$/.exec(lines[i]!);
    if (h) {
      current = { name: h[1]!, files: [], setup: [], command: [] };
      examples.set(current.name, current);
      continue;
    }
    const fence = /^```(\w+)(?: file=(\S+))?\s*$/.exec(lines[i]!);
    if (!fence || !current) continue;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i]!.startsWith('```'); i++) body.push(lines[i]!);
    if (fence[2]) current.files.push({ name: fence[2], text: `${body.join('\n')}\n` });
    else if (fence[1] === 'console') {
      for (const l of body) {
        if (!l.startsWith('$ ')) continue;
        const cmd = l.slice(2);
        if (cmd.startsWith('llmcost ')) current.command = cmd.split(/\s+/).slice(1);
        else current.setup.push(cmd);
      }
    }
  }
  return { rows, examples, lines };
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
  dir: string;
}

/** A fresh folder holding the example's files, after its setup lines have run. */
export function prepare(ex: Example): string {
  const dir = mkdtempSync(join(tmpdir(), 'llmcost-errors-'));
  for (const f of ex.files) writeFileSync(join(dir, f.name), f.text);
  for (const s of ex.setup) execFileSync('sh', ['-c', s], { cwd: dir });
  return dir;
}

/** Run an example with the built binary (asynchronously, so rows can run side by side). */
export async function runExample(ex: Example, extra: string[] = []): Promise<RunResult> {
  const dir = prepare(ex);
  try {
    return await new Promise<RunResult>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...ex.command, ...extra], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', SOURCE_DATE_EPOCH: String(CATALOGUE_DAY / 1000) },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.on('error', reject);
      child.on('close', (status) => {
        clearTimeout(timer);
        resolve({ status, stdout, stderr, dir });
      });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The same in-process through `run(argv, io)`, with a look at the folder afterwards. */
export async function runInProcess(ex: Example, extra: string[], after: (dir: string) => void): Promise<RunResult> {
  const dir = prepare(ex);
  let stdout = '';
  let stderr = '';
  try {
    const io: CliIo = {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      env: { NO_COLOR: '1' },
      cwd: dir,
      stdoutIsTTY: false,
      stderrIsTTY: false,
      now: () => new Date(CATALOGUE_DAY),
    };
    const status = await run([...ex.command, ...extra], io);
    after(dir);
    return { status, stdout, stderr, dir };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The day the catalogue's messages are written for (pricing ages are counted to it). */
export const CATALOGUE_DAY = Date.UTC(2026, 10, 25);
