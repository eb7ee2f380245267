// The body of `llmcost init` (src/cli/commands/init.ts registers it): flags → request, questions on a
// terminal, usage exports, then the starter file written atomically and summarised on stderr.
import { existsSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { InputError } from '../../errors.js';
import type { CommandContext } from '../context.js';
import { emit } from '../io.js';
import { numberFlag, type NumberRule } from './numbers.js';
import type { Commitment, InitRequest } from './starter.js';

const RULES: Record<string, [keyof InitRequest, NumberRule]> = {
  requestsPerDay: ['requestsPerDay', { min: 0, max: 1e15 }],
  users: ['users', { min: 0, max: 1e15 }],
  requestsPerUser: ['requestsPerUser', { min: 0, max: 1e6 }],
  inputTokens: ['inputTokens', { min: 0, max: 1e8 }],
  outputTokens: ['outputTokens', { min: 0, max: 1e8 }],
  staffFte: ['staffFte', { min: 0, max: 1e4 }],
  staffCost: ['staffCost', { min: 0, max: 1e8 }],
  growth: ['growth', { min: -1, max: 10, minExclusive: true }],
  cachedInputShare: ['cachedInputShare', { min: 0, max: 1 }],
  peakToAverage: ['peakToAverage', { min: 1, max: 1000 }],
};
const flagName = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** Flags as typed → an InitRequest (numbers checked with messages that quote them). */
export function requestFromFlags(flags: Record<string, unknown>): InitRequest {
  const req: InitRequest = {};
  for (const [key, [field, rule]] of Object.entries(RULES)) {
    const v = flags[key];
    if (typeof v === 'string') (req as Record<string, unknown>)[field] = numberFlag(flagName(key), rule)(v);
  }
  const str = (k: string) => (typeof flags[k] === 'string' ? (flags[k] as string) : undefined);
  Object.assign(req, {
    name: str('name'),
    prompts: str('prompts'),
    apiModel: str('apiModel'),
    openModel: str('openModel'),
    gpu: str('gpu'),
    provider: str('provider'),
    commitment: str('commitment') as Commitment | undefined,
  });
  return req;
}

export async function runInit(flags: Record<string, unknown>, ctx: CommandContext): Promise<void> {
  const out = typeof flags.out === 'string' ? flags.out : 'scenario.yaml';
  const toStdout = out === '-';
  const outPath = toStdout ? resolve(ctx.io.cwd, 'scenario.yaml') : ctx.resolvePath(out);
  const refuseExisting = () => {
    if (!toStdout && existsSync(outPath) && !flags.force) {
      throw new InputError({
        code: 'E_USAGE',
        file: out,
        message: 'exists already',
        expected: '--force to replace it, or --out another file',
      });
    }
  };
  // Before any question (an answer would be wasted), but after the flags and files are read.
  let req = requestFromFlags(flags);
  const { loadTables } = await import('../../pipeline/index.js');
  const { pricingRequest } = await import('../scenarioOptions.js');
  // The same pricing stage as every command: YAML or litellm: files, named as typed.
  const tables = loadTables(pricingRequest({ pricing: (flags.pricing as string[] | undefined) ?? [] }, ctx));

  const usageFiles = (flags.fromUsage as string[] | undefined) ?? [];
  if (usageFiles.length) {
    const { requestFromUsage } = await import('./usage.js');
    req = requestFromUsage(
      usageFiles.map((f) => ({ path: ctx.resolvePath(f), name: f })),
      req,
      (w) => ctx.io.stderr(`llmcost: warning: ${w}\n`),
      tables,
    );
  }
  refuseExisting();
  // Questions only when someone can answer them: a terminal on both ends and no --yes.
  const interactive = !flags.yes && ctx.io.stdoutIsTTY && Boolean(process.stdin.isTTY);
  if (interactive) {
    const { askQuestions, isCancelled } = await import('./questions.js');
    const { terminalPrompter } = await import('./terminal.js');
    const prompter = terminalPrompter(ctx);
    try {
      req = await askQuestions(prompter, tables, req, ctx.io.cwd);
    } catch (e) {
      if (isCancelled(e))
        throw new InputError({
          code: 'E_USAGE',
          message: `stopped: ${e.message}`,
          expected: 'answers, or --yes and flags',
        });
      throw e;
    } finally {
      prompter.close();
    }
  }
  // A prompts path is typed relative to here; the scenario reads it relative to its own folder.
  if (req.prompts !== undefined && !/^[/\\]/.test(req.prompts)) {
    const rel = relative(dirname(outPath), resolve(ctx.io.cwd, req.prompts)) || '.';
    req.prompts = rel.split(sep).join('/');
  }
  const { buildStarter, summarise } = await import('./starter.js');
  const starter = buildStarter(req, tables, toStdout ? 'scenario.yaml' : out, outPath);
  emit(ctx.io, starter.text, toStdout ? undefined : out, ctx.resolvePath);
  const err = (s: string) => ctx.io.stderr(`${s}\n`);
  if (starter.chosen.length) {
    err('llmcost init: chosen for you (a flag, or an answer, changes each):');
    for (const c of starter.chosen) err(`  - ${c}`);
  }
  const measured = starter.loaded.measured?.input_tokens;
  if (measured)
    err(
      `  measured ${measured.files} file(s): ${measured.mean.toFixed(0)} input tokens a call on average, p95 ${measured.p95}`,
    );
  err(`${toStdout ? 'scenario' : `wrote ${out}`}: as written it prices to`);
  for (const l of summarise(starter.report)) err(`  ${l}`);
  if (!toStdout) err(`next: llmcost compare ${/\s/.test(out) ? JSON.stringify(out) : out}`);
}
