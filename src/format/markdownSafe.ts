// Text from a file (a scenario name, a path, a field value) placed into Markdown that GitHub renders
// in a pull-request comment: it must read the same and do nothing. Two layers, because GitHub links
// at two levels:
// - the Markdown parser (cmark-gfm with autolinks; markdown-it with linkify in the tests): every ASCII
//   punctuation character is backslash-escaped (CommonMark shows an escaped one literally), so no
//   emphasis, link, image, HTML, table break, heading or list can open, and a URL, a `www.` host or
//   an e-mail address is split at its `:`, `.` and `@` and never matches an autolink rule;
// - GitHub's HTML filters, which run on the rendered text (an escaped `@octocat` renders as
//   "@octocat" and would still ping): a WORD JOINER (U+2060, invisible, no width) after `@`, before
//   the digits of `#123` / `GH-123` references, after the `:` of `scheme://` and after `www`, so no
//   mention, issue reference or URL is recognised in the rendered text either.
// Line breaks and other control characters become spaces: a newline would end a table row.

const WORD_JOINER = '\u2060';

/** CommonMark's ASCII punctuation: each one may be backslash-escaped. */
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/g;

// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** Where GitHub's rendered-text filters would see a mention, a reference or a link: before escaping. */
const FILTER_BREAKS: ReadonlyArray<[RegExp, string]> = [
  [/@/g, `@${WORD_JOINER}`],
  [/#(?=[0-9A-Za-z])/g, `#${WORD_JOINER}`],
  [/\b(GH)-(?=\d)/gi, `$1${WORD_JOINER}-`],
  [/:(?=\/\/)/g, `:${WORD_JOINER}`],
  [/\b(www)(?=\.)/gi, `$1${WORD_JOINER}`],
];

/** Inline Markdown text that renders as `text` (controls as spaces) and never links or mentions. */
export function safeMarkdownText(text: string): string {
  let s = text.replace(CONTROLS, ' ');
  for (const [re, to] of FILTER_BREAKS) s = s.replace(re, to);
  return s.replace(ASCII_PUNCTUATION, (c) => `\\${c}`);
}

/** What a reader sees (and copies) from `safeMarkdownText(text)`: the text without the joiners. */
export function visibleText(rendered: string): string {
  return rendered.replaceAll(WORD_JOINER, '');
}
