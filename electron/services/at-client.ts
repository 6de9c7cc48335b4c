// The live session on a link: bytes the host sends and bytes the module answers go through the
// session pipeline (which follows the dialogue and emits facts), and a caller can send a line and
// await what the module said to it. This is the thin shell around the pure engine: it owns the
// one timer that fires the engine's timeouts.
import type { Decoded, Fact } from '../../shared/facts';
import type { Scheduler } from '../../shared/clock';
import { utf8Encode, utf8Length } from '../../shared/bytes';
import type { Link } from '../link/types';
import type { SessionPipeline } from '../session/pipeline';

export type Enter = 'cr' | 'crlf' | 'none';
export type WaitFor = 'none' | 'final' | 'result';

export interface CommandOutcome {
  /** Engine id of the command, null when the bytes were not a command (payload, hex, text). */
  id: number | null;
  ok: boolean;
  /** 'OK', 'ERROR', '+CME ERROR: 10', '>' (prompt reached), '+QMTOPEN: 0,0', 'TIMEOUT', 'SENT'... */
  result: string;
  latencyMs: number;
  info: string[];
  error?: Decoded;
  /** The facts that belong to this command (final, prompt, result, mqtt.*). */
  facts: Fact[];
}

export interface SendOptions {
  enter?: Enter;
  waitFor?: WaitFor;
  /** Give up waiting after this long (the engine's own timeout applies anyway). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface AtClientDeps {
  link: Link;
  pipeline: SessionPipeline;
  scheduler: Scheduler;
}

const ENTER_BYTES: Record<Enter, string> = { cr: '\r', crlf: '\r\n', none: '' };

type ChunkListener = (bytes: Uint8Array, t: number) => void;

export class AtClient {
  private readonly link: Link;
  readonly pipeline: SessionPipeline;
  private readonly scheduler: Scheduler;
  private cancelTick: (() => void) | null = null;
  private armedFor: number | null = null;
  private readonly txListeners = new Set<ChunkListener>();
  private readonly rxListeners = new Set<ChunkListener>();
  private readonly detach: Array<() => void> = [];
  /** A received chunk is being handled (the pipeline and the rx listeners are running). */
  private receiving = false;

  constructor(deps: AtClientDeps) {
    this.link = deps.link;
    this.pipeline = deps.pipeline;
    this.scheduler = deps.scheduler;
    this.detach.push(
      this.link.onData((chunk) => {
        const t = this.scheduler.now();
        this.receiving = true;
        try {
          // The pipeline first, so the masker has learned every secret before a listener records it.
          this.pipeline.rx(chunk, t);
          for (const l of this.rxListeners) l(chunk, t);
        } finally {
          this.receiving = false;
        }
        this.arm();
      }),
      this.link.onClose(() => {
        this.pipeline.linkLost(this.scheduler.now());
        this.disarm();
      }),
      this.pipeline.onFact(() => this.arm()),
    );
  }

  /** Chunks the host sent / the module sent, after the pipeline saw them (for capture and the terminal). */
  onTx(listener: ChunkListener): () => void {
    this.txListeners.add(listener);
    return () => this.txListeners.delete(listener);
  }

  onRx(listener: ChunkListener): () => void {
    this.rxListeners.add(listener);
    return () => this.rxListeners.delete(listener);
  }

  /** Raw bytes to the module; returns the engine ids of the commands they start. */
  async write(bytes: Uint8Array): Promise<number[]> {
    // A send made by a fact listener while a received chunk is handled (re-running rows on RDY, an
    // answer to a property set) waits until that chunk has reached the log and the capture: they
    // show the cause above its effect.
    if (this.receiving) await Promise.resolve();
    const t = this.scheduler.now();
    const ids = this.pipeline.tx(bytes, t);
    for (const l of this.txListeners) l(bytes, t);
    this.arm();
    await this.link.write(bytes);
    return ids;
  }

  /** Sends a text line (or payload) and waits as asked. Never rejects for a module error: that is an outcome. */
  async sendLine(text: string, opts: SendOptions = {}): Promise<CommandOutcome> {
    return this.sendBytes(utf8Encode(text + ENTER_BYTES[opts.enter ?? 'cr']), opts);
  }

