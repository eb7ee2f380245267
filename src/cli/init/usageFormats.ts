// Usage exports teams already have, read into one shape: a time bucket (or one request) with its
// model, request count and tokens. Three formats, recognised by their fields:
// - OpenAI Usage API, completions (GET /v1/organization/usage/completions, optionally group_by=model):
//   { object: "page", data: [{ start_time, end_time, results: [{ input_tokens, input_cached_tokens,
//   output_tokens, num_model_requests, model, ... }] }] } — one page, or a list of pages.
// - Anthropic Admin API usage report (GET /v1/organizations/usage_report/messages): { data: [{
//   starting_at, ending_at, results: [{ uncached_input_tokens, cache_read_input_tokens, cache_creation:
//   { ephemeral_5m_input_tokens, ephemeral_1h_input_tokens }, output_tokens, model, ... }] }]. It has
//   no request count, so the caller must give requests per day.
// - LiteLLM spend logs (the proxy's LiteLLM_SpendLogs rows, from /spend/logs as JSON or a CSV export):
//   one row per request with model, prompt_tokens, completion_tokens, startTime.
// Rows that cannot be read are skipped with a warning naming file and line; a file none of whose
// rows can be read, or that is no known format, is an error.
import { InputError } from '../../errors.js';
import { readTextFile } from '../../input/read.js';

/** Usage files may be large exports; still bounded. */
export const MAX_USAGE_BYTES = 64 * 1024 * 1024;

export type UsageFormat = 'openai' | 'anthropic' | 'litellm';

export interface UsageRecord {
  /** Start of the bucket or the request, Unix seconds (UTC). */
  start: number;
  /** Width of the bucket in seconds; 0 for one request. */
  width: number;
  model: string | null;
  /** Requests in the bucket; null when the format has none (Anthropic). */
  requests: number | null;
  input: number;
  cachedInput: number;
  cacheWrite: number;
  output: number;
}

export interface UsageFile {
  file: string;
  format: UsageFormat;
  records: UsageRecord[];
  skipped: number;
}

type Warn = (message: string) => void;
type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Line and column of a character offset. */
function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, col: offset - last };
}

/**
 * The line of each row, as the line of the n-th occurrence of a key every row has. Enough to name a
 * bad row's line without a second parser: rows are read in document order.
 */
function keyLines(text: string, key: string): number[] {
  const lines: number[] = [];
  const re = new RegExp(`"${key}"\\s*:`, 'g');
  let line = 1;
  let from = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    for (let i = from; i < m.index; i++) if (text.charCodeAt(i) === 10) line++;
    from = m.index;
    lines.push(line);
  }
  return lines;
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(msg);
    const at = pos ? lineCol(text, Number(pos[1])) : {};
    throw new InputError({
      code: 'E_INVALID',
      file,
      ...at,
      message: `is not valid JSON (${msg.replace(/ in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '')})`,
      expected: 'a usage export as downloaded (JSON), or a LiteLLM spend-log CSV',
    });
  }
}

const FORMATS_EXPECTED =
  'an OpenAI Usage API completions page ({ data: [{ start_time, results: [{ num_model_requests, input_tokens, ... }] }] }), an Anthropic usage report ({ data: [{ starting_at, results: [{ uncached_input_tokens, ... }] }] }), or LiteLLM spend logs (rows with model, prompt_tokens, completion_tokens, startTime)';

/** A non-negative finite number, from a number or a numeric string (CSV cells). */
function count(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return 0;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v) ? Number(v) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : null;
}

function timeOf(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v > 1e11 ? v / 1000 : v;
  if (typeof v !== 'string' || v.trim() === '') return null;
  const s = v.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return timeOf(Number(s));
  // "2026-11-03 14:05:00" (LiteLLM's CSV) is UTC like the ISO forms.
  const iso =
    /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}/.test(s) && !/(Z|[+-]\d{2}:?\d{2})$/.test(s) ? `${s.replace(' ', 'T')}Z` : s;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t / 1000;
}

