// The browser host serves only to whoever holds its token, only on 127.0.0.1, with the renderer's
// CSP, and speaks the same contract (same validation) over its WebSocket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startWebHost, type WebHost } from '../../../electron/web-host';
import type { CommandHandlers } from '../../../electron/ipc/dispatch';
import { commandNames, type StreamBatch } from '../../../shared/contract';
import { decodeWire, encodeWire } from '../../../shared/wire';

const dir = mkdtempSync(join(tmpdir(), 'modemdeck-webhost-'));
let host: WebHost;
let push: (b: StreamBatch) => void = () => {};

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function connect(query: string, origin?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws${query}`, origin ? { origin } : {});
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

function next(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) => ws.once('message', (d: Buffer) => resolve(decodeWire(new Uint8Array(d)) as Record<string, unknown>)));
}

beforeAll(async () => {
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>ModemDeck</title>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(tmpdir(), 'modemdeck-secret.txt'), 'outside');
  const handlers = Object.fromEntries(commandNames.map((n) => [n, (req: unknown) => ({ echoed: n, req })])) as unknown as CommandHandlers;
  host = await startWebHost({
    rendererDir: dir,
    handlers,
    token: 'a'.repeat(32),
    subscribe: (_name, listener) => {
      push = listener;
      return () => (push = () => {});
    },
  });
});

afterAll(async () => {
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(join(tmpdir(), 'modemdeck-secret.txt'), { force: true });
});

describe('browser host', () => {
  it('prints a loopback URL with its token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${'a'.repeat(32)}`);
  });

  it('refuses requests without the token', async () => {
    expect((await get('/')).status).toBe(403);
    expect((await get('/?token=wrong')).status).toBe(403);
    expect((await get('/assets/app.js')).status).toBe(403);
  });

  it('serves the renderer with the CSP header to the token holder, and its assets by cookie', async () => {
    const page = await get(`/?token=${host.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>ModemDeck</title>');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
    const cookie = String(page.headers['set-cookie']).split(';')[0];
    expect((await get('/assets/app.js', { cookie })).status).toBe(200);
  });

  it('refuses another Host name (DNS rebinding) and paths outside the renderer', async () => {
    expect((await get(`/?token=${host.token}`, { host: `evil.example:${host.port}` })).status).toBe(403);
    const escaped = await get(`/..%2fmodemdeck-secret.txt?token=${host.token}`);
    expect([403, 404]).toContain(escaped.status);
    expect(escaped.body).not.toContain('outside');
  });

  it('refuses a socket without the token or from another origin', async () => {
    await expect(connect('')).rejects.toThrow(/403/);
    await expect(connect(`?token=${host.token}`, 'http://evil.example')).rejects.toThrow(/403/);
  });

  it('answers contract calls, validates them, and pushes batches with typed arrays', async () => {
    const ws = await connect(`?token=${host.token}`, `http://127.0.0.1:${host.port}`);
    ws.send(encodeWire({ id: 1, name: 'send', payload: { text: 'AT', hex: false, enter: 'crlf' } }));
    expect(await next(ws)).toEqual({ id: 1, result: { ok: true, value: { echoed: 'send', req: { text: 'AT', hex: false, enter: 'crlf' } } } });
    ws.send(encodeWire({ id: 2, name: 'send', payload: { text: 7 } }));
    expect(await next(ws)).toMatchObject({ id: 2, result: { ok: false, error: { code: 'BAD_REQUEST' } } });
    ws.send(encodeWire({ id: 3, name: 'constructor', payload: undefined }));
    expect(await next(ws)).toMatchObject({ id: 3, result: { ok: false, error: { code: 'UNKNOWN_COMMAND' } } });
    const batch = { seq: 1, log: { first: 0, bytes: Uint8Array.of(65, 84), offsets: Uint32Array.of(0, 2), times: Float64Array.of(1.5), dirs: Uint8Array.of(1) }, facts: [], notices: [] };
    const received = next(ws);
    push(batch as StreamBatch);
    const msg = (await received) as { event: string; payload: typeof batch };
    expect(msg.event).toBe('stream');
    expect([...msg.payload.log.bytes]).toEqual([65, 84]);
    expect([...msg.payload.log.times]).toEqual([1.5]);
    ws.close();
  });
});
