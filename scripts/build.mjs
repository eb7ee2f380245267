// Build: one bundled ESM entry for the CLI (code-split so each command loads only what it uses) and
// one for the library, plus the pricing snapshot and type declarations for library users
// (`import { compare } from 'llmcost'`). Dependencies are bundled in: resolving and reading dozens of
// package files at every start-up cost more than the code itself (docs/performance.md).
import { build } from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

rmSync('dist', { recursive: true, force: true });
// CommonJS dependencies (commander, yaml) call require('events') etc.; inside an ESM bundle
// that needs a real `require`.
const banner = {
  js: "import { createRequire as __llmcostCreateRequire } from 'node:module'; const require = __llmcostCreateRequire(import.meta.url);",
};
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  // Bundled: everything the CLI uses. js-tiktoken stays external: its rank tables are megabytes that
  // only token counting needs, loaded on demand from node_modules.
  external: ['js-tiktoken', 'js-tiktoken/*'],
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: false,
  logLevel: 'warning',
};

// The library (`import { compare } from 'llmcost'`): ESM, code-split so an import loads only what it uses.
await build({
  ...common,
  entryPoints: { index: 'src/index.ts' },
  outdir: 'dist',
  splitting: true,
  format: 'esm',
  banner,
  chunkNames: 'chunks/[name]-[hash]',
});

// The CLI: a tiny loader (dist/cli.cjs, from src/cli/bin.ts) and one CommonJS bundle of everything
// else (dist/llmcost.cjs, from src/cli/entry.ts). CommonJS because only a classic script can use V8's
// code cache in Node 20 (vm.Script cachedData; ESM has no such hook), and one file because the cache
// is per script. Lazy `await import()`s inside the bundle become plain function calls, so a command
// still runs only the module bodies it uses. `import.meta.url` means the bundle's own file.
// commander requires node:child_process when it loads, only to run executable subcommands (llmcost
// has none); loading it pulls in net, dgram and streams, ≈ 5 ms of a cold start. Inside the bundle
// it is a stand-in that loads the real module on first use.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes('node_modules/commander')
        ? { path: 'child_process', namespace: 'lazy-builtin' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_, key) => require('node:child_process')[key] });",
      loader: 'js',
    }));
  },
};
const cjs = {
  ...common,
  plugins: [lazyChildProcess],
  format: 'cjs',
  define: { 'import.meta.url': '__llmcostUrl' },
  banner: { js: "const __llmcostUrl = require('node:url').pathToFileURL(__filename).href;" },
};
await build({ ...cjs, entryPoints: ['src/cli/bin.ts'], outfile: 'dist/cli.cjs' });
await build({ ...cjs, entryPoints: ['src/cli/entry.ts'], outfile: 'dist/llmcost.cjs' });
// The worker threads of `compare` over many files (src/cli/parallel.ts): the loader again, as a script.
await build({ ...cjs, entryPoints: ['src/cli/worker.ts'], outfile: 'dist/worker.cjs' });
// A real import() left in the bundle would fail under vm.Script (no module loader to resolve it).
if (/\bimport\(/.test(readFileSync('dist/llmcost.cjs', 'utf8')))
  throw new Error('build: dist/llmcost.cjs still contains a dynamic import()');

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
  const { loadPricing, pricingFilesIn, makePricingSnapshot } = await import(
    new URL(`../${helper}`, import.meta.url).href
  );
  const tables = loadPricing({ dir: 'pricing', snapshot: false });
  writeFileSync('dist/pricing.json', `${JSON.stringify(makePricingSnapshot(tables, pricingFilesIn('pricing')))}\n`);
} finally {
  rmSync(helper, { force: true });
}

// The top-level help as commander prints it to a pipe (80 columns, no colour), saved for the start-up
// fast path in src/cli/bin.ts. Rendered by the bundle just built, so it cannot drift from the code.
const help = spawnSync(process.execPath, ['bin/llmcost.js', '--help'], {
  encoding: 'utf8',
  env: { ...process.env, FORCE_COLOR: '', NO_COLOR: '1' },
});
if (help.status !== 0 || !help.stdout.startsWith('Usage: llmcost'))
  throw new Error(`build: could not render the help text: ${help.stderr}`);
writeFileSync('dist/help.txt', help.stdout);

// The code cache, made last so it is made from the final bundle, in a fresh process with Node's
// default flags plus the one the loader sets (src/cli/bin.ts, --interrupt-budget): V8 rejects a cache
// made under other flags.
const cache = spawnSync(
  process.execPath,
  ['-e', "require('./dist/cli.cjs').saveCodeCache().then((n) => process.stdout.write(String(n)))"],
  { encoding: 'utf8' },
);
if (cache.status !== 0) throw new Error(`build: could not make the code cache: ${cache.stderr}`);

if (!process.argv.includes('--no-types')) {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
