// The local hub as any MQTT client sees it: it behaves like Aliyun IoT towards devices
// (cloud-protocols.md §0), here driven with plain mqtt.js clients, no simulator in between.
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signAliyun, type AliyunTriplet, type SigningVariant } from '../../electron/cloud/aliyun-sign';
import { LocalHub, type DeviceMessage } from '../../electron/sim/hub';

const A: AliyunTriplet = { productKey: 'a1X2bEnP82z', deviceName: 'example1', deviceSecret: 'ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSe' };
const B: AliyunTriplet = { productKey: 'a1fmOzBOIDW', deviceName: 'Temperature01', deviceSecret: '7c1df343a7bd95ec2427cdb460925588' };

let hub: LocalHub;
const clients: MqttClient[] = [];
const messages: DeviceMessage[] = [];

beforeAll(async () => {
  hub = await LocalHub.start({ devices: [A, B] });
  hub.onDeviceMessage((m) => messages.push(m));
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
  messages.length = 0;
});
afterAll(() => hub.close());

/** Connects and resolves with the CONNACK return code (0 = accepted). */
function login(options: IClientOptions): Promise<{ code: number; client: MqttClient }> {
  const client = mqtt.connect({ host: '127.0.0.1', port: hub.port, reconnectPeriod: 0, keepalive: 60, ...options });
  clients.push(client);
  return new Promise((resolve) => {
    client.once('connect', () => resolve({ code: 0, client }));
    client.once('error', (err: Error & { code?: number }) => resolve({ code: err.code ?? -1, client }));
  });
}

const device = (t: AliyunTriplet, variant?: SigningVariant, prefix = 'probe') => login(signAliyun(t, { clientIdPrefix: prefix, variant }));

async function until(predicate: () => boolean, what: string, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 3));
  }
}

describe('login', () => {
  it('accepts every signing variant, in either hex case', async () => {
    const variants: SigningVariant[] = [
      { layout: 'C1', signmethod: 'hmacsha256', hexCase: 'upper' },
      { layout: 'C2', signmethod: 'hmacsha1', timestamp: '20130219', hexCase: 'lower' },
      { layout: 'C1', signmethod: 'hmacmd5', timestamp: '789', hexCase: 'upper', securemode: 2 },
    ];
    for (const v of variants) expect((await device(A, v)).code).toBe(0);
    // The iotkit-embedded SDK's own clientId (§1.9 B), extra keys and all.
    const sdk = await login({
      clientId: 'a1X2bEnP82z.example1|timestamp=2524608000000,_v=sdk-c-3.0.1,securemode=3,signmethod=hmacsha256,lan=C,gw=0,ext=0|',
      username: 'example1&a1X2bEnP82z',
      password: 'B8CE8F1D706DD3C61D13BFD9855DEF7E321B785084CA9C93F0169A2B46785DD2',
    });
    expect(sdk.code).toBe(0);
  });

  it('answers CONNACK 4 to a bad signature or an unknown device, 2 to a bad clientId or a short keepalive', async () => {
    expect((await device({ ...A, deviceSecret: 'wrong' })).code).toBe(4);
    expect((await device({ ...A, deviceName: 'ghost' })).code).toBe(4);
    expect((await login({ clientId: 'just-a-client', username: 'example1&a1X2bEnP82z', password: 'x' })).code).toBe(2);
    expect((await login({ ...signAliyun(A, { clientIdPrefix: 'p' }), keepalive: 10 })).code).toBe(2);
    expect(hub.devices().every((d) => !d.online)).toBe(true);
  });

  it('lets two devices use the same clientId prefix', async () => {
    const a = await device(A, undefined, 'clientExample_0');
    await device(B, undefined, 'clientExample_0');
    await new Promise((r) => setTimeout(r, 30));
    expect(a.client.connected).toBe(true);
    expect(hub.devices().every((d) => d.online)).toBe(true);
  });

  it('forces the older session offline when the same device logs in again', async () => {
    const first = await device(A, undefined, 'first');
    const closed = new Promise<void>((resolve) => first.client.once('close', () => resolve()));
    await device(A, undefined, 'second');
    await closed;
    expect(hub.devices()).toContainEqual({ productKey: A.productKey, deviceName: A.deviceName, online: true });
  });

  it('never lists a secret', () => {
    expect(JSON.stringify(hub.devices())).not.toContain(A.deviceSecret);
  });
});

