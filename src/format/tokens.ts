// `llmcost tokens` output: a measurement (or a sampled estimate) in, text out. Never writes.
import { Decimal, formatNumber } from '../money.js';
import type { Estimate, Measurement } from '../tokens/measure.js';
import type { Stats } from '../tokens/stats.js';
import { grid } from './grid.js';
import { RawNumber, stringify, type JsonValue } from './json.js';
import { PLAIN, type Style } from './style.js';
import { csvLine } from './csvCells.js';

export const SPECIAL_TOKEN_POLICY =
  'special-token text such as <|endoftext|> is counted as plain text, as the API bills user content';
/** Past this many files the table lists only the totals (JSON and CSV always list every file). */
export const TABLE_FILE_LIMIT = 200;

const int = (n: number) => formatNumber(new Decimal(n));
const mean2 = (n: number) => formatNumber(new Decimal(n), 2).replace(/\.00$/, '');
const jsonNum = (n: number, places = 2) =>
  new RawNumber(new Decimal(n).toDecimalPlaces(places, Decimal.ROUND_HALF_EVEN).toFixed());

function statsJson(h: Stats): { [k: string]: JsonValue } {
  return {
    samples: h.count,
    tokens: h.total,
    mean: jsonNum(h.mean),
    p50: h.percentile(50),
    p95: h.percentile(95),
    max: h.max,
  };
}

export function measurementJson(m: Measurement): JsonValue {
  return {
    encoding: m.encoding,
    unit: m.unit,
    special_tokens: SPECIAL_TOKEN_POLICY,
    files: m.files.map((f) => ({ file: f.file, bytes: f.bytes, ...statsJson(f.samples), hard_splits: f.hardSplits })),
    total: { files: m.files.length, bytes: m.bytes, ...statsJson(m.samples), hard_splits: m.hardSplits },
    per_file: statsJson(m.perFile),
    skipped: m.skipped.map((s) => ({ file: s.file, reason: s.reason })),
  };
}

export function estimateJson(e: Estimate): JsonValue {
  const x = e.estimate;
  return {
    encoding: e.encoding,
    unit: e.unit,
    special_tokens: SPECIAL_TOKEN_POLICY,
    estimate: {
      tokens: jsonNum(x.tokens, 0),
      ci95_low: jsonNum(x.low, 0),
      ci95_high: jsonNum(x.high, 0),
      standard_error: jsonNum(x.se, 0),
      tokens_per_byte: jsonNum(x.tokens_per_byte, 6),
      method: x.method,
      seed: x.seed,
    },
    files: e.files,
    bytes: x.bytes,
    blocks: x.blocks,
    sampled_blocks: x.sampled_blocks,
    sampled_bytes: x.sampled_bytes,
    skipped: e.skipped.map((s) => ({ file: s.file, reason: s.reason })),
  };
}

export function formatTokensJson(r: Measurement | Estimate): string {
  return stringify('estimate' in r ? estimateJson(r) : measurementJson(r));
}

export function formatTokensCsv(r: Measurement | Estimate): string {
  if ('estimate' in r) {
    const x = r.estimate;
    return (
      csvLine(['encoding', 'files', 'bytes', 'sampled_bytes', 'tokens_estimate', 'ci95_low', 'ci95_high', 'seed']) +
      csvLine([
        r.encoding,
        r.files,
        x.bytes,
        x.sampled_bytes,
        Math.round(x.tokens),
        Math.round(x.low),
        Math.round(x.high),
        x.seed,
      ])
    );
  }
  const head = ['file', 'bytes', 'samples', 'tokens', 'mean', 'p50', 'p95', 'max', 'encoding'];
  const row = (file: string, bytes: number, h: Stats) =>
    csvLine([
      file,
      bytes,
      h.count,
      h.total,
      new Decimal(h.mean).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN).toFixed(),
      h.percentile(50),
      h.percentile(95),
      h.max,
      r.encoding,
    ]);
  let out = csvLine(head);
  for (const f of r.files) out += row(f.file, f.bytes, f.samples);
  out += row('TOTAL', r.bytes, r.samples);
  return out;
}

export function formatTokensTable(r: Measurement | Estimate, st: Style = PLAIN): string {
  const out: string[] = [];
  if ('estimate' in r) {
    const x = r.estimate;
    out.push(
      st.bold(`≈ ${int(Math.round(x.tokens))} tokens`) +
        ` (95% interval ${int(Math.round(x.low))} – ${int(Math.round(x.high))}), ${r.encoding}`,
    );
    out.push(
      `${int(r.files)} files, ${int(x.bytes)} bytes; read ${int(x.sampled_blocks)} of ${int(x.blocks)} blocks (${int(x.sampled_bytes)} bytes, ${mean2((100 * x.sampled_bytes) / Math.max(1, x.bytes))}%), seed ${x.seed}`,
    );
    out.push(st.dim(`method: ${x.method}`));
  } else {
    const perLine = r.unit === 'line';
    const head = perLine
      ? ['File', 'Bytes', 'Lines', 'Tokens', 'Mean', 'p50', 'p95', 'Max']
      : ['File', 'Bytes', 'Tokens'];
    const row = (name: string, bytes: number, h: Stats) =>
      perLine
        ? [
            name,
            int(bytes),
            int(h.count),
            int(h.total),
            mean2(h.mean),
            int(h.percentile(50)),
            int(h.percentile(95)),
            int(h.max),
          ]
        : [name, int(bytes), int(h.total)];
    const rows = r.files.length <= TABLE_FILE_LIMIT ? r.files.map((f) => row(f.file, f.bytes, f.samples)) : [];
    rows.push(
      row(st.bold(`Total (${int(r.files.length)} file${r.files.length === 1 ? '' : 's'})`), r.bytes, r.samples),
    );
    out.push(
      grid(
        head,
        rows,
        head.map((_, i) => (i === 0 ? 'left' : 'right')),
      ),
    );
    if (r.files.length > TABLE_FILE_LIMIT)
      out.push(st.dim(`(${int(r.files.length)} files: per-file rows omitted; --format csv or json lists every file)`));
    const h = perLine ? r.samples : r.perFile;
    out.push('');
    out.push(
      `${perLine ? 'Per line' : 'Per file'}: mean ${mean2(h.mean)}, p50 ${int(h.percentile(50))}, p95 ${int(h.percentile(95))}, max ${int(h.max)} tokens (${r.encoding})`,
    );
    if (r.hardSplits > 0)
      out.push(
        st.yellow(
          `note: ${int(r.hardSplits)} split${r.hardSplits === 1 ? '' : 's'} inside text with no safe break for 8 MiB; the count may differ from a whole-file count by a token or two per split`,
        ),
      );
  }
  if (r.skipped.length) {
    out.push('');
    out.push(st.yellow(`Skipped ${r.skipped.length} file${r.skipped.length === 1 ? '' : 's'}:`));
    for (const s of r.skipped) out.push(`  ${s.file}: ${s.reason}`);
  }
  return `${out.join('\n')}\n`;
}
