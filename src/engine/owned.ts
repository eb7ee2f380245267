// Owned GPUs (self_hosted.commitment: owned, or owned_replicas beside a rented commitment): the fleet
// bought in tranches as first needed and kept, replaced when it reaches depreciation_months, and what
// it costs month by month — capital (cash view) or depreciation, energy, hosting, maintenance, resale.
// Pure and exact, like the rest of the engine (docs/ownership.md works every formula through).
import { Decimal, ONE, quantize, sum, ZERO } from '../money.js';
import type { CapacityFacts, OwnershipFacts, StrategyResult } from '../report/model.js';
import type { LineItem } from '../vocabulary.js';
import type { EngineInput, EngineOwnership, EngineSelfHosted } from './input.js';
import { lineItem, pricingSource, scenarioSource } from './items.js';
import { memoOn2 } from './memo.js';
import { capacityFor, poweredShare, replicaSecondsPerCall } from './selfHosted.js';
import { hoursInMonth, monthlyCalls } from './volume.js';

const WH_PER_KWH = 1000;
const SECONDS_PER_HOUR = 3600;
/** The categories that are capital, in either view: the rest of an owned fleet's cost runs monthly. */
const CAPITAL = new Set(['capital', 'residual', 'depreciation']);

/** One month of an owned fleet: replicas held, GPUs bought (new and replacements) and GPUs sold. */
interface FleetMonth {
  replicas: number;
  bought: number;
  sold: number;
}

export interface FleetPlan {
  months: FleetMonth[];
  /** GPUs held at the end of the horizon with the month they were (last) bought: for the book value. */
  held: Array<{ gpus: number; boughtIn: number }>;
}

/**
 * The owned fleet along the horizon. commitment: owned holds, each month, the most replicas any month
 * so far has needed (never fewer than owned_replicas): a tranche is bought in the month it is first
 * needed and kept. owned_replicas alone is a base fleet bought in month 1. Each tranche is replaced
 * (bought again, the old GPUs sold at the residual share) every depreciation_months.
 */
export function fleetPlan(sh: EngineSelfHosted, input: EngineInput, share: Decimal): FleetPlan {
  const byShare = planCache(sh, input);
  let plan = byShare.get(share);
  if (!plan) byShare.set(share, (plan = buildPlan(sh, input, share)));
  return plan;
}

const planCache = memoOn2((_sh: EngineSelfHosted, _input: EngineInput) => new Map<Decimal, FleetPlan>());

function buildPlan(sh: EngineSelfHosted, input: EngineInput, share: Decimal): FleetPlan {
  const calls = monthlyCalls(input);
  return fleetPlanOf(sh, input.horizonMonths, (month) => {
    const c = calls[month - 1]!;
    return capacityFor(sh, input, share === ONE ? c : c.times(share)).replicas;
  });
}

/**
 * The owned fleet of a load given as the replicas each month needs (`neededAt`, asked only under
 * commitment: owned): a portfolio deployment several classes share is sized on their summed load.
 */
export function fleetPlanOf(sh: EngineSelfHosted, horizon: number, neededAt: (month: number) => number): FleetPlan {
  const o = sh.owned!;
  const g = sh.gpusPerReplica;
  const d = o.depreciationMonths;
  const tranches: Array<{ start: number; replicas: number }> = [];
  const months: FleetMonth[] = [];
  let held = 0;
  for (let month = 1; month <= horizon; month++) {
    const need = o.all ? neededAt(month) : 0;
    const want = Math.max(held, need, o.baseReplicas);
    let bought = 0;
    let sold = 0;
    for (const t of tranches) {
      if (month > t.start && (month - t.start) % d === 0) {
        bought += t.replicas * g;
        sold += t.replicas * g;
      }
    }
    if (want > held) {
      tranches.push({ start: month, replicas: want - held });
      bought += (want - held) * g;
      held = want;
    }
    months.push({ replicas: held, bought, sold });
  }
  const lastBought = (start: number) => start + Math.floor((horizon - start) / d) * d;
  return { months, held: tranches.map((t) => ({ gpus: t.replicas * g, boughtIn: lastBought(t.start) })) };
}

/** Straight-line depreciation of one GPU a month: price × (1 − residual) ÷ depreciation_months. */
function depreciationPerGpu(o: EngineOwnership): Decimal {
  return o.pricePerGpu.times(ONE.minus(o.residualShare)).div(o.depreciationMonths);
}