describe('topics', () => {
  const own = (t: AliyunTriplet, rest: string) => `/sys/${t.productKey}/${t.deviceName}/${rest}`;

  it('grants QoS 1 whatever is asked, and 0x80 for another device\'s topics', async () => {
    const { client } = await device(A);
    const topics = {
      [own(A, 'thing/service/property/set')]: { qos: 0 as const },
      [`/${A.productKey}/${A.deviceName}/user/get`]: { qos: 0 as const },
      [own(B, 'thing/service/property/set')]: { qos: 1 as const },
    };
    const granted = await new Promise<number[] | undefined>((resolve) => client.subscribe(topics, (_err, _grants, suback) => resolve(suback?.granted as number[])));
    expect(granted).toEqual([1, 1, 128]);
  });

  it('drops a publish to another device\'s topic and delivers an allowed one', async () => {
    const a = await device(A);
    const b = await device(B);
    const received: string[] = [];
    b.client.on('message', (topic) => received.push(topic));
    await b.client.subscribeAsync(own(B, 'thing/service/property/set'));
    await a.client.publishAsync(own(B, 'thing/service/property/set'), '{"spoofed":1}', { qos: 1 });
    await a.client.publishAsync(own(A, 'thing/event/property/post'), '{"id":"9","params":{}}', { qos: 1 });
    await until(() => messages.length > 0, 'the allowed publish');
    await hub.setProperty(B.productKey, B.deviceName, { x: 1 });
    await until(() => received.length > 0, 'the set at B');
    expect(received).toEqual([own(B, 'thing/service/property/set')]);
    expect(messages.map((m) => m.topic)).toEqual([own(A, 'thing/event/property/post')]);
  });

  it('answers a property post with its post_reply, and reports every device message', async () => {
    const { client } = await device(A);
    await client.subscribeAsync(own(A, 'thing/event/property/post_reply'));
    const reply = new Promise<string>((resolve) => client.once('message', (_t, payload) => resolve(payload.toString())));
    await client.publishAsync(own(A, 'thing/event/property/post'), '{"id":"42","version":"1.0","params":{"T":21.5},"method":"thing.event.property.post"}');
    expect(JSON.parse(await reply)).toEqual({ code: 200, data: {}, id: '42', message: 'success', method: 'thing.event.property.post', version: '1.0' });
    expect(messages[0]).toMatchObject({ productKey: A.productKey, deviceName: A.deviceName, topic: own(A, 'thing/event/property/post') });
    expect(typeof messages[0].t).toBe('number');
  });

  it('sends property sets with fresh ids, and refuses unknown devices with a fix', async () => {
    const { client } = await device(A);
    await client.subscribeAsync(own(A, 'thing/service/property/set'));
    const got = new Promise<string>((resolve) => client.once('message', (_t, payload) => resolve(payload.toString())));
    const id = await hub.setProperty(A.productKey, A.deviceName, { PowerSwitch_1: 1 });
    expect(JSON.parse(await got)).toEqual({ method: 'thing.service.property.set', id, params: { PowerSwitch_1: 1 }, version: '1.0.0' });
    expect(await hub.setProperty(A.productKey, A.deviceName, {})).not.toBe(id);
    await expect(hub.setProperty('pk', 'nobody', {})).rejects.toThrow('unknown device pk/nobody: register it with --device pk:nobody:<secret>');
  });
});

it('refuses a taken port with a readable message', async () => {
  await expect(LocalHub.start({ port: hub.port })).rejects.toThrow(`port ${hub.port} on 127.0.0.1 is in use`);
});
