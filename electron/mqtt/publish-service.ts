// Publishing through the module (AT+QMTPUBEX, quectel-at.md §3.6.8): one publish, an Alink draft
// with a fresh id, or the same draft again and again at an interval. Every publish goes through the
// shared send queue, so two publishes never interleave their prompt and data phases. AtClient computes
// the UTF-8 length and handles the `> ` prompt.
import type { Scheduler } from '../../shared/clock';
import type { Decoded } from '../../shared/facts';
import { utf8Length } from '../../shared/bytes';
import { AlinkIds, MessageIds, buildPublish, type BilingualText, type DeviceRef, type PublishDraft, type QoS } from '../../shared/aliyun';
import type { AtClient } from '../services/at-client';
import type { SessionPipeline } from '../session/pipeline';
import { decodeAlinkPayload } from '../session/alink';
import { unexplained } from './bringup';
import { SendQueue } from './send-queue';

export interface PublishRequest {
  client: number;
  topic: string;
  qos: QoS;
  retain?: boolean;
  payload: string;
}

export interface PublishResult {
  ok: boolean;
  /** 0 for QoS 0 (§3.6.8). */
  msgId: number;
  /** UTF-8 bytes, as declared in AT+QMTPUBEX. */
  length: number;
  /** '+QMTPUBEX: 0,0,0', 'ERROR', 'TIMEOUT', 'STOPPED'… */
  result: string;
  latencyMs: number;
  error?: Decoded;
  /** The Alink id of a draft publish. */
  alinkId?: string;
}

/** A draft the UI edits (shared/aliyun.ts), with where and how to send it. */
export interface DraftPublish {
  client: number;
  device: DeviceRef;
  qos: QoS;
  retain?: boolean;
  draft: PublishDraft;
}

export type PublishRefusal = { ok: false; refused: BilingualText };

export interface RepeatOptions {
  /** Between the starts of two sends; at least 100 ms. */
  intervalMs: number;
  /** How many sends; 0 = until stopped. */
  count: number;
}

export interface RepeatState {
  running: boolean;
  sent: number;
  count: number;
  intervalMs: number;
  last: PublishResult | null;
  /** Why it ended: all sent, the first failure, the user, or a draft that does not build. */
  endedBy: 'done' | 'failure' | 'user' | null;
}

export interface PublishServiceDeps {
  client: Pick<AtClient, 'publish'>;
  pipeline: Pick<SessionPipeline, 'pending' | 'onFact'>;
  scheduler: Scheduler;
  queue?: SendQueue;
  msgIds?: MessageIds;
  alinkIds?: AlinkIds;
}

/** §3.6.8: the module takes at most 1500 bytes per input. */
export const MAX_PAYLOAD_BYTES = 1500;
export const MIN_REPEAT_INTERVAL_MS = 100;
/** Own Alink ids remembered, so an echo of our own message is recognised (auto-reply). */
const OWN_IDS_KEPT = 512;

const IDLE_REPEAT: RepeatState = { running: false, sent: 0, count: 0, intervalMs: 0, last: null, endedBy: null };

export class PublishService {
  private readonly client: Pick<AtClient, 'publish'>;
  private readonly scheduler: Scheduler;
  readonly queue: SendQueue;
  private readonly msgIds: MessageIds;
  private readonly alinkIds: AlinkIds;
  private readonly ownIds = new Set<string>();
  private repeat: RepeatState = IDLE_REPEAT;
  private stopRepeatNow: (() => void) | null = null;
  private readonly repeatListeners = new Set<(s: RepeatState) => void>();

  constructor(deps: PublishServiceDeps) {
    this.client = deps.client;
    this.scheduler = deps.scheduler;
    this.queue = deps.queue ?? new SendQueue(deps.pipeline);
    this.msgIds = deps.msgIds ?? new MessageIds();
    this.alinkIds = deps.alinkIds ?? new AlinkIds(deps.scheduler.now());
  }

  /** A fresh Alink id (also for callers that build their own payloads). */
  takeAlinkId(): string {
    return this.alinkIds.take();
  }

  /** True when we published a message with this Alink id on this topic. */
  sentByUs(topic: string, alinkId: string): boolean {
    return this.ownIds.has(`${topic}|${alinkId}`);
  }