const resale = (o: EngineOwnership): Decimal => o.pricePerGpu.times(o.residualShare);

/** Idle-plus-host energy of one GPU for a month's powered hours, kWh (before PUE). */
function baseKwhPerGpu(o: EngineOwnership, input: EngineInput, sh: EngineSelfHosted): Decimal {
  const idle = o.power.idle_watts ?? o.power.max_watts;
  return new Decimal(idle)
    .plus(o.power.host_watts_per_gpu ?? 0)
    .times(poweredHours(sh, input))
    .div(WH_PER_KWH);
}

/** Busy energy above idle per self-hosted call, kWh (before PUE): (max − idle) × GPUs × replica-seconds. */
function busyKwhPerCall(o: EngineOwnership, input: EngineInput, sh: EngineSelfHosted): Decimal {
  const extra = new Decimal(o.power.max_watts).minus(o.power.idle_watts ?? o.power.max_watts);
  return extra.times(sh.gpusPerReplica).times(replicaSecondsPerCall(sh, input)).div(SECONDS_PER_HOUR).div(WH_PER_KWH);
}

const poweredHours = (sh: EngineSelfHosted, input: EngineInput): Decimal => hoursInMonth(input).times(poweredShare(sh));

/** Hosting and maintenance of one GPU a month. */
function upkeepPerGpu(o: EngineOwnership): Decimal {
  return o.hostingPerGpuMonth.plus(o.pricePerGpu.times(o.maintenanceSharePerYear).div(12));
}

/** The month's capital of one GPU in the curve of a steady volume (fleet bought in month 1). */
function capitalPerGpu(o: EngineOwnership, month: number, horizon: number, view: 'cash' | 'depreciation'): Decimal {
  if (view === 'depreciation') return depreciationPerGpu(o);
  const cycle = (month - 1) % o.depreciationMonths === 0;
  let c = cycle ? o.pricePerGpu : ZERO;
  if (cycle && month > 1) c = c.minus(resale(o));
  if (month === horizon) c = c.minus(resale(o));
  return c;
}

/**
 * The owned fleet's part of a month's cost curve at a steady volume (the break-even solver's view):
 * per replica (commitment: owned: the fleet is the replica step) or fixed (owned_replicas), plus the
 * busy energy per call. `runRate` prices capital as depreciation whatever the accounting view: a
 * steady month's run cost spreads the purchase over its life. With owned_replicas the busy energy of
 * every self-hosted call is counted at owned GPUs' rates (an upper bound; items use the month's
 * average utilisation).
 */
export function ownedCurvePart(
  sh: EngineSelfHosted,
  input: EngineInput,
  share: Decimal,
  month: number,
  runRate: boolean,
): { fixed: Decimal; perReplica: Decimal; perCall: Decimal } {
  const o = sh.owned!;
  const view = runRate ? 'depreciation' : o.accounting;
  const kwh = o.pue.times(o.electricityPerKwh);
  const perGpu = capitalPerGpu(o, month, input.horizonMonths, view)
    .plus(upkeepPerGpu(o))
    .plus(baseKwhPerGpu(o, input, sh).times(kwh));
  const perReplica = perGpu.times(sh.gpusPerReplica);
  const perCall = busyKwhPerCall(o, input, sh).times(kwh).times(share);
  return o.all
    ? { fixed: ZERO, perReplica, perCall }
    : { fixed: perReplica.times(o.baseReplicas), perReplica: ZERO, perCall };
}

/** The owned fleet's line items of month `month`, given the month's capacity facts. */
export function ownedItems(
  sh: EngineSelfHosted,
  input: EngineInput,
  share: Decimal,
  month: number,
  cap: CapacityFacts | null,
): LineItem[] {
  const calls = monthlyCalls(input)[month - 1]!;
  const shCalls = share === ONE ? calls : calls.times(share);
  return ownedItemsOf(sh, input, fleetPlan(sh, input, share), shCalls, month, cap);
}

/**
 * The line items of month `month` of a given fleet (`plan`) serving `shCalls` self-hosted calls that
 * month (whose replica-seconds, at `input`'s tokens, are the busy part of the energy).
 */
