// The scale check on a resolved scenario: each field can be within its own bound while the product
// (users × requests × growth over ten years, or calls on a very slow throughput profile) is not. Past
// the engine's limits llmcost refuses with the limit stated, instead of printing rounded figures.
import { InputError } from '../errors.js';
import { Decimal, formatNumber } from '../money.js';
import type { EngineInput } from '../engine/input.js';
import { MAX_GPUS, MAX_MONTHLY_CALLS, roughly } from '../engine/limits.js';
import { replicaSecondsPerCall } from '../engine/selfHosted.js';
import { monthlyCalls, secondsInMonth } from '../engine/volume.js';
import type { Where } from '../pricing/tables.js';

export function checkScale(input: EngineInput, at: (...path: Array<string | number>) => Where): void {
  const calls = monthlyCalls(input);
  if (calls.length === 0) return;
  // The busiest month's volume as a maximum, not by comparing month with month: the analyses record this
  // code (uncertainty/tape.ts), and a comparison per month made a growth rate drawn below 0 (the first
  // month busiest) a recording and a program of its own. Which month it is matters only to the message.
  const most = Decimal.max(...calls);
  const busiest = () => calls.findIndex((c) => c.eq(most));
  if (most.gt(MAX_MONTHLY_CALLS)) {
    const peak = busiest();
    const fromGrowth = peak > 0 && !calls[0]!.gt(MAX_MONTHLY_CALLS);
    throw new InputError({
      code: 'E_RANGE',
      ...(fromGrowth ? at('workload', 'growth') : at('workload')),
      message: `month ${peak + 1} has ${roughly(most)} LLM calls`,
      expected: 'at most 10^15 calls in any month (the largest volume llmcost computes exactly)',
    });
  }
  const sh = input.selfHosted;
  if (sh) {
    const needed = most
      .div(secondsInMonth(input))
      .times(input.workload.peakToAverage)
      .times(replicaSecondsPerCall(sh, input))
      .div(sh.targetUtilization)
      .ceil();
    const gpus = needed.times(sh.gpusPerReplica);
    if (gpus.gt(MAX_GPUS)) {
      throw new InputError({
        code: 'E_RANGE',
        ...at('self_hosted', 'gpu'),
        message: `month ${busiest() + 1} needs ${roughly(gpus)} GPUs of '${sh.gpu.id}' at this throughput profile`,
        expected: `at most ${formatNumber(new Decimal(MAX_GPUS))} GPUs in any month`,
      });
    }
  }
}
