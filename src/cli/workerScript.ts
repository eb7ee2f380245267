// Where the worker threads' script is (src/cli/parallel.ts). Set by the bundle's entry
// (src/cli/entry.ts); unset when the CLI runs from source (tests), which then runs on one thread.
let script: string | undefined;

export function enableWorkers(path: string): void {
  script = path;
}

export function workerScript(): string | undefined {
  return script;
}
