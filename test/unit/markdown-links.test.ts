// Markdown never links: user-supplied text (scenario names, file paths, overhead and model names
// quoted in reasons) with URLs, `www.` hosts, e-mail addresses and @mentions, rendered by markdown-it
// with linkify on (a GFM-like renderer with autolinks), produces no link, image or HTML, and the
// rendered text has no @mention, URL or issue reference for GitHub's text filters to pick up.
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { formatCheckMarkdown } from '../../src/format/check.js';
import { formatMarkdown } from '../../src/format/markdown.js';
import { visibleText } from '../../src/format/markdownSafe.js';
import { githubStepSummary } from '../../src/format/github.js';
import { collectBudgets, evaluateBudgets } from '../../src/budget/budgets.js';
import { compareEngine } from '../../src/engine/compare.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { resolveScenario } from '../../src/resolve/resolve.js';
import { simpleScenario, simpleTables } from '../helpers.js';

const gfm = new MarkdownIt({ html: true, linkify: true });
const MENTION = /(?:^|\W)@[a-z0-9][a-z0-9-]*/i;
const URL = /[a-z][a-z0-9+.-]*:\/\/|www\.|[a-z0-9.-]+@[a-z0-9-]+\.[a-z]/i;

const HOSTILE_NAMES = [
  'See https://evil.com/login now',
  'visit www.evil.com today',
  'mail ceo@evil.com',
  'cc @octocat',
  '[click](https://evil.com) <a href="https://e.com">a</a>',
];

function load(name: string) {
  const overhead = `overheads:\n  - { name: ${JSON.stringify(`${name} ops`)}, monthly: 10 }\n`;
  const yaml = simpleScenario(`budgets: { strategy: api, max_tco: 1 }\n${overhead}`).replace(
    'name: hand-checked',
    `name: ${JSON.stringify(name)}`,
  );
  const loaded = parseScenarioText(yaml, 'b.yaml');
  return { loaded, report: compareEngine(resolveScenario(loaded, simpleTables())) };
}

function expectInert(markdown: string, what: string): void {
  const html = gfm.render(markdown);
  expect(html, what).not.toMatch(/<a |<img|<script|<iframe/);
  // GitHub's text filters see the rendered text with its word joiners (invisible, but characters).
  const text = html.replace(/<[^>]+>/g, '').replace(/&amp;/g, '&');
  expect(text, what).not.toMatch(MENTION);
  expect(text, what).not.toMatch(URL);
}

describe.each(HOSTILE_NAMES)('%s', (name) => {
  const { loaded, report } = load(name);
  const file = `scenarios/${name}.yaml`;

  it('compare --format markdown (one scenario and several) links nothing', () => {
    expectInert(formatMarkdown([{ file, report }]), 'one');
    expectInert(
      formatMarkdown([
        { file, report },
        { file: `${file}2`, report },
      ]),
      'many',
    );
  });

  it('check --format markdown and the GitHub step summary link nothing', () => {
    const run = {
      checked: [{ file, report, results: evaluateBudgets(report, collectBudgets(loaded), file) }],
      failures: [],
      skipped: [],
    };
    expectInert(formatCheckMarkdown(run), 'check');
    expectInert(githubStepSummary(run), 'summary');
  });

  it('reads as the name (the text survives, only neutralised)', () => {
    const html = gfm.render(formatMarkdown([{ file, report }]));
    const text = visibleText(
      html
        .replace(/<[^>]+>/g, '')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&'),
    );
    expect(text).toContain(name);
  });
});

describe('the renderer does link the raw text (the test can fail)', () => {
  it.each(HOSTILE_NAMES.slice(0, 3))('%s', (name) => {
    expect(gfm.render(name)).toMatch(/<a /);
  });
});
