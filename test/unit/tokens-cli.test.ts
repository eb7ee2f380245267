// The built binary, spawned as a user runs it (npm test builds first).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, ROOT } from '../helpers.js';

function llmcost(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/llmcost.js'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('llmcost tokens', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'llmcost-tokens-cli-'));
    cpSync(fixture('tokens'), join(dir, 'tokens'), { recursive: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('counts files per file and in total (table)', () => {
    const r = llmcost(['tokens', 'tokens/prompts'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // export 31 + outage 43 + refund 37 = 111 tokens (o200k_base); per file: mean 37, p50 37, p95 43
    expect(r.stdout).toBe(
      [
        'File                       Bytes  Tokens',
        '-------------------------  -----  ------',
        'tokens/prompts/export.txt    143      31',
        'tokens/prompts/outage.txt    195      43',
        'tokens/prompts/refund.txt    174      37',
        'Total (3 files)              512     111',
        '',
        'Per file: mean 37, p50 37, p95 43, max 43 tokens (o200k_base)',
        '',
      ].join('\n'),
    );
  });

  it('--per-line JSONL in JSON, with the encoding of a pricing row', () => {
    const r = llmcost(
      ['tokens', 'tokens/conversations.jsonl', '--per-line', '--model', 'openai/gpt-4o', '-f', 'json'],
      dir,
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.encoding).toBe('o200k_base');
    expect(j.unit).toBe('line');
    // lines: chat [system + user] = 3 + 3 + 1 + 6 + 3 + 1 + 2 = 19; {messages:[user]} = 9; "hello world" = 2;
    // named system message = 3 + 3 + 1 + "example_user" 2 + 1 + 2 = 12 → 42 over 4 lines
    expect(j.total).toMatchObject({ files: 1, samples: 4, tokens: 42, mean: 10.5, p50: 9, p95: 19, max: 19 });
    expect(j.skipped).toEqual([]);
  });

  it('CSV lists every file and a total row', () => {
    const r = llmcost(['tokens', 'tokens/chunks', '-f', 'csv', '--encoding', 'cl100k_base'], dir);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe('file,bytes,samples,tokens,mean,p50,p95,max,encoding');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatch(/^TOTAL,229,2,\d+,/);
  });

  it('skips binary and non-UTF-8 files, lists them, and exits 2 only with --strict', () => {
    const d = join(dir, 'mixed');
    cpSync(join(dir, 'tokens/prompts'), d, { recursive: true });
    writeFileSync(join(d, 'image.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00]));
    writeFileSync(join(d, 'latin1.txt'), Buffer.from('caf\xe9\n', 'latin1'));
    const r = llmcost(['tokens', 'mixed'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Total (3 files)');
    expect(r.stdout).toContain(
      'Skipped 2 files:\n  mixed/image.txt: looks binary (NUL byte in the first 8 KiB)\n  mixed/latin1.txt: invalid UTF-8 in bytes 0–5\n',
    );
    expect(r.stderr).toBe(
      'llmcost: skipped 2 files: mixed/image.txt (looks binary (NUL byte in the first 8 KiB)); mixed/latin1.txt (invalid UTF-8 in bytes 0–5)\n',
    );
    expect(llmcost(['tokens', 'mixed', '--strict'], dir).code).toBe(2);
  });

  it('a missing path or a bad --sample is a one-line usage error (exit 2)', () => {
    const r = llmcost(['tokens', 'nope/*.txt'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('nope/*.txt: matches no files; expected a pattern that matches at least one file\n');
    const s = llmcost(['tokens', 'tokens', '--sample', '0%'], dir);
    expect(s.code).toBe(2);
    expect(s.stderr).toContain("--sample '0%' is not a share");
    const m = llmcost(['tokens', 'tokens', '--model', 'anthropic/claude-haiku-4-5'], dir);
    expect(m.code).toBe(2);
    expect(m.stderr).toContain('has no tiktoken encoding');
  });

  it('--sample is reproducible with --seed and says how it estimates', () => {
    const a = llmcost(['tokens', 'tokens', '--sample', '2%', '--seed', '7', '-f', 'json'], dir);
    const b = llmcost(['tokens', 'tokens', '--sample', '2%', '--seed', '7', '-f', 'json'], dir);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const j = JSON.parse(a.stdout);
    expect(j.estimate.method).toMatch(/ratio estimator/);
    // A corpus smaller than the minimum sample is read whole: the "estimate" is the exact count.
    expect(j.sampled_blocks).toBe(j.blocks);
    expect(j.estimate.ci95_low).toBe(j.estimate.tokens);
  });
});

describe('scenario sample: fields', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'llmcost-sample-scn-'));
    cpSync(fixture('tokens'), join(dir, 'tokens'), { recursive: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('compares end to end; the JSON shows the measured values and where they came from', () => {
    const r = llmcost(['compare', 'tokens/scenario.yaml', '-f', 'json'], dir);
    expect(r.stderr.replace(/^llmcost: warning: .*\n/gm, '')).toBe(''); // a pricing-age warning may come first
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const a = Object.fromEntries(
      j.assumptions.map((x: { field: string; value: string; source: string }) => [x.field, x]),
    );
    // prompts: 31, 43, 37 tokens → mean 37; answers: 27, 24, 17 (content only) → p50 24;
    // chunks: 25 and 25 → mean 25 × 4 per call = 100
    expect(a['workload.input_tokens']).toEqual({
      field: 'workload.input_tokens',
      value: '37',
      source:
        'measured: prompts/*.txt (3 files, o200k_base of openai/gpt-4o; mean 37.00, p50 37, p95 43, max 43; mean used)',
    });
    expect(a['workload.output_tokens'].value).toBe('24');
    expect(a['workload.output_tokens'].source).toContain('answers.jsonl (3 lines in 1 file');
    expect(a['workload.rag_context_tokens'].value).toBe('100');
    expect(a['workload.rag_context_tokens'].source).toContain('× 4 per call');
    // 100,000 requests/day × 30 days = 3,000,000 calls; × (37 + 100) input, × 24 output
    const m1 = j.strategies[0].months[0];
    expect(m1.calls).toBe(3000000);
    expect(m1.input_tokens).toBe(411000000);
    expect(m1.output_tokens).toBe(72000000);
  });

  it('refuses sample paths outside the scenario folder unless --allow-outside-paths', () => {
    mkdirSync(join(dir, 'tokens', 'sub'), { recursive: true });
    const scn = join(dir, 'tokens', 'sub', 'outside.yaml');
    writeFileSync(
      scn,
      'version: 1\nname: outside\nworkload:\n  requests_per_day: 10\n  input_tokens: { sample: ../prompts/*.txt }\n  output_tokens: 10\napi: { model: openai/gpt-4o }\n',
    );
    const r = llmcost(['compare', scn], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /outside.yaml:5:\d+: workload.input_tokens.sample: .*reaches outside the scenario's folder.*--allow-outside-paths/,
    );
    const ok = llmcost(['compare', scn, '--allow-outside-paths', '-f', 'json'], dir);
    expect(ok.code).toBe(0);
  });

  it('a sample that matches nothing names the field and the line', () => {
    const scn = join(dir, 'tokens', 'nothing.yaml');
    writeFileSync(
      scn,
      'version: 1\nname: nothing\nworkload:\n  requests_per_day: 10\n  input_tokens: 100\n  output_tokens: { sample: missing/*.txt, stat: p95 }\napi: { model: openai/gpt-4o }\n',
    );
    const r = llmcost(['compare', scn], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^.*nothing.yaml:6:\d+: workload.output_tokens.sample: 'missing\/\*.txt' matches no files; expected a pattern that matches at least one file\n$/,
    );
  });

  it('a sample field of the wrong shape is a one-line type error', () => {
    const scn = join(dir, 'tokens', 'bad.yaml');
    writeFileSync(
      scn,
      'version: 1\nname: bad\nworkload:\n  requests_per_day: 10\n  input_tokens: { smaple: prompts/*.txt }\n  output_tokens: 10\napi: { model: openai/gpt-4o }\n',
    );
    const r = llmcost(['compare', scn], dir);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(r.stderr).toContain('workload.input_tokens');
  });
});
