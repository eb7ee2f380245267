// YAML in, validated typed data out — with every problem placed at its file, line and column.
// Safety: YAML 1.2 core schema only (no tags that build objects), duplicate keys refused, alias
// expansion bounded, and keys that could reach Object.prototype refused before anything is built.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type * as z from 'zod/mini';
import { InputError, formatPath, type InputErrorDetails } from '../errors.js';
import { didYouMean } from '../suggest.js';

/** Aliases a document may expand; far above any honest scenario, far below a billion laughs. */
export const MAX_ALIAS_COUNT = 100;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface ParsedYaml {
  doc: Document.Parsed;
  lines: LineCounter;
  data: unknown;
  file: string;
}

export function parseYaml(text: string, file: string): ParsedYaml {
  if (text.trim() === '' || /^(\s*#.*\n?)*\s*$/.test(text)) {
    throw new InputError({ code: 'E_EMPTY', file, line: 1, col: 1, message: 'the file is empty', expected: 'a YAML mapping with `version: 1`' });
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, schema: 'core', strict: true, version: '1.2' });
  const err = doc.errors[0];
  if (err) {
    const pos = lines.linePos(err.pos[0]);
    const duplicate = err.code === 'DUPLICATE_KEY';
    throw new InputError({
      code: duplicate ? 'E_YAML_DUPLICATE_KEY' : 'E_YAML_SYNTAX',
      file,
      line: pos.line,
      col: pos.col,
      message: duplicate ? 'a key appears twice in the same mapping' : `YAML syntax error: ${firstLine(err.message)}`,
      expected: duplicate ? 'each key once' : undefined,
    });
  }
  const warning = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED') ?? doc.warnings[0];
  if (warning) {
    const pos = lines.linePos(warning.pos[0]);
    throw new InputError({ code: 'E_YAML_TAG', file, line: pos.line, col: pos.col, message: firstLine(warning.message), expected: 'plain YAML values without tags' });
  }
  rejectForbiddenKeys(doc.contents, lines, file, []);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    throw new InputError({
      code: 'E_YAML_ALIAS',
      file,
      message: `alias expansion refused (${firstLine(e instanceof Error ? e.message : String(e))})`,
      expected: `at most ${MAX_ALIAS_COUNT} alias expansions`,
    });
  }
  return { doc, lines, data, file };
}

function rejectForbiddenKeys(node: unknown, lines: LineCounter, file: string, path: Array<string | number>): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (FORBIDDEN_KEYS.has(key)) {
        const pos = isScalar(pair.key) && pair.key.range ? lines.linePos(pair.key.range[0]) : undefined;
        throw new InputError({ code: 'E_UNKNOWN_KEY', file, line: pos?.line, col: pos?.col, field: formatPath([...path, key]), message: `the key '${key}' is not allowed`, expected: 'a key of the format' });
      }
      rejectForbiddenKeys(pair.value, lines, file, [...path, key]);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => rejectForbiddenKeys(item, lines, file, [...path, i]));
  }
}

/** Line and column of the node at `path` (of its key, when `atKey`), or of the deepest ancestor found. */
export function positionOf(parsed: ParsedYaml, path: ReadonlyArray<PropertyKey>, atKey = false): { line?: number; col?: number } {
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
  const errors = result.error.issues.map((issue) => issueToError(issue, schema, parsed));
  // A typo shows up twice — an unknown key and a missing field — and the unknown key, with its
  // "did you mean", is the useful half. Otherwise the first problem in file order.
  const rank = (e: InputErrorDetails) => (e.code === 'E_UNKNOWN_KEY' ? 0 : 1);
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
      return {
        ...base,
        ...positionOf(parsed, path, missing),
        code: missing ? 'E_MISSING_FIELD' : 'E_TYPE',
        field: formatPath(path),
        message: missing ? 'is required' : `got ${describeValue(issue.input)}`,
        expected: typeof issue.input === 'number' && issue.expected === 'number' ? 'a finite number' : describeExpected(issue.expected),
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
        message: issue.origin === 'array' ? `has ${Array.isArray(issue.input) ? issue.input.length : '?'} items` : `got ${describeValue(issue.input)}`,
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
    case 'invalid_union':
    case 'custom':
    default: {
      const custom = parseCustomMessage(issue.message);
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
  const def = n._zod.def as { type: string; innerType?: z.core.$ZodType; options?: z.core.$ZodType[]; in?: z.core.$ZodType };
  if (def.innerType) return unwrap(def.innerType);
  if (def.type === 'pipe' && def.in) return unwrap(def.in);
  if (def.type === 'union' && def.options) return def.options.flatMap(unwrap);
  return [n];
}

export function childSchemas(n: z.core.$ZodType, seg: string | number): z.core.$ZodType[] {
  const out: z.core.$ZodType[] = [];
  for (const u of unwrap(n)) {
    const def = u._zod.def as { type: string; shape?: Record<string, z.core.$ZodType>; element?: z.core.$ZodType; valueType?: z.core.$ZodType };
    if (def.type === 'object' && def.shape && typeof seg === 'string' && def.shape[seg]) out.push(def.shape[seg]);
    if (def.type === 'array' && def.element && typeof seg === 'number') out.push(def.element);
    if (def.type === 'record' && def.valueType) out.push(def.valueType);
  }
  return out;
}
