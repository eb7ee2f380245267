// What a command asks of the pipeline, after its flags are parsed: the same fields mean the same thing
// for every command and every format (docs/architecture.md).

/** A file named on the command line: where it is, and how the user typed it (for messages). */
export interface FileRef {
  path: string;
  display: string;
  /** The file's text when it was not read from disk (standard input); `sample:` paths then resolve against `path`'s folder. */
  text?: string | undefined;
}

/** A scenario's `currency:` block as a command line gives it (--currency, --per-usd, …). */
export interface ScenarioCurrency {
  code: string;
  per_usd: number;
  as_of: string;
  source: string;
}

export interface PricingRequest {
  /** Extra pricing files, in order (later ones win by id); `litellm:` kept in front of the path. */
  files: readonly FileRef[];
  /** Mark unpriced items "price not found" (totals become lower bounds) instead of failing. */
  allowMissingPrices?: boolean | undefined;
  /** Refuse (E_STALE_PRICE) a result that uses a pricing row older than this many days. */
  maxPricingAge?: number | undefined;
  /** Today's date (YYYY-MM-DD) for the age of pricing rows: the clock is the caller's business. */
  today: string;
}

export interface RunRequest {
  pricing: PricingRequest;
  /** `YYYY-MM`: month 1 of every scenario (overrides its start_month). */
  startMonth?: string | undefined;
  /** Let `sample:` paths reach outside each scenario's folder. */
  allowOutsidePaths?: boolean | undefined;
  /** Report in this currency (overrides each scenario's `currency:` block). */
  currency?: ScenarioCurrency | undefined;
  /** Owned GPUs in the TCO: purchases when paid, or depreciation (overrides ownership.accounting). */
  accounting?: 'cash' | 'depreciation' | undefined;
}

/** A warning for the user (the CLI prints it on stderr; a library caller decides). */
export interface PipelineWarning {
  code: 'W_STALE_PRICE';
  message: string;
}
