// Whether, and to what width, text output is fitted (src/format/fit.ts): on a terminal to its width,
// or to COLUMNS when that is set; a pipe without COLUMNS and an --out file get the text unchanged.
import type { CommandContext } from './context.js';

export function fitWidth(ctx: CommandContext, out: string | undefined): number | undefined {
  if (out) return undefined;
  const fromEnv = Number.parseInt(ctx.io.env.COLUMNS ?? '', 10);
  if (Number.isFinite(fromEnv) && fromEnv > 0) return fromEnv;
  return ctx.io.stdoutIsTTY && ctx.io.columns && ctx.io.columns > 0 ? ctx.io.columns : undefined;
}

/** The text as it should reach stdout or the file. */
export async function fitOutput(ctx: CommandContext, text: string, out: string | undefined): Promise<string> {
  const width = fitWidth(ctx, out);
  if (width === undefined) return text;
  const { fitText } = await import('../format/fit.js');
  return fitText(text, width);
}
