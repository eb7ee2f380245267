// Reading an input file as text, refusing what is not a small UTF-8 text file. The only file I/O
// below the CLI: loaders call this and hand the text to pure parsers.
import { readFileSync, statSync } from 'node:fs';
import { InputError } from '../errors.js';

export const MAX_INPUT_BYTES = 1024 * 1024;

/** `name` is how the file is called in messages: the path as the user typed it. */
export function readTextFile(path: string, maxBytes = MAX_INPUT_BYTES, name = path): string {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) {
      throw new InputError({ code: 'E_FILE_READ', file: name, message: 'is a directory', expected: 'a YAML file' });
    }
    size = st.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError({ code: 'E_FILE_READ', file: name, message: describeFsError(e), expected: 'a readable file' });
  }
  if (size > maxBytes) {
    throw new InputError({
      code: 'E_FILE_TOO_LARGE',
      file: name,
      message: `is ${size} bytes`,
      expected: `at most ${maxBytes} bytes (${maxBytes / (1024 * 1024)} MiB)`,
    });
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new InputError({ code: 'E_FILE_READ', file: name, message: describeFsError(e), expected: 'a readable file' });
  }
  return decodeUtf8(bytes, name);
}

export function decodeUtf8(bytes: Uint8Array, file?: string): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // a BOM is tolerated, not kept
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    const line = countLines(bytes, offset);
    throw new InputError({
      code: 'E_NOT_UTF8',
      file,
      line,
      message: `invalid UTF-8 byte at offset ${offset}`,
      expected: 'UTF-8 text',
    });
  }
}

function countLines(bytes: Uint8Array, end: number): number {
  let line = 1;
  for (let i = 0; i < end; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let lo = 0;
  let hi = bytes.length;
  // Binary search on the longest valid prefix (a prefix may end mid-character, so allow 3 bytes slack).
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    let ok = false;
    for (let cut = mid; cut >= Math.max(0, mid - 3) && !ok; cut--) {
      try {
        decoder.decode(bytes.subarray(0, cut));
        ok = cut === mid || mid - cut <= 3;
      } catch {
        /* keep trying shorter cuts */
      }
    }
    if (ok) lo = mid;
    else hi = mid - 1;
  }
  return Math.min(lo, bytes.length - 1);
}

function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return `cannot be read (${code ?? 'unknown error'})`;
  }
}
