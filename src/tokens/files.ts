// Which files a `tokens` run or a scenario `sample:` reads: files, folders (recursively, text
// extensions only) and glob patterns (`*`, `?`, `**`, `[abc]`, `{a,b}`), in a stable order.
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../errors.js';

/** Extensions a folder walk picks up; named files and globs are read whatever their extension. */
export const TEXT_EXTENSIONS = new Set([
  'txt',
  'md',
  'markdown',
  'mdx',
  'rst',
  'html',
  'htm',
  'xml',
  'json',
  'jsonl',
  'ndjson',
  'csv',
  'tsv',
  'yaml',
  'yml',
  'tex',
]);

export interface FoundFile {
  /** Absolute path. */
  path: string;
  /** As shown to the user: relative to the base folder when inside it. */
  display: string;
  bytes: number;
}

export interface ExpandOptions {
  /** Folder that relative inputs are resolved against. */
  base: string;
  /** Refuse files whose real path is outside `base` (scenario samples); a path naming the flag to lift it. */
  confineTo?: { dir: string; flag: string } | undefined;
}

const GLOB_CHARS = /[*?[\]{}]/;

export function hasGlob(p: string): boolean {
  return GLOB_CHARS.test(p);
}

/** Expand inputs into files. A pattern that matches nothing, or a missing path, is an InputError. */
export function expandInputs(inputs: readonly string[], opts: ExpandOptions): FoundFile[] {
  const seen = new Map<string, FoundFile>();
  for (const input of inputs) {
    const abs = isAbsolute(input) ? input : resolve(opts.base, input);
    const found = existsAs(abs) ?? (hasGlob(input) ? 'glob' : undefined);
    if (found === undefined)
      throw new InputError({
        code: 'E_FILE_READ',
        file: input,
        message: 'no such file or folder',
        expected: 'a file, a folder or a glob pattern',
      });
    const files = found === 'dir' ? walk(abs, () => true, true) : found === 'file' ? [abs] : globFiles(abs);
    if (files.length === 0)
      throw new InputError({
        code: 'E_FILE_READ',
        file: input,
        message: found === 'dir' ? 'holds no text files' : 'matches no files',
        expected:
          found === 'dir'
            ? `files with one of the extensions ${[...TEXT_EXTENSIONS].join(', ')}`
            : 'a pattern that matches at least one file',
      });
    for (const f of files) {
      if (seen.has(f)) continue;
      if (opts.confineTo) confine(f, input, opts.confineTo);
      let bytes = 0;
      try {
        bytes = statSync(f).size;
      } catch {
        /* unreadable: the counter reports it */
      }
      seen.set(f, { path: f, display: displayPath(f, opts.base), bytes });
    }
  }
  return [...seen.values()].sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
}

function existsAs(p: string): 'file' | 'dir' | undefined {
  try {
    const st = statSync(p);
    return st.isDirectory() ? 'dir' : 'file';
  } catch {
    return undefined;
  }
}

function displayPath(abs: string, base: string): string {
  const rel = relative(base, abs);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : abs;
}

function confine(file: string, typed: string, c: { dir: string; flag: string }): void {
  let real: string;
  let root: string;
  try {
    real = realpathSync(file);
    root = realpathSync(c.dir);
  } catch {
    return; // unreadable: reported by the counter
  }
  const rel = relative(root, real);
  if (rel.startsWith('..') || isAbsolute(rel)) {
    throw new InputError({
      code: 'E_INVALID',
      file: typed,
      message: `reaches outside the scenario's folder (${real})`,
      expected: `sample files inside ${root}, or ${c.flag}`,
    });
  }
}

/** Files under `dir`, depth-first in name order; folders named with a leading dot are skipped. */
function walk(
  dir: string,
  keep: (rel: string) => boolean,
  textOnly: boolean,
  root = dir,
  out: string[] = [],
): string[] {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, keep, textOnly, root, out);
    else if (e.isFile() || e.isSymbolicLink()) {
      if (textOnly && !TEXT_EXTENSIONS.has(e.name.split('.').pop()!.toLowerCase())) continue;
      if (keep(relative(root, p).split(sep).join('/'))) out.push(p);
    }
  }
  return out;
}

/** Files matching an absolute glob: walk from the longest literal folder prefix, match the rest. */
function globFiles(absPattern: string): string[] {
  const parts = absPattern.split(/[\\/]/);
  const firstGlob = parts.findIndex((p) => hasGlob(p));
  const baseDir = parts.slice(0, firstGlob).join('/') || '/';
  const rest = parts.slice(firstGlob).join('/');
  const re = globToRegExp(rest);
  return walk(baseDir, (rel) => re.test(rel), false);
}

/** `**` any number of folders, `*` and `?` within one name, `[...]` a class, `{a,b}` alternatives. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:[^/]*/)*' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        const body = glob.slice(i + 1, end).replace(/\\/g, '\\\\');
        re += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        i = end;
      }
    } else if (c === '{') {
      const end = glob.indexOf('}', i + 1);
      if (end < 0) re += '\\{';
      else {
        re += `(?:${glob
          .slice(i + 1, end)
          .split(',')
          .map((alt) => globToRegExp(alt).source.slice(1, -1))
          .join('|')})`;
        i = end;
      }
    } else re += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
