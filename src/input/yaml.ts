// YAML in, validated typed data out — with every problem placed at its file, line and column.
// Safety: YAML 1.2 core schema only (no tags that build objects), duplicate keys refused, alias
// expansion bounded, and keys that could reach Object.prototype refused before anything is built.
import {
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type Document,
  type Node,
} from 'yaml';
import type * as z from 'zod/mini';
import { InputError, formatPath, type InputErrorDetails } from '../errors.js';
import { didYouMean } from '../suggest.js';

/** Aliases a document may expand; far above any honest scenario, far below a billion laughs. */
export const MAX_ALIAS_COUNT = 100;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** YAML 1.1's merge key; YAML 1.2 reads `<<` as an ordinary key, which would only be "unknown". */
const MERGE_KEY = '<<';
/**
 * The only explicit tags accepted: the YAML 1.2 core schema's own, which build nothing but strings,
 * numbers, booleans, null, mappings and lists. The yaml package also knows !!binary, !!set, !!omap,
 * !!pairs and !!timestamp even under the core schema; they build objects, so they are refused.
 */
const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

export interface ParsedYaml {
  doc: Document.Parsed;
  lines: LineCounter;
  data: unknown;
  file: string;
  /**
   * A view of one part of a larger file (a portfolio's class priced as a one-class scenario): paths
   * that start with `from` are read at `to` instead (['workload'] → ['workloads', 1]), so every
   * position and field name still points at the line the user wrote. First match wins.
   */
  aliases?: ReadonlyArray<{ from: readonly PropertyKey[]; to: readonly PropertyKey[] }> | undefined;
}

/** The path as written in the file: `path` with the view's first matching alias applied. */
export function aliasPath<P extends PropertyKey>(parsed: ParsedYaml, path: readonly P[]): P[] {
  for (const a of parsed.aliases ?? []) {
    if (a.from.length <= path.length && a.from.every((seg, i) => path[i] === seg))
      return [...(a.to as readonly P[]), ...path.slice(a.from.length)];
  }
  return [...path];
}

export function parseYaml(text: string, file: string): ParsedYaml {
  if (text.trim() === '' || /^(\s*#.*\n?)*\s*$/.test(text)) {
    throw new InputError({
      code: 'E_EMPTY',
      file,
      line: 1,
      col: 1,
      message: 'the file is empty',
      expected: 'a YAML mapping with `version: 1`',
    });
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    uniqueKeys: true,
    prettyErrors: false,
    schema: 'core',
    strict: true,
    version: '1.2',
  });
  const err = doc.errors[0];
  if (err) {
    const pos = lines.linePos(err.pos[0]);
    if (err.code === 'DUPLICATE_KEY') throw duplicateKeyError(text, err.pos[0], file, pos);
    // The yaml parser recurses once per nesting level; past what the stack holds it reports that.
    const tooDeep = /call stack/i.test(err.message);
    throw new InputError({
      code: 'E_YAML_SYNTAX',
      file,
      line: pos.line,
      col: pos.col,
      message: tooDeep ? 'the document is nested too deeply to read' : `YAML syntax error: ${firstLine(err.message)}`,
      expected: tooDeep ? 'at most a few hundred levels of nesting' : undefined,
    });
  }
  const warning = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED') ?? doc.warnings[0];
  if (warning) {
    const pos = lines.linePos(warning.pos[0]);
    const unresolved = /^Unresolved tag: (\S+)/.exec(warning.message);
    const message = unresolved ? `the tag '${shortTag(unresolved[1]!)}' is not allowed` : firstLine(warning.message);
    throw new InputError({
      code: 'E_YAML_TAG',
      file,
      line: pos.line,
      col: pos.col,
      message,
      expected: 'plain YAML values without tags',
    });
  }
  rejectForbiddenKeys(doc.contents, lines, file, []);
  rejectObjectTags(doc, lines, file);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    throw new InputError({
      code: 'E_YAML_ALIAS',
      file,
      ...firstAliasPosition(doc, lines),
      message: `alias expansion refused (${firstLine(e instanceof Error ? e.message : String(e))})`,
      expected: `at most ${MAX_ALIAS_COUNT} alias expansions`,
    });
  }
  return { doc, lines, data, file };
}

