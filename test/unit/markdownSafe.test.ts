// safeMarkdownText: text from a file renders as itself and never as a link, an image, HTML or a
// mention. Rendered with markdown-it with linkify on (which links more than GitHub does: bare
// domains such as `report.md` too), in every place the PR comment puts user text.
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { safeMarkdownText, visibleText } from '../../src/format/markdownSafe.js';

const gfm = new MarkdownIt({ html: true, linkify: true });

/** The contexts of the comment: a paragraph, a heading, a list item, a table cell. */
function renderings(safe: string): string[] {
  return [
    gfm.render(safe),
    gfm.render(`### ${safe}`),
    gfm.render(`- ${safe}`),
    gfm.render(`| a | b |\n| --- | --- |\n| ${safe} | x |\n`),
  ];
}

const decode = (html: string) =>
  html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** The text of the first paragraph, as a reader sees it. */
function paragraphText(safe: string): string {
  const html = gfm.render(safe).trim();
  expect(html.startsWith('<p>') && html.endsWith('</p>'), html).toBe(true);
  return visibleText(decode(html.slice(3, -4)));
}

// What GitHub's rendered-text filters look for: @mentions (a login after a non-word character),
// issue references (#123, GH-123) and URLs.
const MENTION = /(?:^|\W)@[a-z0-9][a-z0-9-]*/i;
const REFERENCE = /(?:^|\W)(?:#\d|GH-\d)/i;
const URL = /[a-z][a-z0-9+.-]*:\/\/|www\./i;

const HOSTILE = [
  'See https://evil.example/login now',
  'www.evil.example',
  'mail ceo@evil.example',
  'cc @octocat and @github/security',
  'fixes #12 and GH-34, owner/repo#5',
  '[click](https://evil.example) ![x](https://evil.example/a.png)',
  '<img src=x onerror=alert(1)> <a href="https://e.example">a</a> &amp; &#64;',
  '**bold** _it_ ~~s~~ `code` $x$ | cell | break',
  '# heading\n- list\n1. one\r\n> quote',
  'report.md and scenarios/saas-support.yaml',
  'ftp://files.example/x mailto:a@b.example //localhost/x',
  'name\u0000with\u0007controls\u2028and\u2029separators\u007f',
];

describe('safeMarkdownText', () => {
  it('hostile names render as their own text, with no link, image, HTML or mention', () => {
    for (const text of HOSTILE) {
      const safe = safeMarkdownText(text);
      for (const html of renderings(safe)) {
        expect(html, text).not.toMatch(/<a |<img|<script|<em>|<strong>|<code>|<s>|<h[1-6]>.*<h|<ol|<ul>.*<ul/);
        // The filters see the rendered text with its joiners (they are characters, only invisible).
        const text_ = decode(html.replace(/<[^>]+>/g, ''));
        expect(text_, text).not.toMatch(MENTION);
        expect(text_, text).not.toMatch(REFERENCE);
        expect(text_, text).not.toMatch(URL);
      }
      // Nothing is lost: the reader sees the text (controls as spaces).
      expect(paragraphText(safe), text).toBe(text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ').trim());
    }
  });

  it('is a no-op on letters, digits and spaces, and deterministic', () => {
    expect(safeMarkdownText('saas support 2026')).toBe('saas support 2026');
    expect(safeMarkdownText('a.b')).toBe('a\\.b');
    expect(safeMarkdownText('@x')).toBe('\\@\u2060x');
  });

  it('any string: no link or image in any context, and the visible text is the input', () => {
    const chars = fc.constantFrom(
      ...'abcw.:/@#-_*[]()<>!|`~$&\\ \n1GHhttps'.split(''),
      'www.',
      'http://',
      '@octo',
      '#1',
      'GH-2',
      'x.com',
    );
    fc.assert(
      fc.property(
        fc.array(chars, { maxLength: 24 }).map((a) => a.join('')),
        (text) => {
          const safe = safeMarkdownText(text);
          for (const html of renderings(safe)) expect(html).not.toMatch(/<a |<img/);
          if (text.trim() !== '') expect(paragraphText(safe)).toBe(text.replace(/\n/g, ' ').trim());
        },
      ),
      { numRuns: 400, seed: 23 },
    );
  });
});
