// The renderer bench page: the app's own LogView over the app's own TerminalLog, and the peers
// (xterm.js, react-window) in the same page, fed the same packed lines. The driver
// (tests/bench/renderer/page-rows.ts) calls `window.bench.*` through Playwright; every scenario
// returns plain numbers measured here, in the page (rAF deltas, long tasks, performance.now()).
import { createRoot, type Root } from 'react-dom/client';
import { useEffect, useRef } from 'react';
import { List, type ListImperativeAPI, type RowComponentProps } from 'react-window';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import '../../../../renderer/styles.css';
import { LogView, formatTime, lineText } from '../../../../renderer/panels/LogView';
import { terminalLog } from '../../../../renderer/store/terminal-log';
import { setView, useAppStore } from '../../../../renderer/store/app-store';
import { makeBatch, makeBatches, shownText } from './lines';
import { DIR_TX, type PackedLog } from '../../../../shared/log-store';

const VIEW_PX = 800;

// ------------------------------------------------------------------------------------ timing

const nextTask = () =>
  new Promise<void>((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve();
    ch.port2.postMessage(0);
  });
/**
 * Hands each batch to `take` in a task of its own, all queued at once: how a burst of WebSocket
 * messages reaches a page. Resolves when the last one was taken.
 */
function deliver(batches: PackedLog[], take: (b: PackedLog) => void): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = (ev: MessageEvent<number>) => {
      take(batches[ev.data]);
      if (ev.data === batches.length - 1) {
        ch.port1.close();
        resolve();
      }
    };
    batches.forEach((_, i) => ch.port2.postMessage(i));
  });
}
const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
/** Resolves after the frame that shows the current DOM has been painted. */
const painted = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

export interface FrameStats {
  frames: number;
  p50: number;
  p95: number;
  max: number;
  over33: number;
  longTasks: number;
  longestTask: number;
}

function recordFrames(): () => FrameStats {
  const deltas: number[] = [];
  const long: number[] = [];
  let on = true;
  let last = -1;
  const po = new PerformanceObserver((l) => l.getEntries().forEach((e) => long.push(e.duration)));
  po.observe({ type: 'longtask' });
  const tick = (t: number) => {
    if (last >= 0) deltas.push(t - last);
    last = t;
    if (on) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  return () => {
    on = false;
    po.takeRecords().forEach((e) => long.push(e.duration));
    po.disconnect();
    const sorted = deltas.slice().sort((a, b) => a - b);
    const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
    return {
      frames: deltas.length,
      p50: q(0.5),
      p95: q(0.95),
      max: sorted[sorted.length - 1] ?? 0,
      over33: deltas.filter((d) => d > 33.4).length,
      longTasks: long.filter((d) => d > 50).length,
      longestTask: Math.max(0, ...long),
    };
  };
}

async function until(what: string, test: () => boolean, timeoutMs = 60_000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!test()) {
    if (performance.now() > end) throw new Error(`the bench page waited ${timeoutMs} ms for ${what}: ${host.textContent?.slice(-200)}`);
    await frame();
  }
}

const shows = (el: Element | null, n: number) => !!el && (el.textContent ?? '').includes(shownText(n));
const bump = () => useAppStore.setState((s) => ({ logVersion: s.logVersion + 1 }));

// ------------------------------------------------------------------------------------ views

const host = document.getElementById('root') as HTMLElement;
let root: Root | null = null;
let term: Terminal | null = null;
const rwRef: { current: ListImperativeAPI | null } = { current: null };

function unmount(): void {
  root?.unmount();
  root = null;
  term?.dispose();
  term = null;
  host.replaceChildren();
}

function Box({ children }: { children: React.ReactNode }) {
  return <div style={{ height: VIEW_PX, width: 1200, display: 'flex', flexDirection: 'column' }}>{children}</div>;
}

/** The same row markup LogView draws (time, direction, text), so both lists lay out the same DOM. */
function RwRow({ index, style }: RowComponentProps) {
  const line = terminalLog.line(terminalLog.first + index);
  if (!line) return <div style={style} />;
  const tx = line.dir === DIR_TX;
  return (
    <div className={`log-row ${tx ? 'tx' : 'rx'}`} style={style}>
      <span className="time">{formatTime(line.t)}</span>
      <span className="dir">{tx ? '→' : '←'}</span>
      <span className="text">{lineText(line.bytes)}</span>
    </div>
  );
}

function RwView() {
  useAppStore((s) => s.logVersion);
  const follow = useAppStore((s) => s.view.follow);
  const count = terminalLog.end - terminalLog.first;
  const ref = useRef<ListImperativeAPI | null>(null);
  useEffect(() => {
    rwRef.current = ref.current;
  });
  useEffect(() => {
    if (follow && count > 0) ref.current?.scrollToRow({ index: count - 1, align: 'end' });
  }, [count, follow]);
  return <List listRef={ref} rowComponent={RwRow} rowCount={count} rowHeight={18} rowProps={{}} overscanCount={4} style={{ height: VIEW_PX }} className="log-view" />;
}

async function mount(kind: 'ours' | 'rw'): Promise<HTMLElement> {
  unmount();
  root = createRoot(host);
  root.render(<Box>{kind === 'ours' ? <LogView /> : <RwView />}</Box>);
  await until('the view to mount', () => !!host.querySelector('.log-view'));
  return host.querySelector('.log-view') as HTMLElement;
}

function resetLog(): void {
  terminalLog.clear();
  terminalLog.replace(makeBatch(0, 0));
  setView({ follow: true, pausedAt: null, filter: '', search: '', searchRow: -1, jumpTo: null });
  bump();
}

