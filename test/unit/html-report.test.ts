// The HTML report: a golden file for the shipped scenario, escaping of hostile names, the no-network
// guarantees (CSP, no external references), and the optional uncertainty section.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPORT_FORMATTERS } from '../../src/format/index.js';
import { runLoaded } from '../../src/pipeline/compare.js';
import { esc, el, linearScale, px, svgChart } from '../../src/format/html/svg.js';
import { ageInDays, CSP, formatHtml, linkify } from '../../src/format/html/page.js';
import { Decimal } from '../../src/money.js';
import { loadPricing } from '../../src/pricing/load.js';
import { readScenario } from '../../src/scenario/load.js';
import { ROOT, run, simpleScenario } from '../helpers.js';

const TODAY = new Date(Date.UTC(2026, 10, 25));
const GOLDEN = join(ROOT, 'test/golden/saas-support.html');
const BIN = join(ROOT, 'bin/llmcost.js');
const work = mkdtempSync(join(tmpdir(), 'llmcost-html-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const saas = () =>
  REPORT_FORMATTERS.html(
    runLoaded(
      readScenario(join(ROOT, 'scenarios/saas-support.yaml'), 'scenarios/saas-support.yaml'),
      'scenarios/saas-support.yaml',
      loadPricing(),
      {},
    ),
    { today: TODAY },
  );
const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
  });

