// The bench page served from 127.0.0.1 (an esbuild bundle in a temp dir) and Debian's Chromium on
// it with a fresh profile, precise memory info and gc() exposed. close() removes both.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { execFileSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { build, type Plugin } from 'esbuild';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--enable-precise-memory-info',
  '--js-flags=--expose-gc',
];

/** A fresh Chromium profile; the caller closes the context and removes the dir. */
export async function launchChromium(): Promise<{ context: BrowserContext; page: Page; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'modemdeck-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

export interface BenchPage {
  page: Page;
  url: string;
  /** V8 heap in use plus ArrayBuffer backing stores, after two full GCs. */
  retainedBytes(): Promise<number>;
  /** Reloads the page (a clean heap between peers). */
  reload(): Promise<void>;
  close(): Promise<void>;
}

/** The files this bench tunes; BENCH_BASELINE=<git rev> bundles them as they were at that revision. */
const TUNED = ['shared/log-store.ts', 'renderer/store/terminal-log.ts', 'renderer/panels/LogView.tsx'];
const repoRoot = resolve(import.meta.dirname, '../../..');

/** Loads the tuned files from `rev` (read-only `git show`), for before/after figures. */
function baselinePlugin(rev: string): Plugin {
  return {
    name: 'baseline',
    setup(b) {
      b.onLoad({ filter: /\.(ts|tsx)$/ }, (args) => {
        const rel = relative(repoRoot, args.path).split(sep).join('/');
        if (!TUNED.includes(rel)) return undefined;
        const contents = execFileSync('git', ['show', `${rev}:${rel}`], { cwd: repoRoot, encoding: 'utf8' });
        return { contents, loader: rel.endsWith('x') ? 'tsx' : 'ts', resolveDir: dirname(args.path) };
      });
    },
  };
}

export async function openBenchPage(): Promise<BenchPage> {
  const dir = mkdtempSync(join(tmpdir(), 'modemdeck-bench-page-'));
  const baseline = process.env.BENCH_BASELINE;
  await build({
    plugins: baseline ? [baselinePlugin(baseline)] : [],
    entryPoints: [resolve(import.meta.dirname, 'page/main.tsx')],
    outdir: dir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome130',
    jsx: 'automatic',
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.woff2': 'file', '.svg': 'file', '.png': 'file' },
    logLevel: 'error',
  });
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="main.css"></head><body><div id="root"></div><script type="module" src="main.js"></script></body></html>',
  );
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = join(dir, path === '/' ? 'index.html' : path.replace(/^\/+/, ''));
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const browser = await launchChromium();
  const { page } = browser;
  const cdp = await browser.context.newCDPSession(page);
  const load = async () => {
    await page.goto(url);
    await page.waitForFunction(() => window.benchReady === true);
  };
  await load();
  return {
    page,
    url,
    async retainedBytes() {
      // Array buffers are freed by a later GC than the one that finds them dead: collect until flat.
      let last = Infinity;
      for (let i = 0; i < 6; i++) {
        await page.evaluate(() => new Promise((r) => setTimeout(r, 50)).then(() => (globalThis as unknown as { gc: () => void }).gc()));
        const h = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
        const now = h.usedSize + (h.backingStorageSize ?? 0);
        if (Math.abs(now - last) < 64 * 1024) return now;
        last = now;
      }
      return last;
    },
    reload: load,
    async close() {
      await browser.close();
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
