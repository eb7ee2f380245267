// scripts/ci/gate.mjs: the action's exit code for each `fail-on`, from the verdict of `ci-comment`
// and the `diff --format json` files, and its agreement with ci-comment's own increase rule.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gate } from '../../scripts/ci/gate.mjs';
import { runCli } from '../cli-helpers.js';
import { ROOT } from '../helpers.js';
import { tempDir } from '../cli/run.js';
import { runNode } from './run-node.js';

const HEAD = join(ROOT, 'test', 'fixtures', 'ci', 'head');
const GATE = join(ROOT, 'scripts', 'ci', 'gate.mjs');

async function verdict(
  files: string[],
  maxIncrease?: string,
): Promise<{ summary: Record<string, unknown>; code: number }> {
  const dir = tempDir();
  const r = await runCli(
    [
      'ci-comment',
      ...files,
      '--base-dir',
      '../base',
      '--summary-out',
      join(dir, 's.json'),
      ...(maxIncrease ? ['--max-increase', maxIncrease] : []),
    ],
    { cwd: HEAD },
  );
  return { summary: JSON.parse(readFileSync(join(dir, 's.json'), 'utf8')) as Record<string, unknown>, code: r.code };
}

async function supportDiff(): Promise<unknown> {
  const r = await runCli(['diff', '../base/scenarios/support.yaml', 'scenarios/support.yaml', '--format', 'json'], {
    cwd: HEAD,
  });
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as unknown;
}

describe('gate (fail-on)', () => {
  it('exit codes: empty never fails; budget; increase; both', async () => {
    const breach = (await verdict(['scenarios/support.yaml', 'scenarios/new-hostile.yaml'])).summary;
    const clean = (await verdict(['scenarios/support.yaml'])).summary;
    expect(breach.budgets_exceeded).toBe(1);
    expect(clean.budgets_exceeded).toBe(0);
    const diffs = [await supportDiff()]; // api TCO +1569.6%, self_hosted +112.8%, hybrid +391.1%
    const code = (failOn: string, summary: unknown, maxIncrease = '') =>
      gate({ failOn, maxIncrease, summary, diffs }).code;
    expect(code('', breach, '10%')).toBe(0);
    expect(code('budget', breach)).toBe(1);
    expect(code('budget', clean, '10%')).toBe(0);
    expect(code('increase', clean, '10%')).toBe(1);
    expect(code('increase', clean, '2000%')).toBe(0);
    expect(code('increase', breach, '2000%')).toBe(0);
    expect(code('budget, increase', clean, '2000%')).toBe(0);
    expect(code('budget,increase', breach, '2000%')).toBe(1);
    expect(code('budget\nincrease', clean, '10%')).toBe(1);
    // Usage: an unknown item, increase without a limit, a limit that is not one, no verdict at all.
    expect(code('budgets', clean)).toBe(2);
    expect(code('increase', clean)).toBe(2);
    expect(code('', clean, 'ten')).toBe(2);
    expect(gate({ failOn: '', maxIncrease: '', summary: null, diffs: [] }).code).toBe(2);
  });

  it('an invalid scenario always fails (exit 2), whatever fail-on says', async () => {
    const v = await verdict(['scenarios/support.yaml', 'scenarios/broken.yaml']);
    expect(v.code).toBe(2);
    expect(gate({ failOn: '', maxIncrease: '', summary: v.summary, diffs: [] }).code).toBe(2);
  });

  it('the increase rule agrees with ci-comment, exactly at the boundary (a rise equal to it holds)', async () => {
    const diffs = [await supportDiff()];
    // The api TCO rises from $30,141.76 to $503,235.23 as printed: by $473,093.47 (+1569.56…%).
    for (const limit of ['10%', '1569.56%', '1569.57%', '473093.46', '473093.47', '473093.468705', '1000000']) {
      const mine = gate({
        failOn: 'increase',
        maxIncrease: limit,
        summary: { budgets_exceeded: 0, invalid: 0 },
        diffs,
      });
      const theirs = (await verdict(['scenarios/support.yaml'], limit)).summary;
      expect(mine.code, limit).toBe((theirs.over_max_increase as number) > 0 ? 1 : 0);
    }
    expect(
      gate({ failOn: 'increase', maxIncrease: '473093.47', summary: { budgets_exceeded: 0, invalid: 0 }, diffs }).code,
    ).toBe(0);
    expect(
      gate({ failOn: 'increase', maxIncrease: '473093.46', summary: { budgets_exceeded: 0, invalid: 0 }, diffs }).code,
    ).toBe(1);
  });

  it('as a command: reads the files, prints the verdict and the error, writes GITHUB_OUTPUT', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'diff'));
    writeFileSync(join(dir, 'diff', '0001.json'), JSON.stringify(await supportDiff()));
    writeFileSync(
      join(dir, 'summary.json'),
      JSON.stringify((await verdict(['scenarios/support.yaml', 'scenarios/new-hostile.yaml'])).summary),
    );
    writeFileSync(join(dir, 'out.txt'), '');
    const r = await runNode(
      [
        GATE,
        '--fail-on',
        'budget',
        '--max-increase',
        '500%',
        '--summary',
        join(dir, 'summary.json'),
        '--diff-dir',
        join(dir, 'diff'),
      ],
      { GITHUB_OUTPUT: join(dir, 'out.txt') },
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        'increase: scenarios/support.yaml: api TCO 30141.76 → 503235.23 (+473093.47) is above 500%',
        'llmcost gate: 1 budget(s) exceeded, 1 TCO rise(s) above 500%, 0 invalid scenario file(s); fail-on: budget',
        '::error title=llmcost::1 budget(s) exceeded',
        '',
      ].join('\n'),
    );
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe('budgets-exceeded=1\nincreases-over=1\n');
  });
});
