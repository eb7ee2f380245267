// Costs around the model that the scenario states directly (monitoring, vector DB, integration, …).
import { ONE } from '../money.js';
import type { LineItem, StrategyId } from '../vocabulary.js';
import type { EngineOverhead } from './input.js';
import { lineItem, scenarioSource } from './items.js';
import { memoOn } from './memo.js';

/** Month 1 adds the one-time costs; every later month has the same items: built once per strategy. */
export function overheadItems(overheads: readonly EngineOverhead[], strategy: StrategyId, month: number): LineItem[] {
  const cache = itemsCache(overheads);
  const key = `${strategy}|${month === 1}`;
  let items = cache.get(key);
  if (!items) cache.set(key, (items = buildItems(overheads, strategy, month)));
  return items;
}

const itemsCache = memoOn((_overheads: readonly EngineOverhead[]) => new Map<string, LineItem[]>());

function buildItems(overheads: readonly EngineOverhead[], strategy: StrategyId, month: number): LineItem[] {
  const items: LineItem[] = [];
  overheads.forEach((o, i) => {
    if (!o.appliesTo.includes(strategy)) return;
    if (o.monthly && !o.monthly.isZero()) {
      items.push(
        lineItem({
          category: 'overhead',
          name: o.name,
          quantity: ONE,
          unit: 'month',
          unit_price: o.monthly,
          source: scenarioSource(`overheads[${i}].monthly`),
        }),
      );
    }
    if (o.oneTime && !o.oneTime.isZero() && month === 1) {
      items.push(
        lineItem({
          category: 'one_time',
          name: o.name,
          quantity: ONE,
          unit: 'one-time',
          unit_price: o.oneTime,
          source: scenarioSource(`overheads[${i}].one_time`),
        }),
      );
    }
  });
  return items;
}
