// `llmcost quote`, `pricing list|show|import` and the staleness policy, run in-process with a fixed
// clock (2026-11-25) and captured output; one spawn of the built binary checks the real process.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-helpers.js';
import { fixture, ROOT } from '../helpers.js';

const cli = (args: string[], now = '2026-11-25T12:00:00Z') => runCli(args, { now });
const billing = ['--pricing', fixture('pricing-billing.yaml')];

/** Compare with test/golden/NAME; UPDATE_GOLDEN=1 rewrites it. */
function golden(name: string, actual: string): void {
  const file = join(ROOT, 'test', 'golden', name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    mkdirSync(join(ROOT, 'test', 'golden'), { recursive: true });
    writeFileSync(file, actual);
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe('golden output', () => {
  // test/sonnet, 250,000 input (100,000 cache reads, 20,000 5-minute writes), 2,000 output, 1,000 reasoning:
  //   above 200,000, so every token at the tier: fresh 130,000 × 6/M = 0.78; reads 100,000 × 0.6/M = 0.06;
  //   writes 20,000 × 7.5/M = 0.15; output 2,000 × 22.5/M = 0.045; reasoning 1,000 × 22.5/M = 0.0225 → 1.0575
  const args = [
    'quote',
    '--pricing',
    'test/fixtures/pricing-billing.yaml',
    '--model',
    'test/sonnet',
    '--input-tokens',
    '250000',
    '--cached-tokens',
    '100000',
    '--cache-write-tokens',
    '20000',
    '--output-tokens',
    '2000',
    '--reasoning-tokens',
    '1000',
  ];
  it('quote as a table', async () => {
    const r = await cli(args);
    expect(r.stdout).toMatch(/Total\s+\$1\.0575\n/);
    golden('quote-long-context.txt', r.stdout);
  });
  it('quote as JSON', async () => {
    const r = await cli([...args, '--format', 'json']);
    expect(JSON.parse(r.stdout).total).toBe('1.0575');
    golden('quote-long-context.json', r.stdout);
  });
});

describe('llmcost quote', () => {
  it('prints the exact cost of a call as JSON (genai-prices vector $0.0035)', async () => {
    const r = await cli([
      'quote',
      '--model',
      'openai/gpt-4o',
      '--input-tokens',
      '1000',
      '--output-tokens',
      '100',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.total).toBe('0.0035');
    expect(j.items.map((i: { cost: string }) => i.cost)).toEqual(['0.0025', '0.001']);
  });

  it('does not round: one token past the long-context threshold costs $1.200006', async () => {
    const r = await cli([
      'quote',
      ...billing,
      '--model',
      'test/sonnet',
      '--input-tokens',
      '200001',
      '--format',
      'json',
    ]);
    expect(JSON.parse(r.stdout).total).toBe('1.200006');
    const t = await cli(['quote', ...billing, '--model', 'test/no-cache', '--input-tokens', '15']);
    expect(t.stdout).toMatch(/Total\s+\$0\.000015\n/); // 15 × $1/M, not $0.00
  });

  it('bills cached reads, cache writes and batch', async () => {
    // 1,000 input with 100 cached: 900 × 2.5/M + 100 × 1.25/M = 0.00225 + 0.000125 = 0.002375
    const c = await cli([
      'quote',
      ...billing,
      '--model',
      'test/gpt-4o',
      '--input-tokens',
      '1000',
      '--cached-tokens',
      '100',
      '--format',
      'json',
    ]);
    expect(JSON.parse(c.stdout).total).toBe('0.002375');
    // 10,000 input with 8,000 1-hour writes, 500 output: 0.006 + 0.048 + 0.0075 = 0.0615
    const w = await cli([
      'quote',
      ...billing,
      '--model',
      'test/sonnet',
      '--input-tokens',
      '10000',
      '--cache-write-tokens',
      '8000',
      '--cache-ttl',
      '1h',
      '--output-tokens',
      '500',
      '--format',
      'json',
    ]);
    expect(JSON.parse(w.stdout).total).toBe('0.0615');
    // batch: 1,000 × 1.25/M + 100 × 5/M = 0.00175
    const b = await cli([
      'quote',
      ...billing,
      '--model',
      'test/gpt-4o',
      '--input-tokens',
      '1000',
      '--output-tokens',
      '100',
      '--batch',
      '--format',
      'json',
    ]);
    expect(JSON.parse(b.stdout).total).toBe('0.00175');
  });

  it('quotes --batch on the shipped Anthropic, OpenAI GPT-5 and Gemini rows at the published half price', async () => {
    // The providers publish batch at 50% of input and output (Anthropic Message Batches, OpenAI Batch API,
    // Gemini Batch Mode): 1M input + 1M output tokens in a batch cost exactly half the standard quote.
    for (const model of ['anthropic/claude-haiku-4-5', 'openai/gpt-5', 'google/gemini-2.5-flash']) {
      const q = ['quote', '--model', model, '--input-tokens', '1000000', '--output-tokens', '1000000'];
      const standard = await cli([...q, '--format', 'json']);
      const batch = await cli([...q, '--batch', '--format', 'json']);
      expect([model, standard.code, batch.code]).toEqual([model, 0, 0]);
      const half = (Number(JSON.parse(standard.stdout).total) / 2).toString();
      expect([model, JSON.parse(batch.stdout).total]).toEqual([model, half]);
    }
  });

  it('refuses a price the table lacks unless --allow-missing-prices, and then never prints it as $0', async () => {
    const args = [
      'quote',
      ...billing,
      '--model',
      'test/gpt-4o',
      '--input-tokens',
      '1000',
      '--cache-write-tokens',
      '500',
    ];
    const e = await cli(args);
    expect(e.code).toBe(2);
    expect(e.stderr).toBe(
      "--model: 'test/gpt-4o' has no cache write price in the pricing tables; expected a rate for it (add one with --pricing) or --allow-missing-prices\n",
    );
    const ok = await cli([...args, '--allow-missing-prices']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/cache write tokens \(5m\)\s+500\s+price not found\s+price not found/);
    expect(ok.stdout).toMatch(/Total\s+≥ \$0\.00125/);
  });

  it('checks its arguments', async () => {
    expect(
      (await cli(['quote', '--model', 'openai/gpt-4o', '--input-tokens', '10', '--cached-tokens', '20'])).stderr,
    ).toMatch(/exceed the input tokens/);
    expect((await cli(['quote', '--model', 'openai/gpt-4o', '--input-tokens', '-5'])).code).toBe(2);
    expect((await cli(['quote', '--model', 'openai/gpt4o', '--input-tokens', '5'])).stderr).toMatch(
      /did you mean 'openai\/gpt-4o'/,
    );
  });

  it("counts --prompt-file with the model's tokenizer", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmcost-'));
    writeFileSync(join(dir, 'p.txt'), 'hello world');
    // o200k_base: "hello" + " world" = 2 tokens → 2 × 2.5/M = 0.000005
    const r = await cli(['quote', '--model', 'openai/gpt-4o', '--prompt-file', join(dir, 'p.txt'), '--format', 'json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ input_tokens: 2, total: '0.000005' });
    const claude = await cli(['quote', '--model', 'anthropic/claude-haiku-4-5', '--prompt-file', join(dir, 'p.txt')]);
    expect(claude.stderr).toMatch(/no tokenizer is known for 'anthropic\/claude-haiku-4-5'/);
  });
});

describe('staleness policy at the CLI edge (fixed clock)', () => {
  const rowAsOf = (date: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'llmcost-'));
    const file = join(dir, 'p.yaml');
    writeFileSync(
      file,
      `version: 1\napi_models:\n  - { id: test/m, input_per_1m: 1, output_per_1m: 2, as_of: ${date}, source: test }\n`,
    );
    return ['--pricing', file];
  };
  const q = (p: string[], extra: string[] = [], now?: string) =>
    cli(['quote', ...p, '--model', 'test/m', '--input-tokens', '1000', '--format', 'json', ...extra], now);

  it('warns once on stderr for a row older than 120 days', async () => {
    const r = await q(rowAsOf('2026-07-24'));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^llmcost: warning: 1 pricing row used is older than 120 days \(oldest: api_model test\/m, as of 2026-07-24, 124 days, .*p\.yaml\)\n$/,
    );
    expect((await q(rowAsOf('2026-07-28'))).stderr).toBe(''); // exactly 120 days: fine
  });

  it('--max-pricing-age turns it into an error (exit 2, nothing on stdout)', async () => {
    const r = await q(rowAsOf('2026-10-01'), ['--max-pricing-age', '30']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /--max-pricing-age: 1 pricing row used is older than 30 days \(oldest: api_model test\/m, as of 2026-10-01, 55 days/,
    );
    expect((await q(rowAsOf('2026-10-01'), ['--max-pricing-age', '60'])).code).toBe(0);
    // the same row a year later, by the clock the CLI is given
    expect((await q(rowAsOf('2026-10-01'), ['--max-pricing-age', '60'], '2027-10-01T00:00:00Z')).code).toBe(2);
  });

  it('compare warns only about rows the scenario uses, in one line', async () => {
    const r = await cli(['compare', 'scenarios/saas-support.yaml', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toMatch(/^llmcost: warning: \d+ pricing rows? used (is|are) older than 120 days/);
    expect(JSON.parse(r.stdout).pricing_files.map((f: { file: string }) => f.file)).toContain(
      'pricing/api-models.yaml',
    );
  });
});

describe('llmcost pricing', () => {
  it('list filters by provider and kind, as table, JSON or CSV', async () => {
    const t = await cli(['pricing', 'list', '--kind', 'api', '--provider', 'anthropic']);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/anthropic\/claude-sonnet-4-5\s+anthropic\s+input_per_1m 3, output_per_1m 15/);
    expect(t.stdout).toMatch(/Pricing file: pricing\/api-models\.yaml \(\d+ rows, as of /);
    const j = JSON.parse((await cli(['pricing', 'list', '--kind', 'gpu', '--format', 'json'])).stdout);
    expect(j.rows.every((r: { kind: string }) => r.kind === 'gpu')).toBe(true);
    const c = (await cli(['pricing', 'list', '--kind', 'api', '--format', 'csv'])).stdout;
    expect(c.split('\r\n')[0]).toBe('kind,id,provider,figures,as_of,age_days,file,source');
    expect((await cli(['pricing', 'list', '--provider', 'antropic'])).stderr).toMatch(/did you mean 'anthropic'/);
  });

  it('show cites each GPU price row at its own line, not the GPU row', async () => {
    const lines = readFileSync(join(ROOT, 'pricing', 'gpus.yaml'), 'utf8').split('\n');
    for (const provider of ['aws', 'gcp']) {
      const r = await cli(['pricing', 'show', `h100-80gb/${provider}`]);
      const line = Number(/pricing\/gpus\.yaml:(\d+)/.exec(r.stdout)![1]);
      expect(lines[line - 1]).toMatch(new RegExp(`provider: ${provider}$`));
    }
  });

  it('show prints every field, its source and age', async () => {
    const r = await cli(['pricing', 'show', 'anthropic/claude-sonnet-4-5']);
    expect(r.stdout).toMatch(
      /^api anthropic\/claude-sonnet-4-5 {2}\(pricing\/api-models\.yaml:\d+; as of \d{4}-\d{2}-\d{2}, \d+ days old\)/,
    );
    expect(r.stdout).toContain('  source: ');
    expect(r.stdout).toContain('  tiers: { above_input_tokens: 200000');
    expect((await cli(['pricing', 'show', 'anthropic/claude-sonet-4-5'])).stderr).toMatch(
      /did you mean 'anthropic\/claude-sonnet-4-5'/,
    );
  });

  it('import writes our YAML and says what it skipped', async () => {
    const r = await cli(['pricing', 'import', fixture('litellm-excerpt.json'), '--as-of', '2026-07-24']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  - id: anthropic/claude-sonnet-4-5\n');
    expect(r.stderr).toMatch(
      /imported 4 API models from .*litellm-excerpt\.json \(as of 2026-07-24\); skipped 5 entries/,
    );
    expect(r.stderr).toContain("1 skipped: mode 'embedding' is not billed per text token");
  });
});

describe('the built binary', () => {
  it('quotes from a LiteLLM file given with --pricing litellm:FILE', () => {
    const out = execFileSync(
      process.execPath,
      [
        'bin/llmcost.js',
        'quote',
        '--pricing',
        `litellm:${fixture('litellm-excerpt.json')}`,
        '--model',
        'gemini/gemini-2.5-pro',
        '--input-tokens',
        '200001',
        '--format',
        'json',
      ],
      { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8' },
    );
    // 200,001 × 2.50/M (tier above 200k) = 0.5000025
    expect(JSON.parse(out).total).toBe('0.5000025');
    expect(readFileSync(fixture('litellm-excerpt.json'), 'utf8')).toContain('gemini/gemini-2.5-pro');
  });
});

describe('check --max-pricing-age (CI)', () => {
  it('fails the build with exit 2 when a row used is too old, before any budget', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmcost-'));
    writeFileSync(
      join(dir, 's.yaml'),
      'version: 1\nname: s\nworkload: { requests_per_day: 10, input_tokens: 100, output_tokens: 10 }\napi: { model: openai/gpt-4o }\nbudgets: { max_monthly: 1000 }\n',
    );
    // openai/gpt-4o is as of 2026-07-24: 124 days before the fixed clock
    const r = await cli(['check', join(dir, 's.yaml'), '--max-pricing-age', '90']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /--max-pricing-age: 1 pricing row used is older than 90 days \(oldest: api_model openai\/gpt-4o, as of 2026-07-24, 124 days/,
    );
    expect((await cli(['check', join(dir, 's.yaml'), '--max-pricing-age', '200'])).code).toBe(0);
  });
});
