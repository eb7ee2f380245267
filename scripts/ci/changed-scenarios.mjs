#!/usr/bin/env node
// Which scenario files a pull request changes, for the llmcost action (action.yml).
//
//   node changed-scenarios.mjs --base SHA --head SHA --scenarios GLOBS [--pricing GLOBS] --out-dir DIR
//
// Compares HEAD with the merge base of BASE and HEAD (what the pull request itself changes, even when
// the base branch has moved on; for GitHub's merge commit that is the base commit). A scenario is
// added, modified or deleted; a rename counts as a deletion and an addition. When a file matching the
// pricing globs changed, every scenario matching the globs in HEAD is listed (modified, or added when
// the base has none), with the deleted ones. GLOBS: paths or globs (`*`, `**`, `?`, `{a,b}`),
// separated by newlines, spaces or commas.
//
// Writes into DIR: base.txt (the commit to compare against), changed.json, files.txt (every listed
// path), head.txt (those present in HEAD), pricing.txt (the pricing files present in HEAD). One path
// per line; a path containing a line break is skipped with a warning. Exit 0, or 2 on a usage or git
// error. Dependency-free: it runs before llmcost is installed.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/** A glob as a regular expression over a repository-relative path with `/` separators. */
export function globToRegExp(glob) {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) re += '\\{';
      else {
        re += `(?:${glob
          .slice(i + 1, end)
          .split(',')
          .map((p) => p.replace(/[.+^$()|[\]\\*?]/g, '\\$&'))
          .join('|')})`;
        i = end;
      }
    } else re += c.replace(/[.+^$()|[\]\\{}]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export function splitGlobs(text) {
  return (text ?? '')
    .split(/[\s,]+/)
    .map((g) => g.replace(/^\.\//, ''))
    .filter(Boolean);
}

export function matcher(globs) {
  const res = globs.map(globToRegExp);
  return (path) => res.some((r) => r.test(path));
}

function git(args, cwd) {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** `git diff --name-status -z` → [{ path, status }], renames as delete + add. */
function parseNameStatus(out) {
  const parts = out.split('\0').filter((p) => p !== '');
  const changes = [];
  for (let i = 0; i < parts.length; i += 2) {
    const code = parts[i][0];
    const status = code === 'A' ? 'added' : code === 'D' ? 'deleted' : 'modified';
    changes.push({ path: parts[i + 1], status });
  }
  return changes;
}

/** The listing, as a pure function of the repository: used by the CLI below and by the tests. */
export function changedScenarios({ cwd, base, head, scenarios, pricing = [] }) {
  let from = base;
  try {
    from = git(['merge-base', base, head], cwd).trim();
  } catch {
    // No common history fetched (a shallow clone): compare with BASE itself.
  }
  const changes = parseNameStatus(git(['diff', '--name-status', '-z', '--no-renames', from, head, '--'], cwd));
  const isScenario = matcher(scenarios);
  const isPricing = matcher(pricing);
  const tree = (rev) => git(['ls-tree', '-r', '-z', '--name-only', rev], cwd).split('\0').filter(Boolean);
  const pricingChanged = pricing.length > 0 && changes.some((c) => isPricing(c.path));
  let files;
  if (pricingChanged) {
    const before = new Set(tree(from));
    files = tree(head)
      .filter(isScenario)
      .map((path) => ({ path, status: before.has(path) ? 'modified' : 'added' }));
    files.push(...changes.filter((c) => c.status === 'deleted' && isScenario(c.path)));
  } else {
    files = changes.filter((c) => isScenario(c.path));
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const pricingFiles = pricing.length ? tree(head).filter(isPricing).sort() : [];
  return { base: from, head, pricing_changed: pricingChanged, files, pricing_files: pricingFiles };
}

function main() {
  const { values } = parseArgs({
    options: {
      base: { type: 'string' },
      head: { type: 'string' },
      scenarios: { type: 'string' },
      pricing: { type: 'string' },
      'out-dir': { type: 'string' },
    },
  });
  const { base, head, scenarios, 'out-dir': outDir } = values;
  if (!base || !head || !splitGlobs(scenarios).length || !outDir) {
    process.stderr.write(
      'changed-scenarios: usage: --base SHA --head SHA --scenarios GLOBS [--pricing GLOBS] --out-dir DIR\n',
    );
    return 2;
  }
  let result;
  try {
    result = changedScenarios({
      cwd: process.cwd(),
      base,
      head,
      scenarios: splitGlobs(scenarios),
      pricing: splitGlobs(values.pricing),
    });
  } catch (e) {
    process.stderr.write(
      `changed-scenarios: git failed: ${
        String(e.stderr || e.message)
          .trim()
          .split('\n')[0]
      }\n`,
    );
    return 2;
  }
  const safe = (p) => {
    if (!/[\r\n]/.test(p)) return true;
    process.stderr.write(`changed-scenarios: skipping a path with a line break: ${JSON.stringify(p)}\n`);
    return false;
  };
  const files = result.files.filter((f) => safe(f.path));
  const lines = (paths) => paths.map((p) => `${p}\n`).join('');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'base.txt'), `${result.base}\n`);
  writeFileSync(join(outDir, 'changed.json'), `${JSON.stringify({ ...result, files }, null, 2)}\n`);
  writeFileSync(join(outDir, 'files.txt'), lines(files.map((f) => f.path)));
  writeFileSync(join(outDir, 'head.txt'), lines(files.filter((f) => f.status !== 'deleted').map((f) => f.path)));
  writeFileSync(join(outDir, 'pricing.txt'), lines(result.pricing_files.filter(safe)));
  const n = (s) => files.filter((f) => f.status === s).length;
  process.stdout.write(
    `changed-scenarios: ${files.length} scenario file(s): ` +
      `${n('modified')} modified, ${n('added')} added, ${n('deleted')} deleted` +
      `${result.pricing_changed ? ' (a pricing file changed: every scenario)' : ''}\n`,
  );
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main();
