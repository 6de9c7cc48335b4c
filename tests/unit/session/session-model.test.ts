// The session model's reading of +QMTRECV, deferred results and Alink traffic, fed AT facts
// directly: the header shapes the module sends and the ones it may send (spaces, a bare topic),
// request/reply pairing across topics, and property state with both desired and reported values.
import { describe, expect, it } from 'vitest';
import type { AtFact, MqttFact } from '../../../shared/facts';
import { SessionModel } from '../../../electron/session/session-model';
import { AlinkPairing } from '../../../electron/session/alink';

const PK = 'a1wFylTxYeD';
const POST = `/sys/${PK}/co_0001/thing/event/property/post`;
const SET = `/sys/${PK}/co_0001/thing/service/property/set`;

function feed(model: SessionModel, facts: AtFact[]): MqttFact[] {
  return facts.flatMap((f) => model.apply(f));
}

const urc = (text: string, payload?: string, t = 1): AtFact => ({ kind: 'at.urc', t, text, name: '+QMTRECV', ...(payload !== undefined ? { payload } : {}) });

describe('AlinkPairing', () => {
  it('pairs by the text device|method|id, whatever the parts hold', () => {
    const pairing = new AlinkPairing();
    pairing.request('pk/dn', 'm', 'a|b', 1);
    expect(pairing.reply('pk/dn', 'm|a', 'b', 5)).toBe(4);
    pairing.request('pk/dn', 'm', '1', 1);
    expect(pairing.reply('pk/dn', 'm', '1|', 5)).toBeNull();
    expect(pairing.reply('pk/dn', 'n', '1', 5)).toBeNull();
    expect(pairing.reply('pk/dn', 'm', '1', 7)).toBe(6);
    // past the numbered prefixes, texts pair as well
    for (let i = 0; i < 400; i++) pairing.request(`pk/d${i}`, 'm', String(i), i);
    for (let i = 0; i < 400; i++) expect(pairing.reply(`pk/d${i}`, 'm', String(i), 1000)).toBe(1000 - i);
  });
});

