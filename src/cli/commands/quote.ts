// `llmcost quote --model ID --input-tokens N --output-tokens N`: the exact cost of one API call.
import { Option, type Command } from 'commander';
import type { EncodingName } from '../../tokens/count.js';
import { InputError } from '../../errors.js';
import { formatOption, outOption, usageError, type CommandContext } from '../context.js';
import { emit } from '../io.js';
import { pricingOptions, pricingRequest, printWarnings, type ScenarioFlags } from '../scenarioOptions.js';

export const QUOTE_FORMATS = ['table', 'json'] as const;

interface QuoteFlags extends Pick<ScenarioFlags, 'pricing' | 'allowMissingPrices' | 'maxPricingAge'> {
  model: string;
  inputTokens?: number;
  outputTokens: number;
  cachedTokens: number;
  cacheWriteTokens: number;
  cacheTtl: '5m' | '1h';
  reasoningTokens: number;
  batch?: boolean;
  serviceTier?: 'standard' | 'batch' | 'flex' | 'priority';
  promptFile?: string;
  format: (typeof QUOTE_FORMATS)[number];
  out?: string;
}

const MAX_TOKENS = 1e9;

function tokens(flag: string) {
  return (value: string): number => {
    if (!/^\d{1,10}$/.test(value) || Number(value) > MAX_TOKENS)
      throw usageError(`${flag}: '${value}' is not a token count`, `a whole number from 0 to ${MAX_TOKENS}`);
    return Number(value);
  };
}

export function register(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('quote')
    .description('the exact cost of one API call, itemised (exact decimals, no rounding)')
    .requiredOption('-m, --model <id>', 'API model id from the pricing tables')
    .option('--input-tokens <n>', 'input tokens of the call, cache reads and writes included', tokens('--input-tokens'))
    .option('--prompt-file <file>', "count the input tokens of FILE with the model's tokenizer instead")
    .option('--output-tokens <n>', 'output tokens', tokens('--output-tokens'), 0)
    .option('--cached-tokens <n>', 'input tokens read from the prompt cache', tokens('--cached-tokens'), 0)
    .option('--cache-write-tokens <n>', 'input tokens written to the prompt cache', tokens('--cache-write-tokens'), 0)
    .addOption(new Option('--cache-ttl <ttl>', 'lifetime of cache writes').choices(['5m', '1h']).default('5m'))
    .option('--reasoning-tokens <n>', 'hidden reasoning tokens (billed as output)', tokens('--reasoning-tokens'), 0)
    .option('--batch', 'send through the batch API (same as --service-tier batch)')
    .addOption(new Option('--service-tier <tier>', 'service tier').choices(['standard', 'batch', 'flex', 'priority']));
  formatOption(cmd, QUOTE_FORMATS, 'table');
  pricingOptions(cmd);
  cmd.option(
    '--allow-missing-prices',
    'price what can be priced; mark the rest "price not found" (the total becomes a lower bound) instead of failing',
  );
  outOption(cmd);
  cmd.action(async (flags: QuoteFlags) => {
    if (flags.batch && flags.serviceTier && flags.serviceTier !== 'batch')
      throw usageError(`--batch contradicts --service-tier ${flags.serviceTier}`, 'one service tier');
    if ((flags.inputTokens === undefined) === (flags.promptFile === undefined))
      throw usageError('give the input as --input-tokens N or --prompt-file FILE', 'exactly one of the two');
    const { loadTables, pricingAgePolicy } = await import('../../pipeline/index.js');
    const { findApiModel } = await import('../../pricing/tables.js');
    const { dec } = await import('../../money.js');
    const req = pricingRequest(flags, ctx);
    const tables = loadTables(req);
    const known = tables.apiModels.get(flags.model);
    const model =
      known ??
      (flags.allowMissingPrices && flags.promptFile === undefined
        ? flags.model
        : findApiModel(tables, flags.model, { field: '--model' }));
    let input = flags.inputTokens;
    if (flags.promptFile !== undefined && typeof model !== 'string') {
      const { ENCODINGS } = await import('../../tokens/count.js');
      if (!model.encoding || !(ENCODINGS as readonly string[]).includes(model.encoding)) {
        throw new InputError({
          code: 'E_NO_PRICE',
          field: '--prompt-file',
          message: `no tokenizer is known for '${model.id}' (its pricing row has no \`encoding\`)`,
          expected: 'the input as --input-tokens N',
        });
      }
      const { readTextFile } = await import('../../input/read.js');
      const { countTokens } = await import('../../tokens/count.js');
      input = countTokens(
        readTextFile(ctx.resolvePath(flags.promptFile), undefined, flags.promptFile),
        model.encoding as EncodingName,
      );
    }
    if (flags.cachedTokens + flags.cacheWriteTokens > input!) {
      throw usageError(
        `--cached-tokens + --cache-write-tokens (${flags.cachedTokens + flags.cacheWriteTokens}) exceed the input tokens (${input})`,
        'cache reads and writes that are part of the input (fresh input = input − reads − writes)',
      );
    }
    const { quoteCall } = await import('../../engine/quote.js');
    const q = quoteCall(model, {
      inputTokens: dec(input!),
      outputTokens: dec(flags.outputTokens),
      cachedTokens: dec(flags.cachedTokens),
      cacheWriteTokens: dec(flags.cacheWriteTokens),
      cacheTtl: flags.cacheTtl,
      reasoningTokens: dec(flags.reasoningTokens),
      service: flags.batch ? 'batch' : (flags.serviceTier ?? 'standard'),
    });
    const missing = q.items.find((i) => i.missing_price);
    if (missing && !flags.allowMissingPrices) {
      throw new InputError({
        code: 'E_NO_PRICE',
        field: '--model',
        message: `'${q.model}' has ${missing.missing_price} in the pricing tables`,
        expected: `a rate for it (add one with --pricing) or --allow-missing-prices`,
      });
    }
    if (typeof model !== 'string')
      printWarnings(
        ctx,
        pricingAgePolicy([{ kind: 'api_model', id: model.id, as_of: model.as_of, file: model.origin.file }], req),
      );
    const { formatQuoteJson, formatQuoteTable } = await import('../../format/quote.js');
    const formats: Record<QuoteFlags['format'], () => string> = {
      table: () => formatQuoteTable(q),
      json: () => formatQuoteJson(q),
    };
    emit(ctx.io, formats[flags.format](), flags.out, ctx.resolvePath);
  });
}
