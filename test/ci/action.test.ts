// action.yml: valid action metadata (SchemaStore's schema, vendored excerpt, checked with ajv), the
// inputs the docs promise, no expression pasted into a script, and its steps run end to end on a
// throwaway repository with the variables a runner sets, posting to a fake GitHub API.
import { Ajv } from 'ajv';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { tempDir } from '../cli/run.js';
import { startFakeGithub, type FakeGithub } from './fakeGithub.js';
import { gitEnv, TestRepo } from './repo.js';
import { loadAction, runAction } from './runAction.js';

const schema = JSON.parse(
  readFileSync(join(ROOT, 'test', 'fixtures', 'github-action', 'action-schema.json'), 'utf8'),
) as object;
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);

describe('action.yml metadata', () => {
  it('validates against the action metadata schema', () => {
    const ok = validate(loadAction());
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema refuses what GitHub would refuse (so the test above can fail)', () => {
    const broken = (mutate: (a: ReturnType<typeof loadAction> & Record<string, unknown>) => void) => {
      const a = structuredClone(loadAction()) as ReturnType<typeof loadAction> & Record<string, unknown>;
      mutate(a);
      return validate(a);
    };
    expect(broken((a) => delete a.runs.steps[0]!.shell)).toBe(false);
    expect(broken((a) => ((a.runs as { using: string }).using = 'node20'))).toBe(false);
    expect(broken((a) => delete (a.inputs.scenarios as { description?: string }).description)).toBe(false);
    expect(broken((a) => ((a.inputs.comment as unknown as Record<string, unknown>).options = ['update']))).toBe(false);
    expect(broken((a) => delete (a.outputs['comment-url'] as { value?: string }).value)).toBe(false);
    expect(broken((a) => (a.color = 'blue'))).toBe(false);
  });

  // biome-ignore lint/suspicious/noTemplateCurlyInString: the title names GitHub's ${{ }} expression syntax
  it('has the documented inputs, bash steps, and no ${{ }} inside a script (inputs reach scripts through env)', () => {
    const a = loadAction();
    expect(Object.keys(a.inputs)).toEqual([
      'scenarios',
      'pricing',
      'max-increase',
      'comment',
      'fail-on',
      'version',
      'github-token',
    ]);
    expect(a.inputs.scenarios!.required).toBe(true);
    expect(
      Object.entries(a.inputs)
        .filter(([, i]) => i.required)
        .map(([k]) => k),
    ).toEqual(['scenarios']);
    expect(a.inputs.comment!.default).toBe('update');
    expect(a.runs.using).toBe('composite');
    for (const s of a.runs.steps) {
      expect(s.shell).toBe('bash');
      expect(s.run).not.toContain('${{');
    }
  });
});

const FIX = join(ROOT, 'test', 'fixtures', 'ci');
const SOURCE_DATE_EPOCH = String(Date.UTC(2026, 10, 25) / 1000);

/** A repository as a pull request sees it: main with three scenarios, a feature branch changing them. */
function pullRequestRepo(): { repo: TestRepo; base: string; head: string } {
  const repo = new TestRepo();
  const put = (from: string, to: string) => {
    mkdirSync(dirname(join(repo.dir, to)), { recursive: true });
    copyFileSync(join(FIX, from), join(repo.dir, to));
  };
  put('base/scenarios/support.yaml', 'scenarios/support.yaml');
  put('base/scenarios/retired.yaml', 'scenarios/retired.yaml');
  // Token counts measured from sample files beside the scenario: the base must read the base's files.
  cpSync(join(ROOT, 'test', 'fixtures', 'tokens', 'prompts'), join(repo.dir, 'scenarios', 'prompts'), {
    recursive: true,
  });
  cpSync(join(ROOT, 'test', 'fixtures', 'tokens', 'chunks'), join(repo.dir, 'scenarios', 'chunks'), {
    recursive: true,
  });
  copyFileSync(join(ROOT, 'test', 'fixtures', 'tokens', 'answers.jsonl'), join(repo.dir, 'scenarios', 'answers.jsonl'));
  const measured = readFileSync(join(ROOT, 'test', 'fixtures', 'tokens', 'scenario.yaml'), 'utf8');
  repo.write({ 'scenarios/measured.yaml': measured, 'README.md': 'models\n' });
  const base = repo.commit('main');
  repo.git('checkout', '-q', '-b', 'feature');
  put('head/scenarios/support.yaml', 'scenarios/support.yaml');
  put('head/scenarios/new-hostile.yaml', 'scenarios/new-hostile.yaml');
  repo.write({
    'scenarios/retired.yaml': null,
    // Longer prompts and twice the traffic; the prompt files change with the scenario.
    'scenarios/prompts/long.txt': `${'a long prompt with many words in it '.repeat(200)}\n`,
    'scenarios/measured.yaml': measured.replace('requests_per_day: 100000', 'requests_per_day: 200000'),
  });
  const head = repo.commit('feature');
  return { repo, base, head };
}

