// Owned GPUs as a user meets them on the command line: bad ownership input is one line and exit 2,
// and --accounting switches the TCO between the two views of the same fleet.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { runCli } from '../cli-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'llmcost-owned-'));
const shipped = readFileSync(join(ROOT, 'scenarios', 'owned-workstation.yaml'), 'utf8');
const variant = (name: string, edit: (text: string) => string): string => {
  const file = join(dir, name);
  writeFileSync(file, edit(shipped));
  return file;
};

describe('owned GPUs on the command line', () => {
  it('refuses hours_per_day above 24 in one line, exit 2', async () => {
    const r = await runCli([
      'compare',
      variant('hours.yaml', (t) => t.replace('hours_per_day: 8', 'hours_per_day: 25')),
    ]);
    expect(r.code).toBe(2);
    const lines = r.stderr
      .trim()
      .split('\n')
      .filter((l) => !l.includes('warning:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/self_hosted\.ownership\.hours_per_day: .*25/);
  });
  it('refuses a GPU that has no purchase price, naming it', async () => {
    const r = await runCli([
      'compare',
      variant('h100pcie.yaml', (t) => t.replace('gpu: rtx-5090-32gb', 'gpu: h100-pcie-80gb')),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("GPU 'h100-pcie-80gb' has no purchase price in the pricing tables");
  });
  it('switches the TCO between cash and depreciation with --accounting', async () => {
    const file = variant('resale.yaml', (t) =>
      t.replace('residual_share: 0 ', 'residual_share: 0.25 ').replace('horizon_months: 36', 'horizon_months: 12'),
    );
    const tco = async (view: string) => {
      const r = await runCli(['compare', file, '--format', 'json', '--accounting', view]);
      const report = JSON.parse(r.stdout) as { strategies: Array<{ id: string; tco: string }> };
      return Number(report.strategies.find((s) => s.id === 'self_hosted')!.tco);
    };
    // cash: 1,999 − 0.25 × 1,999 resale = 1,499.25 of capital; depreciation: 1,999 × 0.75 ÷ 36 × 12
    // = 499.75 (the rest is book value). The energy is the same in both: they differ by 999.50.
    // (each month's depreciation item, $41.6458333…, is quantised to $0.000001: 12 × 0.0000003 apart)
    expect((await tco('cash')) - (await tco('depreciation'))).toBeCloseTo(999.5, 4);
    const bad = await runCli(['compare', file, '--accounting', 'accrual']);
    expect(bad.code).toBe(2);
  });
});
