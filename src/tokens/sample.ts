// Estimating a large corpus from a random sample (`llmcost tokens corpus/ --sample 2%`).
//
// Method (ratio estimator over random byte blocks):
//   1. Every file is cut into blocks of about BLOCK_BYTES. A block boundary is moved forward to the
//      next safe split point (corpus.ts; the next line start with --per-line), so the blocks tile each
//      file exactly and the block counts add up to the file's count: no bias from cutting words.
//      A file smaller than a block is one block.
//   2. Stratified draw, seeded (`--seed`): the blocks in corpus order are cut into n runs of equal
//      length and one block is drawn at random from each; n = the share asked for of all blocks, at
//      least MIN_BLOCKS (or all of them, which gives the exact count).
//   3. Combined ratio estimator: tokens per byte R = Σ N_h·t_h ÷ Σ N_h·b_h over the drawn blocks
//      (N_h blocks in run h); estimate = R × corpus bytes.
//   4. 95% interval: estimate ± t(0.975, groups) × SE, with SE from the ratio estimator's
//      linearised residuals z_h = N_h·(t_h − R·b_h), variance by collapsed strata (neighbouring runs
//      paired) with the finite-population correction (Cochran, Sampling Techniques, 3rd ed., §5A.12
//      and §6.11). Collapsing overstates the variance, so the interval errs on the wide side.
// Only the drawn blocks are read, so files never drawn are not checked for being binary or UTF-8.
import { closeSync, openSync, readSync } from 'node:fs';
import { InputError, isInputError } from '../errors.js';
import { countSample, parseJsonlLine } from './chat.js';
import { countTokens, type EncodingName } from './count.js';
import { describeFsError, isJsonlName, isSafeSplitByte, type Unit } from './corpus.js';
import type { FoundFile } from './files.js';
import { rng } from '../random.js';

export const BLOCK_BYTES = 4 * 1024;
export const MIN_BLOCKS = 100;
/** How far past a nominal boundary to look for a safe point before cutting at a character boundary. */
const SEARCH_BYTES = 256;

export interface SampleOptions {
  encoding: EncodingName;
  unit: Unit;
  /** Share of blocks to read, 0 < share ≤ 1. */
  share: number;
  seed: number;
  billing?: 'input' | 'output';
  blockBytes?: number;
  minBlocks?: number;
  onBlock?: (done: number, of: number) => void;
}

export interface SampleEstimate {
  tokens: number;
  low: number;
  high: number;
  /** Standard error of the estimate. */
  se: number;
  bytes: number;
  sampled_bytes: number;
  blocks: number;
  sampled_blocks: number;
  tokens_per_byte: number;
  seed: number;
  method: string;
  /** Files excluded because a drawn block of theirs could not be read. */
  skipped: Array<{ file: string; reason: string }>;
}

export const SAMPLE_METHOD =
  'stratified random byte blocks, combined ratio estimator (tokens per byte × corpus bytes); 95% interval from collapsed-strata variance with finite-population correction and Student t';

/** Parse `2%`, `0.02` or `2 %` into a share in (0, 1]. */
export function parseShare(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(text);
  if (!m) return null;
  const v = Number(m[1]) / (m[2] ? 100 : 1);
  return v > 0 && v <= 1 ? v : null;
}

interface Block {
  file: FoundFile;
  index: number;
}

export function estimateCorpus(files: readonly FoundFile[], opts: SampleOptions): SampleEstimate {
  const B = opts.blockBytes ?? BLOCK_BYTES;
  const blocks: Block[] = [];
  let bytes = 0;
  for (const f of files) {
    bytes += f.bytes;
    const n = Math.max(1, Math.ceil(f.bytes / B));
    for (let i = 0; i < n; i++) blocks.push({ file: f, index: i });
  }
  const allBlocks = blocks.length;
  const n0 = Math.min(allBlocks, Math.max(opts.minBlocks ?? MIN_BLOCKS, Math.ceil(opts.share * allBlocks)));
  // Stratified draw: the blocks, in corpus order, are cut into n0 runs of (nearly) equal length and
  // one block is drawn from each run, so every part of the corpus (every file, every style) is
  // represented in proportion.
  const next = rng(opts.seed);
  const strata: Array<{ size: number; pick: number }> = [];
  for (let h = 0; h < n0; h++) {
    const lo = Math.floor((h * allBlocks) / n0);
    const hi = Math.floor(((h + 1) * allBlocks) / n0);
    strata.push({ size: hi - lo, pick: lo + Math.floor(next() * (hi - lo)) });
  }

  // A drawn block that cannot be read (binary, not UTF-8) excludes its whole file from the corpus:
  // the estimate is then of the readable files, and its stratum counts as empty of them.
  const bad = new Map<FoundFile, string>();
  const drawn: Array<{ file: FoundFile; size: number; tokens: number; bytes: number }> = [];
  const reader = new BlockReader(B, opts);
  try {
    strata.forEach((st, done) => {
      const block = blocks[st.pick]!;
      if (!bad.has(block.file)) {
        try {
          drawn.push({ file: block.file, size: st.size, ...reader.count(block) });
        } catch (e) {
          if (!isInputError(e)) throw e;
          bad.set(block.file, `${e.details.line !== undefined ? `line ${e.details.line}: ` : ''}${e.details.message}`);
        }
      }
      opts.onBlock?.(done + 1, n0);
    });
  } finally {
    reader.close();
  }
  for (const f of bad.keys()) bytes -= f.bytes;
  const units = drawn.map((d) => (bad.has(d.file) ? { ...d, tokens: 0, bytes: 0 } : d));
  const n = units.length;
  // Combined ratio estimator: stratum totals estimated as N_h × t_h and N_h × b_h.
  const sumT = units.reduce((x, u) => x + u.size * u.tokens, 0);
  const sumB = units.reduce((x, u) => x + u.size * u.bytes, 0);
  const R = sumB === 0 ? 0 : sumT / sumB;
  const estimate = R * bytes;
  // Collapsed strata (Cochran §5A.12): neighbouring strata in pairs (a trio at an odd end); within a
  // group of G, v = G/(G−1) Σ (z_h − z̄)², z_h = N_h (t_h − R b_h). Neighbouring strata differ more
  // than units within one stratum do, so this overstates the variance: the interval is conservative.
  let v = 0;
  let groups = 0;
  for (let g = 0; g + 1 < n; g += 2) {
    const size = n - g === 3 ? 3 : 2;
    const z = units.slice(g, g + size).map((u) => u.size * (u.tokens - R * u.bytes));
    const zbar = z.reduce((x, y) => x + y, 0) / size;
    v += (size / (size - 1)) * z.reduce((x, y) => x + (y - zbar) ** 2, 0);
    groups++;
    if (size === 3) break;
  }
  const exhaustive = n0 === allBlocks;
  const fpc = 1 - n0 / allBlocks;
  const scale = sumB === 0 ? 0 : bytes / sumB; // the ratio estimator's error, carried to the estimate
  const se = exhaustive ? 0 : Math.sqrt(fpc * v) * scale;
  const half = exhaustive || groups === 0 ? 0 : tQuantile975(groups) * se;
  const N = allBlocks;
  return {
    tokens: estimate,
    low: Math.max(0, estimate - half),
    high: estimate + half,
    se,
    bytes,
    sampled_bytes: units.reduce((x, u) => x + u.bytes, 0),
    blocks: N,
    sampled_blocks: n,
    tokens_per_byte: R,
    seed: opts.seed,
    method: SAMPLE_METHOD,
    skipped: [...bad].map(([f, reason]) => ({ file: f.display, reason })),
  };
}

