// Rows 1–2 of the benchmark table (performance-plan.md §8): framing + AT classification on bytes
// over a generated module stream, and the full session pipeline over a generated host ⇄ module
// dialogue, each against @serialport/parser-readline fed the same rx bytes in the same process.
// Times are CPU time of this process (the machine is shared), best of N after a warm-up, ours and
// the peer taking turns so that both see the same machine.
import { ReadlineParser } from '@serialport/parser-readline';
import { AtFramer, type FrameSink } from '../../electron/at/framer';
import { classifyBytes } from '../../electron/at/classify';
import { SessionPipeline } from '../../electron/session/pipeline';
import { AtEngine } from '../../electron/at/engine';
import { SecretMasker } from '../../electron/session/secret-mask';
import { atCorpus } from './at-corpus';
import { atDialogue, type AtDialogue } from './at-dialogue';
import type { BenchRow } from './types';

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const mbps = (bytes: number, ms: number) => Math.round((bytes / 1e6 / (ms / 1000)) * 10) / 10;
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Best CPU time of each contender over `runs` rounds, contenders taking turns each round. */
function bestOfTurns(runs: number, contenders: Array<() => void>): number[] {
  const best = contenders.map(() => Infinity);
  for (const run of contenders) run(); // warm-up
  for (let r = 0; r < runs; r++) {
    contenders.forEach((run, i) => {
      const t0 = cpuMs();
      run();
      best[i] = Math.min(best[i], cpuMs() - t0);
    });
  }
  return best;
}

/** What this machine does touching every byte once in a tight loop: a floor for context, not a contender. */
function scanFloor(corpus: Uint8Array): () => void {
  return () => {
    let terminators = 0;
    for (let i = 0; i < corpus.length; i++) {
      const b = corpus[i];
      if (b <= 0x0d && (b === 0x0d || b === 0x0a || b === 0)) terminators++;
    }
    if (terminators < 0) throw new Error('unreachable');
  };
}

/**
 * The corpus cut into reads of `chunk` bytes, made before timing: the port hands over its reads as
 * buffers already, so making them is not framing work (it is the same for every contender).
 */
function reads(corpus: Uint8Array, chunk: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < corpus.length; i += chunk) out.push(Buffer.from(corpus.buffer, corpus.byteOffset + i, Math.min(chunk, corpus.length - i)));
  return out;
}

function framing(chunks: Buffer[], counted: { lines: number }): () => void {
  let kinds = 0;
  const sink: FrameSink = {
    line: (buf, s, e) => {
      counted.lines++;
      kinds += classifyBytes(buf, s, e) & 15;
    },
    prompt: () => {},
    payload: () => counted.lines++,
    data: () => {},
    echoData: () => {},
    overflow: () => {},
  };
  return () => {
    counted.lines = 0;
    const f = new AtFramer();
    for (const c of chunks) f.push(c, sink);
    if (kinds < 0) throw new Error('unreachable');
  };
}

function readline(chunks: Buffer[]): () => void {
  return () => {
    const parser = new ReadlineParser({ delimiter: '\r\n' });
    let lines = 0;
    parser.on('data', () => lines++);
    for (const c of chunks) parser.write(c);
  };
}

function pipeline(d: AtDialogue, chunk: number, masked: boolean, counted: { facts: number }): () => void {
  const steps = d.steps.map((step) => ({ tx: step.dir === 'tx' ? step.bytes : null, rx: step.dir === 'rx' ? reads(step.bytes, chunk) : [] }));
  return () => {
    let t = 0;
    const p = new SessionPipeline({ clock: { now: () => t }, masker: masked ? new SecretMasker() : undefined });
    counted.facts = 0;
    p.onFact(() => counted.facts++);
    for (const step of steps) {
      t++;
      if (step.tx !== null) p.tx(step.tx, t);
      else for (const c of step.rx) p.rx(c, t);
    }
  };
}

/** The AT engine alone (framing, classification, command matching, +QMTRECV extraction): where the pipeline's time goes. */
function engineOnly(d: AtDialogue, chunk: number): () => void {
  const steps = d.steps.map((step) => ({ tx: step.dir === 'tx' ? step.bytes : null, rx: step.dir === 'rx' ? reads(step.bytes, chunk) : [] }));
  return () => {
    let t = 0;
    let facts = 0;
    const engine = new AtEngine({ clock: { now: () => t } });
    engine.on(() => facts++);
    for (const step of steps) {
      t++;
      if (step.tx !== null) engine.tx(step.tx, t);
      else for (const c of step.rx) engine.rx(c, t);
    }
    if (facts < 0) throw new Error('unreachable');
  };
}

function jsonParse(d: AtDialogue): () => void {
  return () => {
    let keys = 0;
    for (const text of d.json) keys += Object.keys(JSON.parse(text) as object).length;
    if (keys < 0) throw new Error('unreachable');
  };
}

export function runFramingBench(quick: boolean): BenchRow[] {
  const runs = quick ? 5 : 9;
  const size = quick ? 4 * 2 ** 20 : 16 * 2 ** 20;
  const corpus = atCorpus(size);
  const [floorMs] = bestOfTurns(runs, [scanFloor(corpus)]);
  const rows: BenchRow[] = [];
  for (const chunk of [32, 4096]) {
    const counted = { lines: 0 };
    const chunks = reads(corpus, chunk);
    const [oursMs, peerMs] = bestOfTurns(runs, [framing(chunks, counted), readline(chunks)]);
    const ours = mbps(size, oursMs);
    const peer = mbps(size, peerMs);
    const target = chunk === 32 ? 250 : 800;
    rows.push({
      id: 1,
      what: `framing + AT classification on bytes, ${chunk} B chunks (${round(counted.lines / oursMs / 1000)} M lines/s); peer: @serialport/parser-readline, same chunks`,
      unit: 'MB/s',
      ours,
      peer,
      ratio: round(ours / peer),
      target: `≥ ${target} MB/s and ≥ 5× readline`,
      met: ours >= target && ours >= 5 * peer,
      detail: { linesPerSecondM: round(counted.lines / oursMs / 1000), machineByteScanMBps: mbps(size, floorMs) },
    });
  }

  const dialogue = atDialogue(quick ? 2 * 2 ** 20 : 8 * 2 ** 20);
  const rxBytes = dialogue.rx.length;
  const counted = { facts: 0 };
  const [plainMs, peerMs, maskedMs, jsonMs, engineMs] = bestOfTurns(runs, [
    pipeline(dialogue, 32, false, counted),
    readline(reads(dialogue.rx, 32)),
    pipeline(dialogue, 32, true, { facts: 0 }),
    jsonParse(dialogue),
    engineOnly(dialogue, 32),
  ]);
  const ours = mbps(rxBytes, plainMs);
  const peer = mbps(rxBytes, peerMs);
  rows.push({
    id: 2,
    what: `full session pipeline (frame, classify, match commands, +QMTRECV extraction, MQTT + Alink facts) over a host ⇄ module dialogue, 32 B rx chunks (${round(counted.facts / plainMs / 1000, 2)} M facts/s); peer: readline over the same rx bytes`,
    unit: 'MB/s',
    ours,
    peer,
    ratio: round(ours / peer),
    target: '≥ 100 MB/s',
    met: ours >= 100,
    detail: {
      jsonParseSharePercent: round((jsonMs / plainMs) * 100, 0),
      atEngineAloneMBps: mbps(rxBytes, engineMs),
      withSecretMaskingMBps: mbps(rxBytes, maskedMs),
      alinkMessagesPerSecondK: round(dialogue.json.length / plainMs, 0),
    },
  });
  return rows;
}
