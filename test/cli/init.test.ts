// `llmcost init`: flags, usage exports and (through a pseudo-terminal) questions all end in a file
// that `compare` accepts; what was chosen is said; bad input is refused with the value quoted.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../src/scenario/load.js';
import { runCli, spawnCli } from '../cli-helpers.js';
import { fixture } from '../helpers.js';
import { runInPty } from '../pty.js';

const dirs: string[] = [];
function emptyDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'llmcost-init-'));
  dirs.push(d);
  return d;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const usage = (name: string) => fixture(`usage/${name}`);

describe('llmcost init (flags)', () => {
  it('writes what the flags say, names every default it chose, and the file compares', async () => {
    const cwd = emptyDir();
    const r = await runCli(
      [
        'init',
        '--yes',
        '--requests-per-day',
        '20000',
        '--input-tokens',
        '800',
        '--output-tokens',
        '200',
        '--api-model',
        'openai/gpt-4o-mini',
        '--gpu',
        'l40s-48gb',
      ],
      { cwd },
    );
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(join(cwd, 'scenario.yaml'), 'utf8');
    expect(text).toMatch(/requests_per_day: 20000 /);
    expect(text).toMatch(/input_tokens: 800 /);
    expect(text).toMatch(/model: openai\/gpt-4o-mini /);
    expect(text).toMatch(/gpu: l40s-48gb /);
    expect(text).toMatch(/provider: \S+ +# /);
    // Chosen for the user: the open model, the provider (cheapest for that GPU), staff, the name.
    expect(r.stderr).toContain('self_hosted.model: meta/llama-3.1-8b-instruct');
    expect(r.stderr).toMatch(/self_hosted\.provider: \S+ is the cheapest on_demand price/);
    expect(r.stderr).not.toContain('requests_per_day:');
    expect(r.stderr).toContain('next: llmcost compare scenario.yaml');
    expect(() => parseScenarioText(text, 'scenario.yaml')).not.toThrow();
    const c = await runCli(['compare', 'scenario.yaml'], { cwd });
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toContain('My LLM product');
  });

  it('with no flags at all, uses the shipped example and lets gpu: auto pick the GPU', async () => {
    const cwd = emptyDir();
    const r = await runCli(['init', '--yes', '--out', 'start.yaml'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('requests_per_day: 400,000');
    expect(r.stderr).toMatch(/self_hosted\.gpu: \S+ at \S+, on_demand \(cheapest fit in month 1/);
    expect(readFileSync(join(cwd, 'start.yaml'), 'utf8')).toMatch(/requests_per_day: 400000 +# guess/);
  });

  it('--out - prints the file instead, and an existing file needs --force', async () => {
    const cwd = emptyDir();
    const p = await runCli(['init', '--yes', '--out', '-'], { cwd });
    expect(p.code).toBe(0);
    expect(p.stdout).toMatch(/^# Written by `llmcost init`/);
    expect(existsSync(join(cwd, 'scenario.yaml'))).toBe(false);
    writeFileSync(join(cwd, 'scenario.yaml'), 'keep me');
    const again = await runCli(['init', '--yes'], { cwd });
    expect(again.code).toBe(2);
    expect(again.stderr).toBe('scenario.yaml: exists already; expected --force to replace it, or --out another file\n');
    expect(readFileSync(join(cwd, 'scenario.yaml'), 'utf8')).toBe('keep me');
    expect((await runCli(['init', '--yes', '--force'], { cwd })).code).toBe(0);
  });

  it('quotes a bad number and says what would do', async () => {
    const cwd = emptyDir();
    const sep = await runCli(['init', '--yes', '--input-tokens', '1,200'], { cwd });
    expect(sep.code).toBe(2);
    expect(sep.stderr).toBe(
      "--input-tokens '1,200' has a thousands separator (write 1200); expected a number from 0 to 100000000\n",
    );
    const neg = await runCli(['init', '--yes', '--staff-fte', '-1'], { cwd });
    expect(neg.stderr).toBe('--staff-fte -1 is below 0; expected a number from 0 to 10000\n');
    const model = await runCli(['init', '--yes', '--api-model', 'gpt-4o-mini'], { cwd });
    expect(model.code).toBe(2);
    expect(model.stderr).toContain("--api-model: unknown API model 'gpt-4o-mini'");
    expect(model.stderr).toContain("did you mean 'openai/gpt-4o-mini'");
    expect(existsSync(join(cwd, 'scenario.yaml'))).toBe(false);
  });

  it('--prompts FOLDER measures real prompts through a sample: field', async () => {
    const cwd = emptyDir();
    mkdirSync(join(cwd, 'prompts'));
    writeFileSync(join(cwd, 'prompts', 'a.txt'), 'How do I reset my password? '.repeat(20));
    writeFileSync(join(cwd, 'prompts', 'b.txt'), 'Where is my invoice for last month? '.repeat(40));
    // The sample path is written relative to the scenario's folder: ../prompts reaches outside it,
    // which loading refuses (as for any scenario), so nothing is written.
    mkdirSync(join(cwd, 'sub'));
    const outside = await runCli(['init', '--yes', '--prompts', 'prompts', '--out', 'sub/s.yaml'], { cwd });
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain('workload.input_tokens');
    expect(existsSync(join(cwd, 'sub', 's.yaml'))).toBe(false);
    const here = await runCli(['init', '--yes', '--prompts', 'prompts'], { cwd });
    expect(here.code, here.stderr).toBe(0);
    expect(readFileSync(join(cwd, 'scenario.yaml'), 'utf8')).toContain('input_tokens: { sample: prompts, stat: mean }');
    expect(here.stderr).toMatch(/measured 2 file\(s\): \d+ input tokens a call on average, p95 \d+/);
  });
});

describe('llmcost init --from-usage', () => {
  it('OpenAI completions buckets: volume, tokens, cache share, model mix and a fitted growth range', async () => {
    const cwd = emptyDir();
    const r = await runCli(['init', '--yes', '--from-usage', usage('openai-completions.json'), '--out', 'bill.yaml'], {
      cwd,
    });
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(join(cwd, 'bill.yaml'), 'utf8');
    expect(r.stderr).toMatch(/openai-completions\.json:\d+: row skipped \(input_tokens "n\/a" is not a token count\)/);
    expect(text).toMatch(/requests_per_day: \d+ +# mean of 2026-10-19 to 2026-10-25/);
    expect(text).toMatch(/cached_input_share: 0\.35 /);
    expect(text).toMatch(/model: openai\/gpt-4o +#/);
    expect(text).toContain('#   gpt-4o-mini-2024-07-18: 20% of requests');
    // The fixture grows 1% a day (35.4% a month) with ±3% noise and one outage day.
    const g = /monthly_rate: \{ low: ([\d.]+), mode: ([\d.]+), high: ([\d.]+) \}/.exec(text);
    expect(g).not.toBeNull();
    const [low, mode, high] = g!.slice(1).map(Number);
    expect(low).toBeLessThan(0.354);
    expect(high).toBeGreaterThan(0.354);
    expect(mode).toBeGreaterThan(0.3);
    expect(text).toMatch(/fitted on 20 of 21 days, R² 0\.\d\d; outliers dropped: 2026-10-17 \(13,590\)/);
    expect((await runCli(['compare', 'bill.yaml'], { cwd })).code).toBe(0);
  });

  it('Anthropic usage report: refused without --requests-per-day, hourly peak and cache writes with it', async () => {
    const cwd = emptyDir();
    const no = await runCli(['init', '--yes', '--from-usage', usage('anthropic-usage.json')], { cwd });
    expect(no.code).toBe(2);
    expect(no.stderr).toMatch(
      /anthropic-usage\.json: an Anthropic usage report has tokens but no request count; expected --requests-per-day N/,
    );
    const r = await runCli(
      ['init', '--yes', '--from-usage', usage('anthropic-usage.json'), '--requests-per-day', '48000'],
      { cwd },
    );
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(join(cwd, 'scenario.yaml'), 'utf8');
    expect(text).toMatch(/model: anthropic\/claude-sonnet-4-5 /);
    expect(text).toMatch(/cache_write_share: 0\.05 /);
    expect(text).toMatch(/peak_to_average: 2\.\d+ +# median busiest hour/);
    expect(text).toContain('Growth: not fitted (3 day(s) with traffic; a growth fit needs at least 7)');
  });

  it('LiteLLM spend logs (CSV and JSON): p95 per request, a bad row skipped by line', async () => {
    const cwd = emptyDir();
    const r = await runCli(['init', '--yes', '--from-usage', usage('litellm-spend-logs.csv')], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('litellm-spend-logs.csv:42: row skipped (startTime "not a time" is not a time)');
    const text = readFileSync(join(cwd, 'scenario.yaml'), 'utf8');
    expect(text).toMatch(/input_tokens: \d+ +# mean per request; p95 [\d,]+/);
    expect(text).toMatch(/model: openai\/gpt-4o-mini /);
    const j = await runCli(['init', '--yes', '--force', '--from-usage', usage('litellm-spend-logs.json')], { cwd });
    expect(j.code, j.stderr).toBe(0);
  });

  it('a file of no known format, or broken JSON, is an error naming the file and line', async () => {
    const cwd = emptyDir();
    writeFileSync(join(cwd, 'other.json'), '{ "rows": [1, 2] }');
    writeFileSync(join(cwd, 'broken.json'), '{\n  "data": [\n    { "start_time": 1, }\n  ]\n}');
    const other = await runCli(['init', '--yes', '--from-usage', 'other.json'], { cwd });
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/^other\.json:1:1: is not a usage export llmcost knows; expected an OpenAI Usage API/);
    const broken = await runCli(['init', '--yes', '--from-usage', 'broken.json'], { cwd });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^broken\.json:3:\d+: is not valid JSON/);
  });
});

describe('llmcost init on a terminal (pseudo-terminal)', () => {
  it('asks, re-asks a bad answer with the reason, and writes a file that compares', () => {
    const cwd = emptyDir();
    const r = runInPty(['init'], {
      cwd,
      steps: [
        ["scenario's name)?", 'Support bot'],
        ['requests each', '5000 x 8'],
        ['prompts to measure [1200]: ', '1,200'],
        ['prompts to measure [1200]: ', '1200'],
        ['Output tokens per call', ''],
        ['API model [openai/gpt-4o]: ', 'gpt-4o-mini'],
        ['API model [openai/gpt-4o]: ', 'openai/gpt-4o-mini'],
        ['Open model to self-host', ''],
        ['GPU (auto', ''],
        ['full-time equivalents', '0.5'],
      ],
    });
    expect(r.pending, r.output).toEqual([]);
    expect(r.code, r.output).toBe(0);
    expect(r.output).toContain("'1,200' has a thousands separator (write 1200)");
    expect(r.output).toContain("did you mean 'openai/gpt-4o-mini'?");
    const text = readFileSync(join(cwd, 'scenario.yaml'), 'utf8');
    expect(text).toMatch(/name: Support bot /);
    expect(text).toMatch(/daily_active_users: 5000\n {2}requests_per_user_per_day: 8\n/);
    expect(text).toMatch(/output_tokens: 500 /);
    expect(text).toMatch(/staff: \{ fte: 0\.5, annual_cost_per_fte: 200000 \}/);
    expect(spawnCli(['compare', 'scenario.yaml'], { cwd }).code).toBe(0);
  });

  it('Ctrl-D stops without writing anything', () => {
    const cwd = emptyDir();
    const r = runInPty(['init'], {
      cwd,
      steps: [
        ["scenario's name)?", 'x'],
        ['<EOF>', ''],
      ],
    });
    expect(r.code).toBe(2);
    expect(r.output).toContain('stopped: input ended');
    expect(existsSync(join(cwd, 'scenario.yaml'))).toBe(false);
  });
});