export function ownedItemsOf(
  sh: EngineSelfHosted,
  input: EngineInput,
  plan: FleetPlan,
  shCalls: Decimal,
  month: number,
  cap: CapacityFacts | null,
): LineItem[] {
  const o = sh.owned!;
  const m = plan.months[month - 1]!;
  const gpus = m.replicas * sh.gpusPerReplica;
  const id = sh.gpu.id;
  const buy = pricingSource(
    sh.gpu.origin.file,
    `${id}/purchase/${o.purchase.vendor}`,
    o.purchase.as_of,
    'price_per_gpu',
  );
  const power = pricingSource(sh.gpu.origin.file, `${id}/power`, o.power.as_of, 'max_watts');
  const items: LineItem[] = [];
  const gpuWord = (n: number) => `${n} GPU${n === 1 ? '' : 's'}`;
  if (o.accounting === 'cash') {
    if (m.bought > 0) {
      const what = m.sold > 0 ? `, ${gpuWord(m.sold)} replacing GPUs ${o.depreciationMonths} months old` : '';
      items.push(
        lineItem({
          category: 'capital',
          name: `${id} purchase (${gpuWord(m.bought)}${what}, ${o.purchase.vendor})`,
          quantity: new Decimal(m.bought),
          unit: 'GPU',
          unit_price: o.pricePerGpu,
          source: buy,
        }),
      );
    }
    const sold = m.sold + (month === input.horizonMonths ? gpus : 0);
    if (sold > 0 && !o.residualShare.isZero()) {
      const when =
        month === input.horizonMonths
          ? m.sold > 0
            ? "replaced GPUs and the fleet at the horizon's end"
            : "the fleet at the horizon's end"
          : 'replaced GPUs';
      items.push(
        lineItem({
          category: 'residual',
          name: `${id} resale of ${gpuWord(sold)}, ${when} (${o.residualShare.toFixed()} of the purchase)`,
          quantity: new Decimal(sold),
          unit: 'GPU',
          unit_price: resale(o).negated(),
          // The price row first: the amount is a share of the (converted, in another currency) purchase.
          source: `${buy} * ${scenarioSource('self_hosted.ownership.residual_share')}`,
        }),
      );
    }
  } else if (gpus > 0) {
    items.push(
      lineItem({
        category: 'depreciation',
        name:
          `${id} depreciation (${gpuWord(gpus)}, straight-line over ${o.depreciationMonths} months` +
          ` to ${o.residualShare.toFixed()} residual)`,
        quantity: new Decimal(gpus),
        unit: 'GPU-month',
        unit_price: depreciationPerGpu(o),
        source: `${buy} / scenario:self_hosted.ownership.depreciation_months`,
      }),
    );
  }
  if (gpus > 0) {
    const energy = energyOf(sh, input, shCalls, cap, gpus);
    items.push(
      lineItem({
        category: 'energy',
        name: energy.name,
        quantity: energy.kwh,
        unit: 'kWh',
        unit_price: o.electricityPerKwh,
        source: `scenario:self_hosted.ownership.electricity_per_kwh; ${power}; ${o.pueSource}`,
      }),
    );
    if (!o.hostingPerGpuMonth.isZero()) {
      items.push(
        lineItem({
          category: 'hosting',
          name: `${id} hosting (${gpuWord(gpus)})`,
          quantity: new Decimal(gpus),
          unit: 'GPU-month',
          unit_price: o.hostingPerGpuMonth,
          source: scenarioSource('self_hosted.ownership.hosting_per_gpu_month'),
        }),
      );
    }
    if (!o.maintenanceSharePerYear.isZero()) {
      const perGpu = o.pricePerGpu.times(o.maintenanceSharePerYear).div(12);
      items.push(
        lineItem(
          {
            category: 'maintenance',
            name: `${id} maintenance (${gpuWord(gpus)}, ${o.maintenanceSharePerYear.toFixed()} of the purchase a year)`,
            quantity: new Decimal(gpus),
            unit: 'GPU-month',
            unit_price: perGpu.toDecimalPlaces(6),
            source: `${buy} * ${scenarioSource('self_hosted.ownership.maintenance_share_per_year')}`,
          },
          perGpu.times(gpus),
        ),
      );
    }
  }
  return items;
}

