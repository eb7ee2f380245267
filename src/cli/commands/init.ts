// `llmcost init`: write a commented starter scenario — from flags, from a usage export
// (--from-usage), or on a terminal from a few questions — and price it once before writing, so the
// file runs through `compare`. The logic lives in src/cli/init/.
import { Option, type Command } from 'commander';
import { outOption, type CommandContext } from '../context.js';
import { pricingOption } from '../scenarioOptions.js';

export function register(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('init')
    .description('write a commented starter scenario from flags, a usage export, or a few questions')
    .option('-y, --yes', 'ask nothing: defaults (named on stderr) for whatever no flag gives')
    .option('--force', 'replace the --out file if it exists')
    .option('--from-usage <files...>', 'derive the workload from usage exports (OpenAI, Anthropic, LiteLLM)')
    .option('--name <text>', "the scenario's name (what the product does)")
    .option('--requests-per-day <n>', 'LLM requests a day in month 1')
    .option('--users <n>', 'daily active users (with --requests-per-user)')
    .option('--requests-per-user <n>', 'requests per user a day')
    .option('--input-tokens <n>', 'mean input tokens per call')
    .option('--prompts <path>', 'a file, folder or glob of real prompts to measure instead')
    .option('--output-tokens <n>', 'mean output tokens per call')
    .option('--api-model <id>', 'API model id (llmcost pricing list --kind api)')
    .option('--open-model <id>', 'open model to self-host (llmcost pricing list --kind model)')
    .option('--gpu <id>', 'GPU id, or auto (default: the cheapest that fits in month 1)')
    .option('--provider <id>', 'whose price of the GPU (default: the cheapest)')
    .addOption(
      new Option('--commitment <c>', 'how the GPUs are paid').choices([
        'on_demand',
        'reserved_1y',
        'reserved_3y',
        'spot',
      ]),
    )
    .option('--staff-fte <n>', 'people running the GPUs, in full-time equivalents (0: none)')
    .option('--staff-cost <usd>', 'yearly cost of one FTE (default 200000)')
    .option('--growth <rate>', 'monthly growth of calls, e.g. 0.03')
    .option('--cached-input-share <share>', 'share of input tokens read from the prompt cache')
    .option('--peak-to-average <ratio>', 'busiest hour ÷ average hour');
  pricingOption(cmd);
  outOption(cmd);
  cmd.action(async (flags: Record<string, unknown>) => {
    const { runInit } = await import('../init/command.js');
    await runInit(flags, ctx);
  });
}
