// How float results of the uncertainty commands are printed. The analyses compute in binary floats
// (src/uncertainty/model.ts: the engine in fast arithmetic); money is rounded half up to the cent when printed — in every format
// — so the output is byte-identical for the same input and seed.
import { Decimal, formatUsd, formatUsdShort, toCents } from '../money.js';
import { RawNumber } from './json.js';

const dec = (x: number) => new Decimal(x);

/** "$1,234.57" */
export const usd = (x: number): string => formatUsd(dec(x));
/** "$1.23M" */
export const usdShort = (x: number): string => formatUsdShort(dec(x));
/** "1234.57": money in JSON (a string, as in the compare report) and CSV. */
export const cents = (x: number): string => toCents(dec(x));
/** "12.3%" */
export const percent = (share: number, places = 1): string => `${(share * 100).toFixed(places)}%`;
/** A JSON number with at most `places` decimals (shares, probabilities, sampled inputs). */
export const jsonNumber = (x: number, places = 6): RawNumber => new RawNumber(plain(x, places));
/** Up to `places` decimals, trailing zeros dropped, never an exponent. */
export function plain(x: number, places = 6): string {
  const s = dec(x).toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toFixed();
  return s === '-0' ? '0' : s;
}
/** An input's value for people: up to 6 significant digits. */
export function inputValue(x: number): string {
  return dec(x).toSignificantDigits(6, Decimal.ROUND_HALF_UP).toFixed();
}
