// Line items are the unit of truth: every total is a sum of them.
import { quantize, type Decimal } from '../money.js';
import type { LineItem } from '../report/model.js';

export function lineItem(fields: Omit<LineItem, 'cost'>, exactCost?: Decimal): LineItem {
  return { ...fields, cost: quantize(exactCost ?? fields.quantity.times(fields.unit_price)) };
}

export function pricingSource(file: string, rowId: string, asOf: string, field?: string): string {
  return `${file}#${rowId}${field ? `.${field}` : ''}@${asOf}`;
}

export function scenarioSource(field: string): string {
  return `scenario:${field}`;
}
