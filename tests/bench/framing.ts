// Rows 1-2 of the benchmark table (performance-plan.md §8): framing + AT classification on
// bytes, and the full session pipeline, each against @serialport/parser-readline fed the same
// corpus in the same process.
import { ReadlineParser } from '@serialport/parser-readline';
import { AtFramer, type FrameSink } from '../../electron/at/framer';
import { classifyBytes } from '../../electron/at/classify';
import { SessionPipeline } from '../../electron/session/pipeline';
import { atCorpus } from './at-corpus';
import type { BenchRow } from './types';

function bestOf(runs: number, fn: () => void): number {
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

function framing(corpus: Uint8Array, chunk: number): { ms: number; lines: number } {
  let lines = 0;
  let kinds = 0;
  const sink: FrameSink = {
    line: (buf, s, e) => {
      lines++;
      kinds += classifyBytes(buf, s, e) & 15;
    },
    prompt: () => {},
    payload: () => lines++,
    data: () => {},
    echoData: () => {},
    overflow: () => {},
  };
  const ms = bestOf(5, () => {
    lines = 0;
    const f = new AtFramer();
    for (let i = 0; i < corpus.length; i += chunk) f.push(corpus.subarray(i, i + chunk), sink);
  });
  if (kinds < 0) throw new Error('unreachable');
  return { ms, lines };
}

function readline(corpus: Buffer, chunk: number): number {
  return bestOf(3, () => {
    const parser = new ReadlineParser({ delimiter: '\r\n' });
    let lines = 0;
    parser.on('data', () => lines++);
    for (let i = 0; i < corpus.length; i += chunk) parser.write(corpus.subarray(i, i + chunk));
  });
}

function pipeline(corpus: Uint8Array, chunk: number): number {
  return bestOf(3, () => {
    let n = 0;
    const p = new SessionPipeline({ clock: { now: () => 0 } });
    p.onFact(() => n++);
    for (let i = 0; i < corpus.length; i += chunk) p.rx(corpus.subarray(i, i + chunk), 0);
  });
}

const mbps = (bytes: number, ms: number) => Math.round((bytes / 1e6 / (ms / 1000)) * 10) / 10;

export function runFramingBench(quick: boolean): BenchRow[] {
  const size = quick ? 4 * 1024 * 1024 : 16 * 1024 * 1024;
  const corpus = atCorpus(size);
  const buf = Buffer.from(corpus);
  framing(corpus, 4096); // warm up the JIT
  const rows: BenchRow[] = [];
  for (const chunk of [32, 4096]) {
    const ours = framing(corpus, chunk);
    const peerMs = readline(buf, chunk);
    const oursMbps = mbps(size, ours.ms);
    const peerMbps = mbps(size, peerMs);
    const target = chunk === 32 ? 250 : 800;
    rows.push({
      id: 1, what: `framing + AT classification, ${chunk} B chunks (${Math.round(ours.lines / (ours.ms / 1000) / 1e5) / 10} M lines/s)`, unit: 'MB/s',
      ours: oursMbps, peer: peerMbps, ratio: Math.round((oursMbps / peerMbps) * 10) / 10,
      target: `≥ ${target} MB/s and ≥ 5× readline`, met: oursMbps >= target && oursMbps >= 5 * peerMbps,
    });
  }
  const pipeMs = pipeline(corpus, 32);
  const peerMs = readline(buf, 32);
  const ours = mbps(size, pipeMs);
  const peer = mbps(size, peerMs);
  rows.push({
    id: 2, what: 'full session pipeline (classify, match, +QMTRECV extraction), 32 B chunks', unit: 'MB/s',
    ours, peer, ratio: Math.round((ours / peer) * 10) / 10, target: '≥ 100 MB/s', met: ours >= 100,
  });
  return rows;
}
