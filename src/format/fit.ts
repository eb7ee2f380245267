// Text output made to fit a terminal of a given width, after it is formatted (so every formatter
// keeps producing the same unwrapped text for pipes and files):
// - a prose line that is too long wraps at spaces, its continuation lines indented under its text
//   (two more than the line's own indent, which puts them under the words of a "- " bullet);
// - a table (a header line over a line of dash runs) that is too wide becomes a stacked layout: one
//   block per row, its first cell as the block's title and each other column as "header: value";
// - chart lines (box-drawing and braille characters) are left alone: charts are drawn to the width.
// Pure: text and width in, text out. ANSI colour sequences count as zero width and are never split.

const ANSI = /\u001b\[[0-9;]*m/g;
const CHART = /[\u2500-\u257f\u2580-\u259f\u2800-\u28ff]/;

export function visibleLength(s: string): number {
  return [...s.replace(ANSI, '')].length;
}

/** Column spans of a dash rule such as `-----------  ----------  ---`. */
function ruleSpans(line: string): Array<[number, number]> | null {
  const plain = line.replace(ANSI, '');
  if (!/^\s*-+( {2,}-+)+\s*$/.test(plain)) return null;
  return [...plain.matchAll(/-+/g)].map((m) => [m.index, m.index + m[0].length]);
}

/** Whether a line lays its cells out in the table's columns (spaces in every gap between them). */
function fitsColumns(line: string, spans: ReadonlyArray<[number, number]>): boolean {
  const plain = line.replace(ANSI, '');
  if (plain.trim() === '') return false;
  for (let k = 0; k + 1 < spans.length; k++) {
    const gap = plain.slice(spans[k]![1], spans[k + 1]![0]);
    if (gap.length > 0 && gap.trim() !== '') return false;
  }
  return true;
}

function cellsOf(line: string, spans: ReadonlyArray<[number, number]>): string[] {
  const plain = line.replace(ANSI, '');
  return spans.map(([, end], k) =>
    plain.slice(k === 0 ? 0 : spans[k - 1]![1], k === spans.length - 1 ? undefined : end).trim(),
  );
}

/** One block per row: the first cell, then `header: value` for the others, values aligned. */
function stacked(
  header: string,
  rows: readonly string[],
  spans: ReadonlyArray<[number, number]>,
  width: number,
): string[] {
  const heads = cellsOf(header, spans);
  const labelW = Math.max(...heads.slice(1).map((h) => h.length)) + 1;
  const out: string[] = [];
  rows.forEach((row, i) => {
    const cells = cellsOf(row, spans);
    if (i > 0) out.push('');
    out.push(`${heads[0] ? `${heads[0]}: ` : ''}${cells[0]}`);
    for (let k = 1; k < cells.length; k++)
      if (cells[k]) out.push(...wrapLine(`  ${`${heads[k]}:`.padEnd(labelW)} ${cells[k]}`, width));
  });
  return out;
}

/** Word-wrap one line to `width`, continuation lines indented two more than the line itself. */
export function wrapLine(line: string, width: number): string[] {
  if (visibleLength(line) <= width || CHART.test(line)) return [line];
  const indent = /^ */.exec(line)![0];
  const hang = `${indent}  `;
  const words = line.slice(indent.length).split(/ +/);
  const out: string[] = [];
  let current = indent;
  let currentLen = indent.length;
  let empty = true;
  const room = (prefix: number) => Math.max(1, width - prefix);
  for (let word of words) {
    let len = visibleLength(word);
    if (!empty && currentLen + 1 + len > width) {
      out.push(current);
      current = hang;
      currentLen = hang.length;
      empty = true;
    }
    // A word longer than a whole line is cut (only plain text: colour codes are never split).
    while (len > room(currentLen) && !word.includes('\u001b')) {
      const take = room(currentLen) - (empty ? 0 : 1);
      if (take <= 0) break;
      out.push(`${current}${empty ? '' : ' '}${word.slice(0, take)}`);
      word = word.slice(take);
      len = word.length;
      current = hang;
      currentLen = hang.length;
      empty = true;
    }
    current += `${empty ? '' : ' '}${word}`;
    currentLen += (empty ? 0 : 1) + len;
    empty = false;
  }
  out.push(current);
  return out;
}

export function fitText(text: string, width: number): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const spans = i + 1 < lines.length ? ruleSpans(lines[i + 1]!) : null;
    if (spans && lines[i]!.trim() !== '' && fitsColumns(lines[i]!, spans)) {
      let end = i + 2;
      while (end < lines.length && fitsColumns(lines[end]!, spans) && !ruleSpans(lines[end]!)) end++;
      const block = lines.slice(i, end);
      if (Math.max(...block.map(visibleLength)) > width)
        out.push(...stacked(lines[i]!, lines.slice(i + 2, end), spans, width));
      else out.push(...block);
      i = end - 1;
      continue;
    }
    out.push(...wrapLine(lines[i]!, width));
  }
  return out.join('\n');
}
