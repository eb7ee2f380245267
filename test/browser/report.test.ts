// The HTML report in a real browser: headless Chromium from the distribution (/usr/bin/chromium, never
// downloaded), driven by playwright-core. For every shipped scenario the page must load from file://
// with no network request and no console error, show the JSON report's figures, sort its tables,
// and print to a sane number of A4 landscape pages. Screenshots and PDFs land in test/screenshots/
// (git-ignored) for people to look at.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal, formatNumber, formatUsd } from '../../src/money.js';
import { ROOT } from '../helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(ROOT, 'test/screenshots');
const BIN = join(ROOT, 'bin/llmcost.js');
const scenarios = readdirSync(join(ROOT, 'scenarios'))
  .filter((f) => f.endsWith('.yaml'))
  .sort();

let context: BrowserContext;
let work: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium); .ci/run does this`,
    );
  work = mkdtempSync(join(tmpdir(), 'llmcost-browser-'));
  mkdirSync(SHOTS, { recursive: true });
  context = await chromium.launchPersistentContext(join(work, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
    viewport: { width: 1280, height: 900 },
    offline: true,
  });
});

afterAll(async () => {
  await context?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

const cli = (...args: string[]) =>
  execFileSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });

interface Watched {
  page: Page;
  requests: string[];
  errors: string[];
}

/** A page that records every non-file request (and refuses it) and every console error. */
async function open(file: string): Promise<Watched> {
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    requests.push(url);
    return route.abort();
  });
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) requests.push(r.url());
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, requests, errors };
}

interface JsonStrategy {
  id: string;
  tco: string;
  month1_cost: string;
  last_month_cost: string;
  /** The cents every view prints (the one allocation; docs/formats.md). */
  tco_cents: string;
  month1_cost_cents: string;
  last_month_cost_cents: string;
  cost_per_1k_calls: string | null;
  months: Array<{ items: Array<{ cost: string }> }>;
}
interface JsonReport {
  strategies: JsonStrategy[];
  recommendation: { strategy: string } | null;
  break_even: Record<string, { payback_month: number | null; run_rate: { calls_per_month: string | number | null } }>;
}

describe.each(scenarios)('the HTML report of scenarios/%s', (scenario) => {
  const name = basename(scenario, '.yaml');
  let html: string;
  let json: JsonReport;

  beforeAll(() => {
    html = join(work, `${name}.html`);
    cli('report', `scenarios/${scenario}`, '--out', html, '--today', '2026-11-25');
    json = JSON.parse(cli('compare', `scenarios/${scenario}`, '--format', 'json')) as JsonReport;
  });

  it('opens offline with no network request and no console error, and shows the JSON figures', async () => {
    const { page, requests, errors } = await open(html);
    const figure = (id: string) => page.locator(`[data-figure="${id}"]`).textContent();
    for (const s of json.strategies) {
      // The page prints the cents of the one allocation, as every view does: JSON's *_cents fields.
      expect(await figure(`tco-${s.id}`)).toBe(formatUsd(new Decimal(s.tco_cents)));
      expect(await figure(`month1-${s.id}`)).toBe(formatUsd(new Decimal(s.month1_cost_cents)));
      expect(await figure(`last-${s.id}`)).toBe(formatUsd(new Decimal(s.last_month_cost_cents)));
      if (s.cost_per_1k_calls)
        expect(await figure(`per1k-${s.id}`)).toBe(formatUsd(new Decimal(s.cost_per_1k_calls), 4));
      const be = json.break_even[s.id];
      if (be) {
        expect(await figure(`payback-${s.id}`)).toBe(
          be.payback_month ? `month ${be.payback_month}` : 'not within horizon',
        );
        const v = be.run_rate.calls_per_month;
        expect(await figure(`breakeven-${s.id}`)).toBe(
          v === null ? 'never' : `${formatNumber(new Decimal(v))} calls/mo`,
        );
      }
    }
    const best = json.strategies.find((s) => s.id === json.recommendation?.strategy);
    if (best) expect(await figure('best-tco')).toBe(formatUsd(new Decimal(best.tco_cents)));

    // The line-item table holds every month's item of the JSON report, and its costs with what reserved
    // terms owe past the horizon (horizon-level items, in no month) add up to each TCO exactly.
    const rows = await page
      .locator('table.line-items tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [tr.children[0]!.textContent, tr.children[7]!.getAttribute('data-v')]));
    expect(rows.length).toBe(json.strategies.reduce((n, s) => n + s.months.reduce((k, m) => k + m.items.length, 0), 0));
    for (const s of json.strategies) {
      const after = (s as { commitment_after_horizon?: { cost: string } }).commitment_after_horizon?.cost ?? '0';
      const total = rows.filter(([id]) => id === s.id).reduce((t, [, v]) => t.plus(v!), new Decimal(after));
      expect(total.toFixed()).toBe(new Decimal(s.tco).toFixed());
    }

    // Every chart has a text alternative.
    const charts = await page.locator('svg.chart').evaluateAll((svgs) =>
      svgs.map((s) => ({
        title: s.querySelector('title')?.textContent ?? '',
        desc: s.querySelector('desc')?.textContent ?? '',
        label: s.getAttribute('aria-labelledby'),
      })),
    );
    expect(charts.length).toBeGreaterThanOrEqual(3);
    for (const c of charts) {
      expect(c.title.length).toBeGreaterThan(5);
      expect(c.desc.length).toBeGreaterThan(40);
      expect(c.label).toMatch(/-title .*-desc$/);
    }

    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('sorts the line items by cost when the heading is clicked', async () => {
    const { page, errors } = await open(html);
    const header = page.locator('table.line-items thead th', { hasText: 'Cost' }).first();
    const costs = () =>
      page
        .locator('table.line-items tbody tr td:nth-child(8)')
        .evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-v'))));
    await header.locator('button').click();
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    const up = await costs();
    expect(up).toEqual([...up].sort((a, b) => a - b));
    await header.locator('button').click();
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    const down = await costs();
    expect(down).toEqual([...up].sort((a, b) => b - a));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('prints to A4 landscape on a sane number of pages', async () => {
    const { page } = await open(html);
    const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: true, preferCSSPageSize: true });
    writeFileSync(join(SHOTS, `${name}.pdf`), pdf);
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
    // Answer, four chart pages, tables and ~the line items: more than a leaflet, less than a book.
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(pages).toBeLessThanOrEqual(40);
    // Small enough to mail: pattern fills once made it 10 MB (one PDF pattern per bar).
    expect(pdf.length).toBeLessThan(4_000_000);
    await page.close();
  });
});

describe('a hostile scenario', () => {
  it('shows names as text: nothing from the scenario runs or loads', async () => {
    const evil = `<script>window.__pwned=1</script><img src="https://example.invalid/x.png" onerror="window.__pwned=2">"'=HYPERLINK("http://x")`;
    const file = join(work, 'hostile.yaml');
    writeFileSync(
      file,
      `version: 1
name: ${JSON.stringify(evil)}
days_per_month: 30
workload: { requests_per_day: 100000, input_tokens: 1000, output_tokens: 200 }
api: { model: openai/gpt-4o }
overheads:
  - { name: ${JSON.stringify(evil)}, monthly: 100 }
`,
    );
    const html = join(work, 'hostile.html');
    cli('report', file, '--out', html, '--today', '2026-11-25');
    const { page, requests, errors } = await open(html);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('h1').textContent()).toBe(evil);
    expect(await page.locator('img').count()).toBe(0);
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the HTML report with --uncertainty', () => {
  it('draws the fan chart and the tornado offline, each with its text alternative', async () => {
    const html = join(work, 'saas-support-uncertain.html');
    cli(
      'report',
      'scenarios/saas-support-uncertain.yaml',
      '--uncertainty',
      '--trials',
      '2000',
      '--seed',
      '7',
      '--out',
      html,
      '--today',
      '2026-11-25',
    );
    const { page, requests, errors } = await open(html);
    for (const id of ['chart-fan', 'chart-tornado']) {
      const chart = page.locator(`svg#${id}`);
      expect(await chart.count()).toBe(1);
      expect((await chart.locator('desc').textContent())!.length).toBeGreaterThan(80);
      expect((await chart.boundingBox())!.height).toBeGreaterThan(100);
    }
    await page.locator('#uncertainty').screenshot({ path: join(SHOTS, 'saas-support-uncertain-section.png') });
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
