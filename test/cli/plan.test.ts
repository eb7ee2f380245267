// `llmcost plan` end to end, in process: its JSON matches the schema it publishes, its CSV adds up to
// its TCO to the cent, the table and JSON say the same, and a wrong `plan:` block is one line, exit 2.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { PlanDocument } from '../../src/report/plan.js';
import { runCli } from '../cli-helpers.js';
import { ROOT } from '../helpers.js';

const SCENARIO = 'scenarios/growing-support.yaml';

describe('llmcost plan', () => {
  it('JSON validates against `llmcost schema plan` and says what the table says', async () => {
    const json = await runCli(['plan', SCENARIO, '--format', 'json']);
    expect(json.code).toBe(0);
    const doc = PlanDocument.parse(JSON.parse(json.stdout));
    const schema = JSON.parse((await runCli(['schema', 'plan'])).stdout) as { title: string };
    expect(schema.title).toBe('llmcost JSON plan (schema_version 1)');
    expect(doc.plan.switches.map((s) => [s.month, s.from, s.to])).toEqual([[13, 'api', 'self_hosted']]);
    const table = await runCli(['plan', SCENARIO]);
    const cents = Number(doc.plan.tco).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    expect(table.stdout).toMatch(new RegExp(`^plan +\\$${cents.replace(/[.]/g, '\\.')}`, 'm'));
    expect(table.stdout).toContain('  months 11–12 self_hosted provisioning\n');
  });

  it('CSV: serving, provisioning and switch costs as their own rows, summing to the TCO', async () => {
    const [csv, json] = await Promise.all([
      runCli(['plan', SCENARIO, '--format', 'csv']),
      runCli(['plan', SCENARIO, '--format', 'json']),
    ]);
    const rows = parse(csv.stdout, { columns: true }) as Array<Record<string, string>>;
    const total = rows.reduce((s, r) => s + Math.round(Number(r.cost) * 100), 0);
    const tco = (JSON.parse(json.stdout) as { plan: { tco: string } }).plan.tco;
    expect((total / 100).toFixed(2)).toBe(Number(tco).toFixed(2));
    expect(new Set(rows.map((r) => r.role))).toEqual(new Set(['serving', 'provisioning', 'switch']));
    expect(rows.filter((r) => r.role === 'switch').map((r) => [r.month, r.cost])).toEqual([['13', '50000.00']]);
  });

  it('a switch to a strategy the scenario does not define: one line, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmcost-plan-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      readFileSync(join(ROOT, SCENARIO), 'utf8').replace('{ from: api, to: self_hosted,', '{ from: api, to: hybrid,'),
    );
    const r = await runCli(['plan', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+: plan\.switches\[0\]\.to: 'hybrid' is not computed by this scenario/);
  });

  it('check gates on the plan: budgets.strategy: plan, a budgets.plan block, or --strategy plan', async () => {
    const json = JSON.parse((await runCli(['plan', SCENARIO, '--format', 'json'])).stdout) as {
      plan: { tco: string; months: Array<{ cost: string }> };
    };
    const tco = Number(json.plan.tco);
    const above = await runCli(['check', SCENARIO, '--strategy', 'plan', '--max-tco', String(Math.ceil(tco))]);
    expect(above.code).toBe(0);
    expect(above.stdout).toContain('plan max_tco');
    const below = await runCli(['check', SCENARIO, '--strategy', 'plan', '--max-tco', String(Math.floor(tco))]);
    expect(below.code).toBe(1);
    // In the scenario: the plan's highest month is its lead or switch month, not the API's last one.
    const dir = mkdtempSync(join(tmpdir(), 'llmcost-plan-'));
    const file = join(dir, 'budgeted.yaml');
    const peak = Math.max(...json.plan.months.map((m) => Number(m.cost)));
    writeFileSync(
      file,
      `${readFileSync(join(ROOT, SCENARIO), 'utf8')}budgets:\n  plan:\n    max_monthly: ${Math.ceil(peak)}\n`,
    );
    const r = await runCli(['check', file, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(
      (JSON.parse(r.stdout) as { results: Array<{ strategy: string; figure: string }> }).results.map((x) => [
        x.strategy,
        Number(x.figure),
      ]),
      // Money budgets compare the figures as printed: the cents of the one allocation (docs/check.md).
    ).toEqual([['plan', Math.round(peak * 100) / 100]]);
  });

  it('the HTML report has a Plan section for a scenario with a plan: block, and only then', async () => {
    const html = (await runCli(['report', SCENARIO])).stdout;
    expect(html).toContain('<section id="plan"');
    expect(html).toContain('<li>months 11–12 self_hosted provisioning</li>');
    expect(html).toContain('<svg id="chart-plan"');
    expect((await runCli(['report', 'scenarios/saas-support.yaml'])).stdout).not.toContain('<section id="plan"');
  });

  it("the README's worked example is what the command prints", async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Planning a migration'));
    const block = /```console\n\$ llmcost plan scenarios\/growing-support\.yaml --explain\n([\s\S]*?)```/.exec(section);
    expect(block).not.toBeNull();
    expect(block![1]).toBe((await runCli(['plan', SCENARIO, '--explain'])).stdout);
  });

  it('--uncertainty: exact at the point values; with the default trend it spreads, reproducibly', async () => {
    const point = await runCli([
      'plan',
      SCENARIO,
      '--uncertainty',
      '--no-default-uncertainty',
      '-n',
      '3',
      '--format',
      'json',
    ]);
    const doc = PlanDocument.parse(JSON.parse(point.stdout));
    expect(doc.uncertainty!.inputs).toEqual([]);
    expect(doc.uncertainty!.switch_month).toEqual({ p10: 13, p50: 13, p90: 13, never: 0 });
    expect(doc.uncertainty!.saving_vs_start.p50).toBeCloseTo(Number(doc.plan.versus_start.saving), 2);
    expect(doc.uncertainty!.saving_vs_static.p90).toBeCloseTo(Number(doc.plan.versus_static.saving), 2);
    const args = ['plan', SCENARIO, '--uncertainty', '-n', '200', '--seed', '7'];
    const [a, b] = await Promise.all([runCli(args), runCli(args)]);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toContain('Over the uncertain inputs (200 trials, seed 7; api.price_change_per_year)');
    const spread = PlanDocument.parse(JSON.parse((await runCli([...args, '--format', 'json'])).stdout)).uncertainty!;
    expect(spread.saving_vs_start.p10).toBeLessThan(spread.saving_vs_start.p90);
    expect((await runCli([...args.slice(0, 3), '-n', '0'])).code).toBe(2);
  });
});
