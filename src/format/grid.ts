// Text tables: a header, a rule of dashes under it, columns two spaces apart, each left- or
// right-aligned; lines end without trailing spaces. The same in a terminal, a CI log and a golden file.
//
// Written here rather than drawn with cli-table3 (which rendered it until 0.1): its layout checks every
// cell against the cells above it for row spans, so a 1,000-scenario summary took 2.4 s of a 8 s run,
// and loading it was a tenth of a cold `compare`. These tables need no spans, borders or wrapping.
// test/unit/grid.test.ts holds the output to cli-table3's, character for character, on random tables.

export type Align = 'left' | 'right';

const GAP = '  ';

export function grid(header: string[], rows: string[][], align: Align[]): string {
  const columns = Math.max(header.length, ...rows.map((r) => r.length));
  const all = [header, ...rows].map((row) => Array.from({ length: columns }, (_, c) => (row[c] ?? '').split('\n')));
  // At least one column wide, and the rule only between a header and rows: as cli-table3 drew them.
  const widths = Array.from({ length: columns }, (_, c) =>
    Math.max(1, ...all.map((row) => Math.max(...row[c]!.map(displayWidth)))),
  );
  const out: string[] = [];
  all.forEach((row, r) => {
    const height = Math.max(...row.map((cell) => cell.length));
    for (let line = 0; line < height; line++) {
      out.push(
        row
          .map((cell, c) => pad(cell[line] ?? '', widths[c]!, align[c] ?? 'left'))
          .join(GAP)
          .trimEnd(),
      );
    }
    if (r === 0 && rows.length > 0)
      out.push(
        widths
          .map((w) => '-'.repeat(w))
          .join(GAP)
          .trimEnd(),
      );
  });
  return out.join('\n');
}

function pad(text: string, width: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

// ANSI escape sequences (colour and the like) take no columns.
const ANSI =
  /[\u001B\u009B][[\]()#;?]*(?:(?:(?:[a-zA-Z\d]*(?:;[-a-zA-Z\d/#&.:=?%@~_]*)*)?\u0007)|(?:(?:\d{1,4}(?:;\d{0,4})*)?[\dA-PR-TZcf-ntqry=><~]))/g;
// An emoji (drawn as a picture: by default, or asked for with U+FE0F), with whatever joins or modifies
// it, a flag or a keycap draws two columns wide. Symbols such as © or ↔ without U+FE0F draw as text.
const EMOJI =
  /\p{Regional_Indicator}{2}|[#*0-9]\uFE0F?\u20E3|(?:\p{Emoji_Presentation}|\p{Emoji_Modifier_Base}|\p{Extended_Pictographic}\uFE0F)(?:\p{Emoji_Modifier}|\u200D(?:\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F?))*/gu;
const PLAIN = /^[\x20-\x7E]*$/;

/** Terminal columns a string takes: East Asian wide characters 2, controls and combining marks 0. */
export function displayWidth(text: string): number {
  if (PLAIN.test(text)) return text.length;
  const s = text.replace(ANSI, '').replace(EMOJI, '  ');
  let width = 0;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (code <= 0x1f || (code >= 0x7f && code <= 0x9f) || (code >= 0x300 && code <= 0x36f)) continue;
    width += isWide(code) ? 2 : 1;
  }
  return width;
}

/** Wide and fullwidth ranges of Unicode's EastAsianWidth.txt (as terminals draw them). */
const WIDE: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f],
  [0x2329, 0x232a],
  [0x2e80, 0x303e],
  [0x3040, 0x3247],
  [0x3250, 0x4dbf],
  [0x4e00, 0xa4c6],
  [0xa960, 0xa97c],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6b],
  [0xff01, 0xff60],
  [0xffe0, 0xffe6],
  [0x1b000, 0x1b001],
  [0x1f200, 0x1f251],
  [0x20000, 0x3fffd],
];

function isWide(code: number): boolean {
  for (const [lo, hi] of WIDE) if (code >= lo && code <= hi) return true;
  return false;
}
