// The pure Aliyun side of the MQTT workspace (shared/aliyun.ts): what the form accepts, the host it
// makes, the topic list, the module's subscribe commands, the Alink templates and the JSON checker.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  AlinkIds, DEFAULT_TRIPLET_FORM, MessageIds, alinkTopics, buildPublish, effectiveClientId, eventPostPayload, formFromMqttSetup,
  hostFields, mqttHost, propertyPostPayload, setReplyPayload, subscribeCommand, unsubscribeCommand, validateCustomTopic,
  validateJson, validateTriplet, withoutSecret, type TripletForm,
} from '../../../shared/aliyun';
import { parseQcomIni } from '../../../electron/presets/qcom-ini';
import { extractMqttSetup } from '../../../electron/presets/extract';
import { readFixture } from '../../support/fixtures';

const SEED = { productKey: 'a1wFylTxYeD', deviceName: 'co_0001', deviceSecret: '7ab0c4b3532b5783df5fdc58a2895d7a' };
const FORM: TripletForm = { ...DEFAULT_TRIPLET_FORM, ...SEED };

const fieldsWithErrors = (form: TripletForm, opts?: { secretStored?: boolean }) => validateTriplet(form, opts).errors.map((e) => e.field);

describe('validateTriplet', () => {
  it('accepts the seed device with the defaults', () => {
    expect(validateTriplet(FORM)).toEqual({ ok: true, errors: [] });
  });

  it.each<[Partial<TripletForm>, keyof TripletForm]>([
    [{ productKey: '' }, 'productKey'],
    [{ productKey: 'a'.repeat(21) }, 'productKey'],
    [{ productKey: 'a1wFy-TxYeD' }, 'productKey'],
    [{ deviceName: 'abc' }, 'deviceName'],
    [{ deviceName: 'd'.repeat(33) }, 'deviceName'],
    [{ deviceName: 'co 0001' }, 'deviceName'],
    [{ deviceSecret: '' }, 'deviceSecret'],
    [{ deviceSecret: 's'.repeat(65) }, 'deviceSecret'],
    [{ deviceSecret: 'ab"cdef' }, 'deviceSecret'],
    [{ region: 'Shanghai' }, 'region'],
    [{ hostKind: 'instance', instanceId: '' }, 'instanceId'],
    [{ hostKind: 'custom', customHost: 'bad host' }, 'customHost'],
    [{ hostKind: 'custom', customHost: 'h'.repeat(101) }, 'customHost'],
    [{ port: 0 }, 'port'],
    [{ port: 65536 }, 'port'],
    [{ port: 1883.5 }, 'port'],
    [{ clientId: 'c'.repeat(65) }, 'clientId'],
    [{ clientId: 'a|b' }, 'clientId'],
    [{ keepaliveS: 29 }, 'keepaliveS'],
    [{ keepaliveS: 1201 }, 'keepaliveS'],
    [{ clientIndex: 6 }, 'clientIndex'],
    [{ clientIndex: -1 }, 'clientIndex'],
    [{ apn: 'cm net' }, 'apn'],
  ])('refuses %j on %s, in English and Chinese', (patch, field) => {
    const result = validateTriplet({ ...FORM, ...patch });
    expect(result.ok).toBe(false);
    expect(result.errors.map((e) => e.field)).toEqual([field]);
    expect(result.errors[0].en).toMatch(/\w/);
    expect(result.errors[0].zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('accepts the limits themselves', () => {
    const edge = { ...FORM, productKey: 'a'.repeat(20), deviceName: 'd_.-@:'.padEnd(32, 'x'), deviceSecret: 's'.repeat(64), clientId: 'c'.repeat(64), keepaliveS: 1200, port: 65535, clientIndex: 5 };
    expect(validateTriplet(edge).errors).toEqual([]);
    expect(validateTriplet({ ...edge, keepaliveS: 30, port: 1, clientIndex: 0, deviceName: 'abcd' }).errors).toEqual([]);
  });

  it('lets the secret be empty when main already keeps it', () => {
    expect(fieldsWithErrors({ ...FORM, deviceSecret: '' }, { secretStored: true })).toEqual([]);
  });

  it('checks only the host field of the chosen host kind', () => {
    expect(fieldsWithErrors({ ...FORM, hostKind: 'custom', region: 'nonsense', customHost: '127.0.0.1' })).toEqual([]);
  });
});

describe('hosts', () => {
  it('builds the region, ProductKey-prefixed and instance hosts of §1.6', () => {
    expect(mqttHost(FORM)).toBe('iot-as-mqtt.cn-shanghai.aliyuncs.com');
    expect(mqttHost({ ...FORM, hostKind: 'region-pk', region: 'ap-southeast-1' })).toBe('a1wFylTxYeD.iot-as-mqtt.ap-southeast-1.aliyuncs.com');
    expect(mqttHost({ ...FORM, hostKind: 'instance', instanceId: 'iot-06z00i8mcbcop1x' })).toBe('iot-06z00i8mcbcop1x.mqtt.iothub.aliyuncs.com');
    expect(mqttHost({ ...FORM, hostKind: 'custom', customHost: '127.0.0.1' })).toBe('127.0.0.1');
  });

  it('reads any host back into the same form fields', () => {
    for (const host of ['iot-as-mqtt.cn-shanghai.aliyuncs.com', 'a1fmOzBOIDW.iot-as-mqtt.cn-shanghai.aliyuncs.com', 'iot-06z00i8mcbcop1x.mqtt.iothub.aliyuncs.com', '192.168.1.10']) {
      const form = { ...FORM, productKey: 'a1fmOzBOIDW', ...hostFields(host) };
      expect(mqttHost(form)).toBe(host);
    }
  });

  it('uses <ProductKey>.<DeviceName> as client id when the form leaves it empty', () => {
    expect(effectiveClientId(FORM)).toBe('a1wFylTxYeD.co_0001');
    expect(effectiveClientId({ ...FORM, clientId: 'clientExample_0' })).toBe('clientExample_0');
  });
});

describe('filling the form from a QCOM script', () => {
  it('takes triplet, host, port, client id and index from the seed ma_MQTT.ini in one go', () => {
    const setup = extractMqttSetup(parseQcomIni(readFixture('qcom-ini', 'ma_MQTT.ini')));
    const form = formFromMqttSetup(setup);
    expect(form).toMatchObject({ ...SEED, hostKind: 'region', region: 'cn-shanghai', port: 1883, clientId: 'clientExample_0', clientIndex: 0 });
    expect(validateTriplet(form).ok).toBe(true);
    expect(setup.topics).toContain('/sys/a1wFylTxYeD/co_0001/thing/service/property/set');
  });

  it('keeps what the script does not say, and never hands the secret to the renderer', () => {
    const form = formFromMqttSetup({ productKey: null, deviceName: null, deviceSecret: null, host: null, port: null, clientId: null, clientIndex: null, topics: [] }, { ...FORM, apn: 'UNINET' });
    expect(form).toEqual({ ...FORM, apn: 'UNINET' });
    expect(withoutSecret(form)).toMatchObject({ deviceSecret: '', secretSet: true });
  });
});

describe('topics', () => {
  const topics = alinkTopics(SEED, { events: ['Error'], services: ['SetWF'], custom: [{ topic: '/a1wFylTxYeD/co_0001/user/led', direction: 'down', qos: 1 }] });
  const byKey = (key: string) => topics.find((t) => t.key === key);

  it('lists the Alink topics of the device with direction and whether a device subscribes', () => {
    expect(byKey('property-post')).toMatchObject({ topic: '/sys/a1wFylTxYeD/co_0001/thing/event/property/post', direction: 'up', subscribe: false });
    expect(byKey('property-post-reply')).toMatchObject({ topic: '/sys/a1wFylTxYeD/co_0001/thing/event/property/post_reply', direction: 'down', subscribe: true });
    expect(byKey('property-set')).toMatchObject({ topic: '/sys/a1wFylTxYeD/co_0001/thing/service/property/set', direction: 'down', subscribe: true });
    expect(byKey('property-set-reply')).toMatchObject({ topic: '/sys/a1wFylTxYeD/co_0001/thing/service/property/set_reply', direction: 'up' });
    expect(byKey('event:Error:post')?.topic).toBe('/sys/a1wFylTxYeD/co_0001/thing/event/Error/post');
    expect(byKey('event:Error:post-reply')?.topic).toBe('/sys/a1wFylTxYeD/co_0001/thing/event/Error/post_reply');
    expect(byKey('service:SetWF')).toMatchObject({ topic: '/sys/a1wFylTxYeD/co_0001/thing/service/SetWF', direction: 'down' });
    expect(byKey('service:SetWF:reply')).toMatchObject({ topic: '/sys/a1wFylTxYeD/co_0001/thing/service/SetWF_reply', direction: 'up' });
    expect(topics.filter((t) => t.key.startsWith('user-')).map((t) => [t.topic, t.direction])).toEqual([
      ['/a1wFylTxYeD/co_0001/user/update', 'up'], ['/a1wFylTxYeD/co_0001/user/update/error', 'up'], ['/a1wFylTxYeD/co_0001/user/get', 'down'],
    ]);
    expect(byKey('custom:/a1wFylTxYeD/co_0001/user/led')).toMatchObject({ custom: true, qos: 1, subscribe: true });
    expect(topics.every((t) => t.label.en && t.label.zh)).toBe(true);
  });

  it('keeps custom topics to the device\'s own user space', () => {
    expect(validateCustomTopic(SEED, '/a1wFylTxYeD/co_0001/user/led')).toBeNull();
    expect(validateCustomTopic(SEED, '/a1wFylTxYeD/other/user/led')?.en).toMatch(/must start with/);
    expect(validateCustomTopic(SEED, '/a1wFylTxYeD/co_0001/user/le-d')?.zh).toMatch(/字母/);
    expect(alinkTopics(SEED, { custom: [{ topic: '/x/y/user/z', direction: 'up' }], events: ['bad-id'] })).toHaveLength(7);
  });

  it('builds the module\'s subscribe and unsubscribe commands (§3.6.6, §3.6.7)', () => {
    expect(subscribeCommand(0, 1, [{ topic: '/sys/a/b/thing/service/property/set', qos: 0 }])).toBe('AT+QMTSUB=0,1,"/sys/a/b/thing/service/property/set",0');
    expect(subscribeCommand(2, 9, [{ topic: '/t1', qos: 1 }, { topic: '/t2', qos: 0 }])).toBe('AT+QMTSUB=2,9,"/t1",1,"/t2",0');
    expect(unsubscribeCommand(0, 2, ['/t1', '/t2'])).toBe('AT+QMTUNS=0,2,"/t1","/t2"');
  });

  it('hands out packet ids 1–65535 and never 0', () => {
    const ids = new MessageIds(65534);
    expect([ids.take(), ids.take(), ids.take()]).toEqual([65534, 65535, 1]);
    expect(new MessageIds(0).take()).toBe(1);
  });
});

describe('Alink payloads', () => {
  it('builds the property post of the brief with params kept as typed', () => {
    expect(propertyPostPayload('42', '{"Temperature":23.0}')).toBe('{"id":"42","version":"1.0","params":{"Temperature":23.0},"method":"thing.event.property.post"}');
    expect(JSON.parse(propertyPostPayload('43', { PowerSwitch_1: 1 }))).toEqual({ id: '43', version: '1.0', params: { PowerSwitch_1: 1 }, method: 'thing.event.property.post' });
  });

  it('wraps event output in params.value (§3.2) and answers a set with code 200 and the same id', () => {
    expect(JSON.parse(eventPostPayload('7', 'Error', { Power: 'on' }, 1524448722000))).toEqual({
      id: '7', version: '1.0', params: { value: { Power: 'on' }, time: 1524448722000 }, method: 'thing.event.Error.post',
    });
    expect(setReplyPayload('160500006')).toBe('{"code":200,"data":{},"id":"160500006","message":"success","version":"1.0"}');
  });

  it('gives a fresh id every time, increasing through the day, as a string of an integer', () => {
    const ids = new AlinkIds(Date.UTC(2025, 0, 1, 8, 0, 0));
    const taken = Array.from({ length: 1000 }, () => ids.take());
    expect(new Set(taken).size).toBe(1000);
    expect(taken.every((id) => /^\d+$/.test(id) && Number(id) <= 4294967295)).toBe(true);
    expect(Number(new AlinkIds(Date.UTC(2025, 0, 1, 8, 0, 1)).take())).toBeGreaterThan(Number(taken[0]));
  });

  it('builds drafts, and says why one does not build', () => {
    const device = { productKey: 'pk1', deviceName: 'dev1' };
    expect(buildPublish({ kind: 'property-post', params: '{"a":1}' }, device, '5')).toEqual({
      ok: true, topic: '/sys/pk1/dev1/thing/event/property/post', payload: '{"id":"5","version":"1.0","params":{"a":1},"method":"thing.event.property.post"}',
    });
    expect(buildPublish({ kind: 'event-post', eventId: 'Alarm', params: '{}' }, device, '6')).toMatchObject({ ok: true, topic: '/sys/pk1/dev1/thing/event/Alarm/post' });
    expect(buildPublish({ kind: 'custom', topic: '/pk1/dev1/user/update', payload: 'hi' }, device, '7')).toEqual({ ok: true, topic: '/pk1/dev1/user/update', payload: 'hi' });
    expect(buildPublish({ kind: 'property-post', params: '[1]' }, device, '8')).toMatchObject({ ok: false, error: { en: expect.stringMatching(/JSON object/) } });
    expect(buildPublish({ kind: 'property-post', params: '{"a":}' }, device, '8')).toMatchObject({ ok: false, error: { en: expect.stringMatching(/^Line 1, column 6/) } });
    expect(buildPublish({ kind: 'event-post', eventId: 'a b', params: '{}' }, device, '9').ok).toBe(false);
  });
});

describe('validateJson', () => {
  it.each([
    ['{"a":1,}', 1, 8, /trailing comma/, /逗号/],
    ['{"a": 1\n "b": 2}', 2, 2, /expected , or }/, /逗号/],
    ["{'a':1}", 1, 2, /double quotes/, /双引号/],
    ['{"a":tru}', 1, 6, /not a JSON value/, /不是合法/],
    ['{"a":"x', 1, 6, /never closed/, /没有结束/],
    ['{"a":1} x', 1, 9, /after the end/, /多余/],
    ['', 1, 1, /unexpected end/, /不完整/],
  ])('points at the problem in %j', (text, line, column, en, zh) => {
    const result = validateJson(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect([result.line, result.column]).toEqual([line, column]);
    expect(result.en).toMatch(en);
    expect(result.zh).toMatch(zh);
  });

  it('finds a concrete problem, inside the text, wherever JSON.parse refuses', () => {
    const jsonish = fc.string({ unit: fc.constantFrom('{', '}', '[', ']', ':', ',', '"', '\\', '1', '0', '.', '-', 'e', 'a', 't', 'r', 'u', ' ', '\n') });
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.json().map((j) => j.slice(0, -1)), jsonish), (text) => {
        let parses = true;
        try {
          JSON.parse(text);
        } catch {
          parses = false;
        }
        const result = validateJson(text);
        expect(result.ok).toBe(parses);
        if (!result.ok) {
          // the scanner's own finding, not its "JSON.parse refused, no idea where" fallback
          expect(result.en).not.toMatch(/: not valid JSON$/);
          expect(result.offset).toBeGreaterThanOrEqual(0);
          expect(result.offset).toBeLessThanOrEqual(text.length);
          expect(result.line).toBe(text.slice(0, result.offset).split('\n').length);
        }
      }),
      { numRuns: 500 },
    );
  });
});
