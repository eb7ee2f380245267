// The options every command that reads scenarios offers, with one meaning everywhere: --pricing
// (YAML or litellm:FILE), --allow-missing-prices, --max-pricing-age, --start-month and
// --allow-outside-paths. They become one RunRequest for the pipeline (src/pipeline/request.ts);
// no command reads pricing or scenarios by another path.
import { InvalidArgumentError, type Command } from 'commander';
import { InputError } from '../errors.js';
import type { FileRef, PipelineWarning, PricingRequest, RunRequest } from '../pipeline/request.js';
import { LITELLM_PREFIX } from '../pricing/load.js';
import { isoDay, STALE_AFTER_DAYS } from '../pricing/staleness.js';
import type { CommandContext } from './context.js';
import { currencyFromFlags, currencyOptions, type CurrencyFlags } from './currencyOptions.js';

export interface ScenarioFlags extends CurrencyFlags {
  pricing: string[];
  allowMissingPrices?: boolean;
  maxPricingAge?: number;
  startMonth?: string;
  allowOutsidePaths?: boolean;
  accounting?: 'cash' | 'depreciation';
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function parseDays(value: string): number {
  if (!/^\d{1,5}$/.test(value))
    throw new InputError({
      code: 'E_USAGE',
      field: '--max-pricing-age',
      message: `'${value}' is not a number of days`,
      expected: 'a whole number of days, e.g. 90',
    });
  return Number(value);
}

export function pricingOption(cmd: Command): Command {
  return cmd.option(
    '-p, --pricing <file>',
    "pricing file (YAML, or litellm:FILE for LiteLLM's JSON) that overrides or adds rows by id (repeatable)",
    collect,
    [],
  );
}

/** The pricing options alone (commands that read pricing but no scenario: quote). */
export function pricingOptions(cmd: Command): Command {
  pricingOption(cmd);
  return cmd.option(
    '--max-pricing-age <days>',
    `fail (exit 2) when a pricing row used is older than DAYS (rows older than ${STALE_AFTER_DAYS} days only warn)`,
    parseDays,
  );
}

/** Every option of a command that reads scenarios. */
export function scenarioOptions(cmd: Command): Command {
  pricingOptions(cmd);
  currencyOptions(cmd);
  return cmd
    .option(
      '--allow-missing-prices',
      'price what can be priced; mark the rest "price not found" (totals become lower bounds) instead of failing',
    )
    .option(
      '--start-month <YYYY-MM>',
      'month 1 of every scenario (overrides start_month; needed by --format focus)',
      (v: string) => {
        if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(v))
          throw new InvalidArgumentError(`got '${v}'; expected a month as YYYY-MM`);
        return v;
      },
    )
    .option('--allow-outside-paths', "let `sample:` fields read files outside the scenario's folder")
    .option('--accounting <view>', 'owned GPUs: cash (purchases when paid) or depreciation', (v: string) => {
      if (v !== 'cash' && v !== 'depreciation') {
        throw new InvalidArgumentError(`got '${v}'; expected cash or depreciation`);
      }
      return v;
    });
}

/** A path as typed → its absolute form, keeping a `litellm:` prefix in front. */
export function fileRef(typed: string, ctx: CommandContext): FileRef {
  const prefix = typed.startsWith(LITELLM_PREFIX) ? LITELLM_PREFIX : '';
  return { path: prefix + ctx.resolvePath(typed.slice(prefix.length)), display: typed };
}

export function pricingRequest(
  flags: Pick<ScenarioFlags, 'pricing' | 'allowMissingPrices' | 'maxPricingAge'>,
  ctx: CommandContext,
): PricingRequest {
  return {
    files: flags.pricing.map((p) => fileRef(p, ctx)),
    allowMissingPrices: flags.allowMissingPrices,
    maxPricingAge: flags.maxPricingAge,
    today: isoDay(ctx.io.now()),
  };
}

export function runRequest(flags: ScenarioFlags, ctx: CommandContext): RunRequest {
  return {
    pricing: pricingRequest(flags, ctx),
    startMonth: flags.startMonth,
    allowOutsidePaths: flags.allowOutsidePaths,
    currency: currencyFromFlags(flags),
    ...(flags.accounting ? { accounting: flags.accounting } : {}),
  };
}

export function printWarnings(ctx: CommandContext, warnings: readonly PipelineWarning[]): void {
  for (const w of warnings) ctx.io.stderr(`llmcost: warning: ${w.message}\n`);
}