/** Appends `total` lines in batches of `per`, one batch per task (as WebSocket messages arrive). */
async function feed(total: number, per: number, first = 0): Promise<void> {
  for (let at = first; at < first + total; at += per) {
    terminalLog.append(makeBatch(at, Math.min(per, first + total - at)));
    bump();
    if ((at / per) % 64 === 0) await nextTask();
  }
}

// ------------------------------------------------------------------------------------ scenarios

/** Row 4, ours: packed batches appended through the store and painted by LogView. */
async function ingestOurs(total: number, per: number) {
  resetLog();
  const view = await mount('ours');
  const batches = makeBatches(total, per);
  await painted();
  const stop = recordFrames();
  const t0 = performance.now();
  await deliver(batches, (b) => {
    terminalLog.append(b);
    bump();
  });
  await until(`line ${total - 1} on screen`, () => shows(view, total - 1));
  await painted();
  const ms = performance.now() - t0;
  return { ms, bytes: batches.reduce((s, b) => s + b.bytes.length, 0), frames: stop() };
}

/** Row 4, peer: the same bytes written to xterm.js (DOM renderer, 160×45, scrollback 10,000). */
async function ingestXterm(total: number, per: number) {
  unmount();
  const el = document.createElement('div');
  host.append(el);
  term = new Terminal({ cols: 160, rows: 45, scrollback: 10_000 });
  term.open(el);
  const batches = makeBatches(total, per);
  await painted();
  const stop = recordFrames();
  const t0 = performance.now();
  await deliver(batches, (b) => term?.write(b.bytes));
  await new Promise<void>((resolve) => term?.write('', resolve));
  await painted();
  const ms = performance.now() - t0;
  return { ms, bytes: batches.reduce((s, b) => s + b.bytes.length, 0), frames: stop() };
}

/** Row 5: lines retained by the store (+ a mounted view), to be weighed by the driver after gc(). */
async function retainOurs(total: number, per: number) {
  resetLog();
  await mount('ours');
  await feed(total, per);
  await painted();
  return { lines: terminalLog.end - terminalLog.first };
}

async function retainXterm(total: number, per: number) {
  unmount();
  resetLog();
  const el = document.createElement('div');
  host.append(el);
  term = new Terminal({ cols: 160, rows: 45, scrollback: total });
  term.open(el);
  for (let at = 0; at < total; at += per) {
    const b = makeBatch(at, Math.min(per, total - at));
    await new Promise<void>((resolve) => term?.write(b.bytes, resolve));
  }
  await painted();
  return { lines: term.buffer.active.length };
}

/** Row 6: mount, continuous scroll, random jumps, live tail at `tailRate` lines/s, reachability. */
async function scrolling(kind: 'ours' | 'rw', total: number, opts: { scrollFrames: number; jumps: number; tailMs: number; tailRate: number; settleMs?: number }) {
  unmount();
  resetLog();
  await feed(total, 65_536);
  const t0 = performance.now();
  const view = await mount(kind);
  await until('the first rows', () => !!view.querySelector('.log-row'));
  await painted();
  const mountMs = performance.now() - t0;

  setView({ follow: false });
  view.scrollTop = 0;
  await painted();
  let stop = recordFrames();
  for (let i = 0; i < opts.scrollFrames; i++) {
    view.scrollTop += 900;
    await frame();
  }
  const scroll = stop();

  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  stop = recordFrames();
  for (let i = 0; i < opts.jumps; i++) {
    view.scrollTop = random() * (view.scrollHeight - view.clientHeight);
    await frame();
  }
  const jumps = stop();

  view.scrollTop = view.scrollHeight;
  setView({ follow: true });
  await painted();
  stop = recordFrames();
  const per = Math.max(1, Math.round((opts.tailRate * 20) / 1000));
  let next = total;
  const tailEnd = performance.now() + opts.tailMs;
  while (performance.now() < tailEnd) {
    terminalLog.append(makeBatch(next, per));
    next += per;
    bump();
    await new Promise((r) => setTimeout(r, 20));
  }
  // A list that cannot reach the last line (react-window past 1,864,144 rows) waits the whole settleMs.
  await until(`line ${next - 1} on screen`, () => shows(view, next - 1), opts.settleMs ?? 10_000).catch(() => undefined);
  const tail = stop();
  const tailShown = shows(view, next - 1);

  // Reachability: scroll to the very end by hand (not follow) and look for the last line.
  setView({ follow: false });
  view.scrollTop = 0;
  await painted();
  view.scrollTop = view.scrollHeight;
  await painted();
  await painted();
  const reached = shows(view, next - 1);
  const rows = view.querySelectorAll('.log-row');
  const lastShown = rows.length ? rows[rows.length - 1].textContent ?? '' : '';
  return { mountMs, scroll, jumps, tail, tailShown, reached, lastShown, lines: next };
}

/** Row 7: find (forward from the top) of the last line's text, a full scan; best and median of `runs`. */
async function find(total: number, runs: number) {
  unmount();
  resetLog();
  await feed(total, 65_536);
  const needle = shownText(total - 1);
  const times: number[] = [];
  let row = -1;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    row = terminalLog.find(needle, 0, 1);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], best: times[0], row, expected: total - 1 };
}

const bench = { ingestOurs, ingestXterm, retainOurs, retainXterm, scrolling, find };
declare global {
  interface Window {
    bench: typeof bench;
    benchReady: boolean;
  }
}
window.bench = bench;
window.benchReady = true;
