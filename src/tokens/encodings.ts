// The encodings llmcost counts in, as plain data: schemas import this without loading a tokenizer.
export const ENCODINGS = ['o200k_base', 'cl100k_base'] as const;
export type EncodingName = (typeof ENCODINGS)[number];
/** The encoding of current OpenAI models (GPT-4o, GPT-4.1, GPT-5, o-series); the default everywhere. */
export const DEFAULT_ENCODING: EncodingName = 'o200k_base';

export function isEncodingName(s: string): s is EncodingName {
  return (ENCODINGS as readonly string[]).includes(s);
}
