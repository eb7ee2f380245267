// OpenAI chat `messages` counted the way the Chat Completions API bills them. Source: the OpenAI
// Cookbook, "How to count tokens with tiktoken" (examples/How_to_count_tokens_with_tiktoken.ipynb,
// `num_tokens_from_messages`), whose counts it checks against the API's `usage.prompt_tokens`:
//   - every message costs 3 tokens of framing (<|start|>{role}…<|message|>…<|end|>) plus the tokens
//     of each of its string fields (role, content, name, …);
//   - a `name` field costs 1 token more;
//   - every reply is primed with <|start|>assistant<|message|>: 3 tokens once per request.
// These hold for gpt-3.5-turbo-0613 and later, GPT-4, GPT-4o and GPT-4o mini in the cookbook (its
// 6-message example: 129 tokens in cl100k_base, 124 in o200k_base, both as the API reported).
// Not modelled: tool/function definitions and image parts (billed by their own rules); text parts of
// a content array are counted as text.
import { InputError } from '../errors.js';
import { countTokens, type EncodingName } from './count.js';

export const TOKENS_PER_MESSAGE = 3;
export const TOKENS_PER_NAME = 1;
export const REPLY_PRIMING_TOKENS = 3;

export type ChatMessage = Record<string, unknown>;

/** Prompt tokens of a chat request: framing per message, its fields, a name surcharge, reply priming. */
export function countChatTokens(messages: readonly ChatMessage[], encoding: EncodingName): number {
  let total = REPLY_PRIMING_TOKENS;
  for (const m of messages) {
    total += TOKENS_PER_MESSAGE;
    for (const [key, value] of Object.entries(m)) {
      total += countTokens(fieldText(value), encoding);
      if (key === 'name') total += TOKENS_PER_NAME;
    }
  }
  return total;
}

/** Only the text of the messages (what an answer costs as output: no framing, no priming). */
export function countChatContentTokens(messages: readonly ChatMessage[], encoding: EncodingName): number {
  let total = 0;
  for (const m of messages) total += countTokens(fieldText(m.content ?? ''), encoding);
  return total;
}

/** A field's billable text: strings as they are, text parts of a content array joined, null as empty. */
function fieldText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) {
    return value
      .map((part) =>
        part !== null && typeof part === 'object' && typeof (part as { text?: unknown }).text === 'string'
          ? (part as { text: string }).text
          : '',
      )
      .join('');
  }
  return JSON.stringify(value);
}

/** Is this JSON value an OpenAI `messages` array (objects with a string `role`)? */
export function isMessagesArray(v: unknown): v is ChatMessage[] {
  return (
    Array.isArray(v) &&
    v.length > 0 &&
    v.every(
      (m) => m !== null && typeof m === 'object' && !Array.isArray(m) && typeof (m as ChatMessage).role === 'string',
    )
  );
}

/** What one JSONL line may be: a string, a `messages` array, or an object with `messages`. */
export type Sample = { kind: 'text'; text: string } | { kind: 'chat'; messages: ChatMessage[] };

export function sampleFromJson(value: unknown): Sample | null {
  if (typeof value === 'string') return { kind: 'text', text: value };
  if (isMessagesArray(value)) return { kind: 'chat', messages: value };
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const messages = (value as { messages?: unknown }).messages;
    if (isMessagesArray(messages)) return { kind: 'chat', messages };
  }
  return null;
}

/** Tokens of one sample; `billing: 'output'` counts message content only (answers carry no framing). */
export function countSample(s: Sample, encoding: EncodingName, billing: 'input' | 'output' = 'input'): number {
  if (s.kind === 'text') return countTokens(s.text, encoding);
  return billing === 'input' ? countChatTokens(s.messages, encoding) : countChatContentTokens(s.messages, encoding);
}

/** Parse one JSONL line into a sample, or say what was wrong with it. */
export function parseJsonlLine(line: string, file: string, lineNo: number | undefined): Sample {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new InputError({
      code: 'E_INVALID',
      file,
      line: lineNo,
      message: 'is not valid JSON',
      expected: 'one JSON value per line',
    });
  }
  const s = sampleFromJson(value);
  if (!s)
    throw new InputError({
      code: 'E_INVALID',
      file,
      line: lineNo,
      message: 'is neither a string nor chat messages',
      expected: 'a JSON string, a `messages` array of {role, content}, or an object with `messages`',
    });
  return s;
}
