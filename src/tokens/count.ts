// Token counting with js-tiktoken's encodings. The rank tables (2–4 MB of JS each, ≈ 1 s to build an
// encoder) are required lazily, on the first count, so commands that never count never pay for them.
//
// Special-token policy: text such as `<|endoftext|>` inside user content is counted as plain text,
// the way the API bills it (the API never lets user content inject control tokens). js-tiktoken
// throws on such text by default; here no special token is allowed or disallowed.
//
// Speed: js-tiktoken's `encode` re-joins byte arrays into string keys for every piece (≈ 1.5 MB/s)
// and its constructor takes ≈ 1.2 s for o200k_base (see RankTable). Counting needs neither token ids nor decoding:
// only how many tokens each pre-tokenised piece makes. So this module reads js-tiktoken's rank table
// and split pattern itself, merges each *distinct* piece once (the same lowest-rank-first byte-pair
// merge as js-tiktoken) and caches its count: real text repeats its pieces (words, indentation,
// punctuation). test/unit/tokens-count.test.ts checks every count against js-tiktoken's
// `encode().length`; bench/tokens.mjs measures the speed against other tokenizers.
import { createRequire } from 'node:module';
import type { Tiktoken, TiktokenBPE } from 'js-tiktoken/lite';

import type { EncodingName } from './encodings.js';

export { ENCODINGS, isEncodingName, type EncodingName } from './encodings.js';

/** Distinct pieces kept in the count cache before it is cleared (bounds memory on huge corpora). */
const CACHE_LIMIT = 400_000;

export interface Encoder {
  name: EncodingName;
  /** Tokens in `text`, special-token strings counted as plain text. */
  count(text: string): number;
  /** js-tiktoken's own encoder for the same ranks, built on first use (tests and benchmarks compare against it). */
  readonly tiktoken: Tiktoken;
}

const encoders = new Map<EncodingName, Encoder>();
/** js-tiktoken is required lazily (rank tables on first count, its encoder only when asked for). */
const requireRanks = createRequire(import.meta.url);

/** Rank tables are CommonJS in js-tiktoken too: a synchronous require keeps counting synchronous. */
function loadRanks(name: EncodingName): TiktokenBPE {
  const mod = requireRanks(`js-tiktoken/ranks/${name}`) as TiktokenBPE | { default: TiktokenBPE };
  return 'default' in mod ? mod.default : mod;
}

export function getEncoder(name: EncodingName): Encoder {
  let enc = encoders.get(name);
  if (!enc) {
    enc = makeEncoder(name, loadRanks(name));
    encoders.set(name, enc);
  }
  return enc;
}

/** Tokens `text` costs in `encoding`; `<|endoftext|>` and friends count as plain text. */
export function countTokens(text: string, encoding: EncodingName): number {
  return getEncoder(encoding).count(text);
}

const B64 = new Int8Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  .split('')
  .forEach((c, i) => (B64[c.charCodeAt(0)] = i));

/**
 * The rank table: token bytes → rank, as open addressing over typed arrays (FNV-1a hash, linear
 * probing). js-tiktoken's own constructor builds a Map keyed by "104,101,108"-style strings and takes
 * ≈ 1.2 s for o200k_base; this decodes the same base64 table into one byte buffer in a few tens of
 * milliseconds, and a lookup of any byte range allocates nothing.
 */
export class RankTable {
  private readonly bytes: Uint8Array;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly rank: Int32Array;
  private readonly slots: Int32Array; // token index + 1; 0 = empty
  private readonly mask: number;
  readonly size: number;

