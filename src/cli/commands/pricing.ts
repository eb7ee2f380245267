// `llmcost pricing list | show ID | import FILE`: see, trust and refresh every rate.
import { Option, type Command } from 'commander';
import { InputError } from '../../errors.js';
import { isoDate } from '../../schema-helpers.js';
import { didYouMean } from '../../suggest.js';
import { formatOption, outOption, usageError, type CommandContext } from '../context.js';
import { setExitCode } from '../exit.js';
import { emit } from '../io.js';
import { pricingOption, pricingOptions, pricingRequest, printWarnings } from '../scenarioOptions.js';

const LIST_FORMATS = ['table', 'json', 'csv'] as const;
const SHOW_FORMATS = ['text', 'json'] as const;
const DIFF_FORMATS = ['table', 'json', 'markdown'] as const;

interface DiffFlags {
  format: (typeof DIFF_FORMATS)[number];
  pricing: string[];
  base?: string;
  exitCode?: boolean;
  asOf?: string;
  out?: string;
}

interface ListFlags {
  provider?: string;
  kind?: 'api' | 'gpu' | 'profile' | 'model';
  format: (typeof LIST_FORMATS)[number];
  pricing: string[];
  maxPricingAge?: number;
  out?: string;
}

async function loadCatalog(ctx: CommandContext, flags: { pricing: string[]; maxPricingAge?: number }) {
  const { loadTables } = await import('../../pipeline/index.js');
  const { catalog } = await import('../../pricing/catalog.js');
  const req = pricingRequest(flags, ctx);
  const tables = loadTables(req);
  return { req, tables, rows: catalog(tables, req.today) };
}

