// Build: one bundled ESM entry for the CLI (code-split so each command loads only what it uses) and
// one for the library, plus the pricing snapshot and type declarations for library users
// (`import { compare } from 'llmcost'`). Dependencies are bundled in: resolving and reading dozens of
// package files at every start-up cost more than the code itself (docs/performance.md).
import { build } from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

rmSync('dist', { recursive: true, force: true });
// CommonJS dependencies (commander, cli-table3, yaml) call require('events') etc.; inside an ESM bundle
// that needs a real `require`.
const banner = { js: "import { createRequire as __llmcostCreateRequire } from 'node:module'; const require = __llmcostCreateRequire(import.meta.url);" };
await build({
  entryPoints: { cli: 'src/cli/bin.ts', index: 'src/index.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Bundled: everything the CLI uses. js-tiktoken stays external: its rank tables are megabytes that
  // only token counting needs, loaded on demand from node_modules.
  external: ['js-tiktoken', 'js-tiktoken/*'],
  banner,
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: false,
  logLevel: 'warning',
  chunkNames: 'chunks/[name]-[hash]',
});

// The pricing snapshot: the shipped tables parsed and validated now (an invalid pricing file fails
// the build), loaded at run time instead of the YAML while the files are byte-identical.
const helper = 'dist/.pricing-snapshot-build.mjs';
await build({
  stdin: {
    contents: `export { loadPricing, pricingFilesIn } from './src/pricing/load.ts'; export { makePricingSnapshot } from './src/pricing/snapshot.ts';`,
    resolveDir: '.',
    loader: 'ts',
  },
  outfile: helper,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  banner,
  logLevel: 'warning',
});
try {
  const { loadPricing, pricingFilesIn, makePricingSnapshot } = await import(new URL(`../${helper}`, import.meta.url).href);
  const tables = loadPricing({ dir: 'pricing', snapshot: false });
  writeFileSync('dist/pricing.json', `${JSON.stringify(makePricingSnapshot(tables, pricingFilesIn('pricing')))}\n`);
} finally {
  rmSync(helper, { force: true });
}

// The top-level help as commander prints it to a pipe (80 columns, no colour), saved for the start-up
// fast path in src/cli/bin.ts. Rendered by the bundle just built, so it cannot drift from the code.
const help = spawnSync(process.execPath, ['dist/cli.js', '--help'], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '', NO_COLOR: '1' } });
if (help.status !== 0 || !help.stdout.startsWith('Usage: llmcost')) throw new Error(`build: could not render the help text: ${help.stderr}`);
writeFileSync('dist/help.txt', help.stdout);

if (!process.argv.includes('--no-types')) {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
