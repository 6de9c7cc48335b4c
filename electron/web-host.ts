// The browser host (architecture.md, "Two hosts for one renderer"): serves the built renderer and
// the same contract over a WebSocket, bound to 127.0.0.1, behind a random token. Used by the
// end-to-end tests (Playwright + Debian Chromium) and for a remote view of a running session.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { homedir } from 'node:os';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { eventNames, type Payload, type EventName } from '../shared/contract';
import { decodeWire, encodeWire } from '../shared/wire';
import { dispatch, type CommandHandlers } from './ipc/dispatch';

/** The renderer's CSP (renderer/index.html), with connect-src widened to this host's socket. */
export function contentSecurityPolicy(origin: string): string {
  const ws = origin.replace(/^http/, 'ws');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self' ${ws}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export interface WebHostOptions {
  /** Folder of the built renderer (dist-renderer). */
  rendererDir: string;
  handlers: CommandHandlers;
  /** Subscribes to main's pushes; returns an unsubscribe function. */
  subscribe: (name: EventName, listener: (payload: Payload<EventName>) => void) => () => void;
  /** 0 (default) picks a free port. */
  port?: number;
  /** For tests; a random 128-bit token otherwise. */
  token?: string;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Largest message a browser may send: a 16 MB file as base64 plus framing. */
const MAX_MESSAGE_BYTES = 24 * 1024 * 1024;
/** Beyond this much unsent data a slow browser skips batches, sees the gap and resyncs. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const TOKEN_COOKIE = 'modemdeck_token';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? randomBytes(16).toString('hex');
  const rendererDir = resolve(opts.rendererDir);
  let origin = '';

  const tokenOk = (req: IncomingMessage): boolean => {
    const url = new URL(req.url ?? '/', origin);
    const given = url.searchParams.get('token') ?? cookie(req, TOKEN_COOKIE) ?? '';
    return safeEqual(given, token);
  };
  // DNS rebinding: a page on another name that resolves to 127.0.0.1 must not reach us.
  const hostOk = (req: IncomingMessage): boolean => req.headers.host === new URL(origin).host;

  const server = createServer((req, res) => {
    void serveFile(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  async function serveFile(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostOk(req) || !tokenOk(req)) return refuse(res, 403, 'forbidden: open the URL printed by the host, with its token');
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'method not allowed');
    const { pathname } = new URL(req.url ?? '/', origin);
    const relative = normalize(decodeURIComponent(pathname === '/' ? '/index.html' : pathname)).replace(/^[/\\]+/, '');
    const file = join(rendererDir, relative);
    if (file !== rendererDir && !file.startsWith(rendererDir + sep)) return refuse(res, 403, 'forbidden');
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return refuse(res, 404, 'not found');
    const body = await readFile(file);
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': contentSecurityPolicy(origin),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
      // Scripts and styles load without the query string: the cookie carries the token for them.
      'Set-Cookie': `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const originHeader = req.headers.origin;
    if (!hostOk(req) || !tokenOk(req) || (originHeader !== undefined && originHeader !== origin)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws));
  });

  function serveSocket(ws: WebSocket): void {
    const offs = eventNames.map((name) =>
      opts.subscribe(name, (payload) => {
        if (ws.readyState !== ws.OPEN || ws.bufferedAmount > MAX_BUFFERED_BYTES) return;
        ws.send(encodeWire({ event: name, payload }), { binary: true });
      }),
    );
    ws.on('close', () => offs.forEach((off) => off()));
    ws.on('message', (data, isBinary) => {
      if (!isBinary || !(data instanceof Buffer)) return;
      let msg: unknown;
      try {
        msg = decodeWire(new Uint8Array(data.buffer, data.byteOffset, data.length));
      } catch {
        return;
      }
      if (!msg || typeof msg !== 'object') return;
      const { id, name, payload } = msg as { id?: unknown; name?: unknown; payload?: unknown };
      if (typeof id !== 'number') return;
      void dispatch(opts.handlers, name, payload).then((result) => {
        if (ws.readyState === ws.OPEN) ws.send(encodeWire({ id, result }), { binary: true });
      });
    });
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    port,
    token,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${message}\n`);
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * `npm run web`: the workbench (virtual EC600S by default, real ports on request) served to a
 * browser. Prints `url: http://127.0.0.1:<port>/?token=<token>`; stops on SIGINT/SIGTERM.
 */
export async function runWebHost(argv: string[]): Promise<number> {
  const { createAppServices } = await import('./services/app-services');
  const { createHandlers, typedPathsOnly } = await import('./ipc/handlers');
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith('--')) args.set(argv[i].slice(2), argv[i + 1] ?? '');
  }
  const port = Number(args.get('port') ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`web host: --port must be 0..65535, got "${args.get('port')}"\n`);
    return 2;
  }
  const rendererDir = resolve(args.get('renderer') ?? join(process.cwd(), 'dist-renderer'));
  const index = await stat(join(rendererDir, 'index.html')).catch(() => null);
  if (!index) {
    process.stderr.write(`web host: no built renderer in ${rendererDir}: run "npm run build" first\n`);
    return 1;
  }
  // Sessions are recorded (masked) under the data folder, as the desktop app does under userData.
  const dataDir = resolve(args.get('data-dir') || join(homedir(), '.modemdeck'));
  const services = createAppServices({ captureDir: join(dataDir, 'captures') });
  const { installCrashReports } = await import('./platform/crash-report');
  installCrashReports({ mask: (text) => services.masker.maskText(text), dir: join(dataDir, 'crash-reports') });
  const host = await startWebHost({
    rendererDir,
    port,
    handlers: createHandlers(services.workbench, typedPathsOnly),
    subscribe: (_name, listener) => services.workbench.onBatch(listener),
  });
  process.stdout.write(`url: ${host.url}\n`);
  process.stdout.write(`data: ${dataDir}\n`);
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await host.close();
  await services.dispose();
  return 0;
}
