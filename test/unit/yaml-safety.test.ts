// YAML safety beyond the catalogue rows: what a hostile file could try, each refused with one line.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { parseYaml } from '../../src/input/yaml.js';
import { parseScenarioText } from '../../src/scenario/load.js';

const errorOf = (f: () => unknown): InputError => {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('no error');
};
const BASE =
  'version: 1\nname: x\nworkload: { requests_per_day: 1, input_tokens: 1, output_tokens: 1 }\napi: { model: m }\n';

describe('hostile YAML', () => {
  it('refuses nesting deeper than the parser can hold, as an input error', () => {
    const e = errorOf(() => parseYaml(`version: 1\nname: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`, 'deep.yaml'));
    expect(e.code).toBe('E_YAML_SYNTAX');
    expect(e.message).toMatch(
      /^deep\.yaml:2:\d+: the document is nested too deeply to read; expected at most a few hundred levels of nesting$/,
    );
  });

  it('refuses a mapping or list used as a key (and prints no warning of its own)', () => {
    const e = errorOf(() => parseYaml('version: 1\n? [a, b]\n: c\n', 'k.yaml'));
    expect(e.message).toBe('k.yaml:2:3: a key is a list or mapping; expected plain keys (words such as `name`)');
  });

  it.each(['__proto__', 'constructor', 'prototype'])(
    'refuses the key %s at any depth, before building objects',
    (key) => {
      const e = errorOf(() =>
        parseYaml(`version: 1\nworkload:\n  growth:\n    ${key}: { polluted: true }\n`, 'p.yaml'),
      );
      expect(e.message).toBe(
        `p.yaml:4:5: workload.growth.${key}: the key '${key}' is not allowed; expected a key of the format`,
      );
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  it.each([
    '!!binary aGk=',
    '!!set { a }',
    '!!omap [ { a: 1 } ]',
    '!!pairs [ { a: 1 } ]',
    '!!timestamp 2026-01-01',
    '!custom x',
    '!<tag:example.com,2000:app/x> y',
  ])('refuses the tag in `%s`', (value) => {
    expect(errorOf(() => parseYaml(`version: 1\nname: ${value}\n`, 't.yaml')).code).toBe('E_YAML_TAG');
  });

  it.each(['!!str 1', '!!int 2', '!!float 2.5', '!!bool true', '!!null ~'])('accepts the core tag in `%s`', (value) => {
    expect(() => parseYaml(`version: 1\nname: ${value}\n`, 't.yaml')).not.toThrow();
  });

  it('bounds alias expansion', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      levels.push(
        `l${i}: &l${i} [${Array(10)
          .fill(i === 1 ? '*a' : `*l${i - 1}`)
          .join(', ')}]`,
      );
    const e = errorOf(() => parseYaml(`version: 1\n${levels.join('\n')}\n`, 'bomb.yaml'));
    expect(e.code).toBe('E_YAML_ALIAS');
  });

  it('refuses more than 200 overheads, which would each be a line item in every month', () => {
    const rows = Array.from({ length: 201 }, (_, i) => `  - { name: o${i}, monthly: 1 }`).join('\n');
    const e = errorOf(() => parseScenarioText(`${BASE}overheads:\n${rows}\n`, 'o.yaml'));
    expect(e.message).toBe('o.yaml:6:3: overheads: has 201 items; expected at most 200 items');
  });

  it('refuses control characters in free text, and escapes them in messages', () => {
    expect(errorOf(() => parseScenarioText(BASE.replace('name: x', 'name: "x\\e[2J"'), 'c.yaml')).message).toBe(
      'c.yaml:2:7: name: contains a control character; expected text without control characters (newlines, carriage returns and tabs are fine)',
    );
    const e = errorOf(() => parseScenarioText(`${BASE}"k\\e[31m\\u2028": 1\n`, 'c.yaml'));
    expect(e.message).toContain("unknown key 'k\\u001b[31m\\u2028'");
    expect(e.message).not.toMatch(/[\u0000-\u001f\u2028]/);
  });

  it('keeps multi-line descriptions', () => {
    expect(parseScenarioText(`${BASE}description: |\n  line one\n  line two\n`, 'd.yaml').scenario.description).toBe(
      'line one\nline two\n',
    );
  });
});
