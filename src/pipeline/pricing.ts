// The pricing stage of the pipeline: load the shipped tables plus the request's files (YAML or
// `litellm:` JSON), and apply the pricing-age policy to the rows a result used.
import { InputError } from '../errors.js';
import { loadPricing } from '../pricing/load.js';
import { distinctRows, STALE_AFTER_DAYS, staleRows, staleSummary, type DatedRow } from '../pricing/staleness.js';
import type { PricingTables } from '../pricing/tables.js';
import type { PipelineWarning, PricingRequest } from './request.js';

/** The shipped tables with the request's override files applied in order. */
export function loadTables(req: PricingRequest): PricingTables {
  // Files are named in messages and sources as the user typed them (`litellm:` prefix included).
  const displays = new Map(req.files.map((f) => [f.path, f.display]));
  return loadPricing({ overrides: req.files.map((f) => f.path), displayName: (p) => displays.get(p) ?? p });
}

/**
 * The pricing-age policy, the same for every command and format: rows older than --max-pricing-age
 * refuse the result (exit 2, before anything is written); rows older than STALE_AFTER_DAYS warn.
 */
export function pricingAgePolicy(
  used: readonly DatedRow[],
  req: PricingRequest,
  what = 'pricing rows used',
): PipelineWarning[] {
  const rows = distinctRows(used);
  if (req.maxPricingAge !== undefined) {
    const tooOld = staleRows(rows, req.today, req.maxPricingAge);
    if (tooOld.length) {
      throw new InputError({
        code: 'E_STALE_PRICE',
        file: tooOld[0]!.file,
        field: '--max-pricing-age',
        message: staleSummary(tooOld, req.maxPricingAge, what),
        expected: `prices at most ${req.maxPricingAge} days old (refresh the rows, or raise --max-pricing-age)`,
      });
    }
  }
  const stale = staleRows(rows, req.today, STALE_AFTER_DAYS);
  return stale.length ? [{ code: 'W_STALE_PRICE', message: staleSummary(stale, STALE_AFTER_DAYS, what) }] : [];
}
