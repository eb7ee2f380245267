// The stages of src/ read left to right, and a module imports only from its own stage or one to its
// left (type imports and dynamic imports count). docs/architecture.md says what each stage is.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

/** The shared kernel: every stage may import these; they import only each other. */
const SHARED = ['errors', 'suggest', 'money', 'fastDecimal', 'random', 'version', 'schema-helpers', 'vocabulary'];

/** The stages, left to right. */
const LAYERS = [
  'input',
  'pricing',
  'tokens',
  'capacity',
  'scenario',
  'report',
  'engine',
  'resolve',
  'uncertainty',
  'budget',
  'pipeline',
  'format',
  'cli',
  'index',
];

const SRC = join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The stage of a file: its first folder under src/, or its own name for files at the top. */
function stageOf(file: string): string {
  const parts = relative(SRC, file).split(sep);
  return parts.length > 1 ? parts[0]! : parts[0]!.replace(/\.ts$/, '');
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\b[^'"]*?\sfrom\s+['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

interface Edge {
  from: string;
  to: string;
  file: string;
  spec: string;
}

function edges(): Edge[] {
  const out: Edge[] = [];
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = (m[1] ?? m[2])!;
      const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
      const from = stageOf(file);
      const to = stageOf(target);
      if (from !== to) out.push({ from, to, file: relative(ROOT, file), spec });
    }
  }
  return out;
}

const rank = (stage: string): number => (SHARED.includes(stage) ? -1 : LAYERS.indexOf(stage));

describe('layers', () => {
  const all = edges();

  it('sees the imports between stages (a check that the checker reads the sources)', () => {
    expect(all.length).toBeGreaterThan(100);
    expect(all.some((e) => e.from === 'cli' && e.to === 'pipeline')).toBe(true);
  });

  it('knows every stage of src/', () => {
    const unknown = [...new Set(sourceFiles(SRC).map(stageOf))].filter(
      (s) => !SHARED.includes(s) && !LAYERS.includes(s),
    );
    expect(unknown).toEqual([]);
  });

  it('the shared kernel imports nothing but itself', () => {
    const bad = all
      .filter((e) => SHARED.includes(e.from) && !SHARED.includes(e.to))
      .map((e) => `${e.file} -> ${e.spec}`);
    expect(bad).toEqual([]);
  });

  it('every import points to the same stage or one to its left', () => {
    const bad = all
      .filter((e) => !SHARED.includes(e.to) && rank(e.to) > rank(e.from))
      .map((e) => `${e.file} (${e.from}) -> ${e.spec} (${e.to})`);
    expect(bad).toEqual([]);
  });

  it('so the folder-level import graph has no cycle', () => {
    const graph = new Map<string, Set<string>>();
    for (const e of all) graph.set(e.from, (graph.get(e.from) ?? new Set()).add(e.to));
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (n: string, path: string[]) => {
      if (state.get(n) === 'done') return;
      if (state.get(n) === 'open') {
        cycles.push([...path.slice(path.indexOf(n)), n].join(' -> '));
        return;
      }
      state.set(n, 'open');
      for (const m of graph.get(n) ?? []) visit(m, [...path, n]);
      state.set(n, 'done');
    };
    for (const n of graph.keys()) visit(n, []);
    expect(cycles).toEqual([]);
  });

  it('finds imports of every form (a check that the checker sees them)', () => {
    const forms = [
      "import type { A } from '../x/a.js';",
      "export { b } from '../y/b.js';",
      "const m = await import('../z/c.js');",
    ].join('\n');
    expect([...forms.matchAll(IMPORT)].map((m) => m[1] ?? m[2])).toEqual(['../x/a.js', '../y/b.js', '../z/c.js']);
  });
});