/** A duplicate key, named with its path and the line of its first occurrence. */
function duplicateKeyError(text: string, offset: number, file: string, pos: { line: number; col: number }): InputError {
  // Parse again allowing duplicates, only to find which mapping the repeated key sits in.
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, schema: 'core', version: '1.2' });
  let found: { path: Array<string | number>; key: string; first?: number } | undefined;
  const walk = (node: unknown, path: Array<string | number>): void => {
    if (found) return;
    if (isMap(node)) {
      const seen = new Map<string, number>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const start = isNodeWithRange(pair.key) ? (pair.key.range?.[0] ?? -1) : -1;
        if (start === offset && seen.has(key)) {
          found = { path: [...path, key], key, first: seen.get(key) };
          return;
        }
        if (!seen.has(key) && start >= 0) seen.set(key, lines.linePos(start).line);
        walk(pair.value, [...path, key]);
      }
    } else if (isSeq(node)) node.items.forEach((item, i) => walk(item, [...path, i]));
  };
  walk(doc.contents, []);
  return new InputError({
    code: 'E_YAML_DUPLICATE_KEY',
    file,
    line: pos.line,
    col: pos.col,
    field: found ? formatPath(found.path) : undefined,
    message: found
      ? `the key '${found.key}' appears twice in the same mapping${found.first ? ` (first at line ${found.first})` : ''}`
      : 'a key appears twice in the same mapping',
    expected: 'each key once',
  });
}

function rejectObjectTags(doc: Document.Parsed, lines: LineCounter, file: string): void {
  visit(doc, (_key, node) => {
    if ((isScalar(node) || isCollection(node)) && node.tag && !CORE_TAGS.has(node.tag)) {
      const pos = node.range ? lines.linePos(node.range[0]) : undefined;
      throw new InputError({
        code: 'E_YAML_TAG',
        file,
        line: pos?.line,
        col: pos?.col,
        message: `the tag '${shortTag(node.tag)}' is not allowed`,
        expected: 'plain YAML values without tags',
      });
    }
  });
}

function shortTag(tag: string): string {
  return tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
}

function firstAliasPosition(doc: Document.Parsed, lines: LineCounter): { line?: number; col?: number } {
  let pos: { line?: number; col?: number } = {};
  visit(doc, {
    Alias(_key, node) {
      if (node.range) pos = lines.linePos(node.range[0]);
      return visit.BREAK;
    },
  });
  return pos;
}

function rejectForbiddenKeys(node: unknown, lines: LineCounter, file: string, path: Array<string | number>): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (pair.key !== null && !isScalar(pair.key)) {
        // A list or mapping as a key (`? [a, b]`) means nothing here, and turning it into a JS key
        // would make the yaml package print a warning of its own.
        const pos = isNodeWithRange(pair.key) && pair.key.range ? lines.linePos(pair.key.range[0]) : undefined;
        throw new InputError({
          code: 'E_UNKNOWN_KEY',
          file,
          line: pos?.line,
          col: pos?.col,
          field: path.length ? formatPath(path) : undefined,
          message: 'a key is a list or mapping',
          expected: 'plain keys (words such as `name`)',
        });
      }
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (key === MERGE_KEY) {
        const pos = isScalar(pair.key) && pair.key.range ? lines.linePos(pair.key.range[0]) : undefined;
        throw new InputError({
          code: 'E_UNKNOWN_KEY',
          file,
          line: pos?.line,
          col: pos?.col,
          field: formatPath([...path, key]),
          message: "merge keys ('<<') are not supported: YAML 1.2, which llmcost reads, has none",
          expected: 'the keys written out (an alias such as `*base` may still stand for a whole value)',
        });
      }
      if (FORBIDDEN_KEYS.has(key)) {
        const pos = isScalar(pair.key) && pair.key.range ? lines.linePos(pair.key.range[0]) : undefined;
        throw new InputError({
          code: 'E_UNKNOWN_KEY',
          file,
          line: pos?.line,
          col: pos?.col,
          field: formatPath([...path, key]),
          message: `the key '${key}' is not allowed`,
          expected: 'a key of the format',
        });
      }
      rejectForbiddenKeys(pair.value, lines, file, [...path, key]);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => rejectForbiddenKeys(item, lines, file, [...path, i]));
  }
}

