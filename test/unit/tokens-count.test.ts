import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  countChatTokens,
  countSample,
  parseJsonlLine,
  REPLY_PRIMING_TOKENS,
  TOKENS_PER_MESSAGE,
} from '../../src/tokens/chat.js';
import { countFile, isSafeSplitByte, lastSafeSplit } from '../../src/tokens/corpus.js';
import { countTokens, getEncoder, type EncodingName } from '../../src/tokens/count.js';
import { Histogram } from '../../src/tokens/stats.js';

const BOTH: EncodingName[] = ['o200k_base', 'cl100k_base'];

describe('countTokens: fixed strings, hand-checked', () => {
  // Each case lists the pieces the tokenizer produces, so the count can be checked by eye:
  //   "hello world"        → "hello" + " world"                        = 2 in both (the classic example)
  //   "1234567"            → "123" + "456" + "7" (digits in runs of 1–3)  = 3 in both
  //   "  indented\n\tcode();\n" → " " + " ind" + "ented" + "\n" + "\tcode" + "();\n" = 6 in both
  //   "<|endoftext|>" as plain text: "<" "|" "endo" "ft" "ext" "|" ">" = 7 in cl100k_base,
  //                                  "<" "|" "end" "of" "text" "|" ">" = 7 in o200k_base
  //   "日本語のテキスト": cl100k_base splits 語 into two byte tokens → 8; o200k_base has "日本" → 6
  //   "Ünïcödé naïve café": 10 in cl100k_base, 8 in o200k_base ("ïc", "öd" are single tokens there)
  const cases: Array<[string, number, number]> = [
    ['', 0, 0],
    ['hello world', 2, 2],
    ['The quick brown fox jumps over the lazy dog.', 10, 10],
    ['1234567', 3, 3],
    ['  indented\n\tcode();\n', 6, 6],
    ['<|endoftext|>', 7, 7],
    ['日本語のテキスト', 6, 8],
    ['Ünïcödé naïve café', 8, 10],
  ];
  for (const [text, o200k, cl100k] of cases) {
    it(`${JSON.stringify(text)} → ${o200k} (o200k_base), ${cl100k} (cl100k_base)`, () => {
      expect(countTokens(text, 'o200k_base')).toBe(o200k);
      expect(countTokens(text, 'cl100k_base')).toBe(cl100k);
    });
  }

  it('counts special-token text as plain text, never as the control token', () => {
    for (const e of BOTH) {
      const enc = getEncoder(e).tiktoken;
      expect(() => enc.encode('<|endoftext|>')).toThrow(); // js-tiktoken's default refuses it
      expect(countTokens('a <|endoftext|> b <|fim_prefix|>', e)).toBe(
        enc.encode('a <|endoftext|> b <|fim_prefix|>', [], []).length,
      );
      expect(countTokens('<|endoftext|>', e)).toBeGreaterThan(1);
    }
  });
});

// Text built from pieces that stress the pre-tokeniser: letters of several scripts, digits, spaces,
// tabs, line breaks, punctuation, contractions, emoji (surrogate pairs).
const piece = fc.constantFrom(
  'hello',
  ' world',
  'Über',
  ' naïve',
  '日本語',
  ' テキスト',
  '123',
  '4567',
  ' ',
  '  ',
  '\t',
  '\n',
  '\r\n',
  '\n\n',
  "'s",
  "'LL",
  '.',
  ',',
  '();',
  '<|endoftext|>',
  '//',
  '😀',
  'a',
  'Z',
  ' x',
  '-',
  '"',
  '__init__',
);
const text = fc.array(piece, { maxLength: 60 }).map((a) => a.join(''));

describe('countTokens agrees with js-tiktoken encode()', () => {
  for (const e of BOTH) {
    it(`on random text (${e})`, () => {
      const enc = getEncoder(e).tiktoken;
      fc.assert(
        fc.property(text, (s) => countTokens(s, e) === enc.encode(s, [], []).length),
        { numRuns: 300 },
      );
    });
  }
});

