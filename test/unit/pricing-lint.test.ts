// Lint of the shipped pricing tables: rules the schema cannot state row by row. A failing row is
// named by file, line and id, so fixing the data is quick.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergePricing, parsePricingText, profileKey, type ParsedPricingFile } from '../../src/pricing/tables.js';
import { ROOT } from '../helpers.js';
import { maxConcurrency } from '../../src/capacity/memory.js';
import { Decimal } from '../../src/money.js';

const dir = join(ROOT, 'pricing');
const files: ParsedPricingFile[] = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => parsePricingText(readFileSync(join(dir, f), 'utf8'), `pricing/${f}`));
const tables = mergePricing(files);

interface Row {
  where: string;
  row: Record<string, unknown>;
}
const rows = (section: 'api_models' | 'gpus' | 'throughput_profiles' | 'open_models'): Row[] =>
  files.flatMap((f) =>
    (f.content[section] ?? []).map((row, i) => ({
      where: `${f.file} ${section}[${i}] ${String((row as { id?: string }).id ?? profileKey(row as never))}`,
      row: row as Record<string, unknown>,
    })),
  );
const gpuPrices: Row[] = files.flatMap((f) =>
  (f.content.gpus ?? []).flatMap((g, gi) =>
    g.prices.map((p, pi) => ({
      where: `${f.file} gpus[${gi}].prices[${pi}] ${g.id}/${p.provider}`,
      row: p as unknown as Record<string, unknown>,
    })),
  ),
);
// What owning a GPU costs: its power row and purchase rows carry their own source and date.
const gpuOwnership: Row[] = files.flatMap((f) =>
  (f.content.gpus ?? []).flatMap((g, gi) => [
    ...(g.power
      ? [{ where: `${f.file} gpus[${gi}].power ${g.id}`, row: g.power as unknown as Record<string, unknown> }]
      : []),
    ...(g.purchase ?? []).map((p, pi) => ({
      where: `${f.file} gpus[${gi}].purchase[${pi}] ${g.id}/${p.vendor}`,
      row: p as unknown as Record<string, unknown>,
    })),
  ]),
);
// How a GPU's replica exchanges tensor-parallel activations (NVLink, PCIe): sourced and dated like the rest.
const gpuInterconnect: Row[] = files.flatMap((f) =>
  (f.content.gpus ?? []).flatMap((g, gi) =>
    g.interconnect
      ? [
          {
            where: `${f.file} gpus[${gi}].interconnect ${g.id}`,
            row: g.interconnect as unknown as Record<string, unknown>,
          },
        ]
      : [],
  ),
);
const all = [
  ...rows('api_models'),
  ...rows('gpus'),
  ...gpuPrices,
  ...gpuOwnership,
  ...gpuInterconnect,
  ...rows('throughput_profiles'),
  ...rows('open_models'),
];

const problems = (check: (r: Row) => string | null, list: Row[]) =>
  list.map((r) => check(r)).filter((x): x is string => x !== null);
const num = (r: Row, k: string) => r.row[k] as number | undefined;