describe('SessionModel: +QMTRECV', () => {
  const payload = '{"method":"thing.service.property.set","id":"7","params":{"a":1},"version":"1.0.0"}';

  it('reads the header of a counted payload, with or without spaces, and a bare topic', () => {
    const model = new SessionModel();
    const out = feed(model, [
      urc(`+QMTRECV: 0,3,"${SET}",${payload.length},"${payload}"`, payload),
      urc(`+QMTRECV: 1 , 4 , "${SET}" , ${payload.length} ,"${payload}"`, payload),
      urc(`+QMTRECV: 2,5,${SET} ,${payload.length},"${payload}"`, payload),
      urc(`+QMTRECV: 0,6,"t/y",3,"x,y"`, 'x,y'),
      urc(`+QMTRECV:\t0,7,"t",3,"abc"`, 'abc'),
    ]);
    const messages = out.filter((f) => f.kind === 'mqtt.message');
    expect(messages.map((m) => [m.client, m.msgId, m.topic, m.payload, m.length])).toEqual([
      [0, 3, SET, payload, payload.length],
      [1, 4, SET, payload, payload.length],
      [2, 5, SET, payload, payload.length],
      [0, 6, 't/y', 'x,y', 3],
      [0, 7, 't', 'abc', 3],
    ]);
  });

  it('reads a message without a counted payload: quotes around it removed, commas and quotes inside kept', () => {
    const model = new SessionModel();
    const out = feed(model, [urc('+QMTRECV: 0,1,"t/x","a,"b",c"'), urc('+QMTRECV: 0,2,"t/x",5,"a,b,c"'), urc('+QMTRECV: 0,3')]);
    expect(out.map((m) => (m.kind === 'mqtt.message' ? [m.msgId, m.payload, m.length] : m.kind))).toEqual([
      [1, 'a,"b",c', null],
      [2, 'a,b,c', 5],
    ]);
  });

  it('decodes Alink in both directions and pairs a reply with its request', () => {
    const model = new SessionModel();
    const post = '{"method":"thing.event.property.post","id":"42","params":{"p":1},"version":"1.0.0"}';
    const reply = '{"code":200,"data":{},"id":"42","message":"success","version":"1.0"}';
    const out = feed(model, [
      { kind: 'at.command', t: 100, id: 1, command: `AT+QMTPUBEX=0,0,0,0,"${POST}",${post.length}`, name: '+QMTPUBEX' },
      { kind: 'at.data', t: 101, id: 1, accepted: post, declaredLength: post.length, sentLength: post.length },
      { kind: 'at.final', t: 102, id: 1, command: '', name: '+QMTPUBEX', result: 'OK', ok: true, latencyMs: 2, info: [], deferred: true },
      { kind: 'at.result', t: 110, id: 1, command: '', name: '+QMTPUBEX', urc: '+QMTPUBEX: 0, 0, 0', ok: true, latencyMs: 8, totalMs: 10 },
      urc(`+QMTRECV: 0,0,"${POST}_reply",${reply.length},"${reply}"`, reply, 135),
    ]);
    expect(out.map((f) => f.kind)).toEqual(['mqtt.publish', 'alink', 'mqtt.message', 'alink']);
    const [pub, up, , down] = out;
    expect(pub).toMatchObject({ kind: 'mqtt.publish', result: 0, ok: true, payload: post });
    expect(up).toMatchObject({ direction: 'up', method: 'thing.event.property.post', id: '42', params: { p: 1 }, pairedLatencyMs: null, replyTo: null });
    expect(down).toMatchObject({ direction: 'down', method: 'thing.event.property.post_reply', id: '42', code: 200, params: {}, pairedLatencyMs: 25, replyTo: 'thing.event.property.post' });
  });

  it('keeps desired and reported values of a property, in the order they first came', () => {
    const model = new SessionModel();
    const set = (id: number, v: number) => `{"method":"thing.service.property.set","id":"${id}","params":{"p":${v},"q":{"value":${v},"time":1}},"version":"1.0.0"}`;
    const post = (id: number, v: number) => `{"method":"thing.event.property.post","id":"${id}","params":{"p":${v}},"version":"1.0.0"}`;
    const postR = (id: number, v: number) => `{"method":"thing.event.property.post","id":"${id}","params":{"r":{"value":${v}}},"version":"1.0.0"}`;
    const setR = (id: number, v: number) => `{"method":"thing.service.property.set","id":"${id}","params":{"r":${v}},"version":"1.0.0"}`;
    feed(model, [
      urc(`+QMTRECV: 0,0,"${SET}",1,"x"`, set(1, 1), 5), urc(`+QMTRECV: 0,0,"${POST}",1,"x"`, post(2, 0), 6), urc(`+QMTRECV: 0,0,"${SET}",1,"x"`, set(3, 2), 7),
      urc(`+QMTRECV: 0,0,"${POST}",1,"x"`, postR(4, 5), 8), urc(`+QMTRECV: 0,0,"${POST}",1,"x"`, postR(5, 6), 9),
    ]);
    const before = model.snapshot().properties;
    feed(model, [urc(`+QMTRECV: 0,0,"${SET}",1,"x"`, setR(6, 7), 10), urc(`+QMTRECV: 0,0,"${POST}",1,"x"`, postR(7, 8), 11)]);
    // a snapshot already taken stays as it was
    expect(before[2]).toEqual({ name: 'r', value: 6, direction: 'down', t: 9, reported: 6, reportedAt: 9 });
    const props = model.snapshot().properties;
    expect(props.map((p) => Object.entries(p))).toEqual([
      [['name', 'p'], ['value', 2], ['direction', 'down'], ['t', 7], ['desired', 2], ['desiredAt', 7], ['reported', 0], ['reportedAt', 6]],
      [['name', 'q'], ['value', 2], ['direction', 'down'], ['t', 7], ['desired', 2], ['desiredAt', 7]],
      [['name', 'r'], ['value', 8], ['direction', 'down'], ['t', 11], ['reported', 8], ['reportedAt', 11], ['desired', 7], ['desiredAt', 10]],
    ]);
  });
});
