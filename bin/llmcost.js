#!/usr/bin/env node
// Entry point installed as `llmcost`. The code lives in dist/, built by `npm ci` (the prepare step).
// CommonJS (bin/package.json says so), not ESM like the rest: Node starts a CommonJS entry a few
// milliseconds sooner, and this file's only job is to hand over to dist/cli.cjs.
'use strict';

let cli;
try {
  cli = require('../dist/cli.cjs');
} catch (e) {
  // The loader requires nothing but Node built-ins: not found means not built.
  if (e?.code !== 'MODULE_NOT_FOUND') throw e;
  process.stderr.write('llmcost: not built yet: run `npm ci` (or `npm run build`) in the llmcost folder first\n');
  process.exitCode = 3;
}
if (cli) {
  cli.main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`llmcost: internal error: ${e?.message ? e.message : e}\n`);
    process.exitCode = 3;
  });
}