  constructor(bpeRanks: string) {
    // "<ignored> <first rank> <token base64> <token base64> …", possibly over several lines.
    let count = 0;
    for (let i = 0; i < bpeRanks.length; i++) if (bpeRanks.charCodeAt(i) === 32) count++;
    this.bytes = new Uint8Array(Math.ceil((bpeRanks.length * 3) / 4));
    this.start = new Int32Array(count);
    this.end = new Int32Array(count);
    this.rank = new Int32Array(count);
    let cap = 1;
    while (cap < count * 2) cap <<= 1;
    this.slots = new Int32Array(cap);
    this.mask = cap - 1;
    let n = 0;
    let out = 0;
    for (const line of bpeRanks.split('\n')) {
      if (!line) continue;
      let i = line.indexOf(' ') + 1;
      let j = line.indexOf(' ', i);
      let r = Number.parseInt(line.slice(i, j < 0 ? line.length : j), 10);
      i = j < 0 ? line.length : j + 1;
      while (i < line.length) {
        j = line.indexOf(' ', i);
        if (j < 0) j = line.length;
        if (j === i) {
          i++;
          continue;
        }
        // base64 → bytes
        const from = out;
        let acc = 0;
        let bits = 0;
        for (let k = i; k < j; k++) {
          const v = B64[line.charCodeAt(k)]!;
          if (v < 0) break; // '=' padding
          acc = ((acc << 6) | v) & 0xffffff;
          bits += 6;
          if (bits >= 8) {
            bits -= 8;
            this.bytes[out++] = (acc >> bits) & 0xff;
          }
        }
        this.start[n] = from;
        this.end[n] = out;
        this.rank[n] = r++;
        let slot = hashBytes(this.bytes, from, out) & this.mask;
        while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
        this.slots[slot] = ++n;
        i = j + 1;
      }
    }
    this.size = n;
  }

  /** Rank of bytes[s, e), or -1 when that byte sequence is not a token. */
  get(b: Uint8Array, s: number, e: number): number {
    const len = e - s;
    for (let slot = hashBytes(b, s, e) & this.mask; ; slot = (slot + 1) & this.mask) {
      const t = this.slots[slot]! - 1;
      if (t < 0) return -1;
      const ts = this.start[t]!;
      if (this.end[t]! - ts !== len) continue;
      let k = 0;
      while (k < len && this.bytes[ts + k] === b[s + k]) k++;
      if (k === len) return this.rank[t]!;
    }
  }
}

function hashBytes(b: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let i = s; i < e; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h >>> 0;
}

function makeEncoder(name: EncodingName, bpe: TiktokenBPE): Encoder {
  const ranks = new RankTable(bpe.bpe_ranks);
  const utf8 = new TextEncoder();
  const cache = new Map<string, number>();
  const pattern = new RegExp(bpe.pat_str, 'gu');
  let tiktoken: Tiktoken | undefined;
  return {
    name,
    get tiktoken() {
      return (tiktoken ??= new (requireRanks('js-tiktoken/lite') as typeof import('js-tiktoken/lite')).Tiktoken(bpe));
    },
    count(text: string): number {
      let total = 0;
      pattern.lastIndex = 0;
      for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
        const piece = m[0];
        let n = cache.get(piece);
        if (n === undefined) {
          n = mergedPartCount(utf8.encode(piece), ranks);
          if (cache.size >= CACHE_LIMIT) cache.clear();
          cache.set(piece, n);
        }
        total += n;
      }
      return total;
    },
  };
}

/**
 * Byte-pair merge of one piece (its UTF-8 bytes), as js-tiktoken's `bytePairMerge` does it:
 * repeatedly merge the adjacent pair whose concatenation has the lowest rank (leftmost on ties) until
 * no pair is a token. Returns how many parts remain: the piece's token count.
 */
export function mergedPartCount(bytes: Uint8Array, ranks: RankTable): number {
  if (bytes.length <= 1) return bytes.length;
  if (ranks.get(bytes, 0, bytes.length) >= 0) return 1;
  const starts: number[] = Array.from({ length: bytes.length + 1 }, (_, i) => i); // part i = [starts[i], starts[i+1])
  while (starts.length > 2) {
    let minRank = Infinity;
    let at = -1;
    for (let i = 0; i < starts.length - 2; i++) {
      const rank = ranks.get(bytes, starts[i]!, starts[i + 2]!);
      if (rank >= 0 && rank < minRank) {
        minRank = rank;
        at = i;
      }
    }
    if (at < 0) break;
    starts.splice(at + 1, 1);
  }
  return starts.length - 1;
}
