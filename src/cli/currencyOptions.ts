// --currency CODE --per-usd RATE --per-usd-as-of YYYY-MM-DD [--per-usd-source TEXT]: report in
// another currency without editing the scenario (the flags override a scenario's `currency:` block).
// Plain values only (pipeline/request.ts ScenarioCurrency), so a request still crosses to worker threads.
import type { Command } from 'commander';
import type { ScenarioCurrency } from '../pipeline/request.js';
import { InputError } from '../errors.js';

export interface CurrencyFlags {
  currency?: string;
  perUsd?: string;
  perUsdAsOf?: string;
  perUsdSource?: string;
}

export function currencyOptions(cmd: Command): Command {
  return cmd
    .option('--currency <code>', 'report in this ISO 4217 currency (with --per-usd, --per-usd-as-of)')
    .option('--per-usd <rate>', 'units of --currency per US dollar, e.g. 0.92: USD pricing is converted once at it')
    .option('--per-usd-as-of <date>', 'the date the --per-usd rate was read (YYYY-MM-DD)')
    .option('--per-usd-source <text>', 'where the --per-usd rate comes from (default: the command line)');
}

const usage = (field: string, value: string, expected: string) =>
  new InputError({ code: 'E_USAGE', field, message: `'${value}' is not valid for ${field}`, expected });

const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

export function currencyFromFlags(f: CurrencyFlags): ScenarioCurrency | undefined {
  const given = [f.currency, f.perUsd, f.perUsdAsOf, f.perUsdSource].filter((x) => x !== undefined);
  if (given.length === 0) return undefined;
  if (f.currency === undefined || f.perUsd === undefined || f.perUsdAsOf === undefined) {
    throw new InputError({
      code: 'E_USAGE',
      field: '--currency',
      message: '--currency, --per-usd and --per-usd-as-of go together',
      expected: '--currency EUR --per-usd 0.92 --per-usd-as-of 2026-11-30',
    });
  }
  if (!/^[A-Z]{3}$/.test(f.currency)) throw usage('--currency', f.currency, 'an ISO 4217 code such as EUR');
  if (!/^\d+(\.\d{1,8})?$/.test(f.perUsd) || Number(f.perUsd) <= 0) {
    throw usage('--per-usd', f.perUsd, 'a rate above 0 with at most 8 decimals, e.g. 0.92');
  }
  if (!isDate(f.perUsdAsOf)) throw usage('--per-usd-as-of', f.perUsdAsOf, 'a date as YYYY-MM-DD');
  const source = f.perUsdSource ?? 'command line: --per-usd';
  return { code: f.currency, per_usd: Number(f.perUsd), as_of: f.perUsdAsOf, source };
}