function detect(doc: unknown): UsageFormat | null {
  const pages = Array.isArray(doc) && doc.every(isObject) && doc.some((p) => Array.isArray(p.data)) ? doc : [doc];
  const firstResult = pages
    .flatMap((p) => (isObject(p) && Array.isArray(p.data) ? p.data : []))
    .flatMap((b) => (isObject(b) && Array.isArray(b.results) ? b.results : []))
    .find(isObject);
  if (firstResult) {
    if ('num_model_requests' in firstResult || 'input_cached_tokens' in firstResult) return 'openai';
    if ('uncached_input_tokens' in firstResult || 'cache_read_input_tokens' in firstResult) return 'anthropic';
  }
  const rows = Array.isArray(doc) ? doc : isObject(doc) && Array.isArray(doc.data) ? doc.data : [];
  const row = rows.find(isObject);
  if (row && 'prompt_tokens' in row && ('startTime' in row || 'start_time' in row)) return 'litellm';
  return null;
}

/** Read one usage file (JSON or CSV), whatever its format. */
export function readUsageFile(path: string, file: string, warn: Warn): UsageFile {
  const text = readTextFile(path, MAX_USAGE_BYTES, file);
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return readLiteLlmCsv(text, file, warn);
  const doc = parseJson(text, file);
  const format = detect(doc);
  if (!format)
    throw new InputError({
      code: 'E_INVALID',
      file,
      line: 1,
      col: 1,
      message: 'is not a usage export llmcost knows',
      expected: FORMATS_EXPECTED,
    });
  if (format === 'litellm') {
    const rows = (Array.isArray(doc) ? doc : (doc as Json).data) as unknown[];
    return finish(file, 'litellm', litellmRows(rows, keyLines(text, 'prompt_tokens'), file, warn));
  }
  return finish(file, format, bucketRows(doc, format, text, file, warn));
}

function finish(file: string, format: UsageFormat, r: { records: UsageRecord[]; skipped: number }): UsageFile {
  if (r.records.length === 0) {
    throw new InputError({
      code: 'E_INVALID',
      file,
      message: r.skipped ? `none of its ${r.skipped} rows could be read` : 'has no usage rows',
      expected: 'at least one row with tokens',
    });
  }
  return { file, format, ...r };
}

function bucketRows(
  doc: unknown,
  format: 'openai' | 'anthropic',
  text: string,
  file: string,
  warn: Warn,
): { records: UsageRecord[]; skipped: number } {
  const pages = Array.isArray(doc) ? doc : [doc];
  const lines = keyLines(text, 'output_tokens');
  const records: UsageRecord[] = [];
  let skipped = 0;
  let row = 0;
  for (const page of pages) {
    if (!isObject(page) || !Array.isArray(page.data)) continue;
    for (const bucket of page.data) {
      if (!isObject(bucket)) continue;
      const start = timeOf(format === 'openai' ? bucket.start_time : bucket.starting_at);
      const end = timeOf(format === 'openai' ? bucket.end_time : bucket.ending_at);
      for (const r of Array.isArray(bucket.results) ? bucket.results : []) {
        const line = lines[row++];
        const where = `${file}${line ? `:${line}` : ''}`;
        if (!isObject(r)) continue;
        const cc = isObject(r.cache_creation) ? r.cache_creation : {};
        const fields: Record<string, unknown> =
          format === 'openai'
            ? {
                input_tokens: r.input_tokens,
                input_cached_tokens: r.input_cached_tokens,
                output_tokens: r.output_tokens,
                num_model_requests: r.num_model_requests,
              }
            : {
                uncached_input_tokens: r.uncached_input_tokens,
                cache_read_input_tokens: r.cache_read_input_tokens,
                cache_creation_5m: cc.ephemeral_5m_input_tokens ?? r.cache_creation_5m_input_tokens,
                cache_creation_1h: cc.ephemeral_1h_input_tokens ?? r.cache_creation_1h_input_tokens,
                output_tokens: r.output_tokens,
              };
        const bad = Object.entries(fields).find(([, v]) => count(v) === null);
        if (start === null || end === null || end <= start || bad) {
          skipped++;
          warn(
            `${where}: row skipped (${bad ? `${bad[0]} ${JSON.stringify(bad[1])} is not a token count` : 'its bucket has no readable start and end time'})`,
          );
          continue;
        }
        const n = (k: string) => count(fields[k]) ?? 0;
        const model = typeof r.model === 'string' && r.model ? r.model : null;
        records.push(
          format === 'openai'
            ? {
                start,
                width: end - start,
                model,
                requests: n('num_model_requests'),
                input: n('input_tokens'),
                cachedInput: n('input_cached_tokens'),
                cacheWrite: 0,
                output: n('output_tokens'),
              }
            : {
                start,
                width: end - start,
                model,
                requests: null,
                input:
                  n('uncached_input_tokens') +
                  n('cache_read_input_tokens') +
                  n('cache_creation_5m') +
                  n('cache_creation_1h'),
                cachedInput: n('cache_read_input_tokens'),
                cacheWrite: n('cache_creation_5m') + n('cache_creation_1h'),
                output: n('output_tokens'),
              },
        );
      }
    }
  }
  return { records, skipped };
}

