// Everything the CLI touches in the outside world, passed in: tests run commands in-process with
// captured output, a fixed clock and a chosen environment.
import {
  appendFileSync,
  closeSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { InputError } from '../errors.js';
import { PLAIN, type Style } from '../format/style.js';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  columns?: number | undefined;
  now(): Date;
  /** All of standard input as text (a scenario given as `-`). */
  readStdin?(): string;
}

export function processIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
    cwd: process.cwd(),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    columns: process.stdout.columns,
    now: () => clockFrom(process.env),
    readStdin: () => readFileSync(0, 'utf8'),
  };
}

/** Colour on a TTY unless NO_COLOR is set (any value) or --no-color; FORCE_COLOR turns it on. */
export function wantsColor(io: CliIo, flag: boolean | undefined): boolean {
  if (flag === false) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (flag === true) return true;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.stdoutIsTTY;
}

/** chalk is loaded only when colour is on: a pipe or CI log never pays for it. */
export async function styleFor(color: boolean): Promise<Style> {
  if (!color) return PLAIN;
  const { Chalk } = await import('chalk');
  const c = new Chalk({ level: 1 });
  return {
    bold: (s) => c.bold(s),
    dim: (s) => c.dim(s),
    green: (s) => c.green(s),
    red: (s) => c.red(s),
    yellow: (s) => c.yellow(s),
    cyan: (s) => c.cyan(s),
  };
}

/**
 * Write a file atomically: a temporary file beside it, then a rename. A failing run never leaves a
 * partial file, and an existing file stays byte-identical until the new one is complete.
 */
export function writeFileAtomic(path: string, content: string | readonly string[]): void {
  // Web Crypto's global (not an import of node:crypto): only a run that writes a file pays for loading it.
  const tmp = join(
    dirname(path),
    `.${basename(path)}.${Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(6))).toString('hex')}.tmp`,
  );
  try {
    if (typeof content === 'string') writeFileSync(tmp, content, { flag: 'wx' });
    else {
      const fd = openSync(tmp, 'wx');
      try {
        for (const chunk of content) writeSync(fd, chunk);
      } finally {
        closeSync(fd);
      }
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new InputError({
      code: 'E_FILE_READ',
      file: path,
      message: `cannot be written (${code})`,
      expected: 'a writable path for --out',
    });
  }
}

/**
 * Send a command's output to --out (atomically) or stdout. Output in chunks (a report per scenario)
 * is written chunk by chunk: a 200 MB JSON never has to exist as one string.
 */
export function emit(
  io: CliIo,
  content: string | readonly string[],
  out: string | undefined,
  resolve: (p: string) => string,
): void {
  if (out) writeFileAtomic(resolve(out), content);
  else if (typeof content === 'string') io.stdout(content);
  else for (const chunk of content) io.stdout(chunk);
}

/**
 * Append to a file another program owns (e.g. $GITHUB_STEP_SUMMARY). Not atomic by nature; a
 * failure is reported to the caller, who decides whether it matters.
 */
export function appendText(path: string, content: string): void {
  appendFileSync(path, content);
}

/**
 * Today's date at the CLI edge. SOURCE_DATE_EPOCH (seconds since 1970, the reproducible-builds
 * convention) pins it, so pricing-age checks and CI runs can be made independent of the clock.
 */
export function clockFrom(env: Readonly<Record<string, string | undefined>>): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d{1,12}$/.test(epoch)) return new Date(Number(epoch) * 1000);
  return new Date();
}
