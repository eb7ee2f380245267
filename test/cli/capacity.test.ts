// `llmcost capacity` as a user meets it: the built binary on every shipped scenario, against golden
// files (UPDATE_GOLDEN=1 rewrites them), plus its errors and exit codes.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { llmcost, tempDir, writeTemp } from './run.js';

const GOLDEN = join(ROOT, 'test', 'golden', 'capacity');
const scenarios = readdirSync(join(ROOT, 'scenarios'))
  .filter((f) => f.endsWith('.yaml'))
  .sort();

function golden(name: string, actual: string): void {
  const file = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file))
    throw new Error(
      `no golden file ${name}: run UPDATE_GOLDEN=1 npx vitest run test/cli/capacity.test.ts and review the diff`,
    );
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe('llmcost capacity on every shipped scenario', () => {
  for (const file of scenarios) {
    const base = file.replace(/\.yaml$/, '');
    for (const [format, ext] of [
      ['table', 'txt'],
      ['json', 'json'],
      ['csv', 'csv'],
    ] as const) {
      it(`${base} (${format})`, () => {
        const r = llmcost(['capacity', `scenarios/${file}`, '--format', format]);
        // A scenario without a self_hosted block has no capacity: exit 2 with a one-line reason.
        const out = r.status === 0 ? r.stdout : `exit ${r.status}\n${r.stderr}`;
        expect(r.status === 0 || r.status === 2).toBe(true);
        golden(`${base}.${ext}`, out);
      });
    }
  }
});

describe('llmcost capacity', () => {
  const scenario = (selfHosted: string) => `version: 1
name: capacity cli
days_per_month: 30
workload: { requests_per_day: 100000, input_tokens: 1000, output_tokens: 500 }
self_hosted:
${selfHosted}
`;
  it('labels a derived profile and prints every month on request', () => {
    const dir = tempDir();
    const f = writeTemp(
      dir,
      's.yaml',
      scenario('  model: meta/llama-3.1-8b-instruct\n  gpu: h100-80gb\n  provider: aws\n  precision: bf16'),
    );
    const r = llmcost(['capacity', f, '--all-months']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Throughput: derived');
    expect(r.stdout).toContain('Profile: roofline from pricing/gpus.yaml#h100-80gb');
    expect(r.stdout.match(/^\d+\s+3,000,000/gm)).toHaveLength(24);
  });
  it('exits 2 with one line when the model does not fit', () => {
    const dir = tempDir();
    const f = writeTemp(
      dir,
      's.yaml',
      scenario(
        '  model: meta/llama-3.1-70b-instruct\n  gpu: l40s-48gb\n  provider: aws\n  precision: bf16\n  gpus_per_replica: 1',
      ),
    );
    const r = llmcost(['capacity', f]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('does not fit on l40s-48gb ×1: one replica needs 144.5 GB');
    expect(r.stderr).toContain('but 43.2 GB is usable (90% of 1 × 48 GB)');
  });
  it('exits 2 when the scenario has no self_hosted block', () => {
    const dir = tempDir();
    const f = writeTemp(
      dir,
      's.yaml',
      'version: 1\nname: api only\nworkload: { requests_per_day: 10, input_tokens: 10, output_tokens: 10 }\napi: { model: openai/gpt-4o }\n',
    );
    const r = llmcost(['capacity', f]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no self_hosted capacity to show \(the scenario has no `self_hosted:` block\)/);
  });
  it("writes CSV whose every row has the header's columns", () => {
    const r = llmcost(['capacity', 'scenarios/saas-support.yaml', '--format', 'csv']);
    const lines = r.stdout.trimEnd().split('\r\n');
    expect(lines).toHaveLength(25);
    const cols = lines[0]!.split(',').length;
    for (const l of lines) expect(l.split(',').length).toBe(cols);
  });
  it('CSV carries the p95 TTFT next to the mean, as the JSON does', () => {
    const f = 'scenarios/chat-diurnal.yaml';
    const csv = llmcost(['capacity', f, '--format', 'csv']).stdout.trimEnd().split('\r\n');
    const header = csv[0]!.split(',');
    const [mean, p95] = [header.indexOf('ttft_ms'), header.indexOf('ttft_p95_ms')];
    expect(p95).toBe(mean + 1);
    const json = JSON.parse(llmcost(['capacity', f, '--format', 'json']).stdout) as {
      months: { serving: { ttft_ms: number; ttft_p95_ms: number } }[];
    };
    const first = csv[1]!.split(',');
    expect(Number(first[p95])).toBe(json.months[0]!.serving.ttft_p95_ms);
    expect(Number(first[p95])).toBeGreaterThan(Number(first[mean]));
  });
});
