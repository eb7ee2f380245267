import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compare, compareText, InputError } from '../../src/index.js';
import { VERSION } from '../../src/version.js';
import { ROOT } from '../helpers.js';

describe('the library entry', () => {
  it('compares a scenario file like the CLI does', () => {
    const r = compare(join(ROOT, 'scenarios/saas-support.yaml'));
    expect(r.strategies.map((s) => s.id)).toEqual(['api', 'self_hosted', 'hybrid', 'api_same_model']);
    expect(r.recommendation?.strategy).toBeDefined();
  });
  it('throws typed input errors', () => {
    expect(() => compareText('version: 1\nname: x\n')).toThrow(InputError);
  });
  it('keeps VERSION in step with package.json', () => {
    expect(VERSION).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });
});

describe('the package', () => {
  it('imports by its own name, with type declarations built', async () => {
    const { spawnSync } = await import('node:child_process');
    const { existsSync } = await import('node:fs');
    const r = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import { compare } from 'llmcost'; console.log(compare('scenarios/internal-rag.yaml').recommendation.strategy)",
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('api');
    expect(existsSync(join(ROOT, 'dist/types/index.d.ts'))).toBe(true);
  });
});
