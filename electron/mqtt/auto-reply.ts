// The auto-reply rule (feature-anchors.md §4.5): when the cloud sets properties, answer on
// `…/thing/service/property/set_reply` with the same id and code 200 (cloud-protocols.md §3.2), and
// optionally report the new values on property/post — all through the module, like any publish.
// It reacts only to property sets it did not send itself, answers each request once, and its own
// messages are never sets, so it cannot feed on itself.
import type { AlinkFact, Fact } from '../../shared/facts';
import { setReplyPayload, type BilingualText, type QoS } from '../../shared/aliyun';
import type { SessionPipeline } from '../session/pipeline';
import type { PublishResult, PublishService } from './publish-service';

export interface AutoReplySettings {
  enabled: boolean;
  /** Also post the values just set on thing/event/property/post. */
  postNewValues: boolean;
  qos: QoS;
}

export interface AutoReplyEvent {
  t: number;
  /** Id of the property set answered. */
  requestId: string;
  topic: string;
  reply: { ok: boolean; result: string; error?: BilingualText };
  post?: { ok: boolean; result: string; alinkId?: string; error?: BilingualText };
}

export interface AutoReplyDeps {
  pipeline: Pick<SessionPipeline, 'onFact'>;
  publisher: Pick<PublishService, 'publish' | 'publishDraft' | 'sentByUs'>;
}

const SET_METHOD = 'thing.service.property.set';
const SET_TOPIC = /^\/sys\/[^/]+\/[^/]+\/thing\/service\/property\/set$/;
/** Requests remembered as answered: a QoS 1 redelivery of the same set gets no second reply. */
const ANSWERED_KEPT = 512;

export class AutoReply {
  private settings: AutoReplySettings = { enabled: false, postNewValues: false, qos: 0 };
  private readonly answered = new Set<string>();
  private readonly listeners = new Set<(e: AutoReplyEvent) => void>();
  /** The mqtt.message fact right before an alink fact names the client that received it. */
  private lastMessageClient: { topic: string; client: number } | null = null;
  private readonly detach: () => void;

  constructor(private readonly deps: AutoReplyDeps) {
    this.detach = deps.pipeline.onFact((f) => this.onFact(f));
  }

  configure(patch: Partial<AutoReplySettings>): AutoReplySettings {
    this.settings = { ...this.settings, ...patch };
    return this.current();
  }

  current(): AutoReplySettings {
    return { ...this.settings };
  }

  onEvent(listener: (e: AutoReplyEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.detach();
    this.listeners.clear();
  }

  private onFact(f: Fact): void {
    if (f.kind === 'mqtt.message') {
      this.lastMessageClient = { topic: f.topic, client: f.client };
      return;
    }
    if (f.kind !== 'alink' || !this.settings.enabled) return;
    if (f.direction !== 'down' || f.method !== SET_METHOD || !SET_TOPIC.test(f.topic) || f.id === null) return;
    const client = this.lastMessageClient?.topic === f.topic ? this.lastMessageClient.client : null;
    const key = `${f.topic}|${f.id}`;
    if (client === null || this.answered.has(key) || this.deps.publisher.sentByUs(f.topic, f.id)) return;
    this.answered.add(key);
    if (this.answered.size > ANSWERED_KEPT) this.answered.delete(this.answered.values().next().value!);
    void this.answer(f, client, f.id, { ...this.settings });
  }

  private async answer(f: AlinkFact, client: number, id: string, settings: AutoReplySettings): Promise<void> {
    const reply = await this.deps.publisher.publish({ client, topic: `${f.topic}_reply`, qos: settings.qos, payload: setReplyPayload(id) });
    const event: AutoReplyEvent = { t: f.t, requestId: id, topic: f.topic, reply: summary(reply) };
    const params = f.params;
    if (reply.ok && settings.postNewValues && params && typeof params === 'object' && !Array.isArray(params) && f.productKey && f.deviceName) {
      const post = await this.deps.publisher.publishDraft({
        client, device: { productKey: f.productKey, deviceName: f.deviceName }, qos: settings.qos,
        draft: { kind: 'property-post', params: params as Record<string, unknown> },
      });
      event.post = { ...summary(post), alinkId: 'alinkId' in post ? post.alinkId : undefined };
    }
    for (const l of this.listeners) l(event);
  }
}

function summary(r: PublishResult | { ok: false; refused: BilingualText }): AutoReplyEvent['reply'] {
  if ('refused' in r) return { ok: false, result: 'REFUSED', error: r.refused };
  return { ok: r.ok, result: r.result, error: r.error?.meaning };
}
