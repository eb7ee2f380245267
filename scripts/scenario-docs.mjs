// Writes docs/scenario.md and docs/scenario.schema.json from the scenario schema and its field table
// (src/scenario/reference.ts). Run after changing src/scenario/schema.ts or src/scenario/fields.ts;
// test/unit/scenario-reference.test.ts fails while the checked-in files are out of date.
//   node scripts/scenario-docs.mjs           rewrite both files
//   node scripts/scenario-docs.mjs --check   exit 1 if either differs
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const entry = `import { renderScenarioReference } from './src/scenario/reference.ts';
import { jsonSchemaOf } from './src/report/schemas.ts';
export const files = { 'docs/scenario.md': renderScenarioReference(), 'docs/scenario.schema.json': JSON.stringify(jsonSchemaOf('scenario'), null, 2) + '\\n' };`;
const dir = mkdtempSync(join(tmpdir(), 'llmcost-docs-'));
const outfile = join(dir, 'docs.mjs');
let files;
try {
  const banner = { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" };
  await build({
    stdin: { contents: entry, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    banner,
    logLevel: 'warning',
  });
  ({ files } = await import(pathToFileURL(outfile).href));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const check = process.argv.includes('--check');
let stale = 0;
for (const [file, text] of Object.entries(files)) {
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {}
  if (current === text) continue;
  stale++;
  if (check) console.error(`${file} is out of date: run node scripts/scenario-docs.mjs`);
  else writeFileSync(file, text);
}
if (check && stale) process.exit(1);
