#!/usr/bin/env node
// Entry point installed as `llmcost`. The code lives in dist/, built by `npm ci` (the prepare step).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('llmcost: not built yet: run `npm ci` (or `npm run build`) in the llmcost folder first\n');
  process.exitCode = 3;
} else {
  await import(entry.href);
}
