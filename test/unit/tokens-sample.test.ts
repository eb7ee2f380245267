import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureFiles } from '../../src/tokens/measure.js';
import { expandInputs } from '../../src/tokens/files.js';
import { rng } from '../../src/random.js';
import { estimateCorpus, parseShare, tQuantile975 } from '../../src/tokens/sample.js';

/**
 * A corpus whose files differ in tokens per byte (prose, code, numbers, CJK) and in size, so the
 * estimator has real variance to cover.
 */
function generateCorpus(dir: string, seed: number): void {
  const r = rng(seed);
  const words = [
    'the',
    'customer',
    'asked',
    'about',
    'billing',
    'refund',
    'policy',
    'and',
    'support',
    'replied',
    'with',
    'details',
    'Kubernetes',
    'deployment',
    'latency',
    'GPU',
    'throughput',
  ];
  const code = [
    'const',
    'x',
    '=',
    'await',
    'fetch(url);',
    'if',
    '(err)',
    '{',
    'return',
    'null;',
    '}',
    'for',
    '(let i = 0; i < n; i++)',
  ];
  const styles = [
    () => words[Math.floor(r() * words.length)]!,
    () => code[Math.floor(r() * code.length)]!,
    () => String(Math.floor(r() * 1e6)),
    () => '日本語のテキスト',
  ];
  for (let f = 0; f < 60; f++) {
    const style = styles[f % styles.length]!;
    const n = 50 + Math.floor(r() * 3000);
    let text = '';
    for (let i = 0; i < n; i++) text += style() + (r() < 0.1 ? '\n' : ' ');
    writeFileSync(join(dir, `f${String(f).padStart(2, '0')}.txt`), text);
  }
}

describe('sampling estimate', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'llmcost-sample-'));
    generateCorpus(dir, 7);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('blocks tile every file: reading all blocks gives the exact count', () => {
    const files = expandInputs([dir], { base: dir });
    const exact = measureFiles(files, { encoding: 'o200k_base', unit: 'file' }).tokens;
    const all = estimateCorpus(files, { encoding: 'o200k_base', unit: 'file', share: 1, seed: 1, blockBytes: 1024 });
    expect(all.sampled_blocks).toBe(all.blocks);
    expect(all.tokens).toBeCloseTo(exact, 6);
    expect(all.low).toBe(all.high);
  });

  it('the 95% interval covers the true count in at least 95 of 100 seeds', () => {
    const files = expandInputs([dir], { base: dir });
    const exact = measureFiles(files, { encoding: 'o200k_base', unit: 'file' }).tokens;
    let covered = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const e = estimateCorpus(files, { encoding: 'o200k_base', unit: 'file', share: 0.02, seed, blockBytes: 1024 });
      expect(e.sampled_blocks).toBeLessThan(e.blocks / 4); // a real sample, not the whole corpus
      if (e.low <= exact && exact <= e.high) covered++;
    }
    expect(covered).toBeGreaterThanOrEqual(95);
  });

  it('the same seed gives the same estimate; another seed another one', () => {
    const files = expandInputs([dir], { base: dir });
    const a = estimateCorpus(files, { encoding: 'cl100k_base', unit: 'file', share: 0.02, seed: 42, blockBytes: 1024 });
    const b = estimateCorpus(files, { encoding: 'cl100k_base', unit: 'file', share: 0.02, seed: 42, blockBytes: 1024 });
    const c = estimateCorpus(files, { encoding: 'cl100k_base', unit: 'file', share: 0.02, seed: 43, blockBytes: 1024 });
    expect(b).toEqual(a);
    expect(c.tokens).not.toBe(a.tokens);
  });

  it('parses shares and knows its t quantiles', () => {
    expect(parseShare('2%')).toBe(0.02);
    expect(parseShare('0.5')).toBe(0.5);
    expect(parseShare('0%')).toBeNull();
    expect(parseShare('150%')).toBeNull();
    expect(parseShare('abc')).toBeNull();
    expect(tQuantile975(1)).toBe(12.706);
    expect(tQuantile975(30)).toBe(2.042);
    // t(0.975, 60) = 2.000 and t(0.975, 120) = 1.980 in published tables.
    expect(tQuantile975(60)).toBeCloseTo(2.0, 2);
    expect(tQuantile975(120)).toBeCloseTo(1.98, 2);
  });
});

describe('sampling JSONL per line', () => {
  it('line-aligned blocks: reading every block gives the exact per-line count', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmcost-sample-jsonl-'));
    try {
      const r = rng(3);
      const lines: string[] = [];
      for (let i = 0; i < 400; i++) {
        const text = Array.from(
          { length: 5 + Math.floor(r() * 60) },
          () => ['hello', 'world', 'refund', 'invoice', '42'][Math.floor(r() * 5)],
        ).join(' ');
        lines.push(i % 2 ? JSON.stringify(text) : JSON.stringify({ messages: [{ role: 'user', content: text }] }));
      }
      writeFileSync(join(dir, 'c.jsonl'), `${lines.join('\n')}\n`);
      const files = expandInputs([dir], { base: dir });
      const exact = measureFiles(files, { encoding: 'o200k_base', unit: 'line' }).tokens;
      const all = estimateCorpus(files, { encoding: 'o200k_base', unit: 'line', share: 1, seed: 1, blockBytes: 512 });
      expect(all.blocks).toBeGreaterThan(20);
      expect(all.tokens).toBeCloseTo(exact, 6);
      const some = estimateCorpus(files, {
        encoding: 'o200k_base',
        unit: 'line',
        share: 0.5,
        seed: 1,
        blockBytes: 512,
        minBlocks: 10,
      });
      expect(some.sampled_blocks).toBeLessThan(some.blocks);
      expect(Math.abs(some.tokens - exact) / exact).toBeLessThan(0.1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