describe('shipped pricing tables', () => {
  it('have rows in every section', () => {
    expect(tables.apiModels.size).toBeGreaterThan(0);
    expect(tables.gpus.size).toBeGreaterThan(0);
    expect(tables.profiles.length).toBeGreaterThan(0);
    expect(tables.openModels.size).toBeGreaterThan(0);
  });

  it('give every row (and every GPU price) a source and an as_of date', () => {
    expect(
      problems(
        (r) => (typeof r.row.source === 'string' && r.row.source.trim().length > 3 ? null : `${r.where}: no source`),
        all,
      ),
    ).toEqual([]);
    expect(
      problems(
        (r) =>
          typeof r.row.as_of === 'string' && /^20\d\d-\d\d-\d\d$/.test(r.row.as_of)
            ? null
            : `${r.where}: as_of ${String(r.row.as_of)}`,
        all,
      ),
    ).toEqual([]);
  });

  it('have positive prices', () => {
    const keys = [
      'input_per_1m',
      'output_per_1m',
      'cached_input_per_1m',
      'on_demand',
      'reserved_1y',
      'reserved_3y',
      'spot',
    ];
    const check = (r: Row) => {
      const bad = keys.filter((k) => r.row[k] !== undefined && !((r.row[k] as number) > 0));
      return bad.length ? `${r.where}: ${bad.join(', ')} not positive` : null;
    };
    expect(problems(check, [...rows('api_models'), ...gpuPrices])).toEqual([]);
  });

  it('price cached input at or below fresh input, and keep batch discounts inside (0, 1)', () => {
    expect(
      problems(
        (r) =>
          num(r, 'cached_input_per_1m') !== undefined && num(r, 'cached_input_per_1m')! > num(r, 'input_per_1m')!
            ? `${r.where}: cached ${num(r, 'cached_input_per_1m')} > input ${num(r, 'input_per_1m')}`
            : null,
        rows('api_models'),
      ),
    ).toEqual([]);
    expect(
      problems(
        (r) =>
          num(r, 'batch_discount') !== undefined && !(num(r, 'batch_discount')! > 0 && num(r, 'batch_discount')! < 1)
            ? `${r.where}: batch_discount ${num(r, 'batch_discount')}`
            : null,
        rows('api_models'),
      ),
    ).toEqual([]);
  });

  it('price reserved and spot at or below on-demand, and 3-year at or below 1-year', () => {
    const check = (r: Row) => {
      const od = num(r, 'on_demand')!;
      const out: string[] = [];
      for (const k of ['reserved_1y', 'reserved_3y', 'spot'])
        if (num(r, k) !== undefined && num(r, k)! > od) out.push(`${k} ${num(r, k)} > on_demand ${od}`);
      if (
        num(r, 'reserved_1y') !== undefined &&
        num(r, 'reserved_3y') !== undefined &&
        num(r, 'reserved_3y')! > num(r, 'reserved_1y')!
      )
        out.push('reserved_3y > reserved_1y');
      return out.length ? `${r.where}: ${out.join('; ')}` : null;
    };
    expect(problems(check, gpuPrices)).toEqual([]);
  });

  it('use each id once across all files (and each provider once per GPU)', () => {
    const seen = new Map<string, string>();
    const dupes: string[] = [];
    for (const [section, key] of [
      ['api_models', (r: Row) => String(r.row.id)],
      ['gpus', (r: Row) => String(r.row.id)],
      ['open_models', (r: Row) => String(r.row.id)],
      ['throughput_profiles', (r: Row) => profileKey(r.row as never)],
    ] as const) {
      for (const r of rows(section)) {
        const k = `${section}:${key(r)}`;
        if (seen.has(k)) dupes.push(`${r.where} repeats ${seen.get(k)}`);
        seen.set(k, r.where);
      }
    }
    for (const g of tables.gpus.values()) {
      const providers = g.prices.map((p) => p.provider);
      if (new Set(providers).size !== providers.length) dupes.push(`${g.id}: a provider twice`);
    }
    expect(dupes).toEqual([]);
  });

  it('refer every throughput profile to a known open model and GPU', () => {
    const bad = tables.profiles
      .filter((p) => !tables.openModels.has(p.model) || !tables.gpus.has(p.gpu))
      .map((p) => `${p.origin.file}:${p.origin.line} ${profileKey(p)}`);
    expect(bad).toEqual([]);
  });

  it('give every GPU a rental or a purchase price, and every open model a profile or a GPU it can be derived on', () => {
    expect([...tables.gpus.values()].filter((g) => g.prices.length === 0 && !g.purchase).map((g) => g.id)).toEqual([]);
    // A GPU that can be bought can be powered: purchase rows come with a power row.
    expect([...tables.gpus.values()].filter((g) => g.purchase && !g.power).map((g) => g.id)).toEqual([]);
    // A model without a table profile is served with one derived from the calibrated model
    // (docs/fidelity.md); it must fit 2,000-token sequences on at least one shipped GPU at 8 per replica.
    const servable = (m: string) => {
      const model = tables.openModels.get(m)!;
      const precision = model.default_precision ?? 'bf16';
      return [...tables.gpus.values()].some((g) => maxConcurrency(model, g, precision, 8, new Decimal(2000)) >= 1);
    };
    expect(
      [...tables.openModels.keys()].filter((m) => !tables.profiles.some((p) => p.model === m) && !servable(m)),
    ).toEqual([]);
  });

  it('file no capacity-block (reserve-ahead) price as on-demand', () => {
    const capacityBlock = /capacity.?blocks?/i;
    const check = (r: Row) =>
      capacityBlock.test(`${String(r.row.provider)} ${String(r.row.source)}`) && r.row.on_demand !== undefined
        ? `${r.where}: a Capacity Blocks price filed as on_demand (use capacity_block)`
        : null;
    expect(problems(check, gpuPrices)).toEqual([]);
    // …and the reserve-ahead rows are there, under their own commitment.
    expect(gpuPrices.filter((r) => r.row.capacity_block !== undefined).length).toBeGreaterThan(0);
  });

  it('note every on-demand price more than a year older than the newest row', () => {
    const newest = all
      .map((r) => String(r.row.as_of))
      .sort()
      .at(-1)!;
    const yearBefore = `${Number(newest.slice(0, 4)) - 1}${newest.slice(4)}`;
    const check = (r: Row) =>
      String(r.row.as_of) < yearBefore && !/older than a year/i.test(String(r.row.notes ?? ''))
        ? `${r.where}: as of ${String(r.row.as_of)}, more than a year before ${newest}, without a note saying so`
        : null;
    expect(problems(check, gpuPrices)).toEqual([]);
  });

  // Providers that publish a batch price for every text model they sell, with the page that says so.
  // A row of theirs without a batch rate would make `quote --batch` fail for no reason.
  const PUBLISHES_BATCH: Record<string, string> = {
    anthropic: 'https://platform.claude.com/docs/en/build-with-claude/batch-processing',
    openai: 'https://platform.openai.com/docs/guides/batch',
    google: 'https://ai.google.dev/gemini-api/docs/optimization',
  };
  it('carry a batch rate wherever the provider publishes one, and cite the rule', () => {
    const check = (r: Row) => {
      const provider = String(r.row.provider ?? String(r.row.id).split('/')[0]);
      if (!(provider in PUBLISHES_BATCH)) return null;
      const explicit = r.row.batch_input_per_1m !== undefined && r.row.batch_output_per_1m !== undefined;
      if (!explicit && r.row.batch_discount === undefined)
        return `${r.where}: ${provider} publishes batch prices (${PUBLISHES_BATCH[provider]}), the row has none`;
      return null;
    };
    expect(problems(check, rows('api_models'))).toEqual([]);
  });

  it('cite sources anyone can open: no development notes or files outside the repository', () => {
    const outside = /anchor-data|domain\.md|project brief|\/work\/|\.\.\/shared|shared\/(docs|data)/i;
    const check = (r: Row) => {
      const bad = ['source', 'derivation', 'notes'].filter((k) => outside.test(String(r.row[k] ?? '')));
      return bad.length ? `${r.where}: ${bad.join(', ')} cites a file outside the repository` : null;
    };
    // Every row of every pricing file: API models, GPUs (specs, prices, power, purchase), throughput
    // profiles and open models.
    expect(new Set(all.map((r) => r.where.split(' ')[0]))).toEqual(new Set(files.map((f) => f.file)));
    expect(problems(check, all)).toEqual([]);
  });

  // One company can sell under several provider ids (RunPod's two clouds, AWS's Capacity Blocks).
  const company = (provider: string) => provider.split('-')[0]!;
  it('rent every GPU from at least three companies, or say in the GPU row why not', () => {
    const check = (r: Row) => {
      const prices = (r.row.prices as { provider: string }[] | undefined) ?? [];
      if (prices.length === 0) return null; // bought, not rented (workstation cards): see the purchase rows
      const companies = new Set(prices.map((p) => company(p.provider)));
      return companies.size >= 3 || /fewer than three/i.test(String(r.row.notes ?? ''))
        ? null
        : `${r.where}: rented from ${[...companies].join(', ')} only, and the row does not say why`;
    };
    expect(problems(check, rows('gpus'))).toEqual([]);
  });

  it('say where every commitment price comes from: a derivation, or a note that it is the published figure', () => {
    const check = (r: Row) =>
      (r.row.reserved_1y !== undefined || r.row.reserved_3y !== undefined) &&
      r.row.derivation === undefined &&
      !/published reserved price/i.test(String(r.row.notes ?? ''))
        ? `${r.where}: a reserved price with neither a derivation nor a note that the provider publishes it`
        : null;
    expect(problems(check, gpuPrices)).toEqual([]);
  });

  it('explain every idle draw: a measured figure, with how it was taken', () => {
    const check = (r: Row) =>
      r.row.idle_watts !== undefined && !/idle/i.test(`${String(r.row.derivation ?? '')} ${String(r.row.notes ?? '')}`)
        ? `${r.where}: idle_watts ${String(r.row.idle_watts)} without a derivation or note saying how it was measured`
        : null;
    expect(problems(check, gpuOwnership)).toEqual([]);
    // …and the shipped data-centre GPUs with a published idle measurement use it.
    expect(gpuOwnership.filter((r) => r.row.idle_watts !== undefined).length).toBeGreaterThan(0);
  });

  it('name a shipped open model, spelled as in open_models, from every hosted row that says which model it serves', () => {
    const hosted = [...tables.apiModels.values()].filter((m) => m.open_model !== undefined);
    expect(hosted.length).toBeGreaterThan(10);
    expect(
      hosted.filter((m) => m.open_model!.startsWith('meta/') && !tables.openModels.has(m.open_model!)).map((m) => m.id),
    ).toEqual([]);
  });

  it('keep derived figures explained: a derived profile says how', () => {
    expect(tables.profiles.filter((p) => p.kind === 'derived' && !p.derivation).map((p) => profileKey(p))).toEqual([]);
  });
});
