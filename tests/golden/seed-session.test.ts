// Golden test: the seed article's real EC600S session (../shared/fixtures/captures/seed-session.jsonl)
// replayed through the pipeline gives every fact of the flow.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Fact } from '../../shared/facts';
import { fromBase64 } from '../../shared/bytes';
import { replayRecords, type WireRecord } from '../../electron/session/replay';
import { readFixture } from '../support/fixtures';
import { only } from '../support/dialogue';

function seedRecords(): WireRecord[] {
  const lines = readFixture('captures', 'seed-session.jsonl').toString('utf8').trim().split('\n');
  return lines.slice(1).map((l) => {
    const o = JSON.parse(l) as { t: number; dir: 'tx' | 'rx'; b64: string };
    return { t: o.t, dir: o.dir, bytes: fromBase64(o.b64) };
  });
}

const T0 = 1611135000000;
const PK = 'a1wFylTxYeD';
const SET = `/sys/${PK}/co_0001/thing/service/property/set`;
const POST = `/sys/${PK}/co_0001/thing/event/property/post`;

describe('seed session golden replay', () => {
  const facts = replayRecords(seedRecords());

  it('answers every command: 23 commands, all OK, none left pending', () => {
    const finals = only(facts, 'at.final');
    expect(only(facts, 'at.command')).toHaveLength(23);
    expect(finals).toHaveLength(23);
    expect(finals.every((f) => f.ok && f.result === 'OK')).toBe(true);
    expect(only(facts, 'at.stray')).toEqual([]);
    expect(finals.find((f) => f.command === 'AT+CPIN?')?.info).toEqual(['+CPIN: READY']);
    expect(finals.find((f) => f.command === 'AT+QIACT?')?.info).toEqual(['+QIACT: 1,1,1,"10.189.73.246"']);
    expect(finals.find((f) => f.command === 'AT+QMTOPEN?')?.info).toEqual(['+QMTOPEN: 0,"iot-as-mqtt.cn-shanghai.aliyuncs.com",1883']);
  });

  it('opens, connects, subscribes, unsubscribes, resubscribes and disconnects', () => {
    const mqtt = facts.filter((f) => f.kind.startsWith('mqtt.') && f.kind !== 'mqtt.config');
    const brief = mqtt.map((f) => {
      switch (f.kind) {
        case 'mqtt.open': return [f.kind, f.t - T0, f.result, f.host, f.port, f.latencyMs];
        case 'mqtt.connect': return [f.kind, f.t - T0, f.clientId, f.result, f.returnCode, f.latencyMs];
        case 'mqtt.subscribe': return [f.kind, f.t - T0, f.msgId, f.topics.map((x) => [x.topic, x.qos, x.grantedQos])];
        case 'mqtt.unsubscribe': return [f.kind, f.t - T0, f.msgId, f.topics];
        case 'mqtt.message': return [f.kind, f.t - T0, f.topic, f.length];
        case 'mqtt.publish': return [f.kind, f.t - T0, f.topic, f.declaredLength, f.sentLength, f.truncated, f.result];
        case 'mqtt.disconnect': return [f.kind, f.t - T0, f.via, f.result];
        default: return [f.kind];
      }
    });
    expect(brief).toEqual([
      ['mqtt.open', 9926, 0, 'iot-as-mqtt.cn-shanghai.aliyuncs.com', 1883, 238],
      ['mqtt.connect', 11722, 'clientExample_0', 0, 0, 188],
      ['mqtt.subscribe', 13488, 1, [[SET, 0, 1]]],
      ['mqtt.subscribe', 14446, 1, [[POST, 0, 1]]],
      ['mqtt.unsubscribe', 15404, 2, [SET]],
      ['mqtt.unsubscribe', 16362, 2, [POST]],
      ['mqtt.subscribe', 17320, 1, [[SET, 0, 1]]],
      ['mqtt.subscribe', 18278, 1, [[POST, 0, 1]]],
      ['mqtt.message', 23278, SET, 103],
      ['mqtt.publish', 28591, POST, 103, 103, false, 0],
      ['mqtt.message', 28686, POST, 103],
      ['mqtt.disconnect', 31814, 'disc', 0],
    ]);
  });

  it('cuts the property set by its length field and decodes it as Alink', () => {
    const [set] = only(facts, 'mqtt.message');
    expect(set.payload).toBe('{"method":"thing.service.property.set","id":"220958108","params":{"PowerSwitch_1":1},"version":"1.0.0"}');
    const alink = only(facts, 'alink');
    expect(alink.map((a) => [a.direction, a.method, a.id, a.params])).toEqual([
      ['down', 'thing.service.property.set', '220958108', { PowerSwitch_1: 1 }],
      ['up', 'thing.event.property.post', '1142523359', { PowerSwitch_1: 0 }],
      ['down', 'thing.event.property.post', '1142523359', { PowerSwitch_1: 0 }],
    ]);
  });

  it('records the 103-byte post exactly as the cloud got it', () => {
    const [pub] = only(facts, 'mqtt.publish');
    expect(pub.payload).toBe('{"method":"thing.event.property.post","id":"1142523359","params":{"PowerSwitch_1":0},"version":"1.0.0"}');
    expect(new TextEncoder().encode(pub.payload)).toHaveLength(103);
  });

  it('gives the same facts whatever the read chunking (property over arbitrary splits)', () => {
    const records = seedRecords();
    const strip = (fs: Fact[]) => JSON.stringify(fs);
    const expected = strip(facts);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 50 }), (sizes) => {
        const rechunked: WireRecord[] = [];
        let k = 0;
        for (const r of records) {
          if (r.dir === 'tx') {
            rechunked.push(r);
            continue;
          }
          for (let i = 0; i < r.bytes.length; ) {
            const n = sizes[k++ % sizes.length];
            rechunked.push({ ...r, bytes: r.bytes.subarray(i, i + n) });
            i += n;
          }
        }
        expect(strip(replayRecords(rechunked))).toBe(expected);
      }),
      { numRuns: 60 },
    );
  });
});