describe('safe split points', () => {
  it('splitting at any safe point leaves the count unchanged (both encodings)', () => {
    fc.assert(
      fc.property(text, (s) => {
        const points: number[] = [];
        for (let end = s.length; ; ) {
          const p = lastSafeSplit(s.slice(0, end + 1));
          if (p <= 0 || p >= end + 1) break;
          if (p < s.length) points.push(p);
          end = p - 1;
        }
        for (const e of BOTH) {
          const whole = countTokens(s, e);
          for (const p of points)
            if (countTokens(s.slice(0, p), e) + countTokens(s.slice(p), e) !== whole) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it('finds the same points on UTF-8 bytes as on the string', () => {
    fc.assert(
      fc.property(text, (s) => {
        const bytes = Buffer.from(s, 'utf8');
        const at = (k: number) => (k < 0 || k >= bytes.length ? -1 : bytes[k]!);
        const fromBytes = new Set<number>();
        for (let i = 1; i < bytes.length; i++)
          if (isSafeSplitByte(at, i)) fromBytes.add(Buffer.byteLength(bytes.subarray(0, i).toString('utf8')));
        const fromString = new Set<number>();
        for (let i = 1; i < s.length; i++)
          if (lastSafeSplit(s.slice(0, i + 2), i) === i) fromString.add(Buffer.byteLength(s.slice(0, i)));
        return [...fromString].every((b) => fromBytes.has(b));
      }),
      { numRuns: 200 },
    );
  });
});

describe('countFile streams', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llmcost-count-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a 3 MB file read in 1 MiB chunks counts exactly as the whole text', () => {
    const words = ['support', ' ticket', ' 日本語', '\n', ' 42', ' refund', '.', ' Über', '😀', '\n\nSection'];
    let s = '';
    let i = 0;
    while (s.length < 3_000_000) s += words[(i = (i * 7 + 3) % words.length)]! + (i % 3 ? ' ' : '');
    const file = join(dir, 'big.txt');
    writeFileSync(file, s);
    for (const e of BOTH) {
      const c = countFile(
        { path: file, display: 'big.txt', bytes: Buffer.byteLength(s) },
        { encoding: e, unit: 'file' },
      );
      expect(c.tokens).toBe(countTokens(s, e));
      expect(c.hardSplits).toBe(0);
    }
  });

  it('refuses binary and non-UTF-8 files with a reason', () => {
    writeFileSync(join(dir, 'bin.dat'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    writeFileSync(join(dir, 'latin1.txt'), Buffer.from('caf\xe9\n', 'latin1'));
    expect(() =>
      countFile({ path: join(dir, 'bin.dat'), display: 'bin.dat', bytes: 6 }, { encoding: 'o200k_base', unit: 'file' }),
    ).toThrow(/bin.dat: looks binary/);
    expect(() =>
      countFile(
        { path: join(dir, 'latin1.txt'), display: 'latin1.txt', bytes: 5 },
        { encoding: 'o200k_base', unit: 'file' },
      ),
    ).toThrow(/latin1.txt: invalid UTF-8 in bytes 0–5/);
    expect(() =>
      countFile(
        { path: join(dir, 'missing.txt'), display: 'missing.txt', bytes: 0 },
        { encoding: 'o200k_base', unit: 'file' },
      ),
    ).toThrow(/missing.txt: no such file/);
  });

  it('JSONL: strings, messages arrays, {messages} objects; blank lines skipped; bad lines named', () => {
    const file = join(dir, 'c.jsonl');
    writeFileSync(
      file,
      [
        '"hello world"',
        '',
        '[{"role":"user","content":"hello world"}]',
        '{"messages":[{"role":"user","content":"hello world"}]}',
        '',
      ].join('\n'),
    );
    const c = countFile({ path: file, display: 'c.jsonl', bytes: 0 }, { encoding: 'cl100k_base', unit: 'line' });
    // "hello world" = 2; each one-message chat = 3 priming + 3 framing + "user" 1 + 2 = 9
    expect(c.samples.count).toBe(3);
    expect(c.tokens).toBe(2 + 9 + 9);
    writeFileSync(file, '"ok"\n{"prompt": 1}\n');
    expect(() =>
      countFile({ path: file, display: 'c.jsonl', bytes: 0 }, { encoding: 'cl100k_base', unit: 'line' }),
    ).toThrow(/c.jsonl:2: is neither a string nor chat messages/);
    writeFileSync(file, '"ok"\n{oops\n');
    expect(() =>
      countFile({ path: file, display: 'c.jsonl', bytes: 0 }, { encoding: 'cl100k_base', unit: 'line' }),
    ).toThrow(/c.jsonl:2: is not valid JSON/);
  });
});

describe('chat messages (OpenAI cookbook, "How to count tokens with tiktoken")', () => {
  // The cookbook's example, whose count it checks against the API's usage.prompt_tokens:
  // 129 for gpt-3.5-turbo-0613 / gpt-4-0613 (cl100k_base), 124 for gpt-4o / gpt-4o-mini (o200k_base).
  const example = [
    {
      role: 'system',
      content: 'You are a helpful, pattern-following assistant that translates corporate jargon into plain English.',
    },
    { role: 'system', name: 'example_user', content: 'New synergies will help drive top-line growth.' },
    { role: 'system', name: 'example_assistant', content: 'Things working well together will increase revenue.' },
    {
      role: 'system',
      name: 'example_user',
      content: "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage.",
    },
    {
      role: 'system',
      name: 'example_assistant',
      content: "Let's talk later when we're less busy about how to do better.",
    },
    { role: 'user', content: "This late pivot means we don't have time to boil the ocean for the client deliverable." },
  ];
  it('matches the API-verified counts: 129 (cl100k_base) and 124 (o200k_base)', () => {
    expect(countChatTokens(example, 'cl100k_base')).toBe(129);
    expect(countChatTokens(example, 'o200k_base')).toBe(124);
  });

  it('adds 3 per message, 1 per name and 3 for reply priming', () => {
    // {"role":"user","content":"hello world"}: 3 + "user" (1) + "hello world" (2) = 6, + 3 priming = 9
    expect(countChatTokens([{ role: 'user', content: 'hello world' }], 'cl100k_base')).toBe(9);
    expect(TOKENS_PER_MESSAGE + REPLY_PRIMING_TOKENS).toBe(6);
    // a name costs its own tokens ("bob" = 1) plus 1
    expect(countChatTokens([{ role: 'user', name: 'bob', content: 'hello world' }], 'cl100k_base')).toBe(9 + 1 + 1);
    expect(countChatTokens([], 'o200k_base')).toBe(3);
  });

  it('counts an answer (output) as its content only', () => {
    const s = parseJsonlLine('{"messages":[{"role":"assistant","content":"hello world"}]}', 'a.jsonl', 1);
    expect(countSample(s, 'o200k_base', 'output')).toBe(2);
    expect(countSample(s, 'o200k_base', 'input')).toBe(9);
  });
});

describe('Histogram', () => {
  it('mean, nearest-rank percentiles and max, hand-checked', () => {
    const h = new Histogram();
    for (let i = 1; i <= 100; i++) h.add(i);
    expect(h.mean).toBe(50.5); // 5050 / 100
    expect(h.percentile(50)).toBe(50); // ⌈0.50 × 100⌉ = 50th value
    expect(h.percentile(95)).toBe(95);
    expect(h.max).toBe(100);
    const g = new Histogram();
    for (const v of [1, 2, 3, 4]) g.add(v);
    expect(g.percentile(50)).toBe(2); // ⌈0.5 × 4⌉ = 2nd value
    expect(g.percentile(95)).toBe(4); // ⌈0.95 × 4⌉ = 4th
    expect(new Histogram().stat('p95')).toBe(0);
  });
});
