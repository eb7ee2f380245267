// Token counting with js-tiktoken's encodings. The rank tables (2–4 MB of JS each, ≈ 1 s to build an
// encoder) are required lazily, on the first count, so commands that never count never pay for them.
//
// Special-token policy: text such as `<|endoftext|>` inside user content is counted as plain text,
// the way the API bills it (the API never lets user content inject control tokens). js-tiktoken
// throws on such text by default; here no special token is allowed or disallowed.
//
// Speed: js-tiktoken's `encode` re-joins byte arrays into string keys for every piece (≈ 1.5 MB/s)
// and its constructor takes ≈ 1.2 s for o200k_base. Counting needs neither token ids nor decoding:
// only how many tokens each pre-tokenised piece makes. So this module reads js-tiktoken's rank table
// and split pattern itself, merges each *distinct* piece once (the same lowest-rank-first byte-pair
// merge as js-tiktoken) and caches its count: real text repeats its pieces (words, indentation,
// punctuation). test/unit/tokens-count.test.ts checks every count against js-tiktoken's
// `encode().length`; bench/tokens.mjs measures the speed against other tokenizers.
import { createRequire } from 'node:module';
import type { Tiktoken, TiktokenBPE } from 'js-tiktoken/lite';

import type { EncodingName } from './encodings.js';

export { DEFAULT_ENCODING, ENCODINGS, isEncodingName, type EncodingName } from './encodings.js';

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

/**
 * The rank table keyed by each token's bytes as a binary string (one char per byte). js-tiktoken's
 * own constructor keys by "104,101,108" strings and takes ≈ 1.2 s for o200k_base; this takes a
 * fraction of that and makes every lookup a substring.
 */
function binaryRanks(bpeRanks: string): Map<string, number> {
  const ranks = new Map<string, number>();
  for (const line of bpeRanks.split('\n')) {
    if (!line) continue;
    const parts = line.split(' ');
    const offset = Number.parseInt(parts[1]!, 10);
    for (let i = 2; i < parts.length; i++) ranks.set(atob(parts[i]!), offset + i - 2);
  }
  return ranks;
}

function makeEncoder(name: EncodingName, bpe: TiktokenBPE): Encoder {
  const ranks = binaryRanks(bpe.bpe_ranks);
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
          n = mergedPartCount(Buffer.from(piece, 'utf8').toString('latin1'), ranks);
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
 * Byte-pair merge of one piece (its UTF-8 bytes as a binary string), as js-tiktoken's
 * `bytePairMerge` does it: repeatedly merge the adjacent pair whose concatenation has the lowest
 * rank (leftmost on ties) until no pair is in the table. Returns how many parts remain: the piece's
 * token count.
 */
function mergedPartCount(bytes: string, ranks: Map<string, number>): number {
  if (bytes.length <= 1) return bytes.length;
  if (ranks.has(bytes)) return 1;
  const starts: number[] = Array.from({ length: bytes.length + 1 }, (_, i) => i); // part i = [starts[i], starts[i+1])
  while (starts.length > 2) {
    let minRank = Infinity;
    let at = -1;
    for (let i = 0; i < starts.length - 2; i++) {
      const rank = ranks.get(bytes.slice(starts[i], starts[i + 2]));
      if (rank !== undefined && rank < minRank) {
        minRank = rank;
        at = i;
      }
    }
    if (at < 0) break;
    starts.splice(at + 1, 1);
  }
  return starts.length - 1;
}