/** Line and column of the node at `path` (of its key, when `atKey`), or of the deepest ancestor found. */
export function positionOf(
  parsed: ParsedYaml,
  path: ReadonlyArray<PropertyKey>,
  atKey = false,
): { line?: number; col?: number } {
  if (parsed.aliases) path = aliasPath(parsed, path);
  let node: unknown = parsed.doc.contents;
  let best: Node | undefined = isNodeWithRange(node) ? node : undefined;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      const last = i === path.length - 1;
      if (last && atKey && isNodeWithRange(pair.key)) {
        best = pair.key;
        break;
      }
      node = pair.value;
      if (isNodeWithRange(node)) best = node;
      else if (isNodeWithRange(pair.key)) best = pair.key;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      if (!isNodeWithRange(node)) break;
      best = node;
    } else break;
  }
  if (!best?.range) return {};
  const pos = parsed.lines.linePos(best.range[0]);
  return { line: pos.line, col: pos.col };
}

function isNodeWithRange(n: unknown): n is Node {
  return typeof n === 'object' && n !== null && 'range' in n && Array.isArray((n as Node).range);
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}

/** Validate parsed YAML against a zod schema; the first problem (in file order) becomes an InputError. */
export function validate<S extends z.ZodMiniType>(schema: S, parsed: ParsedYaml): z.infer<S> {
  const result = schema.safeParse(parsed.data, { reportInput: true });
  if (result.success) return result.data as z.infer<S>;
  const issues = result.error.issues;
  // A rule on a mapping (a sum of shares above 1) often only echoes a field of it that is itself out
  // of range: the field's own error, at its own line, is the one to print.
  const own = issues.filter(
    (i) =>
      !(
        i.code === 'custom' &&
        issues.some((j) => j !== i && j.path.length > i.path.length && i.path.every((seg, k) => j.path[k] === seg))
      ),
  );
  const errors = own.map((issue) => issueToError(issue, schema, parsed));
  // File order, except that a missing field comes after everything else: it is placed at its parent
  // and is often the echo of a misspelt key further down, which is the more useful line to print.
  const rank = (e: InputErrorDetails) => (e.code === 'E_MISSING_FIELD' ? 1 : 0);
  errors.sort((a, b) => rank(a) - rank(b) || (a.line ?? 1e9) - (b.line ?? 1e9) || (a.col ?? 0) - (b.col ?? 0));
  throw new InputError(errors[0]!);
}

type Issue = z.core.$ZodIssue;

