// Counting tokens with a model's tokenizer (tiktoken encodings via js-tiktoken). The rank tables
// are several MB and building an encoder takes about a second, so each is imported only when asked
// for, and built once per process.
import type { Tiktoken } from 'js-tiktoken/lite';

export const ENCODINGS = ['o200k_base', 'cl100k_base', 'p50k_base', 'r50k_base'] as const;
export type Encoding = (typeof ENCODINGS)[number];

const RANKS: Record<Encoding, () => Promise<{ default: ConstructorParameters<typeof Tiktoken>[0] }>> = {
  o200k_base: () => import('js-tiktoken/ranks/o200k_base'),
  cl100k_base: () => import('js-tiktoken/ranks/cl100k_base'),
  p50k_base: () => import('js-tiktoken/ranks/p50k_base'),
  r50k_base: () => import('js-tiktoken/ranks/r50k_base'),
};

const encoders = new Map<Encoding, Promise<Tiktoken>>();

function encoderFor(encoding: Encoding): Promise<Tiktoken> {
  let e = encoders.get(encoding);
  if (!e) {
    e = Promise.all([import('js-tiktoken/lite'), RANKS[encoding]()]).then(([lite, ranks]) => new lite.Tiktoken(ranks.default));
    encoders.set(encoding, e);
  }
  return e;
}

/** Tokens in `text` under `encoding`. Special-token text (e.g. `<|endoftext|>`) counts as plain text. */
export async function countTokens(text: string, encoding: Encoding): Promise<number> {
  const enc = await encoderFor(encoding);
  return enc.encode(text, [], []).length;
}
