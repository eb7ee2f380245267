// `pricing diff` and `pricing import --update` on a vendored excerpt of LiteLLM's database
// (test/fixtures/litellm-snapshot-excerpt.json, the 2026-07-24 snapshot's own entries) and on a
// hand-edited copy of it (litellm-snapshot-edited.json: gpt-4o input 2.50 → 2.00 and cached
// 1.25 → 1.00, gemini-2.5-pro's above-200k output 15 → 18, the pinned Fireworks row 0.10 → 0.12,
// groq/llama-3.1-8b-instant removed, a made-up claude-haiku-9 added). The base side is
// test/fixtures/pricing-diff-base.yaml: shipped rows plus one row no snapshot knows.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffPricing, hasChanges, type PricingDiff } from '../../src/pricing/diff.js';
import { diffJson, diffMarkdown, diffTable, pctText } from '../../src/format/pricingDiff.js';
import { importLiteLlm } from '../../src/pricing/litellm.js';
import { refreshPricingYaml } from '../../src/pricing/refresh.js';
import { parsePricingText } from '../../src/pricing/tables.js';
import { Decimal } from '../../src/money.js';
import { runCli } from '../cli-helpers.js';
import { fixture } from '../helpers.js';

const baseFile = parsePricingText(readFileSync(fixture('pricing-diff-base.yaml'), 'utf8'), 'pricing-diff-base.yaml');
const base = baseFile.content.api_models!;

function snapshot(name: string) {
  const imported = importLiteLlm(readFileSync(fixture(name), 'utf8'), { file: name, fallbackAsOf: '2000-01-01' });
  return {
    kind: 'litellm' as const,
    file: name,
    asOf: imported.asOf,
    rows: imported.rows,
    keys: imported.keys,
    skipped: imported.skipped,
  };
}
const fields = (d: PricingDiff, list: 'changed' | 'pinned') =>
  d[list].flatMap((r) => r.changes.map((c) => `${r.id} ${c.field} ${c.old} -> ${c.new}`));

const cli = (args: string[]) => runCli(args, { now: '2026-12-03T12:00:00Z' });

describe('pricing diff against the vendored snapshot excerpt', () => {
  const d = diffPricing(base, 'base', snapshot('litellm-snapshot-excerpt.json'));

  it('finds the shipped rows unchanged, and reports the pinned corrections without counting them as changes', () => {
    expect(d.changed).toEqual([]);
    expect(d.removed_models).toEqual([]);
    expect(d.unchanged).toBe(4); // gpt-4o, gemini-2.5-pro, deepseek-chat, groq 8B
    expect(fields(d, 'pinned')).toEqual([
      'anthropic/claude-sonnet-4-5 context_window 1000000 -> 200000',
      'fireworks/llama-v3p1-8b-instruct input_per_1m 0.2 -> 0.1',
      'fireworks/llama-v3p1-8b-instruct output_per_1m 0.2 -> 0.1',
      'openai/gpt-5-nano priority_input_per_1m null -> 2.5',
    ]);
    expect(hasChanges(d)).toBe(true); // claude-opus-5 is in the excerpt and not in the base
    expect(d.new_models.map((m) => m.id)).toEqual(['anthropic/claude-opus-5']);
  });

  it('names a row it cannot map, and why', () => {
    expect(d.unmappable).toEqual([
      {
        id: 'inhouse/summariser-v2',
        reason: "no litellm_key, and the snapshot has no model with id 'inhouse/summariser-v2'",
      },
    ]);
  });

  it('keeps rates the snapshot is silent on (a batch rate read from the provider) out of the diff', () => {
    // The base gpt-5-nano and Gemini rows carry batch rates LiteLLM does not list: not "removed".
    expect(JSON.stringify(d)).not.toContain('batch');
  });
});

describe('pricing diff against a hand-edited copy', () => {
  const d = diffPricing(base, 'base', snapshot('litellm-snapshot-edited.json'));

  it('reports changed rates old → new with the exact % change, tiers included', () => {
    expect(fields(d, 'changed')).toEqual([
      'google/gemini-2.5-pro tiers[>200000].output_per_1m 15 -> 18',
      'openai/gpt-4o input_per_1m 2.5 -> 2',
      'openai/gpt-4o cached_input_per_1m 1.25 -> 1',
    ]);
    expect(d.changed[1]!.changes[0]!.change_pct!.eq(-20)).toBe(true);
    expect(pctText(d.changed[0]!.changes[0]!)).toBe('+20%');
    expect(pctText({ field: 'x', old: 3, new: 1, change_pct: new Decimal(-200).div(3) })).toBe('-66.7%');
  });

  it('reports removed and new models, and keeps the pinned row pinned whatever the snapshot says', () => {
    expect(d.removed_models).toEqual([{ id: 'groq/llama-3.1-8b-instant', key: 'groq/llama-3.1-8b-instant' }]);
    expect(d.new_models.map((m) => m.id)).toEqual(['anthropic/claude-haiku-9', 'anthropic/claude-opus-5']);
    expect(fields(d, 'pinned')).toContain('fireworks/llama-v3p1-8b-instruct input_per_1m 0.2 -> 0.12');
    expect(d.snapshot_as_of).toBe('2026-11-30');
  });

  it('renders the same sections as a table, JSON and Markdown', () => {
    const table = diffTable(d);
    expect(table.split('\n')[0]).toBe(
      'base → litellm-snapshot-edited.json (as of 2026-11-30): 2 new, 1 removed, 2 changed, 3 pinned (not overwritten), 1 unmappable, 1 unchanged.',
    );
    expect(table).toMatch(/openai\/gpt-4o\s+input_per_1m\s+2\.5\s+2\s+-20%/);
    const json = JSON.parse(diffJson(d));
    expect(json.counts).toEqual({ new: 2, removed: 1, changed: 2, pinned: 3, unmappable: 1, unchanged: 1 });
    expect(json.changed[1].changes[0]).toEqual({ field: 'input_per_1m', old: 2.5, new: 2, change_pct: '-20' });
    const md = diffMarkdown(d);
    expect(md).toContain('| `openai/gpt-4o` | `input_per_1m` | 2.5 | 2 | -20% |');
    expect(md).toContain('### Pinned rows (kept; the snapshot differs) (3)');
  });
});

