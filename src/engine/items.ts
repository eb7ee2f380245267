// Line items are the unit of truth: every total is a sum of them.
import { quantize, type Decimal } from '../money.js';
import type { LineItem } from '../vocabulary.js';

export function lineItem(fields: Omit<LineItem, 'cost'>, exactCost?: Decimal): LineItem {
  // Fields listed one by one, in the order a spread would give: the spread of a fresh object per
  // item was the engine's largest single cost in a CPU profile (docs/performance.md).
  const { category, name, quantity, unit, unit_price, source } = fields;
  return {
    category,
    name,
    quantity,
    unit,
    unit_price,
    source,
    cost: quantize(exactCost ?? quantity.times(unit_price)),
  };
}

export function pricingSource(file: string, rowId: string, asOf: string, field?: string): string {
  return `${file}#${rowId}${field ? `.${field}` : ''}@${asOf}`;
}

export function scenarioSource(field: string): string {
  return `scenario:${field}`;
}
