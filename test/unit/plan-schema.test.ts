// The scenario's `plan:` block: every mistake is one line naming the file, line and field (exit 2).
import { describe, expect, it } from 'vitest';
import { isInputError } from '../../src/errors.js';
import { parseScenarioText } from '../../src/scenario/load.js';

const BASE = `version: 1
name: t
horizon_months: 12
workload: { requests_per_day: 1000, input_tokens: 100, output_tokens: 100 }
api: { model: openai/gpt-4o }
self_hosted: { model: meta/llama-3.1-8b-instruct, gpu: h100-80gb, provider: aws }
`;

function errorOf(plan: string): string {
  try {
    parseScenarioText(`${BASE}${plan}`, 'plan.yaml');
  } catch (e) {
    if (isInputError(e)) return e.message;
    throw e;
  }
  throw new Error('no error');
}

describe('plan: block', () => {
  it('accepts a valid block and fills its defaults', () => {
    const s = parseScenarioText(
      `${BASE}plan:\n  switches:\n    - { from: api, to: self_hosted }\n`,
      'plan.yaml',
    ).scenario;
    expect(s.plan).toEqual({
      switches: [{ from: 'api', to: 'self_hosted', one_time: 0, lead_months: 0, once: false }],
      min_months_between_switches: 1,
    });
  });

  it('names a misspelt strategy with its line and a suggestion', () => {
    const msg = errorOf('plan:\n  start: api\n  switches:\n    - { from: api, to: self_hostd }\n');
    expect(msg).toBe(
      "plan.yaml:10:24: plan.switches[0].to: got 'self_hostd'; " +
        "expected one of api, self_hosted, hybrid, api_same_model; did you mean 'self_hosted'?",
    );
  });

  it('refuses a strategy the scenario does not compute', () => {
    const msg = errorOf('plan:\n  start: hybrid\n  switches:\n    - { from: api, to: self_hosted }\n');
    expect(msg).toMatch(/^plan\.yaml:8:10: plan\.start: 'hybrid' is not computed by this scenario /);
    expect(msg).toContain('; expected a strategy this scenario computes (api, self_hosted)');
  });

  it('refuses a lead that leaves no month to switch in', () => {
    const msg = errorOf('plan:\n  switches:\n    - { from: api, to: self_hosted, lead_months: 12 }\n');
    expect(msg).toMatch(/^plan\.yaml:9:\d+: plan\.switches\[0\]\.lead_months: got 12, .*; expected at most 11 /);
  });

  it('refuses a switch to itself and a repeated pair', () => {
    expect(errorOf('plan:\n  switches:\n    - { from: api, to: api }\n')).toMatch(
      /plan\.switches\[0\]\.to: switches from 'api' to itself/,
    );
    const twice =
      'plan:\n  switches:\n    - { from: api, to: self_hosted }\n    - { from: api, to: self_hosted, one_time: 5 }\n';
    expect(errorOf(twice)).toMatch(
      /^plan\.yaml:10:\d+: plan\.switches\[1\]\.to: a second switch from 'api' to 'self_hosted'/,
    );
  });

  it('refuses unknown keys and a gap of zero', () => {
    expect(errorOf('plan:\n  switches:\n    - { from: api, to: self_hosted, lead: 2 }\n')).toMatch(
      /unknown key 'lead'.*did you mean 'lead_months'\?/,
    );
    expect(
      errorOf('plan:\n  min_months_between_switches: 0\n  switches:\n    - { from: api, to: self_hosted }\n'),
    ).toMatch(/min_months_between_switches: got 0; expected at least 1/);
  });
});
