// Types of changed-scenarios.mjs for the tests.
export interface ChangedFile {
  path: string;
  status: 'added' | 'modified' | 'deleted';
}
export interface Changed {
  base: string;
  head: string;
  pricing_changed: boolean;
  files: ChangedFile[];
  pricing_files: string[];
}
export function globToRegExp(glob: string): RegExp;
export function splitGlobs(text: string | undefined): string[];
export function matcher(globs: readonly string[]): (path: string) => boolean;
export function changedScenarios(o: {
  cwd: string;
  base: string;
  head: string;
  scenarios: readonly string[];
  pricing?: readonly string[];
}): Changed;