describe('svg primitives', () => {
  it('escapes the five HTML-special characters in text and attributes', () => {
    expect(esc(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(el('text', { 'data-x': '"><script>' }, esc('<b>'))).toBe(
      '<text data-x="&quot;&gt;&lt;script&gt;">&lt;b&gt;</text>',
    );
    expect(el('rect', { x: 1.25, y: -0.04, hidden: false, id: undefined })).toBe('<rect x="1.3" y="0"/>');
  });

  it('writes coordinates with one decimal and no negative zero', () => {
    expect([px(12.345), px(-0.01), px(100), px(1 / 3)]).toEqual(['12.3', '0', '100', '0.3']);
    expect(linearScale([0, 24], [84, 770])(12)).toBe(427);
  });

  it('gives every chart a title and description for assistive technology', () => {
    const svg = svgChart(
      'c1',
      { width: 100, height: 50, margin: { top: 0, right: 0, bottom: 0, left: 0 } },
      'T <1>',
      'D & more',
      '',
    );
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-labelledby="c1-title c1-desc"');
    expect(svg).toContain('<title id="c1-title">T &lt;1&gt;</title>\n<desc id="c1-desc">D &amp; more</desc>');
  });

  it('links only http(s) addresses in sources, everything else stays text', () => {
    expect(linkify('see https://example.com/a.json, or javascript:alert(1) <b>')).toBe(
      'see <a href="https://example.com/a.json" rel="noreferrer noopener">https://example.com/a.json</a>, or javascript:alert(1) &lt;b&gt;',
    );
  });

  it('ages pricing rows in whole UTC days', () => {
    expect(ageInDays('2026-11-01', new Date('2026-11-25T23:59:59Z'))).toBe(24);
    expect(ageInDays('2026-11-26', TODAY)).toBe(-1);
    expect(ageInDays('not a date', TODAY)).toBeNull();
  });
});

describe('the saas-support report', () => {
  it('matches the golden file (UPDATE_GOLDEN=1 rewrites it)', async () => {
    const html = await saas();
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, html);
    expect(existsSync(GOLDEN)).toBe(true);
    expect(html).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('is what `llmcost report --today` writes, byte for byte', () => {
    const out = join(work, 'r.html');
    const r = cli(['report', 'scenarios/saas-support.yaml', '--out', out, '--today', '2026-11-25']);
    // report applies the pricing-age policy as every command does, on the day --today names.
    expect(r.stderr).toBe(
      // The hosted endpoint of api_same_model is a second row of that date.
      'llmcost: warning: 2 pricing rows used are older than 120 days (oldest: api_model deepinfra/meta-llama-3.1-8b-instruct-turbo, as of 2026-07-24, 124 days, pricing/api-models.yaml)\n',
    );
    expect(r.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('has every section, and a chart for each picture the issue asks for', async () => {
    const html = await saas();
    for (const id of [
      'answer',
      'cumulative',
      'monthly',
      'break-even',
      'capacity',
      'assumptions',
      'pricing',
      'line-items',
    ])
      expect(html).toContain(`<section id="${id}"`);
    for (const id of ['chart-cumulative', 'chart-monthly', 'chart-break-even', 'chart-capacity'])
      expect(html).toContain(`<svg id="${id}"`);
    expect(html).not.toContain('id="uncertainty"'); // no Monte Carlo results were given
    expect(html).toContain('2 replicas'); // the replica step function is labelled
    expect(html).toMatch(/Self-hosted break-even: 4,562,367 calls\/month/);
    expect(html).toContain('Self-hosted, Hybrid and Same model, hosted API pay back in month 1');
    expect(html).toContain(
      'volume is above the Self-hosted, Hybrid and Same model, hosted API break-even from month 1',
    );
  });

  it('fetches nothing: a CSP with no default source, our one script by hash, no external references', async () => {
    const html = await saas();
    expect(CSP).toMatch(/^default-src 'none';/);
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(1);
    expect(CSP).toContain(`'sha256-${createHash('sha256').update(scripts[0]!).digest('base64')}'`);
    expect(html).not.toMatch(/<link\b|<img\b|<iframe\b|@import|url\((?!#)|\bsrc=/i);
    // The only absolute addresses are source links a reader may follow, and the SVG namespace.
    const urls = [...html.matchAll(/(?:href|xmlns)="([^"]+)"/g)].map((m) => m[1]!);
    for (const u of urls) expect(u === 'http://www.w3.org/2000/svg' || u.startsWith('https://')).toBe(true);
  });

  it('leaves ages out without a date, so output is fixed', () => {
    const r = run(simpleScenario());
    const a = formatHtml(r);
    expect(a).toBe(formatHtml(r));
    expect(a.includes('>Age<')).toBe(false);
    const aged = formatHtml(r, { today: new Date(Date.UTC(2027, 0, 1)) });
    expect(aged.includes('>Age<')).toBe(true);
    expect(aged.includes('365 days — stale, check it')).toBe(true); // fixture rows are as of 2026-01-01
  });
});

describe('when volume reaches break-even', () => {
  it('is the first month at or above the run-rate break-even volume', async () => {
    const { volumeReaches } = await import('../../src/format/html/charts.js');
    const flat = run(simpleScenario());
    const v = flat.break_even.self_hosted!.run_rate.calls_per_month!; // 3,577,778 (engine.test.ts)
    expect(volumeReaches(flat, v)).toBeNull(); // 3,000,000 a month, never there
    // 3,000,000 × 1.1^(m−1) ≥ 3,577,778 ⇔ m − 1 ≥ ln 1.19259 ÷ ln 1.1 = 1.85 ⇒ month 3
    const growing = run(
      simpleScenario().replace('peak_to_average: 2', 'peak_to_average: 2\n  growth: { monthly_rate: 0.1 }'),
    );
    expect(volumeReaches(growing, v)).toBe(3);
    expect(formatHtml(growing)).toContain('volume reaches the Self-hosted break-even in month 3');
  });
});

describe('scenarios of other shapes', () => {
  const variants: Record<string, string> = {
    'API only': simpleScenario().replace(/self_hosted:[\s\S]*$/, ''),
    'self-hosting never pays': simpleScenario().replace('target_utilization: 0.6', 'target_utilization: 0.05'),
    'one month': simpleScenario().replace('horizon_months: 12', 'horizon_months: 1'),
    'no replica minimum, tiny volume': simpleScenario()
      .replace('min_replicas: 1', 'min_replicas: 0')
      .replace('requests_per_day: 100000', 'requests_per_day: 10'),
  };
  it.each(Object.entries(variants))('renders %s with finite numbers and described charts', async (_name, yaml) => {
    const { parseScenarioText } = await import('../../src/scenario/load.js');
    const { resolveScenario } = await import('../../src/resolve/resolve.js');
    const { compareEngine } = await import('../../src/engine/compare.js');
    const { runRateCurves } = await import('../../src/engine/curves.js');
    const { breakEvenChartLimit } = await import('../../src/format/html/charts.js');
    const { simpleTables } = await import('../helpers.js');
    const input = resolveScenario(parseScenarioText(yaml, 'v.yaml'), simpleTables());
    const report = compareEngine(input);
    const html = formatHtml(report, { curves: runRateCurves(input, breakEvenChartLimit(report)) });
    expect(html).not.toMatch(/NaN|Infinity|undefined|null/);
    const svgs = html.match(/<svg /g)?.length ?? 0;
    expect(svgs).toBeGreaterThanOrEqual(3);
    expect(html.match(/<desc id=/g)?.length).toBe(svgs);
  });
});

describe('hostile scenario text', () => {
  const evil = `<script>alert(1)</script>"'=HYPERLINK("http://x")&amp;`;
  const yaml = simpleScenario(`overheads:\n  - { name: ${JSON.stringify(evil)}, monthly: 10 }\n`).replace(
    'name: hand-checked',
    `name: ${JSON.stringify(evil)}`,
  );
  const html = formatHtml(run(yaml));

  it('appears only escaped', () => {
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain(`"'=HYPERLINK`);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;=HYPERLINK(&quot;http://x&quot;)&amp;amp;');
    expect(html.match(/<script>/g)).toHaveLength(1);
  });
});

describe('uncertainty hook', () => {
  const r = run(simpleScenario());
  const d = (v: number) => new Decimal(v);
  const html = formatHtml(r, {
    uncertainty: {
      runs: 1000,
      fan: [
        {
          strategy: 'api',
          months: [1, 2, 3].map((m) => ({
            month: m,
            p5: d(80 * m),
            p25: d(90 * m),
            p50: d(100 * m),
            p75: d(110 * m),
            p95: d(120 * m),
          })),
        },
      ],
      tornado: {
        metric: '12-month TCO',
        base: d(1000),
        bars: [{ input: 'API price <×0.8–×1.2>', low: d(800), high: d(1200), lowLabel: '×0.8', highLabel: '×1.2' }],
      },
    },
  });

  it('draws the fan chart and the tornado when results are given', () => {
    expect(html).toContain('<section id="uncertainty"');
    expect(html).toContain('<svg id="chart-fan"');
    expect(html).toContain('<svg id="chart-tornado"');
    expect(html).toContain('from 1000 Monte Carlo runs');
    expect(html).toContain('Hosted API median $300.00, 90% range $240.00 to $360.00');
    expect(html).toContain('API price &lt;×0.8–×1.2&gt;');
  });
});

describe('the CLI', () => {
  it('rejects an impossible --today with a one-line usage error', () => {
    const r = cli(['report', 'scenarios/saas-support.yaml', '--today', '2026-02-30']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--today');
  });

  it('writes no file when the scenario is invalid', () => {
    const bad = join(work, 'bad.yaml');
    writeFileSync(bad, 'version: 1\nname: x\nworkload: { requests_per_day: -1 }\n');
    const out = join(work, 'bad.html');
    const r = cli(['report', bad, '--out', out]);
    expect(r.status).toBe(2);
    expect(existsSync(out)).toBe(false);
  });

  it('prints HTML with `compare --format html`', () => {
    const r = cli(['compare', 'scenarios/saas-support.yaml', '--format', 'html']);
    expect(r.status).toBe(0);
    expect(r.stdout.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(r.stdout).toContain('data-figure="tco-self_hosted">$974,617.60<');
  });

  it('draws charts under compare only when asked, in the width COLUMNS gives', () => {
    const plain = cli(['compare', 'scenarios/saas-support.yaml']);
    expect(plain.stdout).not.toContain('Cumulative cost');
    for (const [cols, ascii] of [
      ['60', true],
      ['100', false],
    ] as const) {
      const r = cli(['compare', 'scenarios/saas-support.yaml', '--chart', ...(ascii ? ['--ascii'] : [])], {
        COLUMNS: cols,
      });
      expect(r.status).toBe(0);
      const chart = r.stdout.slice(r.stdout.indexOf('Cumulative cost (USD) over 24 months'));
      expect(chart.length).toBeGreaterThan(200);
      expect(Math.max(...chart.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(Number(cols));
      // The marker and its label (on whichever side fits the width).
      expect(chart).toContain('payback month 1: self_hosted, hybrid, api_same_model');
      expect(chart).toContain(ascii ? '^' : '▲');
      expect(chart).toContain('24-month cost by category');
      if (ascii) expect(/^[\x20-\x7e\n]*$/.test(chart)).toBe(true);
    }
  });

  it('keeps a terminal free of charts with --no-chart', () => {
    const r = cli(['compare', 'scenarios/saas-support.yaml', '--no-chart']);
    expect(r.stdout).not.toContain('Cumulative cost');
  });
});
