// `llmcost ci-comment FILE... --base-dir DIR`: the pull-request comment for the scenarios a change
// touches. Each FILE is a path relative to the repository root; its version before the change is
// DIR/FILE (a checkout of the base commit, so relative `sample:` paths resolve there). A FILE only in
// the head is new, one only under DIR is removed. Exit 0, or 2 (after writing the comment) when a
// scenario does not validate on either side.
import type { Command } from 'commander';
import { existsSync, mkdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { outOption, usageError, type CommandContext } from '../context.js';
import { EXIT, setExitCode } from '../exit.js';
import { emit, writeFileAtomic } from '../io.js';
import { fileRef, printWarnings, runRequest, scenarioOptions, type ScenarioFlags } from '../scenarioOptions.js';

interface CiCommentFlags extends ScenarioFlags {
  baseDir: string;
  maxIncrease?: string;
  maxChars?: string;
  summaryOut?: string;
  diffDir?: string;
  out?: string;
}

export function register(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('ci-comment')
    .description('the pull-request comment for changed scenarios: costs before → after, recommendation, budgets')
    .argument(
      '[scenarios...]',
      'scenario files changed by the pull request, relative to the repository root (none: "no scenario changed")',
    )
    .requiredOption(
      '--base-dir <dir>',
      'a checkout of the base commit (e.g. a git worktree): FILE there is the version before',
    )
    .option('--max-increase <limit>', 'mark TCO rises above this: a percentage (10%) or an amount in USD (5000)')
    .option('--max-chars <n>', 'longest body to write (default 65536, the GitHub comment limit)')
    .option('--summary-out <file>', 'also write a JSON verdict (statuses, budgets exceeded, increases) to FILE')
    .option('--diff-dir <dir>', 'also write each changed pair as `diff --format json` to DIR/0001.json, …');
  scenarioOptions(cmd);
  outOption(cmd);
  cmd.action(async (files: string[] = [], flags: CiCommentFlags) => {
    const { parseIncreaseLimit } = await import('../../report/increase.js');
    const maxIncrease = flags.maxIncrease === undefined ? undefined : parseIncreaseLimit(flags.maxIncrease);
    const maxChars = flags.maxChars === undefined ? undefined : Number(flags.maxChars);
    if (maxChars !== undefined && !(Number.isInteger(maxChars) && maxChars >= 1000 && maxChars <= 1_000_000)) {
      throw usageError(`--max-chars: got '${flags.maxChars}'`, 'a whole number of characters from 1000 to 1000000');
    }
    for (const f of files)
      if (isAbsolute(f) || f.split(/[\\/]/).includes('..'))
        throw usageError(
          `scenario path '${f}' is absolute or leaves the repository`,
          'a path relative to the repository root, as git prints it',
        );
    const unique = [...new Set(files)];
    const baseDir = ctx.resolvePath(flags.baseDir);
    if (!existsSync(baseDir))
      throw usageError(`--base-dir: '${flags.baseDir}' does not exist`, 'a checkout of the base commit');

    const { loadTables, pricingAgePolicy, runScenarios } = await import('../../pipeline/index.js');
    const { collectBudgets, evaluateBudgets } = await import('../../budget/budgets.js');
    const { diffReports } = await import('../../report/diff.js');
    const { InputError, isInputError } = await import('../../errors.js');
    type Side = import('../../format/ciComment.js').CiSide;

    const headFiles = unique.filter((f) => existsSync(ctx.resolvePath(f)));
    const baseFiles = unique.filter((f) => existsSync(join(baseDir, f)));
    // The base side uses the base commit's version of each relative pricing file (none if it is new).
    const basePricing = flags.pricing.flatMap((p) =>
      isAbsolute(p) || p.includes(':') ? [p] : existsSync(join(baseDir, p)) ? [join(baseDir, p)] : [],
    );
    // Each side through the pipeline with its own commit's pricing files, the other options shared.
    const headReq = runRequest(flags, ctx);
    const baseReq = runRequest({ ...flags, pricing: basePricing }, ctx);
    const head = runScenarios(
      headFiles.map((f) => fileRef(f, ctx)),
      headReq,
      loadTables(headReq.pricing),
    );
    const base = runScenarios(
      baseFiles.map((f) => fileRef(join(baseDir, f), ctx)),
      baseReq,
      loadTables(baseReq.pricing),
    );
    printWarnings(
      ctx,
      pricingAgePolicy(
        [...head.runs, ...base.runs].flatMap((r) => r.report.pricing_used),
        headReq.pricing,
      ),
    );

    const errors = new Map<string, string[]>();
    const note = (file: string, message: string) => errors.set(file, [...(errors.get(file) ?? []), message]);
    const sides = (batch: typeof head, label: string, fileOf: (typed: string) => string) => {
      const out = new Map<string, Side>();
      for (const r of batch.runs) {
        const file = fileOf(r.file);
        try {
          out.set(file, { report: r.report, budgets: evaluateBudgets(r.report, collectBudgets(r.loaded), file) });
        } catch (e) {
          if (!isInputError(e)) throw e;
          note(file, `${label}: ${e.message}`);
        }
      }
      for (const f of batch.failures) {
        const file = fileOf(f.file);
        // Name the file as it is in the repository, not by its temporary checkout path.
        note(file, `${label}: ${new InputError({ ...f.error.details, file }).message}`);
      }
      return out;
    };
    const headSides = sides(head, 'after', (f) => f);
    const repoPath = new Map(baseFiles.map((f) => [join(baseDir, f), f]));
    const baseSides = sides(base, 'before', (f) => repoPath.get(f) ?? f);
    for (const f of unique)
      if (!headFiles.includes(f) && !baseFiles.includes(f)) note(f, `${f}: not found in the head nor under --base-dir`);

    const entries = unique.map((file) => {
      const b = errors.has(file) ? null : (baseSides.get(file) ?? null);
      const h = errors.has(file) ? null : (headSides.get(file) ?? null);
      return {
        file,
        base: b,
        head: h,
        diff: b && h ? diffReports(b.report, h.report, { base: file, head: file }) : null,
        errors: errors.get(file) ?? [],
      };
    });
    const fmt = await import('../../format/ciComment.js');
    const opts = { maxIncrease, maxChars };
    if (flags.summaryOut) writeFileAtomic(ctx.resolvePath(flags.summaryOut), fmt.ciSummaryJson(entries, opts));
    if (flags.diffDir) {
      // The same JSON as `llmcost diff BASE HEAD --format json`, each side priced with its own commit's files.
      const { formatDiffJson } = await import('../../format/diff.js');
      const dir = ctx.resolvePath(flags.diffDir);
      mkdirSync(dir, { recursive: true });
      fmt
        .orderEntries(entries)
        .filter((e) => e.diff)
        .forEach((e, i) =>
          writeFileAtomic(join(dir, `${String(i + 1).padStart(4, '0')}.json`), formatDiffJson(e.diff!)),
        );
    }
    emit(ctx.io, fmt.formatCiComment(entries, opts), flags.out, ctx.resolvePath);
    const invalid = entries.filter((e) => e.errors.length);
    for (const e of invalid) for (const m of e.errors) ctx.io.stderr(`${m}\n`);
    setExitCode(cmd, invalid.length ? EXIT.INPUT : EXIT.OK);
  });
}
