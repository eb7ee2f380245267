// Mutations of valid input files, the way a hurried human or a broken tool would damage them: bytes
// flipped, spans deleted, lines duplicated, keys deleted or misspelt, values of the wrong type or of
// absurd size. All randomness comes from one seeded generator, so a case is reproduced by its seed.
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

/** Values that have broken parsers before: extremes, specials, wrong types, prototype keys. */
const EXTREMES: readonly unknown[] = [
  0,
  -0,
  -1,
  1,
  0.5,
  1.5,
  2,
  -1e-9,
  1e-300,
  5e-324,
  1e15,
  1e15 + 1,
  1e16,
  1e21,
  1e30,
  1e300,
  1.7976931348623157e308,
  Number.MAX_SAFE_INTEGER,
  2 ** 53 + 1,
  '.nan',
  '.inf',
  '-.inf',
  'NaN',
  'Infinity',
  '1e30',
  '0x10',
  '0o17',
  '1_000',
  '',
  ' ',
  'null',
  '~',
  'true',
  'yes',
  'no',
  null,
  true,
  false,
  [],
  {},
  [1, 2, 3],
  { a: 1 },
  'x'.repeat(5000),
  '__proto__',
  'constructor',
  '2026-02-30',
  '9999-99-99',
  'openai/gpt-4o',
  'h100-80gb',
  'on_demand',
  'aws',
  'meta/llama-3.1-8b-instruct',
];
const KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'version',
  'name',
  'id',
  'curve',
  'monthly_rate',
  'gpu',
  'model',
  'prices',
  'x',
  '',
];

interface Slot {
  parent: Node;
  key: string | number;
}

function slots(node: unknown, out: Slot[] = []): Slot[] {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (isScalar(pair.key)) out.push({ parent: node, key: String(pair.key.value) });
      slots(pair.value, out);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      out.push({ parent: node, key: i });
      slots(item, out);
    });
  }
  return out;
}

/** A structural mutation, or undefined when the text does not parse into a tree to mutate. */
/** Parsed originals, cloned for each case: parsing the same file thousands of times is most of the cost. */
const parsedOnce = new Map<string, Document.Parsed>();

function mutateTree(text: string, r: Rand): string | undefined {
  let original = parsedOnce.get(text);
  if (!original) {
    original = parseDocument(text, { uniqueKeys: false });
    parsedOnce.set(text, original);
  }
  if (original.errors.length) return undefined;
  const doc = original.clone();
  const all = slots(doc.contents);
  if (all.length === 0) return undefined;
  const count = int(r, 1, 3);
  for (let k = 0; k < count; k++) {
    const s = pick(r, all);
    const op = int(r, 0, 5);
    const coll = s.parent as unknown as {
      get(k: unknown, keep?: boolean): unknown;
      set(k: unknown, v: unknown): void;
      delete(k: unknown): boolean;
      has(k: unknown): boolean;
    };
    try {
      if (op === 0)
        coll.delete(s.key); // delete a key or a list item
      else if (op === 1)
        coll.set(s.key, doc.createNode(pick(r, EXTREMES))); // extreme value or wrong type
      else if (op === 2) {
        // swap the type of what is there
        const v = coll.get(s.key, true);
        const js = isScalar(v) ? v.value : undefined;
        const swapped =
          typeof js === 'number'
            ? String(js)
            : typeof js === 'string'
              ? Number.isNaN(Number(js))
                ? [js]
                : Number(js)
              : isSeq(v)
                ? { item: 1 }
                : isMap(v)
                  ? ['a']
                  : 0;
        coll.set(s.key, doc.createNode(swapped));
      } else if (op === 3 && typeof s.key === 'string' && isMap(s.parent)) {
        // rename the key: a typo, or a key that must never be accepted
        const v = coll.get(s.key, true);
        coll.delete(s.key);
        const typo = r() < 0.5 ? pick(r, KEYS) : s.key.slice(0, -1) + pick(r, ['s', '_', 'e', '']);
        coll.set(typo, v);
      } else if (op === 4) {
        // numbers scaled to the edges
        const v = coll.get(s.key, true);
        if (isScalar(v) && typeof v.value === 'number')
          coll.set(s.key, doc.createNode(v.value * pick(r, [-1, 0, 1e6, 1e12, 1e-12, 1e300, 1.0000001])));
      } else if (isSeq(s.parent)) {
        // duplicate a list item (duplicate ids in pricing tables)
        const v = coll.get(s.key, true);
        (s.parent as unknown as { add(v: unknown): void }).add(v);
      }
    } catch {
      /* an impossible edit on this node: keep the others */
    }
  }
  return doc.toString({ lineWidth: 0 });
}

function mutateText(text: string, r: Rand): Mutation {
  const op = int(r, 0, 5);
  if (op === 0) {
    // flip a few bytes to anything: the result may not be UTF-8, so it goes in as bytes
    const bytes = Buffer.from(text, 'utf8');
    for (let k = int(r, 1, 4); k > 0 && bytes.length > 0; k--) bytes[int(r, 0, bytes.length - 1)] = int(r, 0, 255);
    return { kind: 'text', text: '', bytes };
  }
  if (op === 1) {
    const start = int(r, 0, text.length);
    return { kind: 'text', text: text.slice(0, start) + text.slice(Math.min(text.length, start + int(r, 1, 80))) };
  }
  if (op === 2) return { kind: 'text', text: text.slice(0, int(r, 0, text.length)) }; // truncated
  const lines = text.split('\n');
  const i = int(r, 0, lines.length - 1);
  if (op === 3)
    lines.splice(i, 0, lines[i]!); // duplicated line (duplicate keys)
  else if (op === 4)
    lines[i] = (r() < 0.5 ? '\t' : '   ') + lines[i]!; // broken indentation
  else
    lines.splice(
      i,
      0,
      pick(r, [
        'a: &a [1, 2]',
        'b: *a',
        '? [x]\n: y',
        '!!binary aGk=',
        'k: !!set {a}',
        '%YAML 1.1',
        '---',
        '...',
        '"unterminated',
        '{',
        '- - -',
        '<<: *a',
        '__proto__: {x: 1}',
      ]),
    );
  return { kind: 'text', text: lines.join('\n') };
}

export interface Mutation {
  kind: 'tree' | 'text';
  text: string;
  /** Set when the mutation works on raw bytes, which must go through the UTF-8 check. */
  bytes?: Buffer;
}

export function mutate(text: string, r: Rand): Mutation {
  if (r() < 0.6) {
    const t = mutateTree(text, r);
    if (t !== undefined) return { kind: 'tree', text: t };
  }
  return mutateText(text, r);
}
