// scripts/ci/post-comment.mjs against a fake GitHub API on 127.0.0.1: the first push creates the
// comment, the second updates it, `new` always creates, a fork's read-only token falls back to the
// job summary with a notice, and other failures fail the step.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { tempDir } from '../cli/run.js';
import { startFakeGithub, type FakeGithub } from './fakeGithub.js';
import { runNode } from './run-node.js';

const SCRIPT = join(ROOT, 'scripts', 'ci', 'post-comment.mjs');
const MARKER = '<!-- llmcost-comment -->';

describe('post-comment', () => {
  let api: FakeGithub;
  let dir: string;
  let env: Record<string, string>;
  beforeEach(async () => {
    api = await startFakeGithub({ lifetimeMs: 20_000 });
    dir = tempDir();
    writeFileSync(
      join(dir, 'event.json'),
      JSON.stringify({ action: 'synchronize', pull_request: { number: 7, head: { sha: 'h' }, base: { sha: 'b' } } }),
    );
    writeFileSync(join(dir, 'summary.md'), '');
    writeFileSync(join(dir, 'output.txt'), '');
    env = {
      GITHUB_TOKEN: 'test-token',
      GITHUB_API_URL: api.url,
      GITHUB_REPOSITORY: 'acme/models',
      GITHUB_EVENT_PATH: join(dir, 'event.json'),
      GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
      GITHUB_OUTPUT: join(dir, 'output.txt'),
    };
  });
  afterEach(async () => api.close());

  const post = async (text: string, mode = 'update') => {
    writeFileSync(join(dir, 'body.md'), `${MARKER}\n${text}\n`);
    return runNode([SCRIPT, '--body', join(dir, 'body.md'), '--mode', mode], env);
  };

  it('first push creates the comment, the second updates it (found past the first page)', async () => {
    // 120 other comments first, one from a person quoting the marker (never edited by the action).
    for (let i = 0; i < 120; i++)
      api.comments.push({
        id: i + 1,
        body: i === 3 ? `quoting ${MARKER}` : `comment ${i}`,
        user: { login: 'someone', type: 'User' },
        html_url: '',
      });
    const first = await post('cost: $1');
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(
      /^post-comment: created https:\/\/github\.invalid\/acme\/models\/pull\/7#issuecomment-1000\n$/,
    );
    const second = await post('cost: $2');
    expect(second.stdout).toMatch(/^post-comment: updated /);
    expect(api.comments.filter((c) => c.body.includes(MARKER) && c.user.type === 'Bot')).toEqual([
      expect.objectContaining({ id: 1000, body: `${MARKER}\ncost: $2\n` }),
    ]);
    expect(api.comments[3]!.body).toBe(`quoting ${MARKER}`);
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /repos/acme/models/issues/7/comments?per_page=100&page=1',
      'GET /repos/acme/models/issues/7/comments?per_page=100&page=2',
      'POST /repos/acme/models/issues/7/comments',
      'GET /repos/acme/models/issues/7/comments?per_page=100&page=1',
      'GET /repos/acme/models/issues/7/comments?per_page=100&page=2',
      'PATCH /repos/acme/models/issues/comments/1000',
    ]);
    expect(api.requests.every((r) => r.authorization === 'Bearer test-token')).toBe(true);
    expect(readFileSync(env.GITHUB_OUTPUT!, 'utf8')).toContain('comment-action=updated\n');
    expect(first.stdout + second.stdout).not.toContain('test-token');
  });

  it('comment: new always creates', async () => {
    await post('one', 'new');
    await post('two', 'new');
    expect(api.comments.map((c) => c.body)).toEqual([`${MARKER}\none\n`, `${MARKER}\ntwo\n`]);
    expect(api.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
  });

  it("a fork's read-only token (403): the comment goes to the job summary with a notice, exit 0", async () => {
    api.denyWrites = 403;
    const r = await post('cost: $3');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      '::notice title=llmcost comment not posted::no permission to comment on this pull request ' +
        '(POST /repos/acme/models/issues/7/comments: HTTP 403 (Resource not accessible by integration)); ' +
        'the comment is in the job summary instead',
    );
    expect(readFileSync(env.GITHUB_STEP_SUMMARY!, 'utf8')).toBe(`${MARKER}\ncost: $3\n\n`);
    expect(api.comments).toEqual([]);
  });

  it('not a pull request: job summary and a notice; a bad token: ::error and exit 1', async () => {
    writeFileSync(env.GITHUB_EVENT_PATH!, JSON.stringify({ ref: 'refs/heads/main' }));
    const push = await post('x');
    expect(push.code).toBe(0);
    expect(push.stdout).toContain('::notice title=llmcost comment not posted::not a pull_request event');
    expect(api.requests).toEqual([]);
    writeFileSync(env.GITHUB_EVENT_PATH!, JSON.stringify({ pull_request: { number: 7 } }));
    env.GITHUB_TOKEN = 'wrong';
    const bad = await post('x');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(
      /^::error title=llmcost comment::GET \/repos\/acme\/models\/issues\/7\/comments\?per_page=100&page=1: HTTP 401 /,
    );
  });

  it('refuses a body without the marker or over 65,536 characters (exit 1), never sending it', async () => {
    writeFileSync(join(dir, 'body.md'), 'no marker');
    expect((await runNode([SCRIPT, '--body', join(dir, 'body.md')], env)).code).toBe(1);
    writeFileSync(join(dir, 'body.md'), `${MARKER}\n${'x'.repeat(65_536)}`);
    const big = await runNode([SCRIPT, '--body', join(dir, 'body.md')], env);
    expect(big.code).toBe(1);
    expect(big.stdout).toContain('GitHub takes 65536 at most');
    expect(api.requests).toEqual([]);
  });
});
