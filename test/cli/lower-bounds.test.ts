// Unknown is not zero, in every view: with --allow-missing-prices an unpriced API model leaves the
// api totals lower bounds, and every format that prints them marks them "≥" (or leaves the change of
// an unknown unknown), the many-file summary included.
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-helpers.js';

const UNPRICED = 'test/fixtures/unpriced.yaml';
const PRICED = 'test/fixtures/budgeted.yaml';
const FLAG = '--allow-missing-prices';

describe('lower bounds are marked wherever a total is printed', () => {
  it('the many-file summary table marks the unpriced strategy and its hybrid', async () => {
    const r = await runCli(['compare', PRICED, UNPRICED, FLAG]);
    expect(r.code).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => l.includes('unpriced'));
    expect(rows.find((l) => /\sapi\s/.test(l))).toMatch(/≥ \$0\.00/);
    expect(rows.find((l) => /\shybrid\s/.test(l))).toMatch(/≥ \$/);
    expect(rows.find((l) => /\sself_hosted\s/.test(l))).not.toMatch(/≥/);
  });

  it('so does the Markdown summary', async () => {
    const r = await runCli(['compare', PRICED, UNPRICED, FLAG, '--format', 'markdown']);
    expect(r.stdout.split('\n').filter((l) => l.includes('unpriced') && l.includes('hybrid'))[0]).toMatch(/≥ \$/);
  });

  it('the HTML report marks the cards and does not print a saving against an unknown', async () => {
    const r = await runCli(['compare', UNPRICED, FLAG, '--format', 'html']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/data-figure="tco-api"[^>]*>≥ \$0\.00/);
    expect(r.stdout).not.toContain('data-figure="saving-vs-api"');
    expect(r.stdout).toContain('lower bounds');
  });

  it('diff keeps the mark on each side and leaves the change unknown', async () => {
    const r = await runCli(['diff', UNPRICED, UNPRICED, FLAG]);
    expect(r.code).toBe(0);
    const row = r.stdout.split('\n').find((l) => /^api\s/.test(l))!;
    expect(row).toMatch(/≥ \$0\.00\s+≥ \$0\.00\s+-\s+-/);
    const json = JSON.parse((await runCli(['diff', UNPRICED, UNPRICED, FLAG, '--format', 'json'])).stdout);
    const api = json.strategies.find((s: { id: string }) => s.id === 'api');
    expect(api.tco).toMatchObject({ delta: null, base_lower_bound: true, head_lower_bound: true });
  });

  it('the terminal charts label the lower-bound totals', async () => {
    const r = await runCli(['compare', UNPRICED, FLAG, '--chart', '--ascii']);
    expect(r.stdout).toMatch(/api.*≥ \$0/);
  });
});
