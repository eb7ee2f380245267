// Invariants of the billing rules, checked on random calls (fast-check).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quoteCall } from '../../src/engine/quote.js';
import { Decimal, dec, sum } from '../../src/money.js';
import { mergePricing, parsePricingText } from '../../src/pricing/tables.js';
import { fixture } from '../helpers.js';

const tables = mergePricing([
  parsePricingText(readFileSync(fixture('pricing-billing.yaml'), 'utf8'), 'pricing-billing.yaml'),
]);
const sonnet = tables.apiModels.get('test/sonnet')!;

const call = fc
  .record({
    input: fc.integer({ min: 0, max: 400_000 }),
    readShare: fc.double({ min: 0, max: 1, noNaN: true }),
    writeShare: fc.double({ min: 0, max: 1, noNaN: true }),
    output: fc.integer({ min: 0, max: 50_000 }),
    reasoning: fc.integer({ min: 0, max: 50_000 }),
  })
  .map(({ input, readShare, writeShare, output, reasoning }) => {
    const reads = Math.floor(input * readShare);
    const writes = Math.floor((input - reads) * writeShare);
    return { input, reads, writes, output, reasoning };
  });

const quote = (
  c: { input: number; reads: number; writes: number; output: number; reasoning: number },
  service: 'standard' | 'batch' = 'standard',
) =>
  quoteCall(sonnet, {
    inputTokens: dec(c.input),
    cachedTokens: dec(c.reads),
    cacheWriteTokens: dec(c.writes),
    outputTokens: dec(c.output),
    reasoningTokens: dec(c.reasoning),
    service,
  });

describe('billing invariants (test/sonnet: 3/0.3/3.75/15, above 200k 6/0.6/7.5/22.5, batch −50%)', () => {
  it('the total is the exact sum of the items and matches the rule written out by hand', () => {
    fc.assert(
      fc.property(call, (c) => {
        const q = quote(c);
        expect(q.total.eq(sum(q.items.map((i) => i.cost!)))).toBe(true);
        const long = c.input > 200_000;
        const [inR, readR, writeR, outR] = long ? [6, 0.6, 7.5, 22.5] : [3, 0.3, 3.75, 15];
        const fresh = c.input - c.reads - c.writes;
        const expected = dec(fresh)
          .times(inR)
          .plus(dec(c.reads).times(readR))
          .plus(dec(c.writes).times(writeR))
          .plus(dec(c.output + c.reasoning).times(outR))
          .div(1_000_000);
        expect(q.total.toFixed()).toBe(expected.toFixed());
      }),
    );
  });

  it('batch is exactly half of standard (batch_discount 0.5), at any size and tier', () => {
    fc.assert(
      fc.property(call, (c) => {
        expect(quote(c, 'batch').total.times(2).eq(quote(c).total)).toBe(true);
      }),
    );
  });

  it('one more input token never costs less (the tier jump is upward)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 399_999 }), fc.integer({ min: 0, max: 5000 }), (input, output) => {
        const a = quote({ input, reads: 0, writes: 0, output, reasoning: 0 }).total;
        const b = quote({ input: input + 1, reads: 0, writes: 0, output, reasoning: 0 }).total;
        expect(b.gte(a)).toBe(true);
      }),
    );
  });

  it('a quote is never rounded: the cost of n tokens at $3/M is n × 0.000003 exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200_000 }), (n) => {
        expect(
          quote({ input: n, reads: 0, writes: 0, output: 0, reasoning: 0 }).total.eq(new Decimal(n).times('0.000003')),
        ).toBe(true);
      }),
    );
  });
});
