// `llmcost init` on a terminal: a few questions, each with the default shown in brackets (Enter keeps
// it), answers checked as they are typed (a bad one is asked again, with the reason), the result an
// InitRequest like the flags make. Reading and writing go through a Prompter, so tests can drive it.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { didYouMean } from '../../suggest.js';
import type { PricingTables } from '../../pricing/tables.js';
import { checkNumber, describeRule, type NumberRule } from './numbers.js';
import { DEFAULTS, type InitRequest } from './starter.js';

export interface Prompter {
  /** Show the question, return the line typed (without its newline); null at end of input. */
  ask(question: string): Promise<string | null>;
  say(text: string): void;
}

const TRIES = 3;

class Cancelled extends Error {}

async function askUntil<T>(
  p: Prompter,
  question: string,
  fallback: string,
  parse: (s: string) => { value: T } | { problem: string },
): Promise<T> {
  for (let i = 0; i < TRIES; i++) {
    const line = await p.ask(`${question} [${fallback}]: `);
    if (line === null) throw new Cancelled('input ended');
    const r = parse(line.trim() === '' ? fallback : line.trim());
    if ('value' in r) return r.value;
    p.say(`  ${r.problem}\n`);
  }
  throw new Cancelled(`no usable answer to "${question}" after ${TRIES} tries`);
}

const numberOf = (rule: NumberRule) => (s: string) => {
  const c = checkNumber(s, rule);
  return 'value' in c ? c : { problem: `${c.problem}; expected ${describeRule(rule)}` };
};

const idOf = (ids: readonly string[], kind: string) => (s: string) => {
  if (ids.includes(s)) return { value: s };
  const hint = didYouMean(s, ids);
  return {
    problem: `'${s}' is not ${kind} in the pricing tables${hint ? `; did you mean ${hint}?` : ` (llmcost pricing list)`}`,
  };
};

/** Requests a day: `400000`, or users × requests each: `5000 x 8`. */
function volumeOf(
  s: string,
): { value: Pick<InitRequest, 'requestsPerDay' | 'users' | 'requestsPerUser'> } | { problem: string } {
  const m = /^(.+?)\s*[x×*]\s*(.+)$/i.exec(s);
  if (m) {
    const users = checkNumber(m[1]!, { min: 0, max: 1e12 });
    const each = checkNumber(m[2]!, { min: 0, max: 1e6 });
    if ('problem' in users) return users;
    if ('problem' in each) return each;
    return { value: { users: users.value, requestsPerUser: each.value } };
  }
  const n = checkNumber(s, { min: 0, max: 1e15 });
  return 'value' in n
    ? { value: { requestsPerDay: n.value } }
    : { problem: `${n.problem}; expected requests a day, or USERS x REQUESTS_EACH (e.g. 5000 x 8)` };
}

/** Input tokens: a number, or a file, folder or glob of real prompts (relative to `cwd`). */
function inputOf(cwd: string) {
  return (s: string): { value: Pick<InitRequest, 'inputTokens' | 'prompts'> } | { problem: string } => {
    const n = checkNumber(s, { min: 0, max: 1e8 });
    if ('value' in n) return { value: { inputTokens: n.value } };
    if (/[*?]/.test(s) || existsSync(resolve(cwd, s))) return { value: { prompts: s } };
    if (/^[-+\d.,_ ]+$/.test(s)) return { problem: `${n.problem}; expected a whole number of tokens` };
    return { problem: `'${s}' is neither a token count nor a file or folder here` };
  };
}

export async function askQuestions(
  p: Prompter,
  tables: PricingTables,
  given: InitRequest,
  cwd: string,
): Promise<InitRequest> {
  p.say('A starter scenario in a few questions. Enter keeps the [default]; Ctrl-D stops.\n');
  const out: InitRequest = { ...given };
  try {
    if (out.name === undefined)
      out.name = await askUntil(p, "What does the product do (the scenario's name)?", DEFAULTS.name, (s) => ({
        value: s,
      }));
    if (out.requestsPerDay === undefined && out.users === undefined)
      Object.assign(
        out,
        await askUntil(p, 'LLM requests a day, or users x requests each', String(DEFAULTS.requestsPerDay), volumeOf),
      );
    if (out.inputTokens === undefined && out.prompts === undefined) {
      Object.assign(
        out,
        await askUntil(
          p,
          'Input tokens per call, or a folder of real prompts to measure',
          String(DEFAULTS.inputTokens),
          inputOf(cwd),
        ),
      );
    }
    if (out.outputTokens === undefined)
      out.outputTokens = await askUntil(
        p,
        'Output tokens per call',
        String(DEFAULTS.outputTokens),
        numberOf({ min: 0, max: 1e8 }),
      );
    if (out.apiModel === undefined)
      out.apiModel = await askUntil(
        p,
        'API model',
        DEFAULTS.apiModel,
        idOf([...tables.apiModels.keys()], 'an API model'),
      );
    if (out.openModel === undefined)
      out.openModel = await askUntil(
        p,
        'Open model to self-host',
        DEFAULTS.openModel,
        idOf([...tables.openModels.keys()], 'an open model'),
      );
    if (out.gpu === undefined) {
      const gpu = await askUntil(p, 'GPU (auto = the cheapest that fits)', 'auto', (s) =>
        s === 'auto' ? { value: s } : idOf([...tables.gpus.keys()], 'a GPU')(s),
      );
      out.gpu = gpu;
    }
    if (out.staffFte === undefined)
      out.staffFte = await askUntil(
        p,
        'People running the GPUs (full-time equivalents)',
        String(DEFAULTS.staffFte),
        numberOf({ min: 0, max: 1e4 }),
      );
  } catch (e) {
    if (e instanceof Cancelled) return Promise.reject(e);
    throw e;
  }
  return out;
}

export function isCancelled(e: unknown): e is Error {
  return e instanceof Cancelled;
}
