// Reporting in another currency: the USD pricing tables converted once at the scenario's sourced
// rate, the scenario's own amounts taken as written in that currency. Every priced item of every
// shipped scenario in EUR reconciles to its USD cost × rate within a cent; scenario-stated items are
// the same numbers; the code is in every output and the rate and its date in --explain.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { formatCsv } from '../../src/format/csv.js';
import { formatFocus } from '../../src/format/focus.js';
import { formatJson } from '../../src/format/json.js';
import { formatMarkdown } from '../../src/format/markdown.js';
import { formatTable } from '../../src/format/table.js';
import { compareLoaded, readScenario } from '../../src/index.js';
import { Decimal } from '../../src/money.js';
import { shippedScenarios } from '../cli-helpers.js';
import { ROOT } from '../helpers.js';

const EUR = {
  code: 'EUR',
  per_usd: 0.92,
  as_of: '2026-11-30',
  source: 'ECB euro foreign exchange reference rates, USD, 2026-11-30',
};
// Categories whose amounts come from the USD pricing tables (converted); the others the scenario states.
const PRICED = new Set(['api_tokens', 'gpu', 'fine_tuning', 'capital', 'depreciation', 'maintenance', 'residual']);

describe.each(shippedScenarios())('%s in EUR', (scenario) => {
  const loaded = readScenario(`${ROOT}/${scenario}`);
  const usd = compareLoaded(loaded);
  const eur = compareLoaded({ ...loaded, scenario: { ...loaded.scenario, currency: EUR } });

  it('each priced item is its USD cost x rate within a cent; stated items are unchanged', () => {
    expect(eur.currency).toBe('EUR');
    for (const s of usd.strategies) {
      const e = eur.strategies.find((x) => x.id === s.id)!;
      s.months.forEach((m, i) => {
        const em = e.months[i]!;
        expect(em.items.map((x) => x.name)).toEqual(m.items.map((x) => x.name));
        m.items.forEach((it, j) => {
          const ec = em.items[j]!.cost;
          const src = em.items[j]!.source;
          if (PRICED.has(it.category)) {
            expect(
              ec.minus(it.cost.times(EUR.per_usd)).abs().lte(new Decimal('0.01')),
              `${s.id} ${i + 1} ${it.name}`,
            ).toBe(true);
            expect(src).toBe(`${it.source} *0.92 EUR/USD@2026-11-30`);
          } else {
            expect(ec.eq(it.cost)).toBe(true);
            expect(src).toBe(it.source);
          }
        });
      });
    }
  });

  it('the code is in every output; the rate and its date in --explain', () => {
    const csv = parse(formatCsv([eur], 'long', [scenario]), { columns: true }) as Array<Record<string, string>>;
    expect(new Set(csv.map((r) => r.currency))).toEqual(new Set(['EUR']));
    const dated = { ...eur, start_month: eur.start_month ?? '2027-01' };
    const focus = parse(formatFocus([dated], [scenario]), { columns: true }) as Array<Record<string, string>>;
    expect(new Set(focus.map((r) => r.BillingCurrency))).toEqual(new Set(['EUR']));
    const json = JSON.parse(formatJson(eur)) as { currency: string; exchange: { per_usd: string; as_of: string } };
    expect(json.currency).toBe('EUR');
    expect(json.exchange).toMatchObject({ per_usd: '0.92', as_of: '2026-11-30' });
    const table = formatTable(eur, { explain: true, monthly: true });
    expect(table).toContain('€');
    // No amount in dollars — except inside the pricing rows' sources, which quote their pages.
    const amounts = (text: string) =>
      text
        .split('\n')
        .filter((l) => !/\((as of \d{4}-\d{2}-\d{2}), pricing\//.test(l) && !l.includes('https://'))
        .join('\n');
    expect(amounts(table)).not.toMatch(/\$\d/);
    expect(table).toContain('converted once at 0.92 EUR per USD, as of 2026-11-30');
    expect(amounts(formatMarkdown([{ file: scenario, report: eur }]))).not.toMatch(/\$\d/);
  });
});
