// Token counting with js-tiktoken's encodings. The rank tables (2–4 MB of JS each, ≈ 1 s to build an
// encoder) are required lazily, on the first count, so commands that never count never pay for them.
//
// Special-token policy: text such as `<|endoftext|>` inside user content is counted as plain text,
// the way the API bills it (the API never lets user content inject control tokens). js-tiktoken
// throws on such text by default; here no special token is allowed or disallowed.
//
// Speed: js-tiktoken's `encode` re-joins byte arrays into string keys for every piece (≈ 1.5 MB/s).
// Counting only needs the number of tokens of each pre-tokenised piece, and real text repeats its
// pieces (words, indentation, punctuation), so each distinct piece is merged once and its count is
// cached. The merge itself runs on the encoder's own rank map, so counts are js-tiktoken's by
// construction; test/unit/tokens-count.test.ts checks them against `encode().length`.
import { createRequire } from 'node:module';
import { Tiktoken, type TiktokenBPE } from 'js-tiktoken/lite';

import type { EncodingName } from './encodings.js';

export { DEFAULT_ENCODING, ENCODINGS, isEncodingName, type EncodingName } from './encodings.js';

/** Distinct pieces kept in the count cache before it is cleared (bounds memory on huge corpora). */
const CACHE_LIMIT = 400_000;

export interface Encoder {
  name: EncodingName;
  /** Tokens in `text`, special-token strings counted as plain text. */
  count(text: string): number;
  /** The underlying js-tiktoken encoder (tests and benchmarks compare against it). */
  tiktoken: Tiktoken;
}

const encoders = new Map<EncodingName, Encoder>();
const requireRanks = createRequire(import.meta.url);

/** Rank tables are CommonJS in js-tiktoken too: a synchronous require keeps counting synchronous. */
function loadRanks(name: EncodingName): TiktokenBPE {
  const mod = requireRanks(`js-tiktoken/ranks/${name}`) as TiktokenBPE | { default: TiktokenBPE };
  return 'default' in mod ? mod.default : mod;
}

export function getEncoder(name: EncodingName): Encoder {
  let enc = encoders.get(name);
  if (!enc) {
    const ranks = loadRanks(name);
    const tiktoken = new Tiktoken(ranks);
    enc = makeEncoder(name, tiktoken, ranks.pat_str);
    encoders.set(name, enc);
  }
  return enc;
}

/** Tokens `text` costs in `encoding`; `<|endoftext|>` and friends count as plain text. */
export function countTokens(text: string, encoding: EncodingName): number {
  return getEncoder(encoding).count(text);
}

function makeEncoder(name: EncodingName, tiktoken: Tiktoken, patStr: string): Encoder {
  const rankMap = (tiktoken as unknown as { rankMap?: unknown }).rankMap;
  const utf8 = new TextEncoder();
  // Fallback if a future js-tiktoken hides its rank map: encode the piece alone (same pre-tokeniser).
  const pieceTokens =
    rankMap instanceof Map
      ? (piece: string) => mergedPartCount(utf8.encode(piece), rankMap as Map<string, number>)
      : (piece: string) => tiktoken.encode(piece, [], []).length;
  const cache = new Map<string, number>();
  const pattern = new RegExp(patStr, 'gu');
  return {
    name,
    tiktoken,
    count(text: string): number {
      let total = 0;
      pattern.lastIndex = 0;
      for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
        const piece = m[0];
        let n = cache.get(piece);
        if (n === undefined) {
          n = pieceTokens(piece);
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
 * Byte-pair merge of one piece, as js-tiktoken's `bytePairMerge` does it (lowest rank first, leftmost
 * on ties), returning only how many parts remain: that is the piece's token count.
 */
function mergedPartCount(bytes: Uint8Array, ranks: Map<string, number>): number {
  if (bytes.length <= 1) return bytes.length;
  const key = (s: number, e: number) => Array.prototype.join.call(bytes.subarray(s, e), ',');
  if (ranks.has(key(0, bytes.length))) return 1;
  const starts: number[] = Array.from({ length: bytes.length + 1 }, (_, i) => i); // part i = [starts[i], starts[i+1])
  while (starts.length > 2) {
    let minRank = Infinity;
    let at = -1;
    for (let i = 0; i < starts.length - 2; i++) {
      const rank = ranks.get(key(starts[i]!, starts[i + 2]!));
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
