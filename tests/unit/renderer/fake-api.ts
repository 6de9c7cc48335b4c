// A stand-in for main as the renderer sees it (renderer/api.ts's ModemDeckApi): records calls,
// answers snapshots, and lets a test push stream batches.
import type { ModemDeckApi, Result, SessionSnapshot, StreamBatch } from '../../../shared/contract';
import { COMMAND_NAMES } from '../../../shared/contract-names';
import { emptyPacked, type PackedLog } from '../../../shared/log-store';

export function packedLines(first: number, texts: string[], dir = 0): PackedLog {
  const enc = new TextEncoder();
  const parts = texts.map((t) => enc.encode(t));
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  const offsets = new Uint32Array(texts.length + 1);
  let o = 0;
  parts.forEach((p, i) => {
    bytes.set(p, o);
    o += p.length;
    offsets[i + 1] = o;
  });
  return { first, bytes, offsets, times: new Float64Array(texts.length).fill(1_700_000_000_000), dirs: new Uint8Array(texts.length).fill(dir) };
}

export function snapshot(seq: number, log: PackedLog = emptyPacked(0)): SessionSnapshot {
  return {
    seq,
    log,
    facts: [],
    notices: [],
    link: { phase: 'closed', name: null, settings: null, dtr: false, rts: false, lines: null, txBytes: 0, rxBytes: 0 },
    run: { running: false, rowId: null, loop: 0, runTimes: 0, outcomes: {} },
    transfer: null,
    logFile: null,
    script: { name: '', rows: [], settings: { runTimes: 1, delayMs: 1000 }, maskedRowIds: [] },
    dialogs: false,
  };
}

export function batch(seq: number, extra: Partial<StreamBatch> = {}): StreamBatch {
  return { seq, log: null, facts: [], notices: [], ...extra };
}

export function createFakeApi() {
  const calls: { name: string; req: unknown }[] = [];
  let listener: ((b: StreamBatch) => void) | null = null;
  const answers: Record<string, (req: unknown) => unknown> = {};
  const api: Record<string, unknown> = {};
  for (const name of COMMAND_NAMES) {
    api[name] = async (req?: unknown): Promise<Result<unknown>> => {
      calls.push({ name, req });
      return { ok: true, value: answers[name] ? answers[name](req) : undefined };
    };
  }
  api.on = {
    stream: (l: (b: StreamBatch) => void) => {
      listener = l;
      return () => (listener = null);
    },
  };
  return {
    api: api as ModemDeckApi,
    calls,
    answers,
    push: (b: StreamBatch) => listener?.(b),
  };
}
