// Owned GPUs in the report: each strategy that runs an owned fleet gets its ownership facts (both
// accounting views, rent vs buy, months to pay back against the API). Kept apart from compare.ts so
// the comparison itself stays as it is for rented fleets. A portfolio strategy states its own (the
// fleet of its owned deployment: engine/portfolio.ts).
import { ONE, ZERO } from '../money.js';
import type { StrategyResult } from '../report/model.js';
import type { EngineInput } from './input.js';
import { ownershipFacts } from './owned.js';
import type { StrategyModel } from './strategies.js';

export function withOwnership(
  strategies: StrategyResult[],
  input: EngineInput,
  models: readonly StrategyModel[] = [],
): StrategyResult[] {
  const sh = input.selfHosted;
  const api = strategies.find((s) => s.id === 'api');
  return strategies.map((s) => {
    const model = models.find((m) => m.id === s.id);
    if (model?.ownership) {
      const facts = model.ownership(s, api);
      return facts ? { ...s, ownership: facts } : s;
    }
    if (!sh?.owned) return s;
    const share =
      s.id === 'self_hosted' ? ONE : s.id === 'hybrid' && input.hybrid ? input.hybrid.selfHostedShare : ZERO;
    return share.isZero() ? s : { ...s, ownership: ownershipFacts(sh, input, share, s, api) };
  });
}
