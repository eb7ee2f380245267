// Reading input files: UTF-8 positions, bounded reads, and the file-system errors a user can meet.
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { decodeUtf8, firstInvalidUtf8Offset, readTextFile } from '../../src/input/read.js';

const dir = mkdtempSync(join(tmpdir(), 'llmcost-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const errorOf = (f: () => unknown): InputError => {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('no error');
};

describe('UTF-8 check', () => {
  it.each([
    ['a lone continuation byte', [0x61, 0x80], 1],
    ['an overlong two-byte form', [0x61, 0x62, 0xc0, 0xaf], 2],
    ['an overlong three-byte form', [0xe0, 0x80, 0xaf], 0],
    ['a UTF-16 surrogate', [0x61, 0xed, 0xa0, 0x80], 1],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a byte that never occurs', [0x61, 0x62, 0x63, 0xff], 3],
    ['a sequence cut short', [0x61, 0xe2, 0x82], 1],
    ['a sequence cut by ASCII', [0xe2, 0x41, 0x41], 0],
  ])('finds %s at its offset', (_what, bytes, offset) => {
    expect(firstInvalidUtf8Offset(Uint8Array.from(bytes))).toBe(offset);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes))).toThrow();
  });

  it('accepts what TextDecoder accepts, across every plane', () => {
    const text = 'ascii é € 𝄞 数字 \u{10ffff}';
    expect(firstInvalidUtf8Offset(Buffer.from(text, 'utf8'))).toBe(-1);
    expect(decodeUtf8(Buffer.from(`\ufeff${text}`, 'utf8'))).toBe(text); // BOM dropped
  });

  it('places the bad byte at its line and column (in characters)', () => {
    const bytes = Buffer.concat([Buffer.from('version: 1\nname: é', 'utf8'), Buffer.from([0xe9]), Buffer.from('\n')]);
    const e = errorOf(() => decodeUtf8(bytes, 'x.yaml'));
    // 'version: 1\n' is 11 bytes, 'name: é' 8 bytes (é is two) but 7 characters: offset 19, column 8.
    expect(e.message).toBe('x.yaml:2:8: invalid UTF-8 byte 0xe9 at byte offset 19; expected UTF-8 text');
  });
});

describe('readTextFile', () => {
  it('names the file as the user typed it', () => {
    const e = errorOf(() => readTextFile(join(dir, 'missing.yaml'), undefined, 'missing.yaml'));
    expect(e.message).toBe('missing.yaml: no such file; expected a readable file');
  });

  it('says when a part of the path is a file, not a folder', () => {
    writeFileSync(join(dir, 'plain'), 'x');
    expect(errorOf(() => readTextFile(join(dir, 'plain', 'x.yaml'), undefined, 'plain/x.yaml')).message).toBe(
      'plain/x.yaml: a part of the path is not a folder; expected a readable file',
    );
  });

  it('refuses a file one byte over the limit, and reads one at the limit', () => {
    writeFileSync(join(dir, 'at.yaml'), 'a'.repeat(64));
    writeFileSync(join(dir, 'over.yaml'), 'a'.repeat(65));
    expect(readTextFile(join(dir, 'at.yaml'), 64)).toHaveLength(64);
    expect(errorOf(() => readTextFile(join(dir, 'over.yaml'), 64, 'over.yaml')).message).toBe(
      'over.yaml: is 65 bytes; expected at most 64 bytes',
    );
  });

  it.skipIf(!existsSync('/dev/zero'))('stops reading an endless device at the limit', () => {
    const e = errorOf(() => readTextFile('/dev/zero', 1024, '/dev/zero'));
    expect(e.code).toBe('E_FILE_TOO_LARGE');
    expect(e.message).toBe('/dev/zero: is more than 1024 bytes; expected at most 1024 bytes');
  });

  it.skipIf(process.getuid?.() === 0 || process.platform === 'win32')('reports a file it may not read', () => {
    const f = join(dir, 'secret.yaml');
    writeFileSync(f, 'version: 1\n');
    chmodSync(f, 0o000);
    expect(errorOf(() => readTextFile(f, undefined, 'secret.yaml')).message).toBe(
      'secret.yaml: permission denied; expected a readable file',
    );
  });
});
