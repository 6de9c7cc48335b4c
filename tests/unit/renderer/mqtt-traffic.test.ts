// The property traffic the MQTT workspace shows, derived from session facts: requests joined with
// their replies and latency, a device's post echoed back down kept apart, filters, chart series.
import { describe, expect, it } from 'vitest';
import type { AlinkFact, Fact } from '../../../shared/facts';
import { methodsSeen, numericSeries, trafficEntries } from '../../../renderer/store/mqtt-traffic';

const SYS = '/sys/a1wFylTxYeD/co_0001/thing';

function alink(p: Partial<AlinkFact> & Pick<AlinkFact, 't' | 'direction' | 'topic'>): AlinkFact {
  return { kind: 'alink', method: null, id: null, params: null, code: null, pairedLatencyMs: null, productKey: 'a1wFylTxYeD', deviceName: 'co_0001', ...p } as AlinkFact;
}

const post = (t: number, id: string, params: unknown, direction: 'up' | 'down' = 'up') =>
  alink({ t, direction, topic: `${SYS}/event/property/post`, method: 'thing.event.property.post', id, params });
const postReply = (t: number, id: string, latency: number) =>
  alink({ t, direction: 'down', topic: `${SYS}/event/property/post_reply`, id, code: 200, pairedLatencyMs: latency, replyTo: 'event/property/post' } as Partial<AlinkFact> & AlinkFact);
const set = (t: number, id: string, params: unknown) =>
  alink({ t, direction: 'down', topic: `${SYS}/service/property/set`, method: 'thing.service.property.set', id, params });

describe('trafficEntries', () => {
  it('folds a reply into its request with the latency the session model measured', () => {
    const entries = trafficEntries([post(1000, '7', { PowerSwitch_1: 0 }), postReply(1042, '7', 42)]);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ direction: 'up', id: '7', reply: { code: 200, latencyMs: 42 } });
  });

  it('does not give the reply to the same post echoed back down (device subscribed to its own post topic)', () => {
    const entries = trafficEntries([post(1000, '7', { a: 1 }), post(1001, '7', { a: 1 }, 'down'), postReply(1040, '7', 40)]);
    expect(entries.map((e) => [e.direction, e.reply?.latencyMs ?? null])).toEqual([['up', 40], ['down', null]]);
  });

  it('keeps a reply whose request it never saw as its own row', () => {
    const entries = trafficEntries([postReply(10, '99', 5)]);
    expect(entries).toMatchObject([{ isReply: true, reply: { code: 200 } }]);
  });

  it('attaches the raw payload that carried the message', () => {
    const payload = '{"id":"3","params":{"PowerSwitch_1":1},"method":"thing.service.property.set"}';
    const facts: Fact[] = [{ kind: 'mqtt.message', t: 5, client: 0, msgId: 0, topic: `${SYS}/service/property/set`, payload, length: payload.length } as Fact, set(5, '3', { PowerSwitch_1: 1 })];
    expect(trafficEntries(facts)[0].raw).toBe(payload);
  });

  it('filters by topic text and by method', () => {
    const facts = [post(1, '1', { a: 1 }), set(2, '2', { a: 2 })];
    expect(trafficEntries(facts, { topic: 'SERVICE', method: '' }).map((e) => e.id)).toEqual(['2']);
    expect(trafficEntries(facts, { topic: '', method: 'thing.event.property.post' }).map((e) => e.id)).toEqual(['1']);
    expect(methodsSeen(trafficEntries(facts))).toEqual(['thing.event.property.post', 'thing.service.property.set']);
  });
});

describe('numericSeries', () => {
  it('charts numbers and booleans per property, from posts and sets, and skips text', () => {
    const series = numericSeries([post(1000, '1', { T: 21.5, On: true, Name: 'x' }), set(3000, '2', { T: 23 })]);
    expect(series).toEqual([
      { name: 'T', times: [1, 3], values: [21.5, 23] },
      { name: 'On', times: [1], values: [1] },
    ]);
  });
});
