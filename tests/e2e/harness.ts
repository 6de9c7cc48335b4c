// End-to-end harness: the browser host (`scripts/web-host.mjs`, the same entry `npm run web`
// uses) in a child process, Debian's Chromium driven by playwright-core with a fresh profile, and
// screenshots kept in test-results/screenshots for a human to look at.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startWebHost, type WebHostOptions } from '../../electron/web-host';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const screenshotDir = join(repoRoot, 'test-results', 'screenshots');

/** Builds the renderer when no build exists (`npm test` builds it first anyway). */
export function ensureRendererBuilt(): void {
  if (existsSync(join(repoRoot, 'dist-renderer', 'index.html'))) return;
  const r = spawnSync(process.execPath, ['scripts/build.mjs', '--renderer'], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('building the renderer failed: run "node scripts/build.mjs --renderer" to see why');
}

/** Starts a child process and resolves with the first stdout line matching `pattern`. */
export function spawnUntil(command: string, args: string[], pattern: RegExp, timeoutMs = 20_000): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`${args.join(' ')} printed no line matching ${pattern} within ${timeoutMs} ms\nstdout: ${out}\nstderr: ${err}`));
    }, timeoutMs);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = out.match(pattern);
      if (m) {
        clearTimeout(timer);
        resolvePromise({ child, match: m });
      }
    });
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code} before printing ${pattern}\nstdout: ${out}\nstderr: ${err}`));
    });
  });
}

export async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

export interface Session {
  host: ChildProcess;
  url: string;
  context: BrowserContext;
  page: Page;
  profile: string;
  close(): Promise<void>;
}

/** A browser host plus a browser on it, in the given UI language. */
export async function openSession(opts: { locale?: string } = {}): Promise<Session> {
  ensureRendererBuilt();
  const profile = mkdtempSync(join(tmpdir(), 'modemdeck-e2e-'));
  const dataDir = join(profile, 'data');
  const { child: host, match } = await spawnUntil(process.execPath, ['scripts/web-host.mjs', '--port', '0', '--data-dir', dataDir], /^url: (\S+)$/m);
  const url = match[1];
  // A fresh profile per session: nothing remembered from an earlier run.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    locale: opts.locale ?? 'en-US',
    viewport: { width: 1400, height: 860 },
    acceptDownloads: true,
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  await page.goto(url);
  await page.locator('.app[data-synced="true"]').waitFor();
  return {
    host,
    url,
    context,
    page,
    profile,
    async close() {
      await context.close().catch(() => undefined);
      await stopChild(host);
      rmSync(profile, { recursive: true, force: true });
      if (problems.length) throw new Error(`the page reported errors:\n${problems.join('\n')}`);
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
}

/**
 * A browser on an in-process browser host whose main side is given by the test (to feed the real
 * renderer, through the real host and wire, more than a pty could in a test's time).
 */
export async function openInProcess(main: Pick<WebHostOptions, 'handlers' | 'subscribe'>): Promise<Omit<Session, 'host'>> {
  ensureRendererBuilt();
  const web = await startWebHost({ rendererDir: join(repoRoot, 'dist-renderer'), ...main });
  const profile = mkdtempSync(join(tmpdir(), 'modemdeck-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    locale: 'en-US',
    viewport: { width: 1400, height: 860 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(web.url);
  await page.locator('.app[data-synced="true"]').waitFor({ timeout: 60_000 });
  return {
    url: web.url,
    context,
    page,
    profile,
    async close() {
      await context.close().catch(() => undefined);
      await web.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
