// Portfolios through the built binary: the shipped scenarios, --by-class and --explain, the README's
// worked example, the errors a route can make, and the analyses' refusal (issue 17).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli } from '../cli-helpers.js';
import { ROOT } from '../helpers.js';

const SUPPORT = 'scenarios/support-portfolio.yaml';
const dir = mkdtempSync(join(tmpdir(), 'llmcost-portfolio-'));
const write = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

/** The README's Portfolios example, without what its worked figures leave out. */
function readmeScenario(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Portfolios'));
  const yaml = /```yaml\n([\s\S]*?)```/.exec(section)![1]!;
  return `version: 1\nname: readme portfolio\nhorizon_months: 12\ndays_per_month: 30\n${yaml}`
    .replace(/ {2}big: .*\n/, '')
    .replace(/^deployments:.*\n/m, '')
    .replace(', success_rate: 0.9 }', ' }')
    .replace(/ {2}- \{ name: human review.*\n/, '');
}

describe('portfolios (built binary)', () => {
  it('compare --by-class --explain on the shipped support portfolio', () => {
    const r = spawnCli(['compare', SUPPORT, '--by-class', '--explain', '--no-chart']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('By class (over the horizon');
    expect(r.stdout).toMatch(/\n +tickets .*100% → self_hosted; 20% again \(escalation\) → api:openai\/gpt-4o/);
    expect(r.stdout).toContain('Where each class goes (portfolios)');
    expect(r.stdout).toMatch(/cascade \/ chat: 100% → self_hosted; \$[\d,.]+ over 24 months/);
  });

  it('JSON: items carry class and target, strategies their per-class figures; schema_version stays 2', () => {
    const r = spawnCli(['compare', SUPPORT, '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as {
      schema_version: number;
      strategies: Array<{
        id: string;
        by_class?: Array<{ class: string }>;
        months: Array<{ items: Array<{ category: string; class?: string; target?: string }> }>;
      }>;
      break_even: Record<string, unknown>;
    };
    expect(report.schema_version).toBe(2);
    expect(report.strategies.map((s) => s.id)).toEqual(['api', 'self_hosted', 'cascade', 'split']);
    expect(Object.keys(report.break_even)).toEqual(['self_hosted', 'cascade', 'split']);
    const cascade = report.strategies.find((s) => s.id === 'cascade')!;
    expect(cascade.by_class!.map((c) => c.class)).toEqual(['chat', 'tickets']);
    for (const it of cascade.months[0]!.items.filter((i) => i.category === 'api_tokens' || i.category === 'gpu')) {
      expect(it.class).toBeDefined();
      expect(it.target).toBeDefined();
    }
  });

  it("the README's worked example is what the command prints", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const r = spawnCli(['compare', write('readme.yaml', readmeScenario()), '--no-chart']);
    expect(r.code).toBe(0);
    for (const [id, total] of [
      ['routed', '$11,457.60'],
      ['cascade', '$12,807.60'],
    ] as const) {
      expect(r.stdout).toMatch(new RegExp(`${id} +\\${total}`));
      expect(readme).toContain(`| ${total} |`);
    }
  });

  it('an unknown route target exits 2 with the nearest ids', () => {
    const text = readFileSync(join(ROOT, SUPPORT), 'utf8').replace(
      'tickets: { to: "api:openai/gpt-4o" }',
      'tickets: { to: "api:openai/gpt-4o-minii" }',
    );
    const r = spawnCli(['compare', write('typo.yaml', text)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/strategies\.split\.routes\.tickets\.to: unknown API model 'openai\/gpt-4o-minii'/);
    expect(r.stderr).toContain("'openai/gpt-4o-mini'");
  });

  it('check takes budgets.strategy naming a portfolio strategy', () => {
    const r = spawnCli(['check', SUPPORT, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).results[0].strategy).toBe('cascade');
  });

  it('plan switches between built-in and portfolio strategies', () => {
    const text = `${readFileSync(join(ROOT, SUPPORT), 'utf8')}plan:
  start: api
  switches:
    - { from: api, to: cascade, one_time: 20000, lead_months: 2 }
`;
    const r = spawnCli(['plan', write('plan.yaml', text), '--format', 'json']);
    expect(r.code).toBe(0);
    const { plan } = JSON.parse(r.stdout) as { plan: { segments: Array<{ strategy: string }> } };
    expect(plan.segments.map((s) => s.strategy)).toEqual(['api', 'cascade']);
    const typo = spawnCli(['plan', write('typo-plan.yaml', text.replace('to: cascade', 'to: cascde'))]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain(
      "plan.switches[0].to: got 'cascde'; expected one of api, self_hosted, hybrid, api_same_model, cascade, split; did you mean 'cascade'?",
    );
  });

  it('the analyses price a portfolio with the engine compare uses: point values equal, route shares vary', () => {
    const json = (argv: string[]) => {
      const r = spawnCli(argv);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout);
    };
    const report = json(['compare', SUPPORT, '--format', 'json']) as { strategies: Array<{ id: string; tco: string }> };
    const sim = spawnCli(['simulate', SUPPORT, '--trials', '20', '--no-default-uncertainty']);
    expect(sim.code).toBe(0);
    for (const s of report.strategies) {
      const cents = Number(s.tco)
        .toFixed(2)
        .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
      expect(sim.stdout).toMatch(new RegExp(`${s.id} +\\$${cents.replace(/\./g, '\\.')}`));
    }
    const sweep = spawnCli([
      'sweep',
      SUPPORT,
      '--vary',
      'strategies.cascade.routes.tickets.escalate.share=0..0.6',
      '--steps',
      '4',
    ]);
    expect(sweep.code).toBe(0);
    const cascade = [...sweep.stdout.matchAll(/^ +0(?:\.\d)? +\$[\d,.]+ +\$[\d,.]+ +\$([\d,.]+)/gm)].map((m) =>
      Number(m[1]!.replace(/,/g, '')),
    );
    expect(cascade).toHaveLength(4);
    expect([...cascade].sort((a, b) => a - b)).toEqual(cascade);
  });
});
