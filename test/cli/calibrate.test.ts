// `llmcost calibrate` as a user meets it: one result → a measured profile; several → an efficiency curve
// whose pricing file `compare --pricing` and `capacity --pricing` take.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-helpers.js';

const SYN = 'test/fixtures/calibrate/synthetic';
const L8 = ['--model', 'meta/llama-3.1-8b-instruct', '--gpu', 'h100-80gb', '--precision', 'bf16'];

describe('llmcost calibrate', () => {
  it('one result: a pricing file with a measured throughput profile', async () => {
    const r = await runCli(['calibrate', `${SYN}/c4.json`, ...L8]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^throughput_profiles:\n {2}- model: meta\/llama-3\.1-8b-instruct$/m);
    expect(r.stdout).toMatch(/^ {4}kind: measured$/m);
  });

  it('several results: an efficiency curve with its residuals, which capacity then uses', async () => {
    const r = await runCli(['calibrate', `${SYN}/c1.json`, `${SYN}/c4.json`, `${SYN}/c16-off.json`, ...L8]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^# {3}test\/fixtures\/calibrate\/synthetic\/c16-off\.json: concurrency 16, .* residual 3\.96%$/m,
    );
    expect(r.stdout).toMatch(/^efficiency:\n {2}- model: meta\/llama-3\.1-8b-instruct\n {4}gpu: h100-80gb$/m);
    expect(r.stdout).toMatch(/^ {4}variable: concurrency\n {4}a: 2\.16667\n {4}b: 3\.80952\n {4}from: 1\n {4}to: 16$/m);
    const dir = mkdtempSync(join(tmpdir(), 'llmcost-curve-'));
    const curve = join(dir, 'curve.yaml');
    writeFileSync(curve, r.stdout);
    const scenario = join(dir, 's.yaml');
    writeFileSync(
      scenario,
      [
        'version: 1',
        'name: curve',
        'workload: { requests_per_day: 100000, input_tokens: 1000, output_tokens: 200 }',
        'api: { model: openai/gpt-4o-mini }',
        'self_hosted: { model: meta/llama-3.1-8b-instruct, gpu: h100-80gb, provider: aws, precision: bf16 }',
        '',
      ].join('\n'),
    );
    const c = await runCli(['capacity', scenario, '--pricing', curve, '--format', 'json']);
    expect(c.code).toBe(0);
    const month = (JSON.parse(c.stdout) as { months: { serving: Record<string, unknown> }[] }).months[0]!.serving;
    expect([month.profile_kind, month.concurrency, month.concurrency_limit]).toEqual(['derived', 16, 'profile']);
    expect(month.profile_source).toMatch(
      /curve\.yaml#efficiency:meta\/llama-3\.1-8b-instruct@h100-80gb\/bf16\/tp1@2026-12-01$/,
    );
  });

  it('refuses results that span nothing, naming the files (exit 2)', async () => {
    const r = await runCli(['calibrate', `${SYN}/c4.json`, `${SYN}/c4.json`, ...L8]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/c4\.json, .*c4\.json: all have the same concurrency and lengths/);
  });
});