  async sendBytes(bytes: Uint8Array, opts: SendOptions = {}): Promise<CommandOutcome> {
    const waitFor = opts.waitFor ?? 'final';
    // Bytes sent into an open data phase complete that command: wait for its result.
    const head = this.pipeline.pending()[0];
    const dataFor = head && head.phase === 'data' ? head.id : null;
    const collected: Fact[] = [];
    const stop = this.pipeline.onFact((f) => collected.push(f));
    const started = this.scheduler.now();
    try {
      const ids = await this.write(bytes);
      const id = ids.length ? ids[ids.length - 1] : dataFor;
      if (waitFor === 'none' || id === null) {
        return { id, ok: true, result: 'SENT', latencyMs: 0, info: [], facts: [] };
      }
      return await this.waitOutcome(id, waitFor, collected, started, opts);
    } finally {
      stop();
    }
  }

  /**
   * AT+QMTPUBEX built by the app: the length is the payload's UTF-8 byte count (Q3), the payload goes
   * after the prompt with no terminator, and the outcome is the +QMTPUBEX result.
   */
  async publish(p: { client: number; msgId: number; qos: number; retain: boolean; topic: string; payload: string }, opts: { signal?: AbortSignal } = {}): Promise<CommandOutcome> {
    const length = utf8Length(p.payload);
    const cmd = `AT+QMTPUBEX=${p.client},${p.qos === 0 ? 0 : p.msgId},${p.qos},${p.retain ? 1 : 0},"${p.topic}",${length}`;
    const prompt = await this.sendLine(cmd, { enter: 'cr', waitFor: 'final', signal: opts.signal });
    if (prompt.result !== '>') return prompt;
    const done = await this.sendBytes(utf8Encode(p.payload), { waitFor: 'result', signal: opts.signal });
    return { ...done, facts: [...prompt.facts, ...done.facts] };
  }

  close(): void {
    for (const d of this.detach.splice(0)) d();
    this.disarm();
  }

  private waitOutcome(id: number, waitFor: WaitFor, collected: Fact[], started: number, opts: SendOptions): Promise<CommandOutcome> {
    return new Promise<CommandOutcome>((resolve) => {
      let finalFact: Extract<Fact, { kind: 'at.final' }> | null = null;
      let settled = false;
      let stopFacts = () => {};
      let cancelTimer = () => {};
      const mine = () => collected.filter((f) => ('id' in f && f.id === id) || f.kind.startsWith('mqtt.') || f.kind === 'alink');
      const finish = (o: Omit<CommandOutcome, 'id' | 'facts'>) => {
        if (settled) return;
        settled = true;
        stopFacts();
        cancelTimer();
        opts.signal?.removeEventListener('abort', onAbort);
        resolve({ id, facts: mine(), ...o });
      };
      const check = (f: Fact) => {
        if (settled || !('id' in f) || f.id !== id) return;
        if (f.kind === 'at.prompt' && waitFor === 'final') {
          return finish({ ok: true, result: '>', latencyMs: f.t - started, info: [] });
        }
        if (f.kind === 'at.final') {
          finalFact = f;
          if (waitFor === 'final' || !f.deferred || !f.ok) {
            return finish({ ok: f.ok, result: f.result, latencyMs: f.latencyMs, info: f.info, error: f.error });
          }
        }
        if (f.kind === 'at.result') {
          return finish({ ok: f.ok, result: f.urc, latencyMs: f.totalMs, info: finalFact?.info ?? [], error: f.error });
        }
      };
      const onAbort = () => finish({ ok: false, result: 'STOPPED', latencyMs: this.scheduler.now() - started, info: [] });
      stopFacts = this.pipeline.onFact(check);
      if (opts.timeoutMs) {
        cancelTimer = this.scheduler.after(opts.timeoutMs, () => finish({ ok: false, result: 'TIMEOUT', latencyMs: this.scheduler.now() - started, info: finalFact?.info ?? [] }));
      }
      if (opts.signal?.aborted) onAbort();
      else opts.signal?.addEventListener('abort', onAbort, { once: true });
      // The answer may have come while the bytes were still being written (a fast module, a busy
      // host): what was collected so far settles it at once. Listeners are in place first, so
      // finishing here undoes them too.
      for (const f of [...collected]) check(f);
    });
  }

  /** One timer for the engine's nearest deadline. */
  private arm(): void {
    const deadline = this.pipeline.nextDeadline();
    if (deadline === this.armedFor) return;
    this.disarm();
    if (deadline === null) return;
    this.armedFor = deadline;
    this.cancelTick = this.scheduler.after(Math.max(0, deadline - this.scheduler.now()), () => {
      this.armedFor = null;
      this.cancelTick = null;
      this.pipeline.tick(this.scheduler.now());
      this.arm();
    });
  }

  private disarm(): void {
    this.cancelTick?.();
    this.cancelTick = null;
    this.armedFor = null;
  }
}
