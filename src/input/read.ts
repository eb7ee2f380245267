// Reading an input file as text, refusing what is not a small UTF-8 text file. The only file I/O
// below the CLI: loaders call this and hand the text to pure parsers.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { InputError } from '../errors.js';

export const MAX_INPUT_BYTES = 1024 * 1024;

/**
 * Read `path` as UTF-8 text of at most `maxBytes`. Errors name the file as `displayName` (the path as
 * the user typed it), so messages do not depend on the working directory.
 *
 * The read itself is bounded: a FIFO or a device such as /dev/zero reports no size, so the size check
 * alone would not stop it; reading at most maxBytes + 1 bytes does.
 */
export function readTextFile(path: string, maxBytes = MAX_INPUT_BYTES, displayName = path): string {
  const file = displayName;
  try {
    if (statSync(path).isDirectory()) {
      throw new InputError({ code: 'E_FILE_READ', file, message: 'is a directory', expected: 'a YAML file' });
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError({ code: 'E_FILE_READ', file, message: describeFsError(e), expected: 'a readable file' });
  }
  let bytes: Buffer;
  try {
    bytes = readBounded(path, maxBytes + 1);
  } catch (e) {
    throw new InputError({ code: 'E_FILE_READ', file, message: describeFsError(e), expected: 'a readable file' });
  }
  if (bytes.length > maxBytes) {
    // A regular file knows its size; a device or pipe (size 0) is only known to be over the limit.
    let size = 0;
    try {
      size = statSync(path).size;
    } catch {
      /* then "more than" the limit */
    }
    throw new InputError({
      code: 'E_FILE_TOO_LARGE',
      file,
      message: size > maxBytes ? `is ${size} bytes` : `is more than ${maxBytes} bytes`,
      expected: `at most ${maxBytes} bytes${maxBytes === MAX_INPUT_BYTES ? ' (1 MiB)' : ''}`,
    });
  }
  return decodeUtf8(bytes, file);
}

function readBounded(path: string, limit: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(Math.min(limit, 64 * 1024));
    const chunks: Buffer[] = [];
    let total = 0;
    while (total < limit) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, limit - total), null);
      if (n === 0) break;
      chunks.push(Buffer.from(buf.subarray(0, n)));
      total += n;
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

export function decodeUtf8(bytes: Uint8Array, file?: string): string {
  const bad = firstInvalidUtf8Offset(bytes);
  if (bad >= 0) {
    // Line and column of the bad byte: the text before it is valid, so it can be decoded and counted.
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, bad));
    const lineStart = before.lastIndexOf('\n') + 1;
    const line = before.length - before.replaceAll('\n', '').length + 1;
    const col = [...before.slice(lineStart)].length + 1;
    throw new InputError({
      code: 'E_NOT_UTF8',
      file,
      line,
      col,
      message: `invalid UTF-8 byte 0x${bytes[bad]!.toString(16).padStart(2, '0')} at byte offset ${bad}`,
      expected: 'UTF-8 text',
    });
  }
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // a BOM is tolerated, not kept
}

/**
 * Offset of the first byte that is not part of a well-formed UTF-8 sequence (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or -1 when all of it is valid.
 */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let len: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) len = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      len = 3;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      len = 4;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    if (i + len > n) return i;
    const second = bytes[i + 1]!;
    if (second < lo || second > hi) return i;
    for (let k = 2; k < len; k++) {
      const c = bytes[i + k]!;
      if (c < 0x80 || c > 0xbf) return i;
    }
    i += len;
  }
  return -1;
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
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'ELOOP':
      return 'too many symbolic links';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    default:
      return `cannot be read (${code ?? 'unknown error'})`;
  }
}