export function register(program: Command, ctx: CommandContext): void {
  const pricing = program.command('pricing').description('list, show, diff and import the pricing tables');

  const list = pricing
    .command('list')
    .description('every pricing row with its source, as_of date and age')
    .option('--provider <provider>', 'only rows of this provider (API provider or GPU cloud)')
    .addOption(new Option('--kind <kind>', 'only rows of this kind').choices(['api', 'gpu', 'profile', 'model']));
  formatOption(list, LIST_FORMATS, 'table');
  pricingOptions(list);
  outOption(list);
  list.action(async (flags: ListFlags) => {
    const { req, tables, rows: all } = await loadCatalog(ctx, flags);
    const rows = all.filter(
      (r) => (!flags.kind || r.kind === flags.kind) && (!flags.provider || r.provider === flags.provider),
    );
    if (flags.provider && rows.length === 0) {
      const providers = [...new Set(all.map((r) => r.provider).filter((p): p is string => p !== null))];
      throw new InputError({
        code: 'E_UNKNOWN_ID',
        field: '--provider',
        message: `no ${flags.kind ?? ''}${flags.kind ? ' ' : ''}rows of provider '${flags.provider}'`,
        expected: `one of ${providers.sort().join(', ')}`,
        suggestion: didYouMean(flags.provider, providers),
      });
    }
    const { pricingAgePolicy } = await import('../../pipeline/index.js');
    printWarnings(ctx, pricingAgePolicy(rows, req, 'pricing rows listed'));
    const { listCsv, listJson, listTable } = await import('../../format/pricingList.js');
    const formats: Record<ListFlags['format'], () => string> = {
      table: () => listTable(rows, tables.files),
      json: () => listJson(rows, tables.files),
      csv: () => listCsv(rows),
    };
    emit(ctx.io, formats[flags.format](), flags.out, ctx.resolvePath);
  });

  const show = pricing
    .command('show')
    .description('every field of a pricing row, its source and age')
    .argument('<id>', 'an API model, GPU, GPU/provider, open model or profile id');
  formatOption(show, SHOW_FORMATS, 'text');
  pricingOption(show);
  show.action(async (id: string, flags: { format: (typeof SHOW_FORMATS)[number]; pricing: string[] }) => {
    const { rows } = await loadCatalog(ctx, flags);
    const { catalogMatches } = await import('../../pricing/catalog.js');
    const found = catalogMatches(rows, id);
    if (!found.length)
      throw new InputError({
        code: 'E_UNKNOWN_ID',
        field: 'id',
        message: `no pricing row '${id}'`,
        expected: 'an id from `llmcost pricing list`',
        suggestion: didYouMean(
          id,
          rows.map((r) => r.id),
        ),
      });
    const { showJson, showText } = await import('../../format/pricingList.js');
    const formats: Record<(typeof SHOW_FORMATS)[number], () => string> = {
      text: () => showText(found),
      json: () => showJson(found),
    };
    ctx.io.stdout(formats[flags.format]());
  });

  const diff = pricing
    .command('diff')
    .description('what a snapshot (litellm:FILE or a pricing YAML) would change in the API rows')
    .argument('<snapshot>', 'litellm:FILE (LiteLLM JSON) or a pricing YAML file')
    .option('--base <pricing.yaml>', "compare this file's API rows, not the loaded tables (shipped + --pricing)")
    .option('--exit-code', 'exit 1 when the snapshot would change something (as `git diff --exit-code`)')
    .option('--as-of <date>', "a LiteLLM snapshot's date (default: its `last_updated`, else the file's date)");
  formatOption(diff, DIFF_FORMATS, 'table');
  pricingOption(diff);
  outOption(diff);
  diff.action(async (spec: string, flags: DiffFlags, cmd: Command) => {
    checkAsOf(flags.asOf);
    const { readDiffSnapshot } = await import('../../pricing/load.js');
    const { loadTables } = await import('../../pipeline/index.js');
    const { diffPricing, hasChanges } = await import('../../pricing/diff.js');
    const { diffJson, diffMarkdown, diffTable } = await import('../../format/pricingDiff.js');
    const snapshot = readDiffSnapshot(spec, ctx.resolvePath, flags.asOf);
    const loaded = () => [...loadTables(pricingRequest(flags, ctx)).apiModels.values()];
    const d =
      flags.base !== undefined
        ? diffPricing(readDiffSnapshot(flags.base, ctx.resolvePath).rows, flags.base, snapshot)
        : diffPricing(loaded(), ['pricing tables', ...flags.pricing].join(' + '), snapshot);
    const render = { table: diffTable, json: diffJson, markdown: diffMarkdown }[flags.format];
    emit(ctx.io, render(d), flags.out, ctx.resolvePath);
    if (flags.exitCode && hasChanges(d)) setExitCode(cmd, 1);
  });

  const imp = pricing
    .command('import')
    .description("convert LiteLLM's model_prices_and_context_window.json to a llmcost pricing file, or refresh one")
    .argument('<file>', 'LiteLLM JSON file')
    .option('--as-of <date>', "snapshot date, every row's as_of (default: its `last_updated`, else the file date)")
    .option('--update <pricing.yaml>', "rewrite this pricing file with the snapshot's changed rates (not pinned rows)");
  outOption(imp);
  imp.action(async (file: string, flags: { asOf?: string; out?: string; update?: string }) => {
    checkAsOf(flags.asOf);
    const { readLiteLlm } = await import('../../pricing/load.js');
    const { summariseSkipped, toPricingYaml } = await import('../../pricing/litellm.js');
    const { parsePricingText } = await import('../../pricing/tables.js');
    if (flags.update !== undefined) {
      const { refreshFile } = await import('../../pricing/refresh.js');
      const r = refreshFile(ctx.resolvePath(file), file, ctx.resolvePath(flags.update), flags.update, flags.asOf);
      parsePricingText(r.text, flags.out ?? flags.update); // what we write must load: validate before writing
      emit(ctx.io, r.text, flags.out, ctx.resolvePath);
      const rows = `${r.updated.length} row${r.updated.length === 1 ? '' : 's'}`;
      const kept = r.pinned ? `; kept ${r.pinned} pinned` : '';
      ctx.io.stderr(`llmcost: updated ${rows} of ${flags.update} from ${file}${kept}\n`);
      return;
    }
    const imported = readLiteLlm(ctx.resolvePath(file), file, flags.asOf);
    const yaml = toPricingYaml(imported, file);
    parsePricingText(yaml, flags.out ?? 'imported pricing'); // what we write must load: validate before writing
    emit(ctx.io, yaml, flags.out, ctx.resolvePath);
    ctx.io.stderr(
      `llmcost: imported ${imported.rows.length} API models from ${file} (as of ${imported.asOf}); skipped ${imported.skipped.length} entries:\n`,
    );
    for (const line of summariseSkipped(imported.skipped)) ctx.io.stderr(`  ${line}\n`);
  });
}

function checkAsOf(asOf: string | undefined): void {
  if (asOf === undefined || isoDate().safeParse(asOf).success) return;
  throw usageError(`--as-of: '${asOf}' is not a date`, 'a date as YYYY-MM-DD');
}
