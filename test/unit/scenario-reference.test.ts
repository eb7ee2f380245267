// docs/scenario.md and docs/scenario.schema.json are generated (scripts/scenario-docs.mjs): they must
// match what the code generates now, and the field table must cover the schema exactly.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonSchemaOf } from '../../src/report/schemas.js';
import { FIELD_DOCS, fieldDocKey } from '../../src/scenario/fields.js';
import { renderScenarioReference, scenarioFields } from '../../src/scenario/reference.js';
import { ROOT } from '../helpers.js';

const FIX = 'run `node scripts/scenario-docs.mjs` and commit the result';

describe('the scenario reference', () => {
  it('docs/scenario.md is what the schema and src/scenario/fields.ts generate', () => {
    expect(readFileSync(join(ROOT, 'docs', 'scenario.md'), 'utf8'), FIX).toBe(renderScenarioReference());
  });

  it('docs/scenario.schema.json is what `llmcost schema scenario` prints', () => {
    expect(readFileSync(join(ROOT, 'docs', 'scenario.schema.json'), 'utf8'), FIX).toBe(
      `${JSON.stringify(jsonSchemaOf('scenario'), null, 2)}\n`,
    );
  });

  it('documents every field of the schema, and nothing else', () => {
    const fields = scenarioFields();
    const undocumented = fields.filter((f) => !fieldDocKey(f.path)).map((f) => f.path);
    expect(undocumented, 'add these to src/scenario/fields.ts').toEqual([]);
    const used = new Set(fields.map((f) => fieldDocKey(f.path)));
    expect(
      Object.keys(FIELD_DOCS).filter((k) => !used.has(k)),
      'entries of src/scenario/fields.ts that name no field',
    ).toEqual([]);
    expect(fields.length).toBeGreaterThan(80);
  });

  it('lists the fields the README used to leave out', () => {
    const doc = renderScenarioReference();
    for (const f of [
      'self_hosted.slo',
      'self_hosted.autoscaling',
      'self_hosted.reserved_replicas',
      'workload.traffic',
      'discounts',
      'api.price_change_per_year',
      'api.flex_share',
      'api.priority_share',
      'workload.cache_write_share',
      'workload.reasoning_tokens',
    ]) {
      expect(doc).toContain(`| \`${f}\` |`);
    }
  });
});
