import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compare, compareText, InputError } from '../../src/index.js';
import { VERSION } from '../../src/version.js';
import { ROOT } from '../helpers.js';

describe('the library entry', () => {
  it('compares a scenario file like the CLI does', () => {
    const r = compare(join(ROOT, 'scenarios/saas-support.yaml'));
    expect(r.strategies.map((s) => s.id)).toEqual(['api', 'self_hosted', 'hybrid']);
    expect(r.recommendation?.strategy).toBeDefined();
  });
  it('throws typed input errors', () => {
    expect(() => compareText('version: 1\nname: x\n')).toThrow(InputError);
  });
  it('keeps VERSION in step with package.json', () => {
    expect(VERSION).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });
});
