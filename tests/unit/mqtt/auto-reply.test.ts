// The auto-reply rule on the facts the session model emits: what it answers, and everything it
// must leave alone (its own messages, replies, repeats, posts, or when it is switched off).
import { describe, expect, it } from 'vitest';
import type { AlinkFact, Fact } from '../../../shared/facts';
import { AutoReply, type AutoReplyEvent } from '../../../electron/mqtt/auto-reply';
import type { DraftPublish, PublishRequest } from '../../../electron/mqtt/publish-service';

const SET = '/sys/a1wFylTxYeD/co_0001/thing/service/property/set';

function harness(own: string[] = []) {
  const listeners = new Set<(f: Fact) => void>();
  const published: PublishRequest[] = [];
  const drafts: DraftPublish[] = [];
  const publisher = {
    async publish(req: PublishRequest) {
      published.push(req);
      return { ok: true, msgId: 0, length: req.payload.length, result: '+QMTPUBEX: 2,0,0', latencyMs: 1 };
    },
    async publishDraft(d: DraftPublish) {
      drafts.push(d);
      return { ok: true, msgId: 0, length: 10, result: '+QMTPUBEX: 2,0,0', latencyMs: 1, alinkId: '900' };
    },
    sentByUs: (topic: string, id: string) => own.includes(`${topic}|${id}`),
  };
  const rule = new AutoReply({ pipeline: { onFact: (l) => (listeners.add(l), () => listeners.delete(l)) }, publisher });
  const events: AutoReplyEvent[] = [];
  rule.onEvent((e) => events.push(e));
  /** The cloud's message as the session model reports it: mqtt.message, then its alink decode. */
  const arrive = (patch: Partial<AlinkFact> = {}, client = 2) => {
    const alink: AlinkFact = {
      kind: 'alink', t: 1, direction: 'down', topic: SET, method: 'thing.service.property.set', id: '160500006',
      params: { LightSwitch: 0 }, code: null, pairedLatencyMs: null, productKey: 'a1wFylTxYeD', deviceName: 'co_0001', ...patch,
    };
    for (const l of listeners) l({ kind: 'mqtt.message', t: 1, client, msgId: 0, topic: alink.topic, payload: '{}', length: 2 });
    for (const l of listeners) l(alink);
  };
  return { rule, published, drafts, events, arrive, flush: () => new Promise((r) => setImmediate(r)) };
}

describe('AutoReply', () => {
  it('answers a property set on set_reply with the same id and code 200, on the client that got it', async () => {
    const h = harness();
    h.rule.configure({ enabled: true });
    h.arrive();
    await h.flush();
    expect(h.published).toEqual([{ client: 2, topic: `${SET}_reply`, qos: 0, payload: '{"code":200,"data":{},"id":"160500006","message":"success","version":"1.0"}' }]);
    expect(h.drafts).toEqual([]);
    expect(h.events).toEqual([{ t: 1, requestId: '160500006', topic: SET, reply: { ok: true, result: '+QMTPUBEX: 2,0,0', error: undefined } }]);
  });

  it('then posts the new values when asked to', async () => {
    const h = harness();
    h.rule.configure({ enabled: true, postNewValues: true, qos: 1 });
    h.arrive({ params: { PowerSwitch_1: 1 } });
    await h.flush();
    await h.flush();
    expect(h.drafts).toEqual([{ client: 2, device: { productKey: 'a1wFylTxYeD', deviceName: 'co_0001' }, qos: 1, draft: { kind: 'property-post', params: { PowerSwitch_1: 1 } } }]);
    expect(h.events[0].post).toMatchObject({ ok: true, alinkId: '900' });
  });

  it('does nothing while switched off', async () => {
    const h = harness();
    h.arrive();
    h.rule.configure({ enabled: true });
    h.rule.configure({ enabled: false });
    h.arrive({ id: '2' });
    await h.flush();
    expect(h.published).toEqual([]);
  });

  it('answers each request once (a QoS 1 redelivery gets no second reply)', async () => {
    const h = harness();
    h.rule.configure({ enabled: true });
    h.arrive();
    h.arrive();
    h.arrive({ id: '160500007' });
    await h.flush();
    expect(h.published.map((p) => JSON.parse(p.payload).id)).toEqual(['160500006', '160500007']);
  });

  it('leaves alone what is not a cloud property set: its own echo, posts, replies, uplinks, id-less sets', async () => {
    const h = harness([`${SET}|777`]);
    h.rule.configure({ enabled: true, postNewValues: true });
    h.arrive({ id: '777' });
    h.arrive({ method: 'thing.event.property.post', topic: '/sys/a1wFylTxYeD/co_0001/thing/event/property/post' });
    h.arrive({ method: 'thing.service.property.set_reply', topic: `${SET}_reply` });
    h.arrive({ direction: 'up' });
    h.arrive({ id: null });
    h.arrive({ topic: '/a1wFylTxYeD/co_0001/user/get' });
    await h.flush();
    expect(h.published).toEqual([]);
    expect(h.drafts).toEqual([]);
  });

  it('stops listening when disposed', async () => {
    const h = harness();
    h.rule.configure({ enabled: true });
    h.rule.dispose();
    h.arrive();
    await h.flush();
    expect(h.published).toEqual([]);
  });
});
