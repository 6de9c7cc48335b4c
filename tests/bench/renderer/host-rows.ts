// Rows 8-9 of the benchmark table, end to end through the browser host (performance-plan.md §8.1
// "End to end"): paced writer → socat pty → the app's main side (host-child.ts: serial link, AT
// pipeline, log store, batcher, web host) → loopback WebSocket → the built renderer in Chromium.
// Each line carries the writer's wall-clock stamp; the page notes when the row showing it has been
// painted (the task after the rAF that follows the DOM change: an upper bound on stamp → pixels).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { BenchRow } from '../types';
import { launchChromium } from './browser';

const repoRoot = resolve(import.meta.dirname, '../../..');
const here = import.meta.dirname;

interface Sizes {
  latencyRate: number;
  latencyMs: number;
  floodRate: number;
  floodMs: number;
  freezeMs: number;
  /** The same process idle with the port open, for reference. */
  idleMs: number;
}
const FULL: Sizes = { latencyRate: 92_160, latencyMs: 10_000, floodRate: 300_000, floodMs: 9_000, freezeMs: 5_000, idleMs: 3_000 };
const QUICK: Sizes = { latencyRate: 92_160, latencyMs: 3_000, floodRate: 300_000, floodMs: 5_000, freezeMs: 3_000, idleMs: 2_000 };

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

function waitLine(child: ChildProcess, pattern: RegExp, timeoutMs: number, stream: 'stdout' | 'stderr' = 'stdout'): Promise<RegExpMatchArray> {
  return new Promise((resolveLine, reject) => {
    const rl = createInterface({ input: child[stream] as NodeJS.ReadableStream });
    const timer = setTimeout(() => done(new Error(`no line matching ${pattern} within ${timeoutMs} ms`)), timeoutMs);
    const onExit = () => done(new Error(`the process exited before printing ${pattern}`));
    child.once('exit', onExit);
    function done(err: Error | null, m?: RegExpMatchArray) {
      clearTimeout(timer);
      child.off('exit', onExit);
      rl.close();
      if (err) reject(err);
      else resolveLine(m as RegExpMatchArray);
    }
    rl.on('line', (line) => {
      const m = line.match(pattern);
      if (m) done(null, m);
    });
  });
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

const tsx = (script: string, args: string[]) =>
  spawn(process.execPath, ['--import', 'tsx', join(here, script), ...args], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });

async function ask<T>(child: ChildProcess, command: string): Promise<T> {
  const line = waitLine(child, /^\{.*\}$/, 60_000);
  child.stdin?.write(`${command}\n`);
  return JSON.parse((await line)[0]) as T;
}

async function write(tty: string, rate: number, ms: number, first: number): Promise<{ lines: number; bytes: number }> {
  const w = tsx('pty-writer.ts', [tty, String(rate), String(ms), String(first)]);
  const m = await waitLine(w, /^wrote (\d+) (\d+)$/, ms + 30_000);
  return { lines: Number(m[1]), bytes: Number(m[2]) };
}

