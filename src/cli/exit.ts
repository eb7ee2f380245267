// Exit codes CI can trust, in one place (commands set them; only bin/ exits the process).
//   0 success · 1 a budget is exceeded (check) · 2 invalid input or usage · 3 internal error
import type { Command } from 'commander';

export const EXIT = { OK: 0, BUDGET_EXCEEDED: 1, INPUT: 2, INTERNAL: 3 } as const;

/** Commands set `command.exitCode` (e.g. 1 when a budget is exceeded) instead of exiting. */
export function setExitCode(cmd: Command, code: number): void {
  (cmd as Command & { exitCode?: number }).exitCode = code;
}

/** The code a command set, if any (read by run() after the action). */
export function exitCodeOf(cmd: Command): number | undefined {
  return (cmd as Command & { exitCode?: number }).exitCode;
}
