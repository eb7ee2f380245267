// Context limits: a call that does not fit the model's context cannot be served at any price. Each
// limit is a row of data — which tokens of a call, which field of which pricing row caps them — and a
// limit the row does not give is simply not checked (no per-model code). The engine prices the mean
// call (or the statistic a `sample:` field chose): that call above a limit is an E_CONTEXT error; with
// `sample:` inputs, a 99th-percentile call above it is a warning (about 1% of calls would be refused).
import { InputError } from '../errors.js';
import { dec, formatNumber, ONE, type Decimal } from '../money.js';
import type { EngineInput } from '../engine/input.js';
import type { Where } from '../pricing/tables.js';
import type { LoadedScenario } from '../scenario/load.js';
import type { MeasuredScenario, SampleField } from './samples.js';

/** A call's tokens by part, in API tokens. */
interface CallParts {
  input: Decimal;
  rag: Decimal;
  output: Decimal;
  reasoning: Decimal;
}

interface ContextLimit {
  /** Which scenario field the message points at. */
  field: SampleField;
  /** The tokens of a call this limit caps, in the capped model's own tokens. */
  tokens(c: CallParts, input: EngineInput): Decimal;
  /** How those tokens are made up, for the message. */
  what(c: CallParts, input: EngineInput): string;
  /** The limit and where it comes from; undefined when the tables do not give one. */
  limit(input: EngineInput): { tokens: number; of: string } | undefined;
  /** The sampled fields whose spread can push a call over this limit. */
  sampled: readonly SampleField[];
}

/** Optional fields read by name: a table that does not have them (yet) skips the check, by data. */
const optionalNumber = (row: object | null | undefined, key: string): number | undefined => {
  const v = row ? (row as Partial<Record<string, unknown>>)[key] : undefined;
  return typeof v === 'number' ? v : undefined;
};

const n = (d: Decimal) => formatNumber(d.toDecimalPlaces(0, 2));
const wholeCall = (c: CallParts) => c.input.plus(c.rag).plus(c.output).plus(c.reasoning);

export const CONTEXT_LIMITS: readonly ContextLimit[] = [
  {
    field: 'input_tokens',
    tokens: (c) => c.input.plus(c.rag),
    what: (c) =>
      c.rag.isZero()
        ? 'input tokens per call'
        : `input tokens per call (${n(c.input)} prompt + ${n(c.rag)} RAG context)`,
    limit: (input) => {
      const m = input.api?.model;
      const t = optionalNumber(m, 'context_window');
      if (!m || t === undefined) return undefined;
      const of = `${m.id}'s context window (context_window, the most input it takes, in ${m.origin.file})`;
      return { tokens: t, of };
    },
    sampled: ['input_tokens', 'rag_context_tokens'],
  },
  {
    field: 'output_tokens',
    tokens: (c) => c.output.plus(c.reasoning),
    what: (c) =>
      c.reasoning.isZero()
        ? 'output tokens per call'
        : `output tokens per call (${n(c.output)} output + ${n(c.reasoning)} reasoning)`,
    limit: (input) => {
      const m = input.api?.model;
      const t = optionalNumber(m, 'max_output');
      return m && t !== undefined ? { tokens: t, of: `${m.id}'s max_output (in ${m.origin.file})` } : undefined;
    },
    sampled: ['output_tokens'],
  },
  {
    field: 'input_tokens',
    tokens: (c, input) => wholeCall(c).times(input.selfHosted?.tokensPerApiToken ?? ONE),
    what: (c, input) => {
      const r = input.selfHosted?.tokensPerApiToken;
      const ratio = r ? ` × ${r.toFixed()} of its tokens per API token` : '';
      const parts = `input, RAG context, output and reasoning: ${n(wholeCall(c))} API tokens${ratio}`;
      return `tokens in a whole call to ${input.selfHosted!.model.id} (${parts})`;
    },
    limit: (input) => {
      const m = input.selfHosted?.model;
      const t = optionalNumber(m, 'max_context');
      return m && t !== undefined ? { tokens: t, of: `${m.id}'s max_context (in ${m.origin.file})` } : undefined;
    },
    sampled: ['input_tokens', 'rag_context_tokens', 'output_tokens'],
  },
];

/**
 * E_CONTEXT when the call the engine prices exceeds a limit; the warnings (for `sample:` fields whose
 * 99th percentile exceeds one) are returned.
 */
export function checkContextLimits(
  loaded: LoadedScenario | MeasuredScenario,
  input: EngineInput,
  at: (...path: Array<string | number>) => Where,
): string[] {
  const w = input.workload;
  const call: CallParts = {
    input: w.promptTokens,
    rag: w.ragContextTokens,
    output: w.outputTokens,
    reasoning: w.reasoningTokens,
  };
  const warnings: string[] = [];
  for (const c of CONTEXT_LIMITS) {
    const limit = c.limit(input);
    if (!limit) continue;
    const tokens = c.tokens(call, input);
    if (tokens.gt(limit.tokens)) {
      throw new InputError({
        code: 'E_CONTEXT',
        ...at('workload', c.field),
        message: `${n(tokens)} ${c.what(call, input)} is above ${limit.of}: ${formatNumber(dec(limit.tokens))} tokens`,
        expected: 'calls that fit the model (fewer tokens per call), or a model with a larger context',
      });
    }
    // The sampled fields at their 99th percentile (the others at the value used).
    const m = 'measured' in loaded ? loaded.measured : undefined;
    const sampled = c.sampled.filter((f) => m?.[f]?.p99 !== undefined);
    if (!m || sampled.length === 0) continue;
    const p99 = (f: SampleField, used: Decimal) => (m[f] ? dec(m[f].p99).times(m[f].perCall ?? 1) : used);
    const high: CallParts = {
      input: p99('input_tokens', call.input),
      rag: p99('rag_context_tokens', call.rag),
      output: p99('output_tokens', call.output),
      reasoning: call.reasoning,
    };
    const t = c.tokens(high, input);
    if (t.gt(limit.tokens)) {
      const fields = sampled.map((f) => `workload.${f}`).join(' + ');
      const above = `above ${limit.of}: ${formatNumber(dec(limit.tokens))} tokens`;
      const call99 = `at the samples' 99th percentile a call has ${n(t)} ${c.what(high, input)}`;
      warnings.push(`${fields}: ${call99}, ${above}; about 1% of calls or more would not fit`);
    }
  }
  return warnings;
}
