// Token counting throughput: `llmcost tokens` against the fastest other JavaScript tokenizers on the
// same generated corpus, with identical counts required, and the cost of `--sample 2%`.
//
//   npm run bench:tokens                 # 64 MB corpus (generated once into the OS temp folder)
//   node bench/tokens.mjs --mb 8         # a quicker, smaller run
//
// Not part of the tests (timings are machine-dependent). Needs `npm run build` (the npm script does it).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { rng } from './prng.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const MB = Number(arg('mb', '64'));
const ENCODINGS = arg('encodings', 'o200k_base,cl100k_base').split(',');

// ---- corpus ------------------------------------------------------------------------------------
// (No special-token text such as <|endoftext|> is generated, so every library runs its default, fastest path.)
// Zipf-distributed words over a large vocabulary (real English words plus synthetic ones, so the
// long tail keeps missing any cache as real corpora do), shaped into prose, code, JSON and a little
// non-ASCII text, in files from 1 KB to 1 MB. Deterministic (seeded).

function generateCorpus(dir, bytesWanted) {
  const r = rng(20261125);
  const english =
    'the of and to a in is it you that he was for on are with as his they be at one have this from or had by word but what some we can out other were all there when up use your how said an each she which do their time if will way about many then them write would like so these her long make thing see him two has look more day could go come did number sound no most people my over know water than call first who may down side been now find any new work part take get place made live where after back little only round man year came show every good me give our under name very through just form sentence great think say help low line differ turn cause much mean before move right boy old too same tell does set three want air well also play small end put home read hand port large spell add even land here must big high such follow act why ask men change went light kind off need house picture try us again animal point mother world near build self earth father customer invoice refund billing support latency deployment cluster replica throughput request response token model prompt answer context retrieval'.split(
      ' ',
    );
  const syll = [
    'ka',
    'to',
    'ri',
    'mon',
    'sel',
    'vin',
    'dra',
    'pel',
    'qu',
    'or',
    'est',
    'ly',
    'an',
    'ex',
    'ion',
    'ter',
    'bu',
    'ze',
    'fo',
    'ning',
  ];
  const vocab = [...english];
  while (vocab.length < 150_000) {
    let w = '';
    const n = 2 + Math.floor(r() * 3);
    for (let i = 0; i < n; i++) w += syll[Math.floor(r() * syll.length)];
    vocab.push(w);
  }
  // Zipf(s = 1.07) by inverse CDF over ranks.
  const cdf = new Float64Array(vocab.length);
  let acc = 0;
  for (let i = 0; i < vocab.length; i++) cdf[i] = acc += 1 / (i + 1) ** 1.07;
  const word = () => {
    const x = r() * acc;
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return vocab[lo];
  };
  const cap = (w) => w[0].toUpperCase() + w.slice(1);
  const sentence = () => {
    const n = 6 + Math.floor(r() * 18);
    const ws = Array.from({ length: n }, word);
    ws[0] = cap(ws[0]);
    if (r() < 0.15) ws.splice(1 + Math.floor(r() * (n - 1)), 0, String(Math.floor(r() * 100000)));
    if (r() < 0.03) ws.push('— café naïve Straße 日本語のテキスト');
    return ws.join(' ') + (r() < 0.9 ? '.' : '?');
  };
  const codeLine = () => {
    const id = word() + cap(word());
    const k = Math.floor(r() * 4);
    return [
      `  const ${id} = await ${word()}.${word()}(${word()}, ${Math.floor(r() * 1000)});`,
      `  if (!${id}) return null;`,
      `  for (let i = 0; i < ${id}.length; i++) {`,
      `    ${id}[i] += ${word()}_${word()};`,
    ][k];
  };
  const jsonLine = () =>
    JSON.stringify({ id: Math.floor(r() * 1e9), user: word(), text: sentence(), score: Math.round(r() * 1000) / 1000 });
  mkdirSync(dir, { recursive: true });
  let total = 0;
  let f = 0;
  while (total < bytesWanted) {
    const size = Math.min(
      bytesWanted - total + 1,
      Math.floor(Math.exp(Math.log(1024) + r() * (Math.log(1024 * 1024) - Math.log(1024)))),
    );
    const kind = r();
    const parts = [];
    let len = 0;
    while (len < size) {
      let chunk;
      if (kind < 0.7)
        chunk =
          (r() < 0.1 ? `\n## ${cap(word())} ${word()}\n\n` : '') +
          Array.from({ length: 1 + Math.floor(r() * 5) }, sentence).join(' ') +
          '\n\n';
      else if (kind < 0.9)
        chunk =
          'function ' +
          word() +
          cap(word()) +
          '(' +
          word() +
          ') {\n' +
          Array.from({ length: 2 + Math.floor(r() * 8) }, codeLine).join('\n') +
          '\n}\n\n';
      else chunk = `${jsonLine()}\n`;
      parts.push(chunk);
      len += Buffer.byteLength(chunk);
    }
    const text = parts.join('');
    const ext = kind < 0.7 ? 'md' : kind < 0.9 ? 'txt' : 'jsonl';
    const sub = join(dir, `d${String(f % 16).padStart(2, '0')}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `f${String(f).padStart(5, '0')}.${ext}`), text);
    total += Buffer.byteLength(text);
    f++;
  }
  writeFileSync(join(dir, '.complete'), String(total));
}

const corpus = join(tmpdir(), `llmcost-bench-corpus-${MB}mb`);
if (!existsSync(join(corpus, '.complete'))) {
  const t = performance.now();
  generateCorpus(corpus, MB * 1024 * 1024);
  console.log(`generated ${corpus} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
const files = readdirSync(corpus, { recursive: true })
  .filter((p) => /\.(md|txt|jsonl)$/.test(p))
  .sort()
  .map((p) => join(corpus, p));
const texts = files.map((f) => readFileSync(f, 'utf8'));
const bytes = files.reduce((s, f) => s + statSync(f).size, 0);
console.log(`corpus: ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB (${bytes} bytes), node ${process.version}`);

// ---- counters ----------------------------------------------------------------------------------
const llmcost = await import(pathToFileURL(join(ROOT, 'dist/index.js')).href);
const gpt = {
  o200k_base: await import('gpt-tokenizer/encoding/o200k_base'),
  cl100k_base: await import('gpt-tokenizer/encoding/cl100k_base'),
};
const { get_encoding } = await import('tiktoken');

function time(label, setup, count) {
  const t0 = performance.now();
  const state = setup();
  const t1 = performance.now();
  let tokens = 0;
  for (const t of texts) tokens += count(state, t);
  const t2 = performance.now();
  const s = (t2 - t1) / 1000;
  return { label, setupMs: t1 - t0, seconds: s, tokens, mbps: bytes / 1e6 / s, tps: tokens / s };
}

const rows = [];
for (const enc of ENCODINGS) {
  const results = [
    time(
      `llmcost countTokens (js-tiktoken ranks)`,
      () => llmcost.countTokens('', enc),
      (_, t) => llmcost.countTokens(t, enc),
    ),
    time(
      `gpt-tokenizer 4.0.0 countTokens`,
      () => gpt[enc],
      (m, t) => m.countTokens(t),
    ),
    time(
      `tiktoken 1.0.22 (WASM) encode_ordinary`,
      () => get_encoding(enc),
      (e, t) => e.encode_ordinary(t).length,
    ),
  ];
  const want = results[0].tokens;
  for (const r of results)
    if (r.tokens !== want) throw new Error(`${enc}: ${r.label} counted ${r.tokens}, llmcost ${want}: counts differ`);
  for (const r of results) rows.push({ enc, ...r });
}

const pad = (s, n) => String(s).padEnd(n);
console.log('\nIn-process counting of the same texts (read into memory first); counts identical across libraries.');
console.log(
  `${pad('encoding', 12)} ${pad('library', 42)} ${pad('setup ms', 9)} ${pad('MB/s', 7)} ${pad('Mtok/s', 7)} tokens`,
);
for (const r of rows)
  console.log(
    `${pad(r.enc, 12)} ${pad(r.label, 42)} ${pad(r.setupMs.toFixed(0), 9)} ${pad(r.mbps.toFixed(2), 7)} ${pad((r.tps / 1e6).toFixed(2), 7)} ${r.tokens}`,
  );

// js-tiktoken's own encode() on a 4 MB slice, for reference (too slow for the whole corpus).
{
  const { Tiktoken } = await import('js-tiktoken/lite');
  const ranks = (await import('js-tiktoken/ranks/o200k_base')).default;
  const t0 = performance.now();
  const enc = new Tiktoken(ranks);
  const t1 = performance.now();
  let b = 0;
  let n = 0;
  for (const t of texts) {
    if (b > 4e6) break;
    n += enc.encode(t, [], []).length;
    b += Buffer.byteLength(t);
  }
  const s = (performance.now() - t1) / 1000;
  console.log(
    `${pad('o200k_base', 12)} ${pad('js-tiktoken 1.0.21 encode() (first 4 MB)', 42)} ${pad((t1 - t0).toFixed(0), 9)} ${pad((b / 1e6 / s).toFixed(2), 7)} ${pad((n / s / 1e6).toFixed(2), 7)} ${n}`,
  );
}

// ---- full count vs --sample 2%, in process (encoder already built: the counting work alone) -------
{
  const found = llmcost.expandInputs([corpus], { base: corpus });
  const t0 = performance.now();
  const m = llmcost.measureFiles(found, { encoding: 'o200k_base', unit: 'file' });
  const t1 = performance.now();
  const e = llmcost.estimateFiles(found, { encoding: 'o200k_base', unit: 'file', share: 0.02, seed: 1 });
  const t2 = performance.now();
  console.log(
    `\nin process, encoder built: full streaming count ${((t1 - t0) / 1000).toFixed(2)} s (${m.tokens} tokens); --sample 2% ${((t2 - t1) / 1000).toFixed(2)} s = ${((100 * (t2 - t1)) / (t1 - t0)).toFixed(1)}% of it (estimate ${Math.round(e.estimate.tokens)})`,
  );
}

// ---- the command, whole process: full count vs --sample 2% --------------------------------------
// Peak memory (max RSS) via GNU time when the machine has it: it must not grow with the corpus.
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const cli = (args) => {
  const command = [process.execPath, join(ROOT, 'bin/llmcost.js'), 'tokens', corpus, ...args, '-f', 'json'];
  const t0 = performance.now();
  const r = GNU_TIME
    ? spawnSync(GNU_TIME, ['-f', 'maxrss_kb=%M', ...command], { encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(command[0], command.slice(1), { encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`llmcost tokens failed: ${r.stderr}`);
  const rss = /maxrss_kb=(\d+)/.exec(r.stderr ?? '');
  return { seconds, json: JSON.parse(r.stdout), maxRssMb: rss ? Number(rss[1]) / 1024 : undefined };
};
const full = cli([]);
const rssNote = (r) => (r.maxRssMb ? `, peak RSS ${r.maxRssMb.toFixed(0)} MB` : '');
console.log(
  `\nllmcost tokens ${MB} MB corpus (whole process, streaming): ${full.seconds.toFixed(2)} s, ${(bytes / 1e6 / full.seconds).toFixed(2)} MB/s, ${full.json.total.tokens} tokens (o200k_base)${rssNote(full)}`,
);
if (full.json.total.tokens !== rows.find((r) => r.enc === 'o200k_base').tokens)
  throw new Error('streamed count differs from the in-memory count');
for (const seed of [1, 2, 3]) {
  const s = cli(['--sample', '2%', '--seed', String(seed)]);
  const e = s.json.estimate;
  const covered = Number(e.ci95_low) <= full.json.total.tokens && full.json.total.tokens <= Number(e.ci95_high);
  console.log(
    `  --sample 2% --seed ${seed}: ${s.seconds.toFixed(2)} s (${((100 * s.seconds) / full.seconds).toFixed(1)}% of the full count), estimate ${e.tokens} [${e.ci95_low}, ${e.ci95_high}] (${(((Number(e.tokens) - full.json.total.tokens) / full.json.total.tokens) * 100).toFixed(2)}% off, interval ${covered ? 'covers' : 'misses'} the true count)${rssNote(s)}`,
  );
}
const bare = (() => {
  const t0 = performance.now();
  execFileSync(process.execPath, ['-e', '0']);
  return (performance.now() - t0) / 1000;
})();
console.log(`  (a bare \`node -e 0\` takes ${bare.toFixed(2)} s on this machine)`);