function litellmRow(r: Json, where: string, warn: Warn): UsageRecord | null {
  const start = timeOf(r.startTime ?? r.start_time);
  const prompt = count(r.prompt_tokens);
  const completion = count(r.completion_tokens);
  const problem =
    start === null
      ? `startTime ${JSON.stringify(r.startTime ?? r.start_time ?? null)} is not a time`
      : prompt === null
        ? `prompt_tokens ${JSON.stringify(r.prompt_tokens)} is not a token count`
        : completion === null
          ? `completion_tokens ${JSON.stringify(r.completion_tokens)} is not a token count`
          : null;
  if (problem) {
    warn(`${where}: row skipped (${problem})`);
    return null;
  }
  const model = typeof r.model === 'string' && r.model ? r.model : null;
  return {
    start: start!,
    width: 0,
    model,
    requests: 1,
    input: prompt!,
    cachedInput: 0,
    cacheWrite: 0,
    output: completion!,
  };
}

function litellmRows(
  rows: unknown[],
  lines: number[],
  file: string,
  warn: Warn,
): { records: UsageRecord[]; skipped: number } {
  const records: UsageRecord[] = [];
  let skipped = 0;
  rows.forEach((r, i) => {
    const rec = isObject(r) ? litellmRow(r, `${file}${lines[i] ? `:${lines[i]}` : ''}`, warn) : null;
    if (rec) records.push(rec);
    else skipped++;
  });
  return { records, skipped };
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and newlines. Rows keep their first line. */
export function parseCsv(text: string): Array<{ line: number; cells: string[] }> {
  const rows: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      if (cells.some((x) => x !== '')) rows.push({ line: rowLine, cells });
      cells = [];
      cell = '';
      line++;
      rowLine = line;
    } else cell += c;
  }
  cells.push(cell);
  if (cells.some((x) => x !== '')) rows.push({ line: rowLine, cells });
  return rows;
}

function readLiteLlmCsv(text: string, file: string, warn: Warn): UsageFile {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  const header = rows[0]?.cells.map((h) => h.trim());
  const need = ['model', 'prompt_tokens', 'completion_tokens'];
  const startKey = header?.includes('startTime') ? 'startTime' : 'start_time';
  if (!header || !need.every((k) => header.includes(k)) || !header.includes(startKey)) {
    const missing = header
      ? [...need, 'startTime'].filter(
          (k) => !header.includes(k) && !(k === 'startTime' && header.includes('start_time')),
        )
      : need;
    throw new InputError({
      code: 'E_INVALID',
      file,
      line: 1,
      col: 1,
      message: `is not a LiteLLM spend-log CSV (no column ${missing.map((m) => `'${m}'`).join(', ')})`,
      expected: FORMATS_EXPECTED,
    });
  }
  const records: UsageRecord[] = [];
  let skipped = 0;
  for (const { line, cells } of rows.slice(1)) {
    if (cells.length !== header.length) {
      skipped++;
      warn(`${file}:${line}: row skipped (${cells.length} cells; the header has ${header.length})`);
      continue;
    }
    const r: Json = Object.fromEntries(header.map((h, i) => [h, cells[i]]));
    const rec = litellmRow(r, `${file}:${line}`, warn);
    if (rec) records.push(rec);
    else skipped++;
  }
  return finish(file, 'litellm', { records, skipped });
}