export async function runHostBench(quick: boolean, log: (m: string) => void = () => {}): Promise<BenchRow[]> {
  const s = quick ? QUICK : FULL;
  // BENCH_RENDERER_DIR: another build of the renderer (a baseline) for before/after figures.
  const rendererDir = process.env.BENCH_RENDERER_DIR ?? join(repoRoot, 'dist-renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) throw new Error('rows 8-9 need the built renderer: run "npm run build" first');
  const dir = mkdtempSync(join(tmpdir(), 'modemdeck-bench-pty-'));
  const [ttyA, ttyB] = [join(dir, 'A'), join(dir, 'B')];
  let socat: ChildProcess | undefined;
  let hostChild: ChildProcess | undefined;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  try {
    socat = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${ttyA}`, `pty,raw,echo=0,link=${ttyB}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    await waitLine(socat, /starting data transfer loop/, 10_000, 'stderr');
    hostChild = tsx('host-child.ts', [ttyB, rendererDir]);
    hostChild.stderr?.on('data', (d: Buffer) => log(`host: ${d.toString().trim()}`));
    const url = (await waitLine(hostChild, /^url: (\S+)$/, 60_000))[1];
    browser = await launchChromium();
    const { page } = browser;
    // When each batch reaches the page (before React sees it): splits the latency into wire and paint.
    await page.addInitScript(() => {
        const w = window as unknown as { benchArrive: number[] };
        w.benchArrive = [];
        const Orig = window.WebSocket;
        window.WebSocket = class extends Orig {
          constructor(u: string | URL, p?: string | string[]) {
            super(u, p);
            this.addEventListener('message', (ev) => {
              if (!(ev.data instanceof ArrayBuffer)) return;
              const text = new TextDecoder('latin1').decode(new Uint8Array(ev.data));
              const all = [...text.matchAll(/\+BENCH: \d+,(\d+\.\d),x/g)];
              const m = all[all.length - 1];
              if (m) w.benchArrive.push(performance.timeOrigin + performance.now() - Number(m[1]));
            });
          }
        };
      });
    await page.goto(url);
    await page.locator('.app[data-synced="true"]').waitFor({ timeout: 60_000 });
    await page.evaluate(() => {
      const w = window as unknown as { benchLatency: number[]; benchSeen: Set<number>; benchLast: number };
      w.benchLatency = [];
      w.benchSeen = new Set();
      w.benchLast = -1;
      const view = document.querySelector('[data-testid="log-view"]') as HTMLElement;
      // Rows are reused for other lines as the view moves, so look at the text of every row shown.
      new MutationObserver(() => {
        const stamps: number[] = [];
        view.querySelectorAll('.log-row').forEach((row) => {
          const m = /\+BENCH: (\d+),(\d+\.\d),x/.exec(row.textContent ?? '');
          if (!m || w.benchSeen.has(Number(m[1]))) return;
          w.benchSeen.add(Number(m[1]));
          w.benchLast = Math.max(w.benchLast, Number(m[1]));
          stamps.push(Number(m[2]));
        });
        if (stamps.length)
          requestAnimationFrame(() =>
            setTimeout(() => {
              const now = performance.timeOrigin + performance.now();
              for (const t of stamps) w.benchLatency.push(now - t);
            }, 0),
          );
      }).observe(view, { childList: true, subtree: true, characterData: true });
    });

    // Row 8: latency at 92 KB/s.
    const wrote = await write(ttyA, s.latencyRate, s.latencyMs, 0);
    await page.waitForFunction((last) => (window as unknown as { benchLast: number }).benchLast >= last, wrote.lines - 1, { timeout: 30_000 }).catch(() => undefined);
    const lat = await page.evaluate(() => {
      // (No named functions in here: tsx would wrap them in a helper the page lacks.)
      const a = (window as unknown as { benchLatency: number[] }).benchLatency.slice().sort((x, y) => x - y);
      return { n: a.length, p50: a[Math.floor(0.5 * a.length)], p95: a[Math.floor(0.95 * a.length)], p99: a[Math.floor(0.99 * a.length)], max: a[a.length - 1] };
    });
    log(`row 8: ${wrote.lines} lines (${wrote.bytes} B) at ${s.latencyRate} B/s; ${lat.n} painted rows: p50 ${round(lat.p50)} / p95 ${round(lat.p95)} / p99 ${round(lat.p99)} / max ${round(lat.max)} ms`);
    const before = await ask<{ seqs: number[]; toBatchP50: number; toBatchP99: number }>(hostChild, 'count');
    const arrive = await page.evaluate(() => {
      const a = (window as unknown as { benchArrive: number[] }).benchArrive.slice().sort((x, y) => x - y);
      return { p50: a[Math.floor(a.length / 2)], p99: a[Math.floor(a.length * 0.99)] };
    });
    log(`row 8: stamp → batch leaving main p50 ${round(before.toBatchP50)} / p99 ${round(before.toBatchP99)} ms; → batch reaching the page p50 ${round(arrive.p50)} / p99 ${round(arrive.p99)} ms; main holds ${new Set(before.seqs).size} of ${wrote.lines} lines`);

    // Row 9: the renderer frozen for 5 s in the middle of a flood.
    const FLOOD_FIRST = 10_000_000;
    // The same process idle with the port open: what the machine's other load alone costs.
    await ask(hostChild, 'eld-start');
    await new Promise((r) => setTimeout(r, s.idleMs));
    const idle = await ask<{ p50: number; p99: number; max: number }>(hostChild, 'eld-stop');
    await ask(hostChild, 'eld-start');
    const flood = write(ttyA, s.floodRate, s.floodMs, FLOOD_FIRST);
    await new Promise((r) => setTimeout(r, 1000));
    await page.evaluate((ms) => {
      const end = performance.now() + ms;
      while (performance.now() < end);
    }, s.freezeMs);
    const flooded = await flood;
    await new Promise((r) => setTimeout(r, 1000));
    const eld = await ask<{ p50: number; p99: number; max: number }>(hostChild, 'eld-stop');
    const after = await ask<{ seqs: number[] }>(hostChild, 'count');
    const held = new Set(after.seqs.filter((n) => n >= FLOOD_FIRST));
    let lost = 0;
    for (let n = FLOOD_FIRST; n < FLOOD_FIRST + flooded.lines; n++) if (!held.has(n)) lost++;
    const caughtUp = await page
      .waitForFunction((last) => (window as unknown as { benchLast: number }).benchLast >= last, FLOOD_FIRST + flooded.lines - 1, { timeout: 30_000 })
      .then(() => true, () => false);
    log(`row 9: flood ${flooded.lines} lines (${flooded.bytes} B) at ${s.floodRate} B/s, renderer frozen ${s.freezeMs} ms; main event-loop delay p50 ${eld.p50} / p99 ${eld.p99} / max ${eld.max} ms (idle, port open: p99 ${idle.p99} / max ${idle.max} ms; load average ${loadavg()[0].toFixed(1)}); ${lost} of ${flooded.lines} lines missing from main's log store; renderer caught up: ${caughtUp}`);
    return [
      {
        id: 8,
        what: `bytes-to-screen latency through the browser host at ${round(s.latencyRate / 1000)} KB/s, p99 (p50 ${round(lat.p50)}, p95 ${round(lat.p95)}, max ${round(lat.max)} ms over ${lat.n} painted rows; of which stamp → main's batch p99 ${round(before.toBatchP99)}, → page p99 ${round(arrive.p99)} ms)`,
        unit: 'ms',
        ours: round(lat.p99),
        peer: null,
        ratio: null,
        target: 'p99 ≤ 100 ms',
        met: lat.p99 <= 100,
      },
      {
        id: 9,
        what: `main event-loop delay while the renderer is frozen ${s.freezeMs / 1000} s under a ${round(s.floodRate / 1000)} KB/s flood, p99 (max ${eld.max} ms; idle with the port open p99 ${idle.p99} ms, load average ${loadavg()[0].toFixed(1)}; ${lost} of ${flooded.lines} lines lost in main's log store; renderer caught up: ${caughtUp ? 'yes' : 'no'})`,
        unit: 'ms',
        ours: eld.p99,
        peer: null,
        ratio: null,
        target: 'p99 ≤ 20 ms, 0 lines lost',
        met: eld.p99 <= 20 && lost === 0,
      },
    ];
  } finally {
    await browser?.close();
    if (hostChild?.exitCode === null) hostChild.stdin?.write('quit\n');
    await Promise.race([new Promise((r) => hostChild?.once('exit', r)), new Promise((r) => setTimeout(r, 3000))]);
    await stop(hostChild);
    await stop(socat);
    rmSync(dir, { recursive: true, force: true });
  }
}
