// Docs that match the code start with references that resolve: every relative link in README.md and
// docs/*.md (with its #anchor, when it names a heading), every `docs/...` path mentioned in src/,
// scenarios/ and docs/, and every bare `*.md` a user-facing file names.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p, ext) : ext.test(n) ? [p] : [];
  });
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

function anchors(md: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of md.split('\n')) {
    if (/^```/.test(line)) fenced = !fenced;
    const h = !fenced && /^#{1,6} (.+)$/.exec(line);
    if (!h) continue;
    const s = slug(h[1]!);
    const n = seen.get(s) ?? 0;
    out.add(n ? `${s}-${n}` : s);
    seen.set(s, n + 1);
  }
  return out;
}

/** Markdown without its fenced code blocks and inline code spans (which quote, not link). */
const prose = (md: string) => md.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');

const markdown = [join(ROOT, 'README.md'), ...files(join(ROOT, 'docs'), /\.md$/)];
const mentioning = [...files(join(ROOT, 'src'), /\.ts$/), ...files(join(ROOT, 'scenarios'), /\.ya?ml$/), ...markdown];

describe('links and references', () => {
  it.each(markdown.map((f) => [relative(ROOT, f), f]))('every relative link in %s resolves', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const broken: string[] = [];
    for (const m of prose(text).matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1]!;
      if (/^[a-z]+:/i.test(target)) continue; // http(s), mailto
      const [path, anchor] = target.split('#') as [string, string | undefined];
      const resolved = path ? join(dirname(file), path) : file;
      if (!existsSync(resolved)) {
        broken.push(target);
        continue;
      }
      if (anchor && /\.md$/.test(resolved) && !anchors(readFileSync(resolved, 'utf8')).has(anchor))
        broken.push(`${target} (no such heading)`);
    }
    expect(broken).toEqual([]);
  });

  it.each(mentioning.map((f) => [relative(ROOT, f), f]))('every docs/ path %s mentions exists', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const missing = [...new Set([...text.matchAll(/(?<![\w/.-])docs\/[\w./-]*\w/g)].map((m) => m[0]))].filter(
      (p) => !existsSync(join(ROOT, p)),
    );
    expect(missing).toEqual([]);
  });

  it.each(
    [join(ROOT, 'README.md'), ...files(join(ROOT, 'docs'), /\.md$/), ...files(join(ROOT, 'scenarios'), /\.ya?ml$/)].map(
      (f) => [relative(ROOT, f), f],
    ),
  )('every *.md file %s names is in the repository', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const names = [...new Set([...text.matchAll(/(?<![\w/.-])([\w-]+\.md)\b/g)].map((m) => m[1]!))];
    const missing = names.filter(
      (n) => !existsSync(join(dirname(file), n)) && !existsSync(join(ROOT, 'docs', n)) && !existsSync(join(ROOT, n)),
    );
    expect(missing).toEqual([]);
  });

  it('finds the references it checks (the checker is not vacuous)', () => {
    expect(anchors('# A `b` c\n## How the numbers are made\n## x\n## x').has('how-the-numbers-are-made')).toBe(true);
    expect(anchors('## x\n## x').has('x-1')).toBe(true);
    const all = mentioning.map((f) => readFileSync(f, 'utf8')).join('\n');
    expect([...all.matchAll(/(?<![\w/.-])docs\/[\w./-]*\w/g)].length).toBeGreaterThan(30);
  });
});
