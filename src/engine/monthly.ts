// Each strategy's cost month by month and nothing else: what the analyses need from every sampled
// evaluation. The same strategy models compareEngine simulates (strategies.ts), without the report,
// break-even or recommendation around them.
import { sum, type Decimal } from '../money.js';
import type { StrategyId } from '../vocabulary.js';
import type { EngineInput } from './input.js';
import { allStrategyModels, portfolioVolume } from './portfolio.js';
import { monthlyCalls } from './volume.js';

export interface StrategyMonths {
  id: StrategyId;
  /** Cost of months 1…horizon. */
  costs: Decimal[];
  /** What commitments made within the horizon owe after it (commitment_after_horizon): in the TCO, in no month. */
  afterHorizon: Decimal;
}

export function monthlyCosts(input: EngineInput): StrategyMonths[] {
  // A portfolio of several classes prices their summed calls (engine/portfolio.ts), as compare does.
  const calls = input.portfolio?.multiClass ? portfolioVolume(input).total : monthlyCalls(input);
  return allStrategyModels(input).models.map((m) => ({
    id: m.id,
    // On the path: capacity bought for a term is what the path has bought so far (as compare prices it).
    costs: calls.map((c, i) => sum(m.month(i + 1, c, true).groups.map((g) => g.cost))),
    afterHorizon: sum((m.afterHorizonItems?.() ?? []).map((item) => item.cost)),
  }));
}
