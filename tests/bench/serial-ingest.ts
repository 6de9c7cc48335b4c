// Row 3 of the benchmark table (performance-plan.md §8, recipe §8.1): serial ingest through a real
// pty. socat joins two ptys; a writer process puts numbered module traffic into one end; on the
// other end the app's read path (serial-reader.ts, its own process) follows it and checks every
// sequence number. Measured:
// - flat out: `cat` of the corpus into the pty, read by the app (MB/s, 0 lost lines), against the
//   same `cat` read by `head` (the pty's ceiling) in the same run;
// - paced at 92 KB/s (921,600 baud) in 32–64 B writes on a 1 ms tick: the reader's CPU, % of a core;
// - idle, port open and no traffic: the reader's CPU.
// The reader is bundled with esbuild the way scripts/build.mjs bundles the app's main process, so
// its CPU is the product's, not a TypeScript loader's. Every child (socat, writers, reader) is
// killed when the bench ends, however it ends.
import { spawn, type ChildProcess } from 'node:child_process';
import { build } from 'esbuild';
import { closeSync, constants, existsSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { seqCorpus } from './seq-corpus';
import type { ReaderCommand, ReaderEvent } from './serial-reader';
import type { BenchRow } from './types';

const HERE = dirname(fileURLToPath(import.meta.url));
const PACED_RATE = 92_160; // bytes per second: 921,600 baud, 8N1
const epochMs = () => performance.timeOrigin + performance.now();
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Children of this bench, killed on the way out whatever happens. */
class Children {
  private readonly alive = new Set<ChildProcess>();

  spawn(command: string, args: string[], options: Parameters<typeof spawn>[2] = {}): ChildProcess {
    const child = spawn(command, args, options);
    this.alive.add(child);
    child.once('exit', () => this.alive.delete(child));
    child.once('error', () => this.alive.delete(child));
    return child;
  }

  killAll(): void {
    for (const child of this.alive) child.kill('SIGKILL');
    this.alive.clear();
  }
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((done, fail) => {
    child.once('exit', (code) => done(code));
    child.once('error', fail);
  });
}

async function until(what: string, ok: () => boolean, timeoutMs: number): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!ok()) {
    if (performance.now() > end) throw new Error(`serial ingest bench: ${what} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Drives serial-reader.ts over its stdin/stdout. */
class Reader {
  private readonly waiting: Array<(e: ReaderEvent) => void> = [];
  private readonly events: ReaderEvent[] = [];
  /** Set when the reader process is gone: it answers nothing more. */
  private gone: ReaderEvent | null = null;

  constructor(readonly child: ChildProcess) {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const event = JSON.parse(line) as ReaderEvent;
      const waiter = this.waiting.shift();
      if (waiter) waiter(event);
      else this.events.push(event);
    });
    child.once('exit', (code, signal) => {
      this.gone = { event: 'error', message: `the reader exited (${signal ?? `code ${code}`})` };
      for (const waiter of this.waiting.splice(0)) waiter(this.gone);
    });
  }

  next<E extends ReaderEvent['event']>(event: E, timeoutMs: number): Promise<Extract<ReaderEvent, { event: E }>> {
    return new Promise((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`serial ingest bench: the reader did not answer "${event}" within ${timeoutMs} ms`)), timeoutMs);
      const take = (e: ReaderEvent) => {
        clearTimeout(timer);
        if (e.event === event) done(e as Extract<ReaderEvent, { event: E }>);
        else fail(new Error(`serial ingest bench: the reader said ${JSON.stringify(e)}, expected "${event}"`));
      };
      const queued = this.events.shift() ?? this.gone;
      if (queued) take(queued);
      else this.waiting.push(take);
    });
  }

  send(command: ReaderCommand): void {
    this.child.stdin!.write(`${JSON.stringify(command)}\n`);
  }
}

type Done = Extract<ReaderEvent, { event: 'done' }>;

interface Phase {
  children: Children;
  dir: string;
  /** The reader, bundled. */
  readerJs: string;
  writerEnd: string;
  readerEnd: string;
  quick: boolean;
}

/** `cat file` into the writer end; resolves when cat is done. */
function catInto(p: Phase, file: string): Promise<number | null> {
  const fd = openSync(p.writerEnd, constants.O_WRONLY | constants.O_NOCTTY);
  try {
    return exited(p.children.spawn('cat', [file], { stdio: ['ignore', fd, 'inherit'] }));
  } finally {
    closeSync(fd);
  }
}

/** The pty's ceiling: cat → pty → socat → pty → head, best of a few. */
async function ceiling(p: Phase, file: string, bytes: number): Promise<number> {
  let best = 0;
  for (let r = 0; r < (p.quick ? 1 : 3); r++) {
    const head = p.children.spawn('head', ['-c', String(bytes), p.readerEnd], { stdio: ['ignore', 'ignore', 'inherit'] });
    await new Promise((done) => setTimeout(done, 100)); // head has the pty open before cat writes
    const t0 = epochMs();
    await catInto(p, file);
    await exited(head);
    best = Math.max(best, bytes / 1e6 / ((epochMs() - t0) / 1000));
  }
  return best;
}

/**
 * serial-reader.ts as one ESM file, built like the app's main process (scripts/build.mjs). It is
 * written under bench/out so that 'serialport' (left external, it has a native part) resolves.
 */
async function bundleReader(): Promise<string> {
  const outfile = resolve(HERE, '../../bench/out', `serial-reader-${process.pid}.mjs`);
  await build({
    entryPoints: [join(HERE, 'serial-reader.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    external: ['serialport', '@serialport/*'],
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  return outfile;
}

async function startReader(p: Phase, bare: boolean): Promise<Reader> {
  const args = [p.readerJs, '--port', p.readerEnd, '--capture', join(p.dir, `capture-${Date.now()}.jsonl`)];
  const child = p.children.spawn(process.execPath, bare ? [...args, '--bare'] : args, { stdio: ['pipe', 'pipe', 'inherit'], cwd: resolve(HERE, '../..') });
  const reader = new Reader(child);
  await reader.next('ready', 30_000);
  return reader;
}

async function closeReader(reader: Reader): Promise<number> {
  reader.send({ cmd: 'close' });
  const closed = await reader.next('closed', 10_000);
  await exited(reader.child);
  return closed.captureDroppedBytes;
}

/** Flat out, best of a few (the machine is shared); every run is sequence-checked. */
async function flatOut(p: Phase, reader: Reader, corpus: Corpus): Promise<{ mbps: number; best: Done; lost: number }> {
  let best: Done | null = null;
  let mbps = 0;
  let lost = 0;
  for (let r = 0; r < (p.quick ? 1 : 3); r++) {
    reader.send({ cmd: 'expect', records: corpus.records, bytes: corpus.bytes, timeoutMs: 60_000 });
    await reader.next('armed', 5000);
    const t0 = epochMs();
    await catInto(p, corpus.file);
    const done = await reader.next('done', 70_000);
    lost += done.lost + done.misordered;
    const runMbps = done.bytes / 1e6 / ((done.lastAt - t0) / 1000);
    if (runMbps > mbps) {
      mbps = runMbps;
      best = done;
    }
  }
  return { mbps, best: best!, lost };
}

/** Paced like a 921,600-baud UART; returns the reader's CPU, % of a core, over the run. */
async function paced(p: Phase, reader: Reader, corpus: Corpus): Promise<{ cpu: number; done: Done }> {
  const seconds = corpus.bytes / PACED_RATE;
  reader.send({ cmd: 'expect', records: corpus.records, bytes: corpus.bytes, timeoutMs: seconds * 1000 + 30_000 });
  await reader.next('armed', 5000);
  const pacer = p.children.spawn(process.execPath, ['--import', 'tsx', join(HERE, 'pty-pacer.ts'), p.writerEnd, corpus.file, String(PACED_RATE)], {
    stdio: ['pipe', 'ignore', 'inherit'],
    cwd: resolve(HERE, '../..'),
  });
  const done = await reader.next('done', seconds * 1000 + 40_000);
  await exited(pacer);
  return { cpu: (done.cpuMs / (done.lastAt - done.firstAt)) * 100, done };
}

interface Corpus {
  file: string;
  bytes: number;
  records: number;
}

function corpusFile(dir: string, name: string, bytes: number): Corpus {
  const corpus = seqCorpus(bytes);
  const file = join(dir, name);
  writeFileSync(file, corpus.bytes);
  return { file, bytes: corpus.bytes.length, records: corpus.records };
}

export async function runSerialIngestBench(quick: boolean): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'modemdeck-bench-'));
  const children = new Children();
  const p: Phase = { children, dir, readerJs: '', writerEnd: join(dir, 'ttyWriter'), readerEnd: join(dir, 'ttyReader'), quick };
  const onSignal = (signal: NodeJS.Signals) => {
    children.killAll();
    rmSync(dir, { recursive: true, force: true });
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  const onExit = () => children.killAll();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', onExit);
  try {
    // -T: an orphaned socat (bench killed with SIGKILL) ends by itself after a minute of silence.
    const socat = children.spawn('socat', ['-d', '-d', '-T', '60', `pty,raw,echo=0,link=${p.writerEnd}`, `pty,raw,echo=0,link=${p.readerEnd}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    let socatLog = '';
    socat.stderr!.setEncoding('utf8');
    socat.stderr!.on('data', (text: string) => (socatLog += text));
    socat.once('error', () => {});
    await until('socat made no pty pair (is socat installed? apt install socat)', () => socatLog.includes('starting data transfer loop') && existsSync(p.writerEnd) && existsSync(p.readerEnd), 5000);

    p.readerJs = await bundleReader();
    const flatCorpus = corpusFile(dir, 'flat.bin', quick ? 8 * 2 ** 20 : 24 * 2 ** 20);
    const pacedCorpus = corpusFile(dir, 'paced.bin', PACED_RATE * (quick ? 2 : 10));
    const ceilingMbps = await ceiling(p, flatCorpus.file, flatCorpus.bytes);

    // The floor: serialport alone, nothing behind it.
    const bare = await startReader(p, true);
    const bareFlat = await flatOut(p, bare, flatCorpus);
    const barePaced = await paced(p, bare, pacedCorpus);
    await closeReader(bare);

    const app = await startReader(p, false);
    const appFlat = await flatOut(p, app, flatCorpus);
    const appPaced = await paced(p, app, pacedCorpus);
    // Idle: the port stays open, nothing arrives. A short pause lets the paced run's work settle.
    await new Promise((done) => setTimeout(done, 2000));
    const idleMs = quick ? 3000 : 15_000;
    app.send({ cmd: 'idle', ms: idleMs });
    const idle = await app.next('idle', idleMs + 10_000);
    const idleCpu = (idle.cpuMs / idle.wallMs) * 100;
    const captureDroppedBytes = await closeReader(app);

    const f = appFlat.best;
    const pacedLost = appPaced.done.lost + appPaced.done.misordered;
    const pacedSeconds = (appPaced.done.lastAt - appPaced.done.firstAt) / 1000;
    return [
      {
        id: 3,
        what: `serial ingest flat out: cat → socat pty → serialport + session pipeline (masked) + capture, ${flatCorpus.records} numbered lines × ${quick ? 1 : 3} runs, best; peer: the same cat read by head (the pty's ceiling)`,
        unit: 'MB/s',
        ours: round(appFlat.mbps),
        peer: round(ceilingMbps),
        ratio: round(appFlat.mbps / ceilingMbps, 2),
        target: '≥ 50 % of the pty ceiling, 0 lost lines',
        met: appFlat.mbps >= 0.5 * ceilingMbps && appFlat.lost === 0 && captureDroppedBytes === 0,
        detail: {
          lostLines: appFlat.lost,
          captureDroppedBytes,
          readerCpuPercent: round((f.cpuMs / (f.lastAt - f.firstAt)) * 100, 0),
          reads: f.chunks,
          bytesPerRead: Math.round(f.bytes / f.chunks),
          bareSerialportMBps: round(bareFlat.mbps),
        },
      },
      {
        id: 3,
        what: `serial ingest paced at 92 KB/s (921,600 baud), 32–64 B writes per 1 ms tick, ${pacedCorpus.records} numbered lines in ${round(pacedSeconds)} s: reader CPU; peer: serialport alone, same pacing`,
        unit: '% of a core',
        ours: round(appPaced.cpu, 1),
        peer: round(barePaced.cpu, 1),
        ratio: round(appPaced.cpu / barePaced.cpu, 2),
        target: '≤ 10 % of a core, 0 lost lines',
        met: appPaced.cpu <= 10 && pacedLost === 0,
        detail: { lostLines: pacedLost, readsPerSecond: Math.round(appPaced.done.chunks / pacedSeconds), bareReadsPerSecond: Math.round(barePaced.done.chunks / ((barePaced.done.lastAt - barePaced.done.firstAt) / 1000)) },
      },
      {
        id: 3,
        what: `serial ingest idle: port open, session pipeline and capture running, no traffic for ${idleMs / 1000} s: reader CPU`,
        unit: '% of a core',
        ours: round(idleCpu, 2),
        peer: null,
        ratio: null,
        target: '≤ 0.5 % of a core',
        met: idleCpu <= 0.5,
      },
    ];
  } finally {
    children.killAll();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('exit', onExit);
    rmSync(dir, { recursive: true, force: true });
    if (p.readerJs) rmSync(p.readerJs, { force: true });
  }
}
