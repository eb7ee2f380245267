// Counting files without holding them in memory: each file is read in 1 MiB chunks, decoded as
// UTF-8 in streaming mode, and counted up to a *safe split point* — a place where the tokeniser's
// pre-tokeniser is known to start a new piece whatever follows, so the sum of the chunks' counts
// equals the whole file's count. Safe points (the same for o200k_base and cl100k_base, whose
// patterns never let a letter run, a digit run or a line break run continue past them):
//   - just after a line feed, before a letter ("…\nWord"): a line-break piece cannot continue into a
//     letter, and a letter piece cannot take a line break as its prefix;
//   - at a space between two letters ("word word"): a letter run ends at the space, and the space
//     begins the next word's piece (" word");
//   - at a space between two digits ("123 456"): digit pieces (1–3 digits) end at the space.
// test/unit/tokens-count.test.ts checks chunked counts against whole-text counts on random text.
// Text with no such point for 8 MiB (one huge line of punctuation, say) is split where the buffer
// ends; such a split may differ from the whole-file count by a token or two and is counted in
// `hard_splits` so the output can say so.
import { closeSync, openSync, readSync } from 'node:fs';
import { InputError } from '../errors.js';
import { countSample, parseJsonlLine, type Sample } from './chat.js';
import { countTokens, type EncodingName } from './count.js';
import type { FoundFile } from './files.js';
import { Histogram, type Stats } from './stats.js';

export const CHUNK_BYTES = 1024 * 1024;
const HARD_SPLIT_CHARS = 8 * 1024 * 1024;
/** A JSONL line longer than this is an error rather than a memory spike. */
export const MAX_LINE_CHARS = 64 * 1024 * 1024;

const LETTER = /\p{L}/u;
const DIGIT = /\p{N}/u;
const isLetter = (cp: number) =>
  (cp >= 97 && cp <= 122) || (cp >= 65 && cp <= 90) || (cp > 127 && LETTER.test(String.fromCodePoint(cp)));
const isDigit = (cp: number) => (cp >= 48 && cp <= 57) || (cp > 127 && DIGIT.test(String.fromCodePoint(cp)));

/** Is a split between code points `prev` and `cur` (followed by `next`) safe? -1 = none. */
export function isSafeBetween(prev: number, cur: number, next: number): boolean {
  if (prev === 10) return isLetter(cur);
  if (cur !== 32 || next < 0) return false;
  return (isLetter(prev) && isLetter(next)) || (isDigit(prev) && isDigit(next));
}

/** The last safe split point of `s` (a UTF-16 index, never inside a surrogate pair), or -1. */
export function lastSafeSplit(s: string, from = 1): number {
  for (let i = s.length - 2; i >= from; i--) {
    const cur = s.charCodeAt(i);
    if (cur !== 32 && s.charCodeAt(i - 1) !== 10) continue; // fast path: most positions fail here
    if (cur >= 0xdc00 && cur <= 0xdfff) continue;
    const prevUnit = s.charCodeAt(i - 1);
    const prev = prevUnit >= 0xdc00 && prevUnit <= 0xdfff && i >= 2 ? s.codePointAt(i - 2)! : prevUnit;
    const curCp = s.codePointAt(i)!;
    const nextAt = i + (curCp > 0xffff ? 2 : 1);
    const next = nextAt < s.length ? s.codePointAt(nextAt)! : -1;
    if (isSafeBetween(prev, curCp, next)) return i;
  }
  return -1;
}

/** Code point starting at byte `i` of UTF-8 bytes read through `at` (-1 past the end or if invalid). */
export function codePointAtByte(at: (k: number) => number, i: number): [cp: number, len: number] {
  const b0 = at(i);
  if (b0 < 0) return [-1, 1];
  if (b0 < 0x80) return [b0, 1];
  const len = b0 >= 0xf0 ? 4 : b0 >= 0xe0 ? 3 : b0 >= 0xc0 ? 2 : 0;
  if (len === 0) return [-1, 1];
  let cp = b0 & (0xff >> (len + 1));
  for (let k = 1; k < len; k++) {
    const b = at(i + k);
    if (b < 0 || (b & 0xc0) !== 0x80) return [-1, 1];
    cp = (cp << 6) | (b & 0x3f);
  }
  return [cp, len];
}

/** Is byte `i` a safe split point (the same rule as `lastSafeSplit`, on UTF-8 bytes)? */
export function isSafeSplitByte(at: (k: number) => number, i: number): boolean {
  const b = at(i);
  if (b < 0 || (b & 0xc0) === 0x80) return false; // not a character start
  const p = at(i - 1);
  if (p !== 10 && b !== 32) return false;
  let start = i - 1;
  while (start > i - 4 && (at(start) & 0xc0) === 0x80) start--;
  const [prev] = codePointAtByte(at, start);
  const [cur, len] = codePointAtByte(at, i);
  const [next] = codePointAtByte(at, i + len);
  return isSafeBetween(prev, cur, next);
}

export type Unit = 'file' | 'line';

