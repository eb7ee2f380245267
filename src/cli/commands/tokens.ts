// `llmcost tokens FILE|FOLDER|GLOB...`: token counts of real text (prompts, transcripts, documents)
// in the encoding of an API model, per file and in total, or estimated from a random sample.
import { Option, type Command } from 'commander';
import { colorOptions, formatOption, outOption, usageError, type CommandContext } from '../context.js';
import { emit, styleFor, wantsColor, type CliIo } from '../io.js';
import { EXIT, setExitCode } from '../exit.js';
import { pricingOption, pricingRequest } from '../scenarioOptions.js';

export const TOKENS_FORMATS = ['table', 'json', 'csv'] as const;

interface TokensFlags {
  format: (typeof TOKENS_FORMATS)[number];
  encoding?: 'o200k_base' | 'cl100k_base';
  model?: string;
  pricing: string[];
  perLine?: boolean;
  sample?: string;
  seed: string;
  strict?: boolean;
  out?: string;
  color?: boolean;
}

export function register(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('tokens')
    .description(
      'count tokens in files, folders or globs (per file, per line with --per-line, or estimated with --sample)',
    )
    .argument('<inputs...>', 'files, folders (read recursively: .txt .md .html .json .jsonl …) or glob patterns')
    .addOption(
      new Option('-e, --encoding <name>', "tiktoken encoding (default: the --model row's, else o200k_base)").choices([
        'o200k_base',
        'cl100k_base',
      ]),
    )
    .option('-m, --model <id>', 'count in the encoding of this API model from the pricing tables')
    .option(
      '--per-line',
      'one sample per line: JSONL lines are a string or OpenAI chat messages; other files plain text',
    )
    .option('--sample <share>', 'estimate from a random sample of the corpus, e.g. 2% (with a 95% interval)')
    .option('--seed <n>', 'seed of the --sample draw', '1')
    .option('--strict', 'exit 2 when any file is skipped (unreadable, binary, not UTF-8)');
  formatOption(cmd, TOKENS_FORMATS, 'table');
  pricingOption(cmd);
  outOption(cmd);
  colorOptions(cmd);
  cmd.action(async (inputs: string[], flags: TokensFlags, command: Command) => {
    const { expandInputs } = await import('../../tokens/files.js');
    const { measureFiles, estimateFiles } = await import('../../tokens/measure.js');
    const { parseShare } = await import('../../tokens/sample.js');
    const encoding = await chooseEncoding(flags, ctx);
    const seed = Number(flags.seed);
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
      throw usageError(`--seed '${flags.seed}' is not a whole number`, 'a whole number from 0 to 4294967295');
    const share = flags.sample === undefined ? undefined : parseShare(flags.sample);
    if (share === null)
      throw usageError(
        `--sample '${flags.sample}' is not a share`,
        'a percentage such as 2% (more than 0, at most 100%)',
      );

    const files = expandInputs(inputs, { base: ctx.io.cwd });
    const progress = progressBar(ctx.io);
    const unit = flags.perLine ? 'line' : 'file';
    const result =
      share === undefined
        ? measureFiles(files, { encoding, unit, onProgress: progress?.update })
        : estimateFiles(files, { encoding, unit, share, seed, onProgress: progress?.update });
    progress?.done();

    const { formatTokensTable, formatTokensJson, formatTokensCsv } = await import('../../format/tokens.js');
    const style = await styleFor(flags.format === 'table' && !flags.out && wantsColor(ctx.io, flags.color));
    const formats: Record<TokensFlags['format'], () => string> = {
      table: () => formatTokensTable(result, style),
      json: () => formatTokensJson(result),
      csv: () => formatTokensCsv(result),
    };
    emit(ctx.io, formats[flags.format](), flags.out, ctx.resolvePath);
    if (result.skipped.length > 0) {
      // The list is in the output; stderr says it once more so a pipe to a file does not hide it.
      ctx.io.stderr(
        `llmcost: skipped ${result.skipped.length} file${result.skipped.length === 1 ? '' : 's'}: ${result.skipped.map((s) => `${s.file} (${s.reason})`).join('; ')}\n`,
      );
      if (flags.strict) setExitCode(command, EXIT.INPUT);
    }
  });
}

/** --encoding wins; else the --model row's `encoding`; else o200k_base (current OpenAI models). */
async function chooseEncoding(flags: TokensFlags, ctx: CommandContext): Promise<'o200k_base' | 'cl100k_base'> {
  if (flags.encoding) return flags.encoding;
  if (!flags.model) return 'o200k_base';
  const { loadTables } = await import('../../pipeline/index.js');
  const { findApiModel } = await import('../../pricing/tables.js');
  const { isEncodingName } = await import('../../tokens/count.js');
  const tables = loadTables(pricingRequest(flags, ctx));
  const model = findApiModel(tables, flags.model, { field: '--model' });
  if (!model.encoding)
    throw usageError(
      `API model '${model.id}' has no tiktoken encoding in the pricing tables (its provider's tokenizer is not public)`,
      'an OpenAI model, or --encoding o200k_base as an approximation',
    );
  if (!isEncodingName(model.encoding))
    throw usageError(
      `API model '${model.id}' uses ${model.encoding}, which llmcost does not count`,
      'a model with o200k_base or cl100k_base, or --encoding',
    );
  return model.encoding;
}

/** A one-line progress bar on stderr, only on a TTY and only for runs long enough to need it. */
function progressBar(io: CliIo): { update: (done: number, total: number) => void; done: () => void } | undefined {
  if (!io.stderrIsTTY) return undefined;
  const started = io.now().getTime();
  let last = 0;
  let shown = false;
  return {
    update(done, total) {
      const now = io.now().getTime();
      if (now - started < 500 || now - last < 100) return;
      last = now;
      shown = true;
      const width = 30;
      const frac = total > 0 ? Math.min(1, done / total) : 0;
      const filled = Math.round(frac * width);
      io.stderr(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}%`);
    },
    done() {
      if (shown) io.stderr('\r\x1b[2K');
    },
  };
}
