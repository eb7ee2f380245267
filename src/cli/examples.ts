// The examples that end every command's --help: two or three commands a user can run as they are
// (shipped scenarios, real flags). test/cli/help.test.ts checks every command has them and that each
// names only options its command has.
import type { Command } from 'commander';

export const EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  init: [
    "llmcost init --yes                       # the shipped example's figures → scenario.yaml",
    'llmcost init --yes --requests-per-day 20000 --input-tokens 800 --output-tokens 200 --api-model openai/gpt-4o-mini',
    'llmcost init --from-usage completions.json --out from-bill.yaml',
  ],
  compare: [
    'llmcost compare scenarios/saas-support.yaml',
    'llmcost compare scenarios/support-portfolio.yaml --by-class --explain',
    'llmcost compare scenarios/*.yaml --format csv --out summary.csv',
  ],
  check: [
    'llmcost check scenarios/saas-support.yaml',
    'llmcost check scenarios/*.yaml --format github',
    'llmcost check scenarios/internal-rag.yaml --max-monthly 5000',
  ],
  diff: [
    'llmcost diff scenarios/saas-support.yaml scenarios/saas-support-uncertain.yaml',
    'llmcost diff base.yaml scenarios/saas-support.yaml --format markdown',
  ],
  report: [
    'llmcost report scenarios/saas-support.yaml --out report.html',
    'llmcost report scenarios/saas-support-uncertain.yaml --uncertainty --out report.html',
  ],
  capacity: [
    'llmcost capacity scenarios/chat-diurnal.yaml',
    'llmcost capacity scenarios/saas-support.yaml --all-months --format csv',
  ],
  simulate: [
    'llmcost simulate scenarios/saas-support-uncertain.yaml',
    'llmcost simulate scenarios/saas-support-uncertain.yaml --trials 20000 --seed 7 --format json',
  ],
  sensitivity: [
    'llmcost sensitivity scenarios/saas-support-uncertain.yaml',
    'llmcost sensitivity scenarios/saas-support-uncertain.yaml --top 5 --format csv',
  ],
  sweep: [
    'llmcost sweep scenarios/saas-support.yaml --vary workload.daily_active_users=1000..1000000 --steps 40 --log',
    'llmcost sweep scenarios/saas-support.yaml --vary workload.input_tokens=200..4000 --vary workload.output_tokens=100..2000',
  ],
  'pricing list': [
    'llmcost pricing list --kind api --provider anthropic',
    'llmcost pricing list --kind gpu --format csv',
  ],
  'pricing show': ['llmcost pricing show openai/gpt-4o', 'llmcost pricing show h100-80gb/aws --format json'],
  plan: [
    'llmcost plan scenarios/growing-support.yaml',
    'llmcost plan scenarios/growing-support.yaml --explain --format markdown',
  ],
  calibrate: [
    'llmcost calibrate vllm-result.json --model meta/llama-3.1-8b-instruct --gpu h100-80gb --out measured.yaml',
    'llmcost compare scenarios/saas-support.yaml --pricing measured.yaml',
    'llmcost calibrate c1.json c8.json c32.json --model openai/gpt-oss-120b --gpu h100-80gb --out curve.yaml',
  ],
  'pricing diff': [
    'llmcost pricing diff litellm:model_prices_and_context_window.json',
    'llmcost pricing diff litellm:model_prices_and_context_window.json --format markdown --exit-code',
  ],
  'ci-comment': [
    'llmcost ci-comment scenarios/saas-support.yaml --base-dir ../base-checkout',
    'llmcost ci-comment scenarios/saas-support.yaml scenarios/internal-rag.yaml --base-dir ../base-checkout --max-increase 10% --out comment.md',
  ],
  'pricing import': [
    'llmcost pricing import model_prices_and_context_window.json --out litellm.yaml',
    'llmcost compare scenarios/saas-support.yaml --pricing litellm.yaml',
  ],
  quote: [
    'llmcost quote --model openai/gpt-4o --input-tokens 1000 --output-tokens 100',
    'llmcost quote --model anthropic/claude-sonnet-4-5 --input-tokens 20000 --cached-tokens 18000 --output-tokens 500',
  ],
  tokens: [
    'llmcost tokens prompts/*.txt',
    'llmcost tokens conversations.jsonl --per-line --model openai/gpt-4o',
    'llmcost tokens corpus/ --sample 2%',
  ],
  schema: ['llmcost schema scenario --out scenario.schema.json', 'llmcost schema report'],
};

/** Every command's path as typed: `compare`, `pricing list`. */
export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Append the examples to the --help of every command and subcommand of `program`. */
export function addExamples(program: Command): void {
  const visit = (cmd: Command) => {
    const examples = EXAMPLES[commandPath(cmd)];
    if (examples) cmd.addHelpText('after', `\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}`);
    cmd.commands.forEach(visit);
  };
  program.commands.forEach(visit);
}