/**
 * Energy of the month, kWh at the meter: GPUs × (idle + (max − idle) × utilisation + host) × powered
 * hours ÷ 1000 × PUE. For commitment: owned the busy part is the calls' own replica-seconds (exactly
 * the average utilisation of the GPUs held); for owned_replicas, the owned GPUs at the fleet's
 * average utilisation that month.
 */
function energyOf(
  sh: EngineSelfHosted,
  input: EngineInput,
  shCalls: Decimal,
  cap: CapacityFacts | null,
  gpus: number,
): { kwh: Decimal; name: string } {
  const o = sh.owned!;
  const hours = poweredHours(sh, input);
  const base = baseKwhPerGpu(o, input, sh).times(gpus);
  let busy: Decimal;
  let utilization: Decimal;
  if (o.all) {
    busy = busyKwhPerCall(o, input, sh).times(shCalls);
    utilization = replicaSecondsPerCall(sh, input)
      .times(shCalls)
      .times(sh.gpusPerReplica)
      .div(hours.times(SECONDS_PER_HOUR).times(gpus));
  } else {
    utilization = Decimal.min(ONE, cap?.utilization ?? ZERO);
    busy = new Decimal(o.power.max_watts)
      .minus(o.power.idle_watts ?? o.power.max_watts)
      .times(utilization)
      .times(gpus)
      .times(hours)
      .div(WH_PER_KWH);
  }
  const idle =
    o.power.idle_watts === undefined
      ? `${o.power.max_watts} W (no idle draw published: max)`
      : `${o.power.idle_watts} W idle + (${o.power.max_watts} - ${o.power.idle_watts}) W x ${pct(utilization)} busy`;
  const host = o.power.host_watts_per_gpu ? ` + ${o.power.host_watts_per_gpu} W host` : '';
  const hoursText = o.hoursPerDay.eq(24)
    ? `${hours.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed()} h`
    : `${o.hoursPerDay.toFixed()} h/day = ${hours.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed()} h`;
  const draw = `${gpus} GPU${gpus === 1 ? '' : 's'} x (${idle}${host})`;
  return { kwh: base.plus(busy).times(o.pue), name: `${sh.gpu.id} energy (${draw} x ${hoursText} x PUE ${o.pue})` };
}

const pct = (d: Decimal): string => `${d.times(100).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed()}%`;

/**
 * One owned fleet among a strategy's items (a portfolio deployment): its plan, which of the strategy's
 * items are its own, and the replicas each month needs (what renting instead would hold).
 */
export interface OwnedFleet {
  plan: FleetPlan;
  mine(item: LineItem): boolean;
  neededAt(month: number): number;
}

/**
 * What the report says about owning beyond its items: both accounting views' TCO, the purchases, the
 * book value left at the end, and rent vs buy — the same replicas rented on demand from the GPU's
 * cheapest provider (for the same powered hours), and the month from which owning has cost less in
 * total than renting would have (cash view). `api` (the API strategy's result) adds the cash payback.
 */
