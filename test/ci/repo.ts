// A throwaway git repository for the CI scripts' tests: files written, commits made with a fixed
// identity and date, so the tests depend on nobody's git configuration.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from '../cli/run.js';

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'llmcost test',
  GIT_AUTHOR_EMAIL: 'test@invalid',
  GIT_COMMITTER_NAME: 'llmcost test',
  GIT_COMMITTER_EMAIL: 'test@invalid',
  GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

export class TestRepo {
  readonly dir: string;
  constructor(dir = tempDir()) {
    this.dir = dir;
    this.git('init', '-q', '-b', 'main');
  }
  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });
  }
  write(files: Record<string, string | null>): this {
    for (const [path, content] of Object.entries(files)) {
      const p = join(this.dir, path);
      if (content === null) rmSync(p);
      else {
        mkdirSync(dirname(p), { recursive: true });
        writeFileSync(p, content);
      }
    }
    return this;
  }
  /** Stage everything and commit; returns the new commit's id. */
  commit(message: string): string {
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.git('rev-parse', 'HEAD').trim();
  }
}

export const gitEnv = GIT_ENV;
