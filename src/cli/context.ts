// What every command needs from the CLI edge: the io, path resolution and shared options.
import { isAbsolute, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { InputError } from '../errors.js';
import type { CliIo } from './io.js';

export interface CommandContext {
  io: CliIo;
  /** Absolute path of a path the user typed (relative to the working directory). */
  resolvePath(p: string): string;
}

export function makeContext(io: CliIo): CommandContext {
  return { io, resolvePath: (p) => (isAbsolute(p) ? p : resolve(io.cwd, p)) };
}

export function formatOption(cmd: Command, formats: readonly string[], fallback: string): Command {
  return cmd.addOption(new Option('-f, --format <format>', 'output format').choices([...formats]).default(fallback));
}

export function outOption(cmd: Command): Command {
  return cmd.option('-o, --out <file>', 'write the output to FILE (atomically) instead of stdout');
}

export function colorOptions(cmd: Command): Command {
  return cmd.option('--color', 'force colour').option('--no-color', 'never colour (NO_COLOR is honoured too)');
}

export function usageError(message: string, expected?: string): InputError {
  return new InputError({ code: 'E_USAGE', message, expected });
}

/** Columns to draw for: COLUMNS when set, else the terminal's, else 80. */
export function terminalWidth(ctx: CommandContext): number {
  const fromEnv = Number.parseInt(ctx.io.env.COLUMNS ?? '', 10);
  if (Number.isFinite(fromEnv) && fromEnv > 0) return fromEnv;
  return ctx.io.columns && ctx.io.columns > 0 ? ctx.io.columns : 80;
}
