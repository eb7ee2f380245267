// One `tokens` run: expand the inputs, count every file (or estimate from a sample), and collect the
// files that could not be read instead of stopping at the first. Used by the CLI command and by
// scenario `sample:` fields.
import { isInputError } from '../errors.js';
import type { EncodingName } from './count.js';
import { countFile, type FileCount, type SkippedFile, type Unit } from './corpus.js';
import type { FoundFile } from './files.js';
import { estimateCorpus, type SampleEstimate } from './sample.js';
import { Histogram, StatsSummary } from './stats.js';

export interface MeasureOptions {
  encoding: EncodingName;
  unit: Unit;
  billing?: 'input' | 'output';
  /** Progress: bytes done of bytes total, over all files. */
  onProgress?: (done: number, total: number) => void;
}

export interface Measurement {
  encoding: EncodingName;
  unit: Unit;
  files: FileCount[];
  skipped: SkippedFile[];
  /** Every sample of every counted file (one per file, or one per line). */
  samples: Histogram;
  /** Tokens per file (the per-file distribution), whatever the unit. */
  perFile: Histogram;
  bytes: number;
  tokens: number;
  hardSplits: number;
}

export function measureFiles(files: readonly FoundFile[], opts: MeasureOptions): Measurement {
  const total = files.reduce((s, f) => s + f.bytes, 0);
  let before = 0;
  const counted: FileCount[] = [];
  const skipped: SkippedFile[] = [];
  const samples = new Histogram();
  const perFile = new Histogram();
  let bytes = 0;
  let tokens = 0;
  let hardSplits = 0;
  for (const f of files) {
    try {
      const c = countFile(f, {
        encoding: opts.encoding,
        unit: opts.unit,
        billing: opts.billing,
        onBytes: opts.onProgress ? (n) => opts.onProgress!(before + n, total) : undefined,
      });
      samples.merge(c.samples);
      // Keep a few numbers per file, not its histogram: memory grows with the number of files only.
      counted.push({ ...c, samples: new StatsSummary(c.samples) });
      perFile.add(c.tokens);
      bytes += c.bytes;
      tokens += c.tokens;
      hardSplits += c.hardSplits;
    } catch (e) {
      if (!isInputError(e)) throw e;
      skipped.push({
        file: f.display,
        reason: `${e.details.line !== undefined ? `line ${e.details.line}: ` : ''}${e.details.message}`,
      });
    }
    before += f.bytes;
  }
  return {
    encoding: opts.encoding,
    unit: opts.unit,
    files: counted,
    skipped,
    samples,
    perFile,
    bytes,
    tokens,
    hardSplits,
  };
}

export interface Estimate {
  encoding: EncodingName;
  unit: Unit;
  files: number;
  estimate: SampleEstimate;
  skipped: SkippedFile[];
}

export function estimateFiles(
  files: readonly FoundFile[],
  opts: MeasureOptions & { share: number; seed: number },
): Estimate {
  const estimate = estimateCorpus(files, {
    encoding: opts.encoding,
    unit: opts.unit,
    billing: opts.billing,
    share: opts.share,
    seed: opts.seed,
    onBlock: opts.onProgress,
  });
  return { encoding: opts.encoding, unit: opts.unit, files: files.length, estimate, skipped: estimate.skipped };
}
