// Publishing through one lane: publishes never overlap each other or a command in flight, sizes are
// checked in UTF-8 bytes, ids are fresh, and "send repeatedly" keeps its interval and stops as told.
import { describe, expect, it } from 'vitest';
import type { Fact } from '../../../shared/facts';
import type { PendingCommandState } from '../../../shared/session-state';
import type { AtClient, CommandOutcome } from '../../../electron/services/at-client';
import { PublishService, type RepeatState } from '../../../electron/mqtt/publish-service';
import { ManualScheduler } from '../sim/manual-scheduler';

const DEVICE = { productKey: 'a1wFylTxYeD', deviceName: 'co_0001' };
type PublishCall = Parameters<AtClient['publish']>[0];

function harness() {
  const scheduler = new ManualScheduler();
  const calls: PublishCall[] = [];
  let pending: PendingCommandState[] = [];
  const factListeners = new Set<(f: Fact) => void>();
  const results: Array<Partial<CommandOutcome>> = [];
  let hold: Promise<void> | null = null;
  const client = {
    async publish(p: PublishCall): Promise<CommandOutcome> {
      calls.push(p);
      if (hold) await hold;
      const r = results.shift() ?? {};
      return { id: calls.length, ok: true, result: `+QMTPUBEX: 0,${p.msgId},0`, latencyMs: 3, info: [], facts: [], ...r };
    },
  };
  const pipeline = {
    pending: () => pending,
    onFact: (l: (f: Fact) => void) => (factListeners.add(l), () => factListeners.delete(l)),
  };
  const service = new PublishService({ client, pipeline, scheduler });
  return {
    service, scheduler, calls, results,
    holdPublishes() {
      let release!: () => void;
      hold = new Promise((r) => (release = r));
      return () => {
        hold = null;
        release();
      };
    },
    setBusy(busy: boolean) {
      pending = busy ? [{ id: 9, command: 'AT+CSQ', phase: 'await-final', deadline: 1000 }] : [];
      for (const l of factListeners) l({ kind: 'at.final', t: 0, id: 9, command: 'AT+CSQ', name: '+CSQ', result: 'OK', ok: true, latencyMs: 1, info: [] });
    },
  };
}

const tick = () => new Promise((r) => setImmediate(r));
const TOPIC = '/a1wFylTxYeD/co_0001/user/update';

describe('PublishService', () => {
  it('sends one publish at a time: the second waits for the first to finish', async () => {
    const h = harness();
    const release = h.holdPublishes();
    const first = h.service.publish({ client: 0, topic: TOPIC, qos: 1, payload: 'one' });
    const second = h.service.publish({ client: 0, topic: TOPIC, qos: 1, payload: 'two' });
    await tick();
    expect(h.calls.map((c) => c.payload)).toEqual(['one']);
    release();
    await Promise.all([first, second]);
    expect(h.calls.map((c) => [c.payload, c.msgId])).toEqual([['one', 1], ['two', 2]]);
  });

  it('waits while another command (a typed one, a script row) is in flight', async () => {
    const h = harness();
    h.setBusy(true);
    const sent = h.service.publish({ client: 0, topic: TOPIC, qos: 0, payload: 'x' });
    await tick();
    expect(h.calls).toHaveLength(0);
    h.setBusy(false);
    expect(await sent).toMatchObject({ ok: true, msgId: 0, length: 1 });
  });

  it('counts UTF-8 bytes and refuses more than the module takes (1500)', async () => {
    const h = harness();
    expect(await h.service.publish({ client: 0, topic: TOPIC, qos: 0, payload: '温度' })).toMatchObject({ ok: true, length: 6 });
    const big = await h.service.publish({ client: 0, topic: TOPIC, qos: 0, payload: '中'.repeat(501) });
    expect(big).toMatchObject({ ok: false, refused: { en: expect.stringContaining('1503 bytes'), zh: expect.stringContaining('1503') } });
    expect(h.calls).toHaveLength(1);
  });

  it('reports a failed publish with its decoded reason', async () => {
    const h = harness();
    h.results.push({ ok: false, result: '+QMTPUBEX: 0,1,2' });
    const r = await h.service.publish({ client: 0, topic: TOPIC, qos: 1, payload: 'x' });
    expect(r).toMatchObject({ ok: false, result: '+QMTPUBEX: 0,1,2', error: { code: expect.any(String) } });
  });

  it('builds an Alink draft with a fresh id each time and remembers it as its own', async () => {
    const h = harness();
    const a = await h.service.publishDraft({ client: 0, device: DEVICE, qos: 0, draft: { kind: 'property-post', params: '{"T":1.0}' } });
    const b = await h.service.publishDraft({ client: 0, device: DEVICE, qos: 0, draft: { kind: 'property-post', params: '{"T":1.0}' } });
    const ids = [a, b].map((r) => ('alinkId' in r ? r.alinkId : null));
    expect(ids[0]).not.toBe(ids[1]);
    expect(JSON.parse(h.calls[0].payload).id).toBe(ids[0]);
    expect(h.service.sentByUs('/sys/a1wFylTxYeD/co_0001/thing/event/property/post', ids[1]!)).toBe(true);
    expect(h.service.sentByUs('/sys/a1wFylTxYeD/co_0001/thing/event/property/post', '999999999')).toBe(false);
    expect(await h.service.publishDraft({ client: 0, device: DEVICE, qos: 0, draft: { kind: 'property-post', params: '{"T":}' } })).toMatchObject({ ok: false, refused: { en: expect.stringMatching(/column/) } });
  });
});

