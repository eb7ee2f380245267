// A fake GitHub REST API for the comment tests: loopback only, the issue-comment endpoints the
// posting script uses, every request recorded. It stops itself after `lifetimeMs` whatever happens
// to the test, and `close()` stops it at once.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
}

export interface FakeComment {
  id: number;
  body: string;
  user: { login: string; type: 'Bot' | 'User' };
  html_url: string;
}

export interface FakeGithub {
  url: string;
  requests: RecordedRequest[];
  comments: FakeComment[];
  /** Answer every write (POST, PATCH) with this status instead (e.g. 403 for a fork's token). */
  denyWrites: number | null;
  close(): Promise<void>;
}

export async function startFakeGithub(opts: { token?: string; lifetimeMs?: number } = {}): Promise<FakeGithub> {
  const token = opts.token ?? 'test-token';
  let nextId = 1000;
  const state: Omit<FakeGithub, 'url' | 'close'> = { requests: [], comments: [], denyWrites: null };
  const send = (res: ServerResponse, status: number, json: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(json));
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      raw += c;
      if (raw.length > 1_000_000) req.destroy();
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const body = raw ? (JSON.parse(raw) as unknown) : null;
      state.requests.push({
        method: req.method ?? '',
        path: `${url.pathname}${url.search}`,
        authorization: req.headers.authorization,
        body,
      });
      if (req.headers.authorization !== `Bearer ${token}`) return send(res, 401, { message: 'Bad credentials' });
      const list = /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname);
      const one = /^\/repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname);
      if (req.method !== 'GET' && state.denyWrites)
        return send(res, state.denyWrites, { message: 'Resource not accessible by integration' });
      if (list && req.method === 'GET') {
        const perPage = Number(url.searchParams.get('per_page') ?? 30);
        const page = Number(url.searchParams.get('page') ?? 1);
        const slice = state.comments.slice((page - 1) * perPage, page * perPage);
        const more = page * perPage < state.comments.length;
        return send(
          res,
          200,
          slice,
          more ? { link: `<http://fake${url.pathname}?per_page=${perPage}&page=${page + 1}>; rel="next"` } : {},
        );
      }
      if (list && req.method === 'POST') {
        const c: FakeComment = {
          id: nextId++,
          body: (body as { body: string }).body,
          user: { login: 'github-actions[bot]', type: 'Bot' },
          html_url: `https://github.invalid/${list[1]}/pull/${list[2]}#issuecomment-${nextId - 1}`,
        };
        state.comments.push(c);
        return send(res, 201, c);
      }
      if (one && req.method === 'PATCH') {
        const c = state.comments.find((x) => x.id === Number(one[2]));
        if (!c) return send(res, 404, { message: 'Not Found' });
        c.body = (body as { body: string }).body;
        return send(res, 200, c);
      }
      return send(res, 404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const stopTimer = setTimeout(() => server.close(), opts.lifetimeMs ?? 60_000);
  stopTimer.unref();
  const { port } = server.address() as AddressInfo;
  const fake: FakeGithub = Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        clearTimeout(stopTimer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
  return fake;
}
