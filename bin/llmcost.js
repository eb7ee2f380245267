#!/usr/bin/env node
// Entry point installed as `llmcost`. The code lives in dist/, built by `npm ci` (the prepare step).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const loader = new URL('../dist/cli.cjs', import.meta.url);
if (!existsSync(fileURLToPath(loader))) {
  process.stderr.write('llmcost: not built yet: run `npm ci` (or `npm run build`) in the llmcost folder first\n');
  process.exitCode = 3;
} else {
  await require(fileURLToPath(loader)).main(process.argv.slice(2));
}