export function ownershipFacts(
  sh: EngineSelfHosted,
  input: EngineInput,
  share: Decimal,
  result: StrategyResult,
  api: StrategyResult | undefined,
  fleet?: OwnedFleet,
): OwnershipFacts {
  const o = sh.owned!;
  const plan = fleet?.plan ?? fleetPlan(sh, input, share);
  const mine = fleet?.mine ?? (() => true);
  const g = sh.gpusPerReplica;
  const h = input.horizonMonths;
  const hours = poweredHours(sh, input);
  // Capital month by month in both views; the strategy's other costs are the same in both.
  const cashCapital = plan.months.map((m, i) => {
    const sold = m.sold + (i + 1 === h ? m.replicas * g : 0);
    return o.pricePerGpu.times(m.bought).minus(resale(o).times(sold));
  });
  const depCapital = plan.months.map((m) => depreciationPerGpu(o).times(m.replicas * g));
  const capitalOf = (month: number) =>
    sum(result.months[month - 1]!.items.filter((it) => CAPITAL.has(it.category) && mine(it)).map((it) => it.cost));
  // Costs per month under the cash view (what was paid out), from the report's own items.
  const cashMonth = result.months.map((m, i) => m.cost.minus(capitalOf(i + 1)).plus(quantizeLike(cashCapital[i]!)));
  const tcoCash = sum(cashMonth);
  const tcoDep = result.tco
    .minus(sum(result.months.map((_, i) => capitalOf(i + 1))))
    .plus(sum(depCapital.map(quantizeLike)));
  // Book value at the end (depreciation view): never charged inside the horizon.
  const bookValue = sum(
    plan.held.map((t) =>
      o.pricePerGpu.times(t.gpus).minus(
        depreciationPerGpu(o)
          .times(t.gpus)
          .times(Math.min(o.depreciationMonths, h - t.boughtIn + 1)),
      ),
    ),
  );
  const purchases = plan.months.flatMap((m, i) =>
    m.bought > 0 ? [{ month: i + 1, gpus: m.bought, cost: o.pricePerGpu.times(m.bought) }] : [],
  );
  const facts: OwnershipFacts = {
    accounting: o.accounting,
    gpu: sh.gpu.id,
    vendor: o.purchase.vendor,
    price_per_gpu: o.pricePerGpu,
    gpus_at_end: (plan.months[h - 1]?.replicas ?? 0) * g,
    hours_per_day: o.all ? o.hoursPerDay.toNumber() : 24,
    purchases,
    tco_cash: tcoCash,
    tco_depreciation: tcoDep,
    book_value_at_end: bookValue,
    rented: null,
    rented_reason: `GPU '${sh.gpu.id}' has no on-demand price in the pricing tables to rent it by`,
    payback_month_cash: null,
    payback_reason: api ? '' : 'no API strategy to pay back against',
  };
  if (o.rental) {
    // The same replicas the month needs (not the owned fleet, which never shrinks), rented.
    const rentMonth = result.months.map((m) => {
      const replicas = o.all ? (fleet ? fleet.neededAt(m.month) : (m.capacity?.replicas ?? 0)) : o.baseReplicas;
      return o.rental!.hourlyRate.times(hours).times(replicas * g);
    });
    const ownedCost = result.months.map((m, i) =>
      sum(m.items.filter((it) => isOwnedItem(it) && mine(it)).map((it) => it.cost))
        .minus(capitalOf(i + 1))
        .plus(cashCapital[i]!),
    );
    let cumOwn = ZERO;
    let cumRent = ZERO;
    let from: number | null = null;
    for (let i = 0; i < h; i++) {
      cumOwn = cumOwn.plus(ownedCost[i]!);
      cumRent = cumRent.plus(rentMonth[i]!);
      if (cumOwn.lte(cumRent)) {
        if (from === null) from = i + 1;
      } else from = null;
    }
    const rentTotal = sum(rentMonth.map(quantizeLike));
    const ownedTotal = sum(
      result.months.map((m) => sum(m.items.filter((it) => isOwnedItem(it) && mine(it)).map((it) => it.cost))),
    );
    facts.rented = {
      provider: o.rental.price.provider,
      hourly_rate: o.rental.hourlyRate,
      as_of: o.rental.price.as_of,
      tco: result.tco.minus(ownedTotal).plus(rentTotal),
      owning_cheaper_from_month: from,
    };
    facts.rented_reason =
      from === null
        ? `owning has cost more in total than renting ${sh.gpu.id} on demand (${o.rental.price.provider})` +
          ` through month ${h}`
        : from === 1
          ? 'owning has cost no more in total than renting from month 1 on'
          : `owning has cost less in total than renting from month ${from} on (cash view: purchases when paid)`;
  }
  if (api) {
    let cumMine = ZERO;
    let cumApi = ZERO;
    for (let i = 0; i < h; i++) {
      cumMine = cumMine.plus(cashMonth[i]!);
      cumApi = cumApi.plus(api.months[i]!.cost);
      if (cumMine.lte(cumApi)) {
        facts.payback_month_cash = i + 1;
        break;
      }
    }
    facts.payback_reason =
      facts.payback_month_cash === null
        ? `cash spent stays above the API's for all ${h} months: the hardware does not pay for itself in them`
        : `the hardware has paid for itself against the API by month ${facts.payback_month_cash}` +
          ' (cumulative cash, purchases when paid)';
  }
  return facts;
}

const OWNED_CATEGORY_NAMES = new Set(['capital', 'depreciation', 'energy', 'hosting', 'maintenance', 'residual']);
const isOwnedItem = (it: LineItem): boolean => OWNED_CATEGORY_NAMES.has(it.category);
/** A capital figure as the items would state it (each item is quantised to $0.000001). */
const quantizeLike = (d: Decimal): Decimal => quantize(d);