describe('sending repeatedly', () => {
  const draft = { client: 0, device: DEVICE, qos: 0 as const, draft: { kind: 'property-post' as const, params: { n: 1 } } };

  async function run(h: ReturnType<typeof harness>, ms: number) {
    for (let t = 0; t < ms; t += 50) {
      await tick();
      h.scheduler.advance(50);
    }
    await tick();
  }

  it('refuses an interval under 100 ms or a negative count', () => {
    const h = harness();
    expect(h.service.startRepeat(draft, { intervalMs: 99, count: 1 })).toMatchObject({ ok: false, refused: { zh: expect.stringContaining('100') } });
    expect(h.service.startRepeat(draft, { intervalMs: 100, count: -1 })).toMatchObject({ ok: false });
  });

  it('sends count times at the interval, each with a new id, then reports done', async () => {
    const h = harness();
    const states: RepeatState[] = [];
    h.service.onRepeat((s) => states.push(s));
    const sentAt: number[] = [];
    const original = h.calls.push.bind(h.calls);
    h.calls.push = (...c) => (sentAt.push(h.scheduler.now()), original(...c));
    h.service.startRepeat(draft, { intervalMs: 200, count: 3 });
    await run(h, 1000);
    expect(sentAt).toEqual([0, 200, 400]);
    expect(new Set(h.calls.map((c) => JSON.parse(c.payload).id)).size).toBe(3);
    expect(h.service.repeatState()).toMatchObject({ running: false, sent: 3, endedBy: 'done' });
    expect(states.filter((s) => s.running).length).toBeGreaterThan(0);
  });

  it('stops at the first failure', async () => {
    const h = harness();
    h.results.push({}, { ok: false, result: 'ERROR' });
    h.service.startRepeat(draft, { intervalMs: 100, count: 0 });
    await run(h, 1000);
    expect(h.calls).toHaveLength(2);
    expect(h.service.repeatState()).toMatchObject({ running: false, sent: 1, endedBy: 'failure', last: { result: 'ERROR' } });
  });

  it('stops when the user says so, and refuses a second repeat while one runs', async () => {
    const h = harness();
    h.service.startRepeat(draft, { intervalMs: 100, count: 0 });
    await run(h, 250);
    expect(h.service.startRepeat(draft, { intervalMs: 100, count: 0 })).toMatchObject({ ok: false });
    h.service.stopRepeat();
    const sent = h.calls.length;
    await run(h, 1000);
    expect(h.calls.length).toBe(sent);
    expect(h.service.repeatState()).toMatchObject({ running: false, endedBy: 'user' });
  });
});