describe('action.yml end to end (a pull_request run on a throwaway repository, fake GitHub API)', () => {
  let api: FakeGithub;
  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist', 'llmcost.cjs')))
      throw new Error('dist/ is missing: run `npm run build` (npm test does) first');
    api = await startFakeGithub({ lifetimeMs: 300_000 });
  });
  afterAll(async () => api.close());

  function runnerEnv(dir: string, base: string, head: string): Record<string, string> {
    const event = join(dir, 'event.json');
    writeFileSync(
      event,
      JSON.stringify({
        action: 'opened',
        number: 7,
        pull_request: { number: 7, base: { sha: base, ref: 'main' }, head: { sha: head, ref: 'feature' } },
      }),
    );
    writeFileSync(join(dir, 'summary.md'), '');
    return {
      PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
      HOME: dir,
      ...gitEnv,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: event,
      GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
      GITHUB_API_URL: api.url,
      GITHUB_SERVER_URL: 'https://github.invalid',
      GITHUB_REPOSITORY: 'acme/models',
      GITHUB_SHA: head,
      NO_COLOR: '1',
      SOURCE_DATE_EPOCH,
    };
  }

  it('first push: annotations, job summary, JUnit, one comment; fail-on budget exits 1; no worktree left', async () => {
    const { repo, base, head } = pullRequestRepo();
    const dir = tempDir();
    const env = runnerEnv(dir, base, head);
    const r = await runAction({
      workspace: repo.dir,
      temp: join(dir, 'runner-temp'),
      inputs: { scenarios: 'scenarios/*.yaml', 'max-increase': '10%' },
      env,
      token: 'test-token',
    });
    expect(r.failedStep, r.log).toBe('Gate');
    expect(r.code).toBe(1); // new-hostile.yaml exceeds its api max_monthly budget; fail-on defaults to budget
    expect(r.log).toContain('changed-scenarios: 4 scenario file(s): 2 modified, 1 added, 1 deleted');
    expect(r.log).toMatch(
      /::error file=scenarios\/new-hostile\.yaml,line=\d+,col=\d+,title=Budget exceeded%3A api max_monthly::/,
    );
    expect(r.log).toContain('::error title=llmcost::1 budget(s) exceeded');
    expect(readFileSync(env.GITHUB_STEP_SUMMARY!, 'utf8')).toContain('## llmcost check: 1 of 3 budgets exceeded');
    expect(readFileSync(join(dir, 'runner-temp', 'llmcost', 'llmcost-junit.xml'), 'utf8')).toContain('<testsuites');
    expect(repo.git('worktree', 'list').trim().split('\n')).toHaveLength(1);

    const mine = api.comments.filter((c) => c.body.startsWith('<!-- llmcost-comment -->'));
    expect(mine).toHaveLength(1);
    const body = mine[0]!.body;
    expect(body).toContain('4 scenarios: 2 modified, 1 new, 1 removed.');
    expect(body).toContain('| retired assistant (scenarios\\/retired\\.yaml) | removed |');
    expect(body).toContain('### support bot (modified)');
    // The base side measured the base's prompt files (in the worktree): the input token count changed.
    expect(body).toMatch(/\| workload\\\.input\\_tokens \| \d+ \| \d+ \|/);
    expect(body).toContain('\\@\u2060octocat');
  }, 180_000);

  it('second push updates the same comment; fail-on empty passes; a fork (403) falls back to the summary', async () => {
    const { repo, base } = pullRequestRepo();
    repo.write({
      'scenarios/support.yaml': readFileSync(join(repo.dir, 'scenarios', 'support.yaml'), 'utf8').replace(
        'max_tco: 400000',
        // Below the recommended strategy's TCO (api_same_model, $23,055.59): exceeded.
        'max_tco: 20000',
      ),
    });
    const head = repo.commit('tighter budget');
    const dir = tempDir();
    const env = runnerEnv(dir, base, head);
    const before = api.comments.length;
    const run = () =>
      runAction({
        workspace: repo.dir,
        temp: join(dir, 'runner-temp'),
        inputs: { scenarios: 'scenarios/*.yaml', 'fail-on': '' },
        env,
        token: 'test-token',
      });
    const first = await run();
    expect(first.code, first.log).toBe(0);
    expect(first.outputs['budgets-exceeded']).toBe('2');
    expect(first.outputs['comment-url']).toMatch(/^https:\/\/github\.invalid\/acme\/models\/pull\/7#issuecomment-\d+$/);
    const second = await run();
    expect(second.code, second.log).toBe(0);
    // The fake API holds one issue's comments: the run before this test left one, which this one updated.
    expect(api.comments.length).toBe(before);
    expect(api.requests.slice(-1)[0]!.method).toBe('PATCH');
    expect(api.comments.slice(-1)[0]!.body).toContain('**2 of 3 budgets exceeded.**');

    api.denyWrites = 403;
    try {
      const fork = await run();
      expect(fork.code, fork.log).toBe(0);
      expect(fork.log).toContain(
        '::notice title=llmcost comment not posted::no permission to comment on this pull request',
      );
      expect(readFileSync(env.GITHUB_STEP_SUMMARY!, 'utf8')).toContain(
        '<!-- llmcost-comment -->\n## llmcost: what this change costs',
      );
    } finally {
      api.denyWrites = null;
    }
  }, 240_000);

  it("a pricing file changed: every scenario is compared, each side with its own commit's prices", async () => {
    const repo = new TestRepo();
    const prices = (input: string) =>
      'version: 1\napi_models:\n' +
      `  - { id: openai/gpt-4o-mini, provider: openai, input_per_1m: ${input}, output_per_1m: 0.6, ` +
      'as_of: 2026-07-24, source: test fixture }\n';
    repo.write({
      'scenarios/support.yaml': readFileSync(join(FIX, 'base', 'scenarios', 'support.yaml'), 'utf8'), // gpt-4o-mini
      'scenarios/retired.yaml': readFileSync(join(FIX, 'base', 'scenarios', 'retired.yaml'), 'utf8'), // gpt-4o
      'prices/extra.yaml': prices('0.15'),
    });
    const base = repo.commit('main');
    repo.write({ 'prices/extra.yaml': prices('0.60') });
    const head = repo.commit('dearer input tokens');
    const dir = tempDir();
    const inputs = { scenarios: 'scenarios/*.yaml', pricing: 'prices/*.yaml', 'fail-on': '' };
    const r = await runAction({
      workspace: repo.dir,
      temp: join(dir, 't'),
      inputs,
      env: runnerEnv(dir, base, head),
      token: 'test-token',
    });
    expect(r.code, r.log).toBe(0);
    expect(r.log).toContain(
      '2 scenario file(s): 2 modified, 0 added, 0 deleted (a pricing file changed: every scenario)',
    );
    const body = api.comments.slice(-1)[0]!.body;
    expect(body).toContain('2 scenarios: 1 modified, 1 unchanged.');
    expect(body).toContain('### support bot (modified)');
    expect(body).toContain('### retired assistant (unchanged)');
  }, 180_000);

  it('fail-on increase with max-increase exits 1; a bad input stops at the first step (exit 2)', async () => {
    const { repo, base, head } = pullRequestRepo();
    const dir = tempDir();
    const env = runnerEnv(dir, base, head);
    const inc = await runAction({
      workspace: repo.dir,
      temp: join(dir, 't1'),
      inputs: { scenarios: 'scenarios/*.yaml', 'fail-on': 'increase', 'max-increase': '10%', comment: 'off' },
      env,
      token: 'test-token',
    });
    expect(inc.code, inc.log).toBe(1);
    expect(inc.log).toContain('comment: off');
    expect(inc.log).toMatch(/::error title=llmcost::\d+ TCO rise\(s\) above 10%/);
    const bad = await runAction({
      workspace: repo.dir,
      temp: join(dir, 't2'),
      inputs: { scenarios: 'scenarios/*.yaml', comment: 'sometimes' },
      env,
      token: 'test-token',
    });
    expect(bad).toMatchObject({ code: 2, failedStep: 'Install llmcost' });
    expect(bad.log).toContain("::error title=llmcost comment::got 'sometimes'; expected update, new or off");
  }, 240_000);
});