function issueToError(issue: Issue, schema: z.ZodMiniType, parsed: ParsedYaml): InputErrorDetails {
  const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
  const base = { file: parsed.file };
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0] ?? '';
      const allowed = objectKeysAt(schema, path, parsed.data);
      return {
        ...base,
        ...positionOf(parsed, [...path, key], true),
        code: 'E_UNKNOWN_KEY',
        field: formatPath([...path, key]),
        message: `unknown key '${key}'`,
        expected: allowed.length ? `one of ${allowed.join(', ')}` : undefined,
        suggestion: didYouMean(key, allowed),
      };
    }
    case 'invalid_type': {
      const missing = issue.input === undefined;
      if (issue.expected === 'number' || issue.expected === 'int') {
        const text = numericText(parsed, path, issue.input);
        if (text) return { ...base, ...positionOf(parsed, path), code: 'E_TYPE', field: formatPath(path), ...text };
      }
      if (typeof issue.input === 'number' && !Number.isFinite(issue.input)) {
        return {
          ...base,
          ...positionOf(parsed, path),
          code: 'E_RANGE',
          field: formatPath(path),
          message: `got ${sourceText(parsed, path, issue.input)}`,
          expected: 'a finite number',
        };
      }
      return {
        ...base,
        ...positionOf(parsed, path, missing),
        code: missing ? 'E_MISSING_FIELD' : 'E_TYPE',
        field: formatPath(path),
        message: missing ? 'is required' : `got ${sourceText(parsed, path, issue.input)}`,
        expected: describeExpected(issue.expected),
      };
    }
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const bound = small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum;
      const inclusive = issue.inclusive !== false;
      const what = issue.origin === 'array' ? 'items' : issue.origin === 'string' ? 'characters' : '';
      const rel = small ? (inclusive ? 'at least' : 'greater than') : inclusive ? 'at most' : 'less than';
      return {
        ...base,
        ...positionOf(parsed, path),
        code: 'E_RANGE',
        field: formatPath(path),
        message:
          issue.origin === 'array'
            ? `has ${Array.isArray(issue.input) ? issue.input.length : '?'} items`
            : `got ${sourceText(parsed, path, issue.input)}`,
        expected: `${rel} ${String(bound)}${what ? ` ${what}` : ''}`,
      };
    }
    case 'invalid_value': {
      const values = issue.values.map(String);
      return {
        ...base,
        ...positionOf(parsed, path),
        code: 'E_INVALID',
        field: formatPath(path),
        message: `got ${describeValue(issue.input)}`,
        expected: values.length === 1 ? String(values[0]) : `one of ${values.join(', ')}`,
        suggestion: typeof issue.input === 'string' ? didYouMean(issue.input, values) : undefined,
      };
    }
    default: {
      const custom = parseCustomMessage(issue.message);
      // A required field that may take several forms (a number or a `sample:`) is still just missing.
      if (issue.code === 'invalid_union' && issue.input === undefined && !hasKey(parsed.data, path)) {
        return {
          ...base,
          ...positionOf(parsed, path, true),
          code: 'E_MISSING_FIELD',
          field: formatPath(path),
          message: 'is required',
          expected: custom.expected,
        };
      }
      // The value has the type of one of the forms (a number for `input_tokens: 5 | { sample }`): that
      // form's own complaint ("got -5; expected at least 0") says more than "neither form".
      if (
        issue.code === 'invalid_union' &&
        issue.errors.some(
          (errs) => errs[0]?.code === 'invalid_type' && errs[0].expected === 'number' && errs[0].path.length === 0,
        )
      ) {
        const text = numericText(parsed, path, issue.input);
        if (text) return { ...base, ...positionOf(parsed, path), code: 'E_TYPE', field: formatPath(path), ...text };
      }
      if (issue.code === 'invalid_union') {
        const first = (errs: readonly Issue[]) => errs[0];
        const branch = issue.errors.find((errs) => {
          const e = first(errs);
          if (!e) return false;
          if (e.code !== 'invalid_type' || e.path.length > 0) return true;
          return typeof issue.input === 'number' && e.expected === 'number'; // NaN, Infinity: the number form's complaint
        });
        if (branch)
          return issueToError({ ...branch[0]!, path: [...issue.path, ...branch[0]!.path] } as Issue, schema, parsed);
      }
      return {
        ...base,
        ...positionOf(parsed, path),
        code: custom.code ?? (issue.code === 'invalid_union' ? 'E_TYPE' : 'E_INVALID'),
        field: formatPath(path),
        message: custom.message ?? (issue.input === undefined ? 'is required' : `got ${describeValue(issue.input)}`),
        expected: custom.expected,
      };
    }
  }
}

/**
 * Refinements carry their own wording as "message|expected" (or "CODE:message|expected") so that the
 * one-line error stays specific without a second error mechanism.
 */
function parseCustomMessage(text: string): { code?: InputErrorDetails['code']; message?: string; expected?: string } {
  if (!text || text.startsWith('Invalid')) {
    const m = /expected (.*)$/.exec(text);
    return m ? { expected: m[1] } : {};
  }
  let rest = text;
  let code: InputErrorDetails['code'] | undefined;
  const m = /^(E_[A-Z_0-9]+):(.*)$/.exec(text);
  if (m) {
    code = m[1] as InputErrorDetails['code'];
    rest = m[2]!;
  }
  const [message, expected] = rest.split('|');
  return { code, message: message?.trim() || undefined, expected: expected?.trim() || undefined };
}

/**
 * A number written as text: `"1200"` (quoted) or `1,200` (a separator YAML does not read as a
 * number). The message quotes it as written and says how to write the number.
 */