describe('pricing import --update', () => {
  const d = diffPricing(base, 'base', snapshot('litellm-snapshot-edited.json'));
  const r = refreshPricingYaml(parsePricingText(readFileSync(fixture('pricing-diff-base.yaml'), 'utf8'), 'base'), d);
  const after = parsePricingText(r.text, 'updated').content.api_models!;
  const row = (id: string) => after.find((x) => x.id === id)!;

  it('writes the changed rates and the snapshot date, keeps comments and leaves pinned rows alone', () => {
    expect(r.updated).toEqual(['google/gemini-2.5-pro', 'openai/gpt-4o']);
    expect(row('openai/gpt-4o')).toMatchObject({
      input_per_1m: 2,
      cached_input_per_1m: 1,
      output_per_1m: 10,
      as_of: '2026-11-30',
    });
    expect(row('openai/gpt-4o').source).toContain('snapshot 2026-11-30');
    expect(row('google/gemini-2.5-pro').tiers![0]).toMatchObject({
      above_input_tokens: 200000,
      output_per_1m: 18,
      input_per_1m: 2.5,
    });
    expect(row('fireworks/llama-v3p1-8b-instruct')).toMatchObject({
      input_per_1m: 0.2,
      output_per_1m: 0.2,
      as_of: '2026-12-03',
    });
    expect(row('groq/llama-3.1-8b-instant')).toBeDefined(); // removed upstream: reported, not deleted
    expect(r.text.startsWith('# Test fixture: rows copied')).toBe(true);
  });

  it('changes nothing else: a second diff against the same snapshot finds no changed rows', () => {
    const again = diffPricing(after, 'updated', snapshot('litellm-snapshot-edited.json'));
    expect(again.changed).toEqual([]);
    expect(again.pinned.map((p) => p.id)).toEqual(d.pinned.map((p) => p.id));
  });
});

describe('the CLI', () => {
  const edited = 'litellm:test/fixtures/litellm-snapshot-edited.json';
  const baseArg = ['--base', 'test/fixtures/pricing-diff-base.yaml'];

  it('exits 0 without --exit-code, 1 with it when something changed, 0 with it when nothing did', async () => {
    expect((await cli(['pricing', 'diff', edited, ...baseArg])).code).toBe(0);
    expect((await cli(['pricing', 'diff', edited, ...baseArg, '--exit-code'])).code).toBe(1);
    const same = await cli([
      'pricing',
      'diff',
      'test/fixtures/pricing-diff-base.yaml',
      ...baseArg,
      '--exit-code',
      '--format',
      'json',
    ]);
    expect(same.code).toBe(0);
    expect(JSON.parse(same.stdout).counts).toEqual({
      new: 0,
      removed: 0,
      changed: 0,
      pinned: 0,
      unmappable: 0,
      unchanged: 8,
    });
  });

  it('diffs two pricing YAML files field by field (a removed field is a change)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmcost-diff-'));
    const head = join(dir, 'head.yaml');
    writeFileSync(
      head,
      readFileSync(fixture('pricing-diff-base.yaml'), 'utf8')
        .replace('    cached_input_per_1m: 0.028\n', '')
        .replace('input_per_1m: 0.30', 'input_per_1m: 0.33'),
    );
    const r = await cli(['pricing', 'diff', head, ...baseArg, '--format', 'json']);
    const json = JSON.parse(r.stdout);
    expect(
      json.changed.map(
        (c: { id: string; changes: Array<{ field: string; new: number | null }> }) =>
          `${c.id} ${c.changes.map((x) => `${x.field}=${x.new}`).join(' ')}`,
      ),
    ).toEqual(['deepseek/deepseek-chat cached_input_per_1m=null', 'inhouse/summariser-v2 input_per_1m=0.33']);
  });

  it('prints Markdown for a pull request, and import --update writes a file that loads', async () => {
    const md = await cli(['pricing', 'diff', edited, ...baseArg, '--format', 'markdown']);
    expect(md.stdout.startsWith('## Pricing diff\n')).toBe(true);
    const out = join(mkdtempSync(join(tmpdir(), 'llmcost-upd-')), 'updated.yaml');
    const u = await cli([
      'pricing',
      'import',
      'test/fixtures/litellm-snapshot-edited.json',
      '--update',
      'test/fixtures/pricing-diff-base.yaml',
      '--out',
      out,
    ]);
    expect(u.code).toBe(0);
    expect(u.stderr).toBe(
      'llmcost: updated 2 rows of test/fixtures/pricing-diff-base.yaml from test/fixtures/litellm-snapshot-edited.json; kept 3 pinned\n',
    );
    expect(
      parsePricingText(readFileSync(out, 'utf8'), out).content.api_models!.find((x) => x.id === 'openai/gpt-4o')!
        .input_per_1m,
    ).toBe(2);
  });
});
