// Property: whatever the workload and overheads (amounts with sub-cent fractions included), the CSV
// cost column of each strategy sums to its TCO rounded to cents, in both layouts.
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCsv } from '../../src/format/csv.js';
import { Decimal } from '../../src/money.js';
import { run, simpleScenario } from '../helpers.js';

const cents = (s: string) => BigInt(s.replace('.', ''));
const tcoCents = (d: Decimal) => BigInt(d.times(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toFixed());

describe('CSV reconciliation (property)', () => {
  it('sums to the TCO to the cent for any scenario', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5_000_000 }),
        fc.integer({ min: 1, max: 4000 }),
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 0, max: 200 }).map((n) => n / 1000),
        fc.array(
          fc.integer({ min: 1, max: 99_999_999 }).map((n) => n / 1000),
          { maxLength: 4 },
        ),
        (requests, input, output, growth, overheads) => {
          const extra = overheads.length
            ? `overheads:\n${overheads.map((m, i) => `  - { name: o${i}, monthly: ${m} }`).join('\n')}\n`
            : '';
          const yaml = simpleScenario(extra)
            .replace('requests_per_day: 100000', `requests_per_day: ${requests}`)
            .replace('input_tokens: 1000', `input_tokens: ${input}`)
            .replace('output_tokens: 200', `output_tokens: ${output}\n  growth: { monthly_rate: ${growth} }`);
          const report = run(yaml);
          const long = parse(formatCsv([report], 'long'), { columns: true }) as Array<Record<string, string>>;
          const wide = parse(formatCsv([report], 'wide'), { columns: true }) as Array<Record<string, string>>;
          for (const s of report.strategies) {
            expect(long.filter((r) => r.strategy === s.id).reduce((a, r) => a + cents(r.cost!), 0n)).toBe(
              tcoCents(s.tco),
            );
            expect(wide.reduce((a, r) => a + cents(r[s.id]!), 0n)).toBe(tcoCents(s.tco));
          }
        },
      ),
      { numRuns: 25, seed: 20261125 },
    );
  });
});
