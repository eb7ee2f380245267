// Types of gate.mjs for the tests.
export const FAIL_ON: string[];
export interface GateResult {
  code: 0 | 1 | 2;
  lines: string[];
  exceeded?: number;
  over?: number;
}
export interface Over {
  file: string;
  strategy: string;
  base: string;
  head: string;
  delta: string;
}
export function parseLimit(
  text: string | undefined,
): { kind: 'percent' | 'amount'; value: string; text: string } | null;
export function parseFailOn(text: string | undefined): { items: string[]; unknown: string[] };
export function increasesOver(
  diff: unknown,
  limit: { kind: 'percent' | 'amount'; value: string; text: string },
): Over[];
export function gate(o: { failOn: string; maxIncrease: string; summary: unknown; diffs: unknown[] }): GateResult;
// summary undefined: validate the inputs only.