  async publish(req: PublishRequest, opts: { signal?: AbortSignal } = {}): Promise<PublishResult | PublishRefusal> {
    const length = utf8Length(req.payload);
    if (length > MAX_PAYLOAD_BYTES) {
      return refuse(`The payload is ${length} bytes; the module takes at most ${MAX_PAYLOAD_BYTES}`, `消息有 ${length} 字节，模组单条最多 ${MAX_PAYLOAD_BYTES} 字节`);
    }
    if (req.topic === '' || req.topic.includes('"')) return refuse('Enter a topic without double quotes', '请填写 topic（不能含双引号）');
    const id = decodeAlinkPayload(req.payload)?.id;
    if (id) this.remember(`${req.topic}|${id}`);
    // The signal only ends the wait for our turn: a publish once started runs to its result, since a
    // module left waiting for payload bytes would take the next command as payload (Q3).
    return this.queue.run(async () => {
      if (opts.signal?.aborted) return { ok: false, msgId: 0, length, result: 'STOPPED', latencyMs: 0, error: unexplained('STOPPED') };
      const msgId = req.qos === 0 ? 0 : this.msgIds.take();
      const o = await this.client.publish({ client: req.client, msgId, qos: req.qos, retain: req.retain ?? false, topic: req.topic, payload: req.payload });
      return { ok: o.ok, msgId, length, result: o.result, latencyMs: o.latencyMs, error: o.ok ? undefined : (o.error ?? unexplained(o.result)) };
    }, opts.signal);
  }

  /** Builds the draft with a fresh Alink id and publishes it. */
  async publishDraft(d: DraftPublish, opts: { signal?: AbortSignal } = {}): Promise<PublishResult | PublishRefusal> {
    const alinkId = this.alinkIds.take();
    const built = buildPublish(d.draft, d.device, alinkId);
    if (!built.ok) return { ok: false, refused: built.error };
    const result = await this.publish({ client: d.client, topic: built.topic, qos: d.qos, retain: d.retain, payload: built.payload }, opts);
    return 'refused' in result ? result : { ...result, alinkId: d.draft.kind === 'custom' ? undefined : alinkId };
  }

  repeatState(): RepeatState {
    return { ...this.repeat };
  }

  onRepeat(listener: (s: RepeatState) => void): () => void {
    this.repeatListeners.add(listener);
    return () => this.repeatListeners.delete(listener);
  }

  /** Sends the draft every intervalMs (a fresh id each time) until count, the first failure, or stop. */
  startRepeat(d: DraftPublish, opts: RepeatOptions): RepeatState | PublishRefusal {
    if (this.repeat.running) return refuse('Already sending repeatedly: stop it first', '正在循环发送：请先停止');
    if (!Number.isInteger(opts.intervalMs) || opts.intervalMs < MIN_REPEAT_INTERVAL_MS) {
      return refuse(`The interval must be at least ${MIN_REPEAT_INTERVAL_MS} ms`, `间隔至少 ${MIN_REPEAT_INTERVAL_MS} 毫秒`);
    }
    if (!Number.isInteger(opts.count) || opts.count < 0) return refuse('The count must be 0 (until stopped) or more', '次数应为 0（一直发送直到停止）或正整数');
    const probe = buildPublish(d.draft, d.device, '0');
    if (!probe.ok) return { ok: false, refused: probe.error };

    const abort = new AbortController();
    let cancelTimer: () => void = () => {};
    this.stopRepeatNow = () => {
      abort.abort();
      cancelTimer();
      this.setRepeat({ running: false, endedBy: 'user' });
    };
    this.setRepeat({ running: true, sent: 0, count: opts.count, intervalMs: opts.intervalMs, last: null, endedBy: null });
    const sendOne = async () => {
      const startedAt = this.scheduler.now();
      const result = await this.publishDraft(d, { signal: abort.signal });
      if (abort.signal.aborted) return;
      if ('refused' in result || !result.ok) {
        const last = 'refused' in result ? null : result;
        return this.endRepeat({ last, endedBy: 'failure' });
      }
      const sent = this.repeat.sent + 1;
      this.setRepeat({ sent, last: result });
      if (opts.count > 0 && sent >= opts.count) return this.endRepeat({ endedBy: 'done' });
      const wait = Math.max(0, startedAt + opts.intervalMs - this.scheduler.now());
      cancelTimer = this.scheduler.after(wait, () => void sendOne());
    };
    void sendOne();
    return this.repeatState();
  }

  stopRepeat(): void {
    this.stopRepeatNow?.();
    this.stopRepeatNow = null;
  }

  private endRepeat(patch: Partial<RepeatState>): void {
    this.stopRepeatNow = null;
    this.setRepeat({ ...patch, running: false });
  }

  private setRepeat(patch: Partial<RepeatState>): void {
    this.repeat = { ...this.repeat, ...patch };
    const copy = this.repeatState();
    for (const l of this.repeatListeners) l(copy);
  }

  private remember(key: string): void {
    this.ownIds.add(key);
    if (this.ownIds.size > OWN_IDS_KEPT) this.ownIds.delete(this.ownIds.values().next().value!);
  }
}

function refuse(en: string, zh: string): PublishRefusal {
  return { ok: false, refused: { en, zh } };
}