export interface CountOptions {
  encoding: EncodingName;
  /** 'file': the whole file is one sample. 'line': every non-blank line is one (JSON for .jsonl). */
  unit: Unit;
  /** Chat messages as a prompt (framing + priming) or as an answer (content only). */
  billing?: 'input' | 'output';
  /** Called after each chunk with the bytes read so far in this file. */
  onBytes?: (bytes: number) => void;
}

export interface FileCount {
  file: string;
  bytes: number;
  tokens: number;
  /** The file's samples (one, or one per line); a summary once merged into a run's totals. */
  samples: Stats;
  hardSplits: number;
}

export interface SkippedFile {
  file: string;
  reason: string;
}

export function isJsonlName(name: string): boolean {
  return /\.(jsonl|ndjson)$/i.test(name);
}

/** Count one file, streaming. Unreadable, binary or non-UTF-8 files throw an InputError saying why. */
export function countFile(f: FoundFile, opts: CountOptions): FileCount & { samples: Histogram } {
  const jsonl = opts.unit === 'line' && isJsonlName(f.display);
  const samples = new Histogram();
  let tokens = 0;
  let hardSplits = 0;
  let pending = ''; // text not yet counted (the tail after the last safe split or line break)
  let lineNo = 0;
  let wholeFileTokens = 0;

  const countLine = (line: string) => {
    lineNo++;
    const text = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (text.trim() === '') return;
    const sample: Sample = jsonl ? parseJsonlLine(text, f.display, lineNo) : { kind: 'text', text };
    const n = countSample(sample, opts.encoding, opts.billing);
    samples.add(n);
    tokens += n;
  };

  const take = (text: string, final: boolean) => {
    pending += text;
    if (opts.unit === 'line') {
      let start = 0;
      for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n', start)) {
        countLine(pending.slice(start, nl));
        start = nl + 1;
      }
      pending = pending.slice(start);
      if (pending.length > MAX_LINE_CHARS)
        throw new InputError({
          code: 'E_FILE_TOO_LARGE',
          file: f.display,
          line: lineNo + 1,
          message: `has a line longer than ${MAX_LINE_CHARS} characters`,
          expected: 'one sample per line',
        });
      if (final && pending !== '') {
        countLine(pending);
        pending = '';
      }
      return;
    }
    if (final) {
      wholeFileTokens += countTokens(pending, opts.encoding);
      pending = '';
      return;
    }
    const cut = lastSafeSplit(pending);
    if (cut > 0) {
      wholeFileTokens += countTokens(pending.slice(0, cut), opts.encoding);
      pending = pending.slice(cut);
    } else if (pending.length > HARD_SPLIT_CHARS) {
      // Cut before a low surrogate never: keep surrogate pairs whole.
      let at = pending.length;
      const code = pending.charCodeAt(at - 1);
      if (code >= 0xd800 && code <= 0xdbff) at--;
      wholeFileTokens += countTokens(pending.slice(0, at), opts.encoding);
      pending = pending.slice(at);
      hardSplits++;
    }
  };

  readChunks(f, (text, final) => take(text, final), opts.onBytes);
  if (opts.unit === 'file') {
    tokens = wholeFileTokens;
    samples.add(tokens);
  }
  return { file: f.display, bytes: f.bytes, tokens, samples, hardSplits };
}

/**
 * Read a file in chunks, decoding UTF-8 in streaming mode (a character split across chunks is kept
 * whole). A NUL byte in the first chunk marks a binary file; invalid UTF-8 is reported with its offset.
 */
export function readChunks(
  f: FoundFile,
  onText: (text: string, final: boolean) => void,
  onBytes?: (n: number) => void,
): void {
  let fd: number;
  try {
    fd = openSync(f.path, 'r');
  } catch (e) {
    throw new InputError({
      code: 'E_FILE_READ',
      file: f.display,
      message: describeFsError(e),
      expected: 'a readable file',
    });
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const buf = Buffer.allocUnsafe(CHUNK_BYTES);
  let offset = 0;
  try {
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, CHUNK_BYTES, offset);
      } catch (e) {
        throw new InputError({
          code: 'E_FILE_READ',
          file: f.display,
          message: describeFsError(e),
          expected: 'a readable file',
        });
      }
      if (offset === 0 && n > 0 && buf.subarray(0, Math.min(n, 8192)).includes(0)) {
        throw new InputError({
          code: 'E_NOT_UTF8',
          file: f.display,
          message: 'looks binary (NUL byte in the first 8 KiB)',
          expected: 'a text file',
        });
      }
      const bytes = buf.subarray(0, n);
      let text: string;
      try {
        text = decoder.decode(bytes, { stream: n > 0 });
      } catch {
        throw new InputError({
          code: 'E_NOT_UTF8',
          file: f.display,
          message: `invalid UTF-8 in bytes ${offset}–${offset + n}`,
          expected: 'UTF-8 text',
        });
      }
      offset += n;
      onBytes?.(offset);
      onText(text, n === 0);
      if (n === 0) return;
    }
  } finally {
    closeSync(fd);
  }
}

export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return `cannot be read (${code ?? 'unknown error'})`;
}
