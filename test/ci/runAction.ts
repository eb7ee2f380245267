// Runs action.yml's steps the way a GitHub runner runs a composite action's `run` steps: each step's
// `env` with its `${{ }}` expressions evaluated (inputs, their defaults, earlier steps' outputs), the
// script in bash with `--noprofile --norc -eo pipefail`, a fresh GITHUB_OUTPUT file per step, and
// the GITHUB_* variables of a pull_request run. The first failing step stops the run, as on GitHub
// (the action has no `if:` conditions). An expression this runner does not know fails the test.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../helpers.js';
import { runNode } from './run-node.js';

export interface ActionStep {
  name?: string;
  id?: string;
  shell?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
}

export interface ActionFile {
  inputs: Record<string, { description: string; required: boolean; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export function loadAction(): ActionFile {
  return parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionFile;
}

export interface ActionRun {
  code: number;
  /** Name of the step that failed (the run stops there), or null. */
  failedStep: string | null;
  log: string;
  outputs: Record<string, string>;
}

const EXPRESSION = /\$\{\{\s*([^}]*?)\s*\}\}/g;

export async function runAction(opts: {
  workspace: string;
  temp: string;
  inputs: Record<string, string>;
  env: Record<string, string>;
  token: string;
}): Promise<ActionRun> {
  const action = loadAction();
  const stepOutputs: Record<string, Record<string, string>> = {};
  const github: Record<string, string> = {
    token: opts.token,
    action_repository: '',
    server_url: 'https://github.invalid',
  };
  const evaluate = (text: string): string =>
    text.replace(EXPRESSION, (_m, expr: string) => {
      let m: RegExpExecArray | null;
      if ((m = /^inputs\.([\w-]+)$/.exec(expr))) {
        const def = action.inputs[m[1]!];
        if (!def) throw new Error(`action.yml uses an undeclared input: ${expr}`);
        return opts.inputs[m[1]!] ?? evaluate(def.default ?? '');
      }
      if ((m = /^github\.(\w+)$/.exec(expr)) && m[1]! in github) return github[m[1]!]!;
      if ((m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr))) return stepOutputs[m[1]!]?.[m[2]!] ?? '';
      throw new Error(`the test runner does not know the expression \${{ ${expr} }}`);
    });
  for (const [name, def] of Object.entries(action.inputs)) {
    if (def.required && !opts.inputs[name]) throw new Error(`input ${name} is required`);
  }
  let log = '';
  mkdirSync(opts.temp, { recursive: true });
  for (const [i, step] of action.runs.steps.entries()) {
    if (step.uses || step.shell !== 'bash' || !step.run) throw new Error(`step ${i} is not a bash run step`);
    const script = join(opts.temp, `step-${i}.sh`);
    writeFileSync(script, evaluate(step.run));
    const output = join(opts.temp, `output-${i}.txt`);
    writeFileSync(output, '');
    const env: Record<string, string> = {
      ...opts.env,
      RUNNER_TEMP: opts.temp,
      GITHUB_ACTION_PATH: ROOT,
      GITHUB_WORKSPACE: opts.workspace,
      GITHUB_OUTPUT: output,
    };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = evaluate(v);
    const r = await runNode([], env, opts.workspace, 120_000, [
      'bash',
      '--noprofile',
      '--norc',
      '-eo',
      'pipefail',
      script,
    ]);
    log += `## ${step.name ?? `step ${i}`}\n${r.stdout}${r.stderr}`;
    if (step.id) {
      stepOutputs[step.id] = Object.fromEntries(
        readFileSync(output, 'utf8')
          .split('\n')
          .filter((l) => l.includes('='))
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
    }
    if (r.code !== 0) return { code: r.code ?? -1, failedStep: step.name ?? `step ${i}`, log, outputs: {} };
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([k, o]) => [k, evaluate(o.value)]));
  return { code: 0, failedStep: null, log, outputs };
}
