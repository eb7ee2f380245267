// The built bundle, spawned as users run it (npm test builds first): the start-up fast paths and the
// pricing snapshot must not change what the CLI prints or the exit codes CI relies on.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pricingFilesIn, shippedPricingDir } from '../../src/pricing/load.js';
import { readPricingSnapshot, snapshotPathFor } from '../../src/pricing/snapshot.js';
import { VERSION } from '../../src/version.js';
import { ROOT } from '../helpers.js';

function llmcost(...args: string[]) {
  return llmcostEnv({ NO_COLOR: '1' }, ...args);
}

function llmcostEnv(env: Record<string, string>, ...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/llmcost.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...env },
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the built CLI', () => {
  it('has a fresh pricing snapshot beside the bundle', () => {
    expect(existsSync(join(ROOT, 'dist/pricing.json'))).toBe(true);
    const dir = shippedPricingDir();
    expect(readPricingSnapshot(snapshotPathFor(dir), pricingFilesIn(dir))).not.toBeNull();
  });

  it('loads the bundle with the code cache the build made (V8 accepts it)', () => {
    expect(existsSync(join(ROOT, 'dist/llmcost.cache'))).toBe(true);
    const probe =
      "const l = require('./dist/cli.cjs'); const { script } = l.loadBundle(l.readCodeCache()); process.stdout.write(String(script.cachedDataRejected));";
    const r = spawnSync(process.execPath, ['-e', probe], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('false');
  });

  it('runs the same without the code cache (another Node or flags make V8 reject it)', () => {
    const probe =
      "const l = require('./dist/cli.cjs'); const { entry, script } = l.loadBundle(Buffer.from('not a cache')); process.stdout.write(String(script.cachedDataRejected) + ' ' + typeof entry.run);";
    const r = spawnSync(process.execPath, ['-e', probe], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stdout).toBe('true function');
  });

  it('says how to build when dist/ is missing, exit 3', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'llmcost-unbuilt-'));
    try {
      cpSync(join(ROOT, 'bin'), join(tmp, 'bin'), { recursive: true });
      const r = spawnSync(process.execPath, [join(tmp, 'bin/llmcost.js'), 'compare', 'x.yaml'], { encoding: 'utf8' });
      expect(r.status).toBe(3);
      expect(r.stderr).toBe('llmcost: not built yet: run `npm ci` (or `npm run build`) in the llmcost folder first\n');
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('prints the version on the fast path, exit 0', () => {
    for (const flag of ['--version', '-V']) {
      expect(llmcost(flag)).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    }
  });

  it('still parses --version among other arguments through commander', () => {
    expect(llmcost('--debug', '--version')).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('prints help, exit 0, from the saved text exactly as commander renders it', () => {
    const r = llmcost('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: llmcost \[options\] \[command\]/);
    expect(r.stdout).toMatch(/compare/);
    expect(r.stdout).toBe(readFileSync(join(ROOT, 'dist/help.txt'), 'utf8'));
    // With another argument the fast path steps aside and commander renders the help itself.
    expect(llmcost('--debug', '--help')).toEqual(r);
    expect(llmcost('-h')).toEqual(r);
  });

  it('compares the example, exit 0, the same with the snapshot as from the YAML', () => {
    // An override file sends loading down the YAML path; an empty one changes no row.
    const tmp = mkdtempSync(join(tmpdir(), 'llmcost-cli-'));
    try {
      const empty = join(tmp, 'empty.yaml');
      writeFileSync(empty, 'version: 1\n');
      for (const extra of [[], ['--format', 'json'], ['--monthly', '--explain']]) {
        const fast = llmcost('compare', 'scenarios/saas-support.yaml', ...extra);
        const slow = llmcost('compare', 'scenarios/saas-support.yaml', ...extra, '--pricing', empty);
        expect(fast.code).toBe(0);
        expect(fast.stderr).not.toMatch(/error/i); // at most the pricing-age warning
        expect(fast.stderr).toBe(slow.stderr);
        // The only difference allowed: the report lists the (empty) override among the pricing files.
        if (fast.stdout.startsWith('{'))
          expect(JSON.parse(fast.stdout)).toEqual(JSON.parse(withoutOverride(slow.stdout, empty)));
        else expect(fast.stdout).toBe(withoutOverride(slow.stdout, empty));
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('exits 2 with one line for a missing scenario and for an unknown option', () => {
    const missing = llmcost('compare', 'no-such-file.yaml');
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/no-such-file\.yaml: no such file/);
    expect(llmcost('compare', 'scenarios/saas-support.yaml', '--no-such-flag').code).toBe(2);
  });

  it('writes --out atomically from the bundle (the CommonJS dependencies load inside ESM)', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'llmcost-cli-'));
    try {
      const out = join(tmp, 'r.json');
      expect(llmcost('compare', 'scenarios/saas-support.yaml', '--format', 'json', '--out', out).code).toBe(0);
      expect(JSON.parse(readFileSync(out, 'utf8')).scenario).toBe('SaaS customer support assistant');
      // chalk (ESM) loads from its own chunk when colour is asked for.
      expect(llmcostEnv({}, 'compare', 'scenarios/saas-support.yaml', '--color').stdout).toContain('\u001b[');
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

function withoutOverride(out: string, file: string): string {
  if (out.startsWith('{')) {
    const j = JSON.parse(out) as { pricing_files?: Array<{ file: string }> };
    j.pricing_files = j.pricing_files?.filter((f) => f.file !== file);
    return `${JSON.stringify(j, null, 2)}\n`;
  }
  return out.replace(`; ${file} (no rows)`, '');
}