function numericText(
  parsed: ParsedYaml,
  path: ReadonlyArray<string | number>,
  value: unknown,
): { message: string; expected: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const node = nodeAt(parsed, path);
  const quoted = isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
  const written = isScalar(node) && typeof node.source === 'string' && node.source.length <= 40 ? node.source : value;
  const shown = quoted ? (node.type === 'QUOTE_DOUBLE' ? `"${written}"` : `'${written}'`) : written;
  const t = value.trim();
  if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) {
    return { message: `got ${shown}, which the quotes make text`, expected: `a number: write ${t} without quotes` };
  }
  if (/^[-+]?\d{1,3}([,_ ]\d{3})+(\.\d+)?$/.test(t)) {
    return {
      message: `got ${quoted ? shown : `'${shown}'`}, which the thousands separators make text`,
      expected: `a number: write ${t.replace(/[,_ ]/g, '')}`,
    };
  }
  return undefined;
}

/**
 * A scalar as the user wrote it (`1e30`, `.inf`), not as JavaScript prints the parsed number
 * (`1e+30`, `Infinity`); other values as describeValue says them.
 */
function sourceText(parsed: ParsedYaml, path: ReadonlyArray<string | number>, value: unknown): string {
  if (typeof value === 'number') {
    const node = nodeAt(parsed, path);
    if (isScalar(node) && typeof node.source === 'string' && node.source.length <= 40) return node.source;
  }
  return describeValue(value);
}

function nodeAt(parsed: ParsedYaml, path: ReadonlyArray<string | number>): unknown {
  let node: unknown = parsed.doc.contents;
  for (const seg of path) {
    if (isMap(node)) node = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg))?.value;
    else if (isSeq(node) && typeof seg === 'number') node = node.items[seg];
    else return undefined;
    if (isAlias(node)) return undefined;
  }
  return node;
}

export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `'${v.length > 40 ? `${v.slice(0, 40)}…` : v}'`;
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  return String(v);
}

function describeExpected(expected: string): string {
  switch (expected) {
    case 'object':
      return 'a mapping';
    case 'array':
      return 'a list';
    case 'int':
      return 'a whole number';
    default:
      return `a ${expected}`;
  }
}

/** Keys a strict object accepts at `path` (unwrapping optional/default/union), for suggestions. */
function objectKeysAt(schema: z.ZodMiniType, path: ReadonlyArray<string | number>, data: unknown): string[] {
  let nodes: z.core.$ZodType[] = [schema as unknown as z.core.$ZodType];
  let value: unknown = data;
  for (const seg of path) {
    nodes = nodes.flatMap((n) => childSchemas(n, seg));
    value = value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[seg] : undefined;
  }
  const keys = new Set<string>();
  for (const n of nodes.flatMap(unwrap)) {
    const def = n._zod.def as { type: string; shape?: Record<string, unknown> };
    if (def.type === 'object' && def.shape) for (const k of Object.keys(def.shape)) keys.add(k);
  }
  return [...keys].sort();
}

export function unwrap(n: z.core.$ZodType): z.core.$ZodType[] {
  const def = n._zod.def as {
    type: string;
    innerType?: z.core.$ZodType;
    options?: z.core.$ZodType[];
    in?: z.core.$ZodType;
  };
  if (def.innerType) return unwrap(def.innerType);
  if (def.type === 'pipe' && def.in) return unwrap(def.in);
  if (def.type === 'union' && def.options) return def.options.flatMap(unwrap);
  return [n];
}

export function childSchemas(n: z.core.$ZodType, seg: string | number): z.core.$ZodType[] {
  const out: z.core.$ZodType[] = [];
  for (const u of unwrap(n)) {
    const def = u._zod.def as {
      type: string;
      shape?: Record<string, z.core.$ZodType>;
      element?: z.core.$ZodType;
      valueType?: z.core.$ZodType;
    };
    if (def.type === 'object' && def.shape && typeof seg === 'string' && def.shape[seg]) out.push(def.shape[seg]);
    if (def.type === 'array' && def.element && typeof seg === 'number') out.push(def.element);
    if (def.type === 'record' && def.valueType) out.push(def.valueType);
  }
  return out;
}

/** Whether the parsed document has a key at `path` (a key written with no value still counts). */
function hasKey(data: unknown, path: ReadonlyArray<string | number>): boolean {
  let node: unknown = data;
  for (const seg of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, seg)) return false;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return true;
}
