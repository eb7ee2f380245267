// Errors are values: a code, where it happened, what was wrong, what was expected and a suggestion.
// One function (formatInputError) turns them into the single line a user sees; the CLI maps them to
// exit codes. Nothing below the CLI prints or exits.

/** Every way an input can be wrong. The catalogue in docs/errors.md lists each with an example. */
export const ERROR_CODES = {
  E_FILE_READ: 'the file cannot be read',
  E_FILE_TOO_LARGE: 'the file is larger than the limit',
  E_NOT_UTF8: 'the file is not UTF-8 text',
  E_EMPTY: 'the file is empty',
  E_YAML_SYNTAX: 'the file is not valid YAML',
  E_YAML_DUPLICATE_KEY: 'a key appears twice in one mapping',
  E_YAML_ALIAS: 'too many YAML aliases (possible alias bomb)',
  E_YAML_TAG: 'a YAML tag that is not allowed',
  E_VERSION: 'version missing or unsupported',
  E_UNKNOWN_KEY: 'a key the format does not have',
  E_MISSING_FIELD: 'a required field is missing',
  E_TYPE: 'a value of the wrong type',
  E_RANGE: 'a value outside its allowed range',
  E_INVALID: 'a value that breaks a rule of the format',
  E_UNKNOWN_ID: 'an id not found in the pricing tables',
  E_DUPLICATE_ID: 'the same id twice in one pricing table',
  E_NO_PRICE: 'no price for the requested provider or commitment',
  E_NO_FIT: 'the model does not fit in the GPU memory available',
  E_SLO: 'the latency targets cannot be met',
  E_CONTEXT: "a call does not fit the model's context",
  E_USAGE: 'a command-line usage error',
  E_STALE_PRICE: 'a pricing row older than --max-pricing-age',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface InputErrorDetails {
  code: ErrorCode;
  message: string;
  file?: string | undefined;
  line?: number | undefined;
  col?: number | undefined;
  /** Dotted path of the field, e.g. `workload.input_tokens` or `overheads[1].monthly`. */
  field?: string | undefined;
  expected?: string | undefined;
  suggestion?: string | undefined;
}

/** A problem with what the user gave us (exit code 2). */
export class InputError extends Error {
  readonly details: InputErrorDetails;
  constructor(details: InputErrorDetails) {
    super(formatInputError(details));
    this.name = 'InputError';
    this.details = details;
  }
  get code(): ErrorCode {
    return this.details.code;
  }
  /** The same error placed in a file (used when a lower layer did not know the file name). */
  inFile(file: string): InputError {
    return this.details.file ? this : new InputError({ ...this.details, file });
  }
}

export function formatInputError(d: InputErrorDetails): string {
  let where = '';
  if (d.file) {
    where = d.file;
    if (d.line !== undefined) where += `:${d.line}`;
    if (d.line !== undefined && d.col !== undefined) where += `:${d.col}`;
    where += ': ';
  }
  const field = d.field ? `${d.field}: ` : '';
  let text = `${where}${field}${d.message}`;
  if (d.expected) text += `; expected ${d.expected}`;
  if (d.suggestion) text += `; did you mean ${d.suggestion}?`;
  // One line, always: a message must never smuggle a newline into a CI log, nor (from a hostile file's
  // keys or values) a terminal escape sequence into someone's terminal. Other control characters are
  // shown as \u escapes.
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function isInputError(e: unknown): e is InputError {
  return e instanceof InputError;
}

export function formatPath(path: ReadonlyArray<string | number>): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${seg}` : seg;
  }
  return out;
}
