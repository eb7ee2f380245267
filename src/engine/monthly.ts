// Each strategy's cost month by month and nothing else: what the analyses need from every sampled
// evaluation. The same strategy models compareEngine simulates (strategies.ts), without the report,
// break-even or recommendation around them.
import { sum, type Decimal } from '../money.js';
import type { StrategyId } from '../vocabulary.js';
import type { EngineInput } from './input.js';
import { strategyModels } from './strategies.js';
import { monthlyCalls } from './volume.js';

export interface StrategyMonths {
  id: StrategyId;
  /** Cost of months 1…horizon. */
  costs: Decimal[];
  /** What commitments made within the horizon owe after it (commitment_after_horizon): in the TCO, in no month. */
  afterHorizon: Decimal;
}

export function monthlyCosts(input: EngineInput): StrategyMonths[] {
  const calls = monthlyCalls(input);
  return strategyModels(input).models.map((m) => ({
    id: m.id,
    costs: calls.map((c, i) => sum(m.month(i + 1, c).groups.map((g) => g.cost))),
    afterHorizon: sum((m.afterHorizonItems?.() ?? []).map((item) => item.cost)),
  }));
}
