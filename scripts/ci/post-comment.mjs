#!/usr/bin/env node
// Post the llmcost comment on the pull request through the GitHub REST API (no third-party action).
//
//   node post-comment.mjs --body FILE [--mode update|new] [--update-only]
//
// update (default): the newest comment by a bot that carries the hidden marker is edited in place,
// otherwise a comment is created (with --update-only: nothing is created, e.g. when no scenario
// changed and there is no earlier comment to correct); new: always a new comment. Reads what a
// runner sets: GITHUB_TOKEN, GITHUB_API_URL, GITHUB_REPOSITORY, GITHUB_EVENT_PATH (the pull_request
// payload), GITHUB_STEP_SUMMARY and GITHUB_OUTPUT. Not a pull request, or no permission to write (a
// pull request from a fork gets a read-only token: 403): the body goes to the job summary instead
// with a notice, and the exit is 0.
// Any other failure (a bad token, the API down) is an ::error and exit 1. The token is never printed.
// Dependency-free: Node's own fetch.
import { appendFileSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export const MARKER = '<!-- llmcost-comment -->';
const MAX_BODY = 65_536;
const PAGE = 100;
const MAX_PAGES = 50;

class ApiError extends Error {
  constructor(status, method, path, detail) {
    super(`${method} ${path}: HTTP ${status}${detail ? ` (${detail})` : ''}`);
    this.status = status;
  }
}

function client({ apiUrl, token, timeoutMs = 30_000 }) {
  const base = apiUrl.replace(/\/+$/, '');
  return async function request(method, path, body) {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${token}`,
        'x-github-api-version': '2022-11-28',
        'user-agent': 'llmcost-action',
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    if (!res.ok) {
      let detail = '';
      try {
        detail = String(JSON.parse(text).message ?? '').slice(0, 200);
      } catch {
        // Not JSON: the status says enough.
      }
      throw new ApiError(res.status, method, path, detail);
    }
    return { json: text ? JSON.parse(text) : null, link: res.headers.get('link') ?? '' };
  };
}

/** The newest comment with the marker written by a bot (the action's token posts as one). */
async function findOwnComment(request, repo, number) {
  let found = null;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { json, link } = await request(
      'GET',
      `/repos/${repo}/issues/${number}/comments?per_page=${PAGE}&page=${page}`,
    );
    for (const c of json ?? [])
      if (typeof c.body === 'string' && c.body.includes(MARKER) && c.user?.type === 'Bot') found = c;
    if (!/rel="next"/.test(link) || (json ?? []).length < PAGE) break;
  }
  return found;
}

/**
 * Post or update; returns what happened: { action: 'created' | 'updated' | 'skipped' | 'summary', url?, reason? }.
 * `env` is the runner's environment; `log` receives workflow-command lines.
 */
export async function postComment({
  body,
  mode = 'update',
  updateOnly = false,
  env,
  log = (l) => process.stdout.write(`${l}\n`),
}) {
  if (!body.includes(MARKER)) throw new Error('the comment body has no llmcost marker');
  if (body.length > MAX_BODY)
    throw new Error(`the comment body has ${body.length} characters; GitHub takes ${MAX_BODY} at most`);
  const fallback = (reason) => {
    if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `${body}\n`);
    log(`::notice title=llmcost comment not posted::${reason}; the comment is in the job summary instead`);
    return { action: 'summary', reason };
  };
  let event = {};
  try {
    event = env.GITHUB_EVENT_PATH ? JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) : {};
  } catch {
    // No readable event: treated as "not a pull request" below.
  }
  const number = event.pull_request?.number;
  if (!Number.isInteger(number)) return fallback('not a pull_request event');
  const repo = env.GITHUB_REPOSITORY ?? '';
  if (!/^[\w.-]+\/[\w.-]+$/.test(repo)) throw new Error(`GITHUB_REPOSITORY '${repo}' is not owner/name`);
  if (!env.GITHUB_TOKEN) return fallback('no GITHUB_TOKEN');
  const request = client({ apiUrl: env.GITHUB_API_URL || 'https://api.github.com', token: env.GITHUB_TOKEN });
  try {
    const existing = mode === 'update' ? await findOwnComment(request, repo, number) : null;
    if (existing) {
      const { json } = await request('PATCH', `/repos/${repo}/issues/comments/${existing.id}`, { body });
      return { action: 'updated', url: json?.html_url ?? '' };
    }
    if (updateOnly) return { action: 'skipped', reason: 'no earlier comment to update' };
    const { json } = await request('POST', `/repos/${repo}/issues/${number}/comments`, { body });
    return { action: 'created', url: json?.html_url ?? '' };
  } catch (e) {
    // A fork's pull request runs with a read-only token: GitHub answers 403.
    if (e instanceof ApiError && e.status === 403)
      return fallback(`no permission to comment on this pull request (${e.message})`);
    throw e;
  }
}

/** Workflow-command message text: %, CR and LF encoded (actions/toolkit's escapeData). */
const escapeData = (s) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

async function main() {
  const { values } = parseArgs({
    options: {
      body: { type: 'string' },
      mode: { type: 'string', default: 'update' },
      'update-only': { type: 'boolean', default: false },
    },
  });
  if (!values.body || !['update', 'new'].includes(values.mode)) {
    process.stderr.write('post-comment: usage: --body FILE [--mode update|new] [--update-only]\n');
    return 2;
  }
  try {
    const r = await postComment({
      body: readFileSync(values.body, 'utf8'),
      mode: values.mode,
      updateOnly: values['update-only'],
      env: process.env,
    });
    if (process.env.GITHUB_OUTPUT)
      appendFileSync(
        process.env.GITHUB_OUTPUT,
        `comment-action=${r.action}\ncomment-url=${String(r.url ?? '').replace(/[\r\n]/g, '')}\n`,
      );
    process.stdout.write(`post-comment: ${r.action}${r.url ? ` ${r.url}` : ''}\n`);
    return 0;
  } catch (e) {
    process.stdout.write(`::error title=llmcost comment::${escapeData(String(e.message))}\n`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await main();
