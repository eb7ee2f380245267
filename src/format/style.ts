// Terminal styling is passed in, so formats stay pure functions of the report: PLAIN for pipes, CI
// logs and golden files; a chalk-backed style (built by the CLI, only on a colour TTY) otherwise.
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  green(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

const identity = (s: string) => s;
export const PLAIN: Style = {
  bold: identity,
  dim: identity,
  green: identity,
  red: identity,
  yellow: identity,
  cyan: identity,
};
