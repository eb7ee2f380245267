import type { PricingTables } from '../src/pricing/tables.js';
export declare function generateScenarios(
  tables: PricingTables,
  count: number,
  seed?: number,
): Array<{ name: string; text: string }>;
