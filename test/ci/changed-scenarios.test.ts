// scripts/ci/changed-scenarios.mjs on a throwaway repository with a base and a head commit.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changedScenarios, globToRegExp, splitGlobs } from '../../scripts/ci/changed-scenarios.mjs';
import { ROOT } from '../helpers.js';
import { tempDir } from '../cli/run.js';
import { TestRepo } from './repo.js';

const SCRIPT = join(ROOT, 'scripts', 'ci', 'changed-scenarios.mjs');

function repoWithChange() {
  const repo = new TestRepo();
  repo.write({
    'scenarios/a.yaml': 'a: 1\n',
    'scenarios/b.yaml': 'b: 1\n',
    'scenarios/c.yaml': 'c: 1\n',
    'scenarios/team/n.yaml': 'n: 1\n',
    'prices/extra.yaml': 'p: 1\n',
    'README.md': 'readme\n',
  });
  const base = repo.commit('base');
  repo.git('checkout', '-q', '-b', 'feature');
  repo.write({
    'scenarios/a.yaml': 'a: 2\n', // modified
    'scenarios/b.yaml': null, // deleted
    'scenarios/d.yaml': 'd: 1\n', // added
    'scenarios/team/n.yaml': 'n: 2\n', // nested, modified
    'README.md': 'readme 2\n', // not a scenario
  });
  repo.git('mv', 'scenarios/c.yaml', 'scenarios/e.yaml'); // a rename: deleted + added
  const head = repo.commit('head');
  return { repo, base, head };
}

describe('changed-scenarios', () => {
  it('lists added, modified and deleted scenarios (a rename as both), and nothing else', () => {
    const { repo, base, head } = repoWithChange();
    const r = changedScenarios({
      cwd: repo.dir,
      base,
      head,
      scenarios: ['scenarios/**/*.yaml'],
      pricing: ['prices/*.yaml'],
    });
    expect(r.pricing_changed).toBe(false);
    expect(r.base).toBe(base);
    expect(r.files).toEqual([
      { path: 'scenarios/a.yaml', status: 'modified' },
      { path: 'scenarios/b.yaml', status: 'deleted' },
      { path: 'scenarios/c.yaml', status: 'deleted' },
      { path: 'scenarios/d.yaml', status: 'added' },
      { path: 'scenarios/e.yaml', status: 'added' },
      { path: 'scenarios/team/n.yaml', status: 'modified' },
    ]);
    // A single-level glob leaves the nested folder out.
    expect(
      changedScenarios({ cwd: repo.dir, base, head, scenarios: ['scenarios/*.yaml'] }).files.map((f) => f.path),
    ).not.toContain('scenarios/team/n.yaml');
  });

  it('every scenario when a pricing file changed (new ones as added, deleted ones still listed)', () => {
    const { repo, base } = repoWithChange();
    repo.write({ 'prices/extra.yaml': 'p: 2\n' });
    const head = repo.commit('pricing');
    const r = changedScenarios({
      cwd: repo.dir,
      base,
      head,
      scenarios: ['scenarios/**/*.yaml'],
      pricing: ['prices/*.yaml'],
    });
    expect(r.pricing_changed).toBe(true);
    expect(r.pricing_files).toEqual(['prices/extra.yaml']);
    expect(r.files.map((f) => `${f.status} ${f.path}`)).toEqual([
      'modified scenarios/a.yaml',
      'deleted scenarios/b.yaml',
      'deleted scenarios/c.yaml',
      'added scenarios/d.yaml',
      'added scenarios/e.yaml',
      'modified scenarios/team/n.yaml',
    ]);
  });

  it("compares with the merge base: the base branch's own later changes are not the pull request's", () => {
    const { repo, head } = repoWithChange();
    repo.git('checkout', '-q', 'main');
    repo.write({ 'scenarios/a.yaml': 'a: main moved on\n', 'scenarios/z.yaml': 'z: 1\n' });
    const mainTip = repo.commit('main moves on');
    const r = changedScenarios({ cwd: repo.dir, base: mainTip, head, scenarios: ['scenarios/**/*.yaml'] });
    expect(r.base).not.toBe(mainTip);
    expect(r.files.map((f) => f.path)).not.toContain('scenarios/z.yaml');
    expect(r.files).toContainEqual({ path: 'scenarios/a.yaml', status: 'modified' });
  });

  it('as a command: the files the action reads, and exit 2 on a bad revision', () => {
    const { repo, base, head } = repoWithChange();
    const out = tempDir();
    const r = spawnSync(
      process.execPath,
      [
        SCRIPT,
        '--base',
        base,
        '--head',
        head,
        '--scenarios',
        'scenarios/*.yaml\nscenarios/team/*.yaml',
        '--out-dir',
        out,
      ],
      { cwd: repo.dir, encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('changed-scenarios: 6 scenario file(s): 2 modified, 2 added, 2 deleted\n');
    expect(readFileSync(join(out, 'files.txt'), 'utf8')).toBe(
      ['a', 'b', 'c', 'd', 'e', 'team/n'].map((f) => `scenarios/${f}.yaml\n`).join(''),
    );
    expect(readFileSync(join(out, 'head.txt'), 'utf8')).toBe(
      'scenarios/a.yaml\nscenarios/d.yaml\nscenarios/e.yaml\nscenarios/team/n.yaml\n',
    );
    expect(readFileSync(join(out, 'base.txt'), 'utf8')).toBe(`${base}\n`);
    const bad = spawnSync(
      process.execPath,
      [SCRIPT, '--base', 'no-such-ref', '--head', head, '--scenarios', '*.yaml', '--out-dir', out],
      { cwd: repo.dir, encoding: 'utf8' },
    );
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^changed-scenarios: git failed: /);
  });

  it('globs: *, **, ?, {a,b}; lists split on newlines, spaces and commas', () => {
    expect(globToRegExp('scenarios/*.yaml').test('scenarios/a.yaml')).toBe(true);
    expect(globToRegExp('scenarios/*.yaml').test('scenarios/x/a.yaml')).toBe(false);
    expect(globToRegExp('**/*.yaml').test('a.yaml')).toBe(true);
    expect(globToRegExp('**/*.yaml').test('x/y/a.yaml')).toBe(true);
    expect(globToRegExp('s/*.{yaml,yml}').test('s/a.yml')).toBe(true);
    expect(globToRegExp('s/?.yaml').test('s/ab.yaml')).toBe(false);
    expect(globToRegExp('a.yaml').test('axyaml')).toBe(false);
    expect(splitGlobs('a/*.yaml\n ./b/*.yaml, c.yaml')).toEqual(['a/*.yaml', 'b/*.yaml', 'c.yaml']);
  });
});
