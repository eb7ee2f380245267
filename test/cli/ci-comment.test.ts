// `llmcost ci-comment`: the pull-request comment body (golden), its safety under a GitHub-like
// renderer, its independence from the order of the files, and truncation at GitHub's limit.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { expectGolden, runCli } from '../cli-helpers.js';
import { ROOT } from '../helpers.js';
import { tempDir } from './run.js';

const HEAD = join(ROOT, 'test', 'fixtures', 'ci', 'head');
const FILES = [
  'scenarios/support.yaml',
  'scenarios/new-hostile.yaml',
  'scenarios/retired.yaml',
  'scenarios/broken.yaml',
  'scenarios/same.yaml',
];
const ARGS = ['--base-dir', '../base', '--max-increase', '10%'];

describe('ci-comment', () => {
  it('the comment body and its JSON verdict (golden); exit 2 because one head file is invalid', async () => {
    const dir = tempDir();
    const r = await runCli(['ci-comment', ...FILES, ...ARGS, '--summary-out', join(dir, 'summary.json')], {
      cwd: HEAD,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^after: scenarios\/broken\.yaml:4:1: horizon_month: unknown key/);
    expectGolden('ci-comment/comment.md', r.stdout);
    expectGolden('ci-comment/summary.json', readFileSync(join(dir, 'summary.json'), 'utf8'));
  });

  it('renders with no link, image, raw HTML beyond <details>, mention or issue reference', async () => {
    const r = await runCli(['ci-comment', ...FILES, ...ARGS], { cwd: HEAD });
    const html = new MarkdownIt({ html: true, linkify: true }).render(r.stdout);
    expect(html).not.toMatch(/<a |<img/);
    expect(
      [...html.matchAll(/<(\w+)/g)]
        .map((m) => m[1])
        .filter(
          (tag) => !/^(h2|h3|p|table|thead|tbody|tr|th|td|strong|br|ul|li|details|summary|blockquote|code)$/.test(tag!),
        ),
    ).toEqual([]);
    const text = html.replace(/<[^>]+>/g, '');
    expect(text).not.toMatch(/(?:^|\W)@[a-z0-9]/i);
    expect(text).not.toMatch(/(?:^|\W)#\d/);
    expect(text).not.toMatch(/https?:\/\/|www\./);
    expect(r.stdout.startsWith('<!-- llmcost-comment -->\n')).toBe(true);
  });

  it('the same bytes whatever the order of the files', async () => {
    const a = await runCli(['ci-comment', ...FILES, ...ARGS], { cwd: HEAD });
    const b = await runCli(['ci-comment', ...[...FILES].reverse(), ...ARGS], { cwd: HEAD });
    expect(b.stdout).toBe(a.stdout);
  });

  it('--diff-dir: what `diff --format json` prints for each changed pair, named by repository path', async () => {
    const dir = tempDir();
    await runCli(['ci-comment', ...FILES, ...ARGS, '--diff-dir', join(dir, 'diff')], { cwd: HEAD });
    // Only support.yaml and same.yaml have both sides; ordered as the comment (largest change first).
    const written = ['0001.json', '0002.json'].map(
      (f) => JSON.parse(readFileSync(join(dir, 'diff', f), 'utf8')) as { head: { file: string } },
    );
    expect(written.map((d) => d.head.file)).toEqual(['scenarios/support.yaml', 'scenarios/same.yaml']);
    const direct = await runCli(
      ['diff', '../base/scenarios/support.yaml', 'scenarios/support.yaml', '--format', 'json'],
      { cwd: HEAD },
    );
    const expected = JSON.parse(direct.stdout) as { base: { file: string } };
    expected.base.file = 'scenarios/support.yaml';
    expect(written[0]).toEqual(expected);
  });

  it('a relative --pricing file is read from the base checkout for the before side', async () => {
    const dir = tempDir();
    const scenario = readFileSync(join(HEAD, '..', 'base', 'scenarios', 'support.yaml'), 'utf8');
    const prices = (input: string) =>
      'version: 1\napi_models:\n' +
      `  - { id: openai/gpt-4o-mini, provider: openai, input_per_1m: ${input}, output_per_1m: 0.6, ` +
      'as_of: 2026-07-24, source: test fixture }\n';
    for (const [side, input] of [
      ['base', '0.15'],
      ['head', '0.30'],
    ] as const) {
      mkdirSync(join(dir, side, 'scenarios'), { recursive: true });
      writeFileSync(join(dir, side, 'scenarios', 'bot.yaml'), scenario);
      writeFileSync(join(dir, side, 'prices.yaml'), prices(input));
    }
    const r = await runCli(['ci-comment', 'scenarios/bot.yaml', '--base-dir', '../base', '--pricing', 'prices.yaml'], {
      cwd: join(dir, 'head'),
    });
    expect(r.code).toBe(0);
    // The same scenario on both sides, a dearer input price after: the api month-1 cost rises.
    expect(r.stdout).toContain('### support bot (modified)');
    expect(r.stdout).toMatch(/\| api \| \$2,300\.00 \| \$\d[\d,]*\.\d\d \| \+\$[1-9]/);
  });

  it('no files: a comment that says no scenario changed', async () => {
    const r = await runCli(['ci-comment', '--base-dir', '../base'], { cwd: HEAD });
    expect(r).toMatchObject({
      code: 0,
      stdout: '<!-- llmcost-comment -->\n## llmcost: what this change costs\n\nNo scenario changed.\n',
    });
  });

  it('refuses a path outside the repository, a bad --max-increase and a missing --base-dir (exit 2)', async () => {
    expect((await runCli(['ci-comment', '../x.yaml', ...ARGS], { cwd: HEAD })).code).toBe(2);
    const bad = await runCli(['ci-comment', FILES[0]!, '--base-dir', '../base', '--max-increase', 'ten'], {
      cwd: HEAD,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--max-increase: got 'ten'; expected a percentage such as 10%/);
    expect((await runCli(['ci-comment', FILES[0]!, '--base-dir', 'nowhere'], { cwd: HEAD })).stderr).toMatch(
      /--base-dir: 'nowhere' does not exist/,
    );
  });
});

describe("ci-comment at GitHub's 65,536-character limit", () => {
  // 60 modified scenarios, each a different change (input tokens 800 → 800 + 20·i): far more than fits.
  const base = readFileSync(join(HEAD, '..', 'base', 'scenarios', 'support.yaml'), 'utf8');
  const dir = tempDir();
  const files: string[] = [];
  for (let i = 1; i <= 60; i++) {
    const name = `scenarios/s${String(i).padStart(2, '0')}.yaml`;
    for (const side of ['base', 'head']) mkdirSync(join(dir, side, 'scenarios'), { recursive: true });
    writeFileSync(join(dir, 'base', name), base.replace('name: support bot', `name: bot ${i}`));
    writeFileSync(
      join(dir, 'head', name),
      base.replace('name: support bot', `name: bot ${i}`).replace('input_tokens: 800', `input_tokens: ${800 + 20 * i}`),
    );
    files.push(name);
  }

  it('stays within the limit, keeps the largest changes in full and says what it left out', async () => {
    const r = await runCli(['ci-comment', ...files, '--base-dir', '../base'], { cwd: join(dir, 'head') });
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeLessThanOrEqual(65_536);
    const sections = [...r.stdout.matchAll(/^### bot (\d+) \(modified\)$/gm)].map((m) => Number(m[1]));
    expect(sections.length).toBeGreaterThan(5);
    expect(sections.length).toBeLessThan(60);
    // Largest change first: the highest input-token increases, in descending order.
    expect(sections).toEqual(Array.from({ length: sections.length }, (_, k) => 60 - k));
    // Every scenario still has its row in the summary table.
    expect(r.stdout.match(/^\| bot \d+ \(/gm)).toHaveLength(60);
    expect(r.stdout).toContain(`> **Shortened:** ${60 - sections.length} scenario sections of 60 left out`);
    // Without the limit it would not have fitted.
    const all = await runCli(['ci-comment', ...files, '--base-dir', '../base', '--max-chars', '1000000'], {
      cwd: join(dir, 'head'),
    });
    expect(all.stdout.length).toBeGreaterThan(65_536);
    expect(all.stdout).not.toContain('Shortened');
  });

  it('a smaller --max-chars also cuts summary rows, smallest changes first', async () => {
    const r = await runCli(['ci-comment', ...files, '--base-dir', '../base', '--max-chars', '3000'], {
      cwd: join(dir, 'head'),
    });
    expect(r.stdout.length).toBeLessThanOrEqual(3000);
    const rows = [...r.stdout.matchAll(/^\| bot (\d+) \(/gm)].map((m) => Number(m[1]));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows).toEqual(Array.from({ length: rows.length }, (_, k) => 60 - k));
    expect(r.stdout).toContain(`The summary table lists the ${rows.length} largest changes.`);
  });
});
