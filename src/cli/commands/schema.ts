// `llmcost schema scenario|report`: JSON Schemas generated from the zod schemas the code itself uses,
// for editor completion of scenario files and for consumers validating the JSON report.
import { Argument, type Command } from 'commander';
import { outOption, type CommandContext } from '../context.js';
import { emit } from '../io.js';

export const SCHEMA_KINDS = ['scenario', 'report', 'plan'] as const;
type SchemaKind = (typeof SCHEMA_KINDS)[number];

export function register(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('schema')
    .description('print the JSON Schema of a scenario file, of the JSON report or of the JSON plan')
    .addArgument(new Argument('<kind>', 'which schema').choices([...SCHEMA_KINDS]));
  outOption(cmd);
  cmd.action(async (kind: SchemaKind, flags: { out?: string }) => {
    const { jsonSchemaOf } = await import('../../report/schemas.js');
    emit(ctx.io, `${JSON.stringify(jsonSchemaOf(kind), null, 2)}\n`, flags.out, ctx.resolvePath);
  });
}
