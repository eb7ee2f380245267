// Numbers typed by people (command-line flags, answers to `llmcost init`'s questions): one parser
// with messages that quote what was typed and say what would be accepted.
import { InputError } from '../../errors.js';

export interface NumberRule {
  min: number;
  max: number;
  integer?: boolean;
  /** The lower bound is excluded (a share above 0, a rate above −1). */
  minExclusive?: boolean;
}

export function describeRule(r: NumberRule): string {
  return `${r.integer ? 'a whole number' : 'a number'} ${r.minExclusive ? 'above' : 'from'} ${r.min} ${r.minExclusive ? 'and up to' : 'to'} ${r.max}`;
}

/** The number, or why not: `'1,200' has a thousands separator`, `-5 is below 0`, `'abc' is not a number`. */
export function checkNumber(text: string, r: NumberRule): { value: number } | { problem: string } {
  const t = text.trim();
  if (/^[-+]?\d{1,3}([,_ ]\d{3})+(\.\d+)?$/.test(t))
    return { problem: `'${text}' has a thousands separator (write ${t.replace(/[,_ ]/g, '')})` };
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return { problem: `'${text}' is not a number` };
  const n = Number(t);
  if (!Number.isFinite(n)) return { problem: `${t} is too large` };
  if (r.integer && !Number.isInteger(n)) return { problem: `${t} is not a whole number` };
  if (n < r.min || (r.minExclusive && n === r.min))
    return { problem: `${t} is ${r.minExclusive && n === r.min ? 'not above' : 'below'} ${r.min}` };
  if (n > r.max) return { problem: `${t} is above ${r.max}` };
  return { value: n };
}

/** A commander option parser: a usage error (exit 2) naming the flag, the value and the rule. */
export function numberFlag(flag: string, r: NumberRule): (text: string) => number {
  return (text) => {
    const c = checkNumber(text, r);
    if ('problem' in c)
      throw new InputError({ code: 'E_USAGE', message: `${flag} ${c.problem}`, expected: describeRule(r) });
    return c.value;
  };
}
