// Small building blocks shared by the scenario and pricing schemas, so both speak the same language
// in their error messages and generated JSON Schemas.
import * as z from 'zod/mini';

/** Upper bound for any count or volume: past this, money could no longer be printed exactly. */
export const MAX_MAGNITUDE = 1e15;

export const finite = () =>
  z.number().check(z.refine((n) => Number.isFinite(n), 'E_RANGE:is not a finite number|a finite number'));

export const nonNegative = (max = MAX_MAGNITUDE) => finite().check(z.gte(0), z.lte(max));

export const positive = (max = MAX_MAGNITUDE) => finite().check(z.gt(0), z.lte(max));

export const share = () => finite().check(z.gte(0), z.lte(1));

export const wholeNumber = (min: number, max: number) => z.int().check(z.gte(min), z.lte(max));

/** ISO calendar date, as written in pricing rows (`as_of: 2026-11-01`). */
export const isoDate = () =>
  z.string().check(
    z.regex(/^\d{4}-\d{2}-\d{2}$/, 'E_INVALID:is not a date|a date as YYYY-MM-DD'),
    z.refine(
      (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
      'E_INVALID:is not a real calendar date|a date as YYYY-MM-DD',
    ),
  );

/**
 * Free text (names, descriptions, sources). Newlines and tabs are fine; other control characters are
 * refused, since reports echo this text and an escape sequence in a shared file would reach a terminal.
 */
export const nonEmptyString = (max = 500) =>
  z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(max),
      z.regex(
        /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$/,
        'E_INVALID:contains a control character|text without control characters (newlines, carriage returns and tabs are fine)',
      ),
    );

export const id = () =>
  z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(120),
      z.regex(/^[a-zA-Z0-9][a-zA-Z0-9._\-/:]*$/, 'E_INVALID:is not a valid id|letters, digits and . _ - / :'),
    );
