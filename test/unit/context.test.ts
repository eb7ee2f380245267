// Context limits: a call above the model's context is an input error (E_CONTEXT, exit 2); with
// `sample:` inputs, a 99th-percentile call above it is a warning. Limits a table does not give are
// not checked. The catalogue rows in docs/errors.md run the two CLI examples (test/cli/errors.test.ts).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareEngine } from '../../src/engine/compare.js';
import { InputError } from '../../src/errors.js';
import { formatTable } from '../../src/format/table.js';
import { reportJson, stringify } from '../../src/format/json.js';
import type { PricingTables } from '../../src/pricing/tables.js';
import { parseScenarioText, readScenario } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/resolve/resolve.js';
import { measureScenario } from '../../src/resolve/samples.js';
import { simpleScenario, simpleTables } from '../helpers.js';

/**
 * The simple tables with limits: test/api-1 takes 2,000 input tokens; test/open-1 holds 1,500 of its
 * own tokens, 1.25 per API token.
 */
function limited(
  apiExtra: Record<string, number> = { context_window: 2000 },
  openExtra: Record<string, number> = { max_context: 1500 },
): PricingTables {
  const t = simpleTables();
  const api = t.apiModels.get('test/api-1')!;
  const open = t.openModels.get('test/open-1')!;
  return {
    ...t,
    apiModels: new Map([...t.apiModels, ['test/api-1', { ...api, ...apiExtra }]]),
    openModels: new Map([...t.openModels, ['test/open-1', { ...open, ...openExtra, tokens_per_api_token: 1.25 }]]),
  };
}

const fails = (yaml: string, tables: PricingTables): InputError => {
  try {
    resolveScenario(parseScenarioText(yaml, 'scenario.yaml'), tables);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected E_CONTEXT');
};

describe('context limits', () => {
  // simpleScenario: 1,000 input + 200 output tokens a call.
  it('input + RAG above the API context window: E_CONTEXT naming field, tokens and limit', () => {
    const yaml = simpleScenario().replace('input_tokens: 1000', 'input_tokens: 1500\n  rag_context_tokens: 600');
    const e = fails(yaml, limited({ context_window: 2000 }, {}));
    expect(e.code).toBe('E_CONTEXT');
    expect(e.message).toMatch(/^scenario\.yaml:\d+:\d+: workload\.input_tokens: 2,100 input tokens per call /);
    expect(e.message).toContain("(1,500 prompt + 600 RAG context) is above test/api-1's context window");
    expect(e.message).toMatch(/: 2,000 tokens; expected /);
  });
  it('exactly at the limit fits', () => {
    const apiOnly = simpleScenario()
      .replace('input_tokens: 1000', 'input_tokens: 2000')
      .replace(/self_hosted:[\s\S]*$/, '');
    expect(() => resolveScenario(parseScenarioText(apiOnly, 's.yaml'), limited())).not.toThrow();
  });
  it('output + reasoning above max_output, where the row gives one', () => {
    const yaml = simpleScenario().replace('output_tokens: 200', 'output_tokens: 300\n  reasoning_tokens: 800');
    const message = fails(yaml, limited({ context_window: 100000, max_output: 1000 }, {})).message;
    expect(message).toContain('workload.output_tokens: 1,100 output tokens per call (300 output + 800 reasoning)');
    expect(message).toMatch(/is above test\/api-1's max_output .*: 1,000 tokens/);
    // No max_output in the row: not checked.
    const noMaxOutput = limited({ context_window: 100000 }, {});
    expect(() => resolveScenario(parseScenarioText(yaml, 's.yaml'), noMaxOutput)).not.toThrow();
  });
  it("a whole call above the open model's max_context, counted in its own tokens", () => {
    // (1,000 + 200) × 1.25 = 1,500 fits exactly; 1,001 input tokens make 1,501.25.
    const open = limited({ context_window: 100000 });
    expect(() => resolveScenario(parseScenarioText(simpleScenario(), 's.yaml'), open)).not.toThrow();
    const message = fails(simpleScenario().replace('input_tokens: 1000', 'input_tokens: 1001'), open).message;
    expect(message).toContain(
      'workload.input_tokens: 1,502 tokens in a whole call to test/open-1 ' +
        '(input, RAG context, output and reasoning: 1,201 API tokens × 1.25 of its tokens per API token)',
    );
    expect(message).toMatch(/is above test\/open-1's max_context .*: 1,500 tokens/);
  });
  it('no limits in the tables: nothing checked', () => {
    const huge = simpleScenario().replace('input_tokens: 1000', 'input_tokens: 900000');
    expect(() => resolveScenario(parseScenarioText(huge, 's.yaml'), simpleTables())).not.toThrow();
  });

  const dir = mkdtempSync(join(tmpdir(), 'llmcost-context-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('sampled input: the mean call fits, the 99th percentile does not — a warning in every report', () => {
    mkdirSync(join(dir, 'prompts'));
    for (let i = 0; i < 9; i++) writeFileSync(join(dir, 'prompts', `short${i}.txt`), 'Where is my order?\n');
    writeFileSync(join(dir, 'prompts', 'long.txt'), 'word '.repeat(3000));
    const yaml = simpleScenario()
      .replace('input_tokens: 1000', 'input_tokens: { sample: prompts/*.txt }')
      .replace(/self_hosted:[\s\S]*$/, '');
    writeFileSync(join(dir, 'scenario.yaml'), yaml);
    const tables = limited();
    const input = resolveScenario(
      measureScenario(readScenario(join(dir, 'scenario.yaml'), 'scenario.yaml'), tables),
      tables,
    );
    expect(input.workload.inputTokens.lt(2000)).toBe(true);
    expect(input.warnings).toHaveLength(1);
    const w = input.warnings![0]!;
    expect(w).toMatch(/^workload\.input_tokens: at the samples' 99th percentile a call has 3,\d{3} input tokens /);
    expect(w).toMatch(/above test\/api-1's context window .*: 2,000 tokens; about 1% of calls or more would not fit$/);
    const report = compareEngine(input);
    expect(formatTable(report)).toContain(`warning: ${input.warnings![0]}`);
    expect(stringify(reportJson(report))).toContain('"warnings": [');
  });
});
