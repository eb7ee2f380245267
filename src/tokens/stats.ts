// Token counts per sample, kept as a histogram (count → how many samples had it): exact mean,
// percentiles and max in memory bounded by the number of *distinct* counts, not of samples.
export type StatName = 'mean' | 'p50' | 'p95' | 'max';

/** What formats read from a distribution. */
export interface Stats {
  readonly count: number;
  readonly total: number;
  readonly max: number;
  readonly mean: number;
  percentile(p: number): number;
  stat(name: StatName): number;
}

/** A histogram boiled down to the figures reported per file: a few numbers, whatever the file's size. */
export class StatsSummary implements Stats {
  readonly count: number;
  readonly total: number;
  readonly max: number;
  readonly mean: number;
  private readonly p50: number;
  private readonly p95: number;
  constructor(h: Histogram) {
    this.count = h.count;
    this.total = h.total;
    this.max = h.max;
    this.mean = h.mean;
    this.p50 = h.percentile(50);
    this.p95 = h.percentile(95);
  }
  percentile(p: number): number {
    if (p === 50) return this.p50;
    if (p === 95) return this.p95;
    throw new Error(`only p50 and p95 are kept per file, not p${p}`);
  }
  stat(name: StatName): number {
    return name === 'mean' ? this.mean : name === 'max' ? this.max : this.percentile(name === 'p50' ? 50 : 95);
  }
}

export class Histogram implements Stats {
  private readonly freq = new Map<number, number>();
  count = 0;
  total = 0;
  max = 0;

  add(tokens: number): void {
    this.freq.set(tokens, (this.freq.get(tokens) ?? 0) + 1);
    this.count++;
    this.total += tokens;
    if (tokens > this.max) this.max = tokens;
  }

  merge(other: Histogram): void {
    for (const [v, n] of other.freq) this.freq.set(v, (this.freq.get(v) ?? 0) + n);
    this.count += other.count;
    this.total += other.total;
    if (other.max > this.max) this.max = other.max;
  }

  /** Arithmetic mean (total ÷ count), 0 for no samples. */
  get mean(): number {
    return this.count === 0 ? 0 : this.total / this.count;
  }

  /**
   * Nearest-rank percentile: the smallest count such that at least p% of samples are at or below it
   * (p50 of [1, 2, 3, 4] is 2; p95 of 1..100 is 95). Always one of the observed counts.
   */
  percentile(p: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (const v of [...this.freq.keys()].sort((a, b) => a - b)) {
      seen += this.freq.get(v)!;
      if (seen >= rank) return v;
    }
    return this.max;
  }

  stat(name: StatName): number {
    return name === 'mean' ? this.mean : name === 'max' ? this.max : this.percentile(name === 'p50' ? 50 : 95);
  }
}