/** Reads blocks, keeping one file open at a time (blocks come in file order). */
class BlockReader {
  private fd: number | undefined;
  private path: string | undefined;
  constructor(
    private readonly B: number,
    private readonly opts: SampleOptions,
  ) {}

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private open(f: FoundFile): number {
    if (this.path !== f.path) {
      this.close();
      try {
        this.fd = openSync(f.path, 'r');
      } catch (e) {
        throw new InputError({
          code: 'E_FILE_READ',
          file: f.display,
          message: describeFsError(e),
          expected: 'a readable file',
        });
      }
      this.path = f.path;
    }
    return this.fd!;
  }

  count(block: Block): { tokens: number; bytes: number } {
    const f = block.file;
    const fd = this.open(f);
    const line = this.opts.unit === 'line';
    const start = boundary(fd, block.index * this.B, f.bytes, line);
    const end = boundary(fd, (block.index + 1) * this.B, f.bytes, line);
    if (end <= start) return { tokens: 0, bytes: 0 };
    const buf = Buffer.allocUnsafe(end - start);
    readSync(fd, buf, 0, buf.length, start);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
    } catch {
      throw new InputError({
        code: 'E_NOT_UTF8',
        file: f.display,
        message: `invalid UTF-8 in bytes ${start}–${end}`,
        expected: 'UTF-8 text',
      });
    }
    if (start === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (!line) return { tokens: countTokens(text, this.opts.encoding), bytes: end - start };
    let tokens = 0;
    const jsonl = isJsonlName(f.display);
    for (const raw of text.split('\n')) {
      const l = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (l.trim() === '') continue;
      tokens += countSample(
        jsonl ? parseJsonlLine(l, f.display, undefined) : { kind: 'text', text: l },
        this.opts.encoding,
        this.opts.billing,
      );
    }
    return { tokens, bytes: end - start };
  }
}

/**
 * The first safe split point at or after byte `x` (a line start when `line`), or the file's end.
 * Block b spans [boundary(b·B), boundary((b+1)·B)): the same function on both sides, so blocks tile.
 */
function boundary(fd: number, x: number, size: number, line: boolean): number {
  if (x <= 0) return 0;
  if (x >= size) return size;
  const from = Math.max(0, x - 4); // a little left context (the previous character)
  let len = Math.min(SEARCH_BYTES, size - from);
  for (;;) {
    const buf = Buffer.allocUnsafe(len + 4);
    const got = readSync(fd, buf, 0, len + 4, from);
    const end = from + got;
    const at = (k: number) => (k < from || k >= end ? -1 : buf[k - from]!); // byte at absolute offset k
    const scanTo = Math.min(end, from + len);
    for (let i = x; i < scanTo; i++) if (line ? at(i - 1) === 10 : isSafeSplitByte(at, i)) return i;
    if (end >= size && scanTo >= size) return size;
    if (line) {
      len *= 2; // a JSONL line cannot be cut: keep looking for the line's end
      continue;
    }
    // No safe point nearby: cut at the first UTF-8 character start (may differ by a token or so).
    for (let i = x; i < end; i++) if ((at(i) & 0xc0) !== 0x80) return i;
    return end;
  }
}

/** Student's t 97.5% quantile for `df` degrees of freedom (table to 30, then a series in 1/df). */
export function tQuantile975(df: number): number {
  const table = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
    2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
  ];
  if (df < 1) return Infinity;
  if (df <= 30) return table[df - 1]!;
  const z = 1.959964;
  // Cornish–Fisher expansion of t in terms of z (Abramowitz & Stegun 26.7.5).
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2);
}
