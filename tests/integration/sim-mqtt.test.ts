// The virtual EC600S's MQTT side against the real local hub on 127.0.0.1: the AT dialogue of
// quectel-at.md §3.6 with a real network behind it.
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LocalHub, type DeviceMessage } from '../../electron/sim/hub';
import { VirtualModule, offlineBroker, onlineBroker, type VirtualModuleOptions } from '../../electron/sim/virtual-module';
import { WireProbe } from '../unit/sim/wire-probe';

const SEED = { productKey: 'a1wFylTxYeD', deviceName: 'co_0001', deviceSecret: '7ab0c4b3532b5783df5fdc58a2895d7a' };
const OTHER = { productKey: 'a1OtherPK00', deviceName: 'dev_2', deviceSecret: 'c0ffee' };
const SET_TOPIC = `/sys/${SEED.productKey}/${SEED.deviceName}/thing/service/property/set`;
const POST_TOPIC = `/sys/${SEED.productKey}/${SEED.deviceName}/thing/event/property/post`;
const ALIAUTH = `AT+QMTCFG="aliauth",0,"${SEED.productKey}","${SEED.deviceName}","${SEED.deviceSecret}"`;

let hub: LocalHub;
const modules: VirtualModule[] = [];
const messages: DeviceMessage[] = [];

beforeAll(async () => {
  hub = await LocalHub.start({ devices: [SEED, OTHER] });
  hub.onDeviceMessage((m) => messages.push(m));
});
afterEach(async () => {
  await Promise.all(modules.splice(0).map((m) => m.close()));
  messages.length = 0;
});
afterAll(() => hub.close());

async function boot(opts: VirtualModuleOptions = {}): Promise<WireProbe> {
  const module = new VirtualModule({ timing: 'fast', resolveBroker: offlineBroker(hub.port), ...opts });
  modules.push(module);
  const probe = new WireProbe((bytes) => module.input(bytes));
  module.onOutput(probe.feed);
  module.powerOn();
  if (opts.faults?.suppressUrcs) await new Promise((r) => setTimeout(r, 20)); // no boot URCs to wait for
  else await probe.waitFor('+QIND: PB DONE\r\n');
  return probe;
}

/** Boots a module and brings client 0 to CONNECTED as the seed device. */
async function connected(opts: VirtualModuleOptions = {}, recvMode = 'AT+QMTCFG="recv/mode",0,0,1'): Promise<WireProbe> {
  const probe = await boot(opts);
  await probe.command('ATE0');
  await probe.command(recvMode);
  await probe.command(ALIAUTH);
  await probe.command('AT+QMTOPEN=0,"iot-as-mqtt.cn-shanghai.aliyuncs.com",1883');
  await probe.waitFor('\r\n+QMTOPEN: 0,0\r\n');
  await probe.command('AT+QMTCONN=0,"clientExample_0"');
  await probe.waitFor('\r\n+QMTCONN: 0,0,0\r\n');
  return probe;
}

async function until(predicate: () => boolean, what: string, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 3));
  }
}

describe('client states (§3.6.14)', () => {
  it('goes OPENED → CONNECTED → closed, and refuses what each state does not allow', async () => {
    const probe = await boot();
    await probe.command('ATE0');
    await probe.command(ALIAUTH);
    await probe.command('AT+QMTOPEN=0,"iot-as-mqtt.cn-shanghai.aliyuncs.com",1883');
    await probe.waitFor('\r\n+QMTOPEN: 0,0\r\n');
    expect(await probe.command('AT+QMTOPEN?')).toBe('\r\n+QMTOPEN: 0,"iot-as-mqtt.cn-shanghai.aliyuncs.com",1883\r\n\r\nOK\r\n');
    expect(await probe.command('AT+QMTCONN?')).toBe('\r\n+QMTCONN: 0,1\r\n\r\nOK\r\n');
    expect(await probe.command('AT+QMTCFG="keepalive",0,60')).toBe('\r\nERROR\r\n'); // configured clients only before open
    expect(await probe.command('AT+QMTCFG="keepalive",0')).toBe('\r\n+QMTCFG: "keepalive",120\r\n\r\nOK\r\n');
    expect(await probe.command('AT+QMTSUB=0,1,"/a",0')).toBe('\r\nERROR\r\n');
    await probe.command('AT+QMTOPEN=0,"iot-as-mqtt.cn-shanghai.aliyuncs.com",1883');
    await probe.waitFor('\r\n+QMTOPEN: 0,2\r\n'); // identifier occupied

    await probe.command('AT+QMTCONN=0,"clientExample_0"');
    await probe.waitFor('\r\n+QMTCONN: 0,0,0\r\n');
    expect(await probe.command('AT+QMTCONN?')).toBe('\r\n+QMTCONN: 0,3\r\n\r\nOK\r\n');
    expect(hub.devices()).toContainEqual({ productKey: SEED.productKey, deviceName: SEED.deviceName, online: true });
    expect(await probe.command('AT+QMTCONN=0,"again"')).toBe('\r\nERROR\r\n');

    await probe.command('AT+QMTDISC=0');
    await probe.waitFor('\r\n+QMTDISC: 0,0\r\n');
    expect(await probe.command('AT+QMTOPEN?')).toBe('\r\nOK\r\n');
    await until(() => !hub.devices().find((d) => d.deviceName === SEED.deviceName)?.online, 'the hub to see the device leave');
  });

  it('closes an opened link with AT+QMTCLOSE', async () => {
    const probe = await connected();
    await probe.command('AT+QMTCLOSE=0');
    await probe.waitFor('\r\n+QMTCLOSE: 0,0\r\n');
    expect(await probe.command('AT+QMTCONN?')).toBe('\r\nOK\r\n');
  });

  it('reports a refused TCP connection and an unknown host as +QMTOPEN results', async () => {
    const refused = await boot({ resolveBroker: offlineBroker(1, '127.0.0.1') });
    await refused.command('AT+QMTOPEN=0,"iot-as-mqtt.cn-shanghai.aliyuncs.com",1883');
    await refused.waitFor('\r\n+QMTOPEN: 0,-1\r\n');
    const online = await boot({ resolveBroker: onlineBroker });
    await online.command('AT+QMTOPEN=0,"nonexistent.invalid",1883');
    await online.waitFor('\r\n+QMTOPEN: 0,4\r\n');
  });
});

describe('logging in as Aliyun expects', () => {
  it('is refused with CONNACK 4 for a wrong DeviceSecret', async () => {
    const probe = await boot();
    await probe.command(`AT+QMTCFG="aliauth",0,"${SEED.productKey}","${SEED.deviceName}","0000"`);
    await probe.command('AT+QMTOPEN=0,"h",1883');
    await probe.waitFor('\r\n+QMTOPEN: 0,0\r\n');
    await probe.command('AT+QMTCONN=0,"clientExample_0"');
    await probe.waitFor('\r\n+QMTCONN: 0,0,4\r\n');
    expect(await probe.command('AT+QMTOPEN?')).toMatch(/^AT\+QMTOPEN\?\r\r\nOK\r\n$/);
  });

  it('is refused with CONNACK 2 for a keepalive under 30 s or a clientId Aliyun cannot parse', async () => {
    const probe = await boot();
    await probe.command('ATE0');
    await probe.command(ALIAUTH);
    await probe.command('AT+QMTCFG="keepalive",0,20');
    await probe.command('AT+QMTOPEN=0,"h",1883');
    await probe.waitFor('+QMTOPEN: 0,0');
    await probe.command('AT+QMTCONN=0,"c"');
    await probe.waitFor('\r\n+QMTCONN: 0,0,2\r\n');

    await probe.command('AT+QMTOPEN=1,"h",1883');
    await probe.waitFor('+QMTOPEN: 1,0');
    await probe.command('AT+QMTCONN=1,"plain-client","user","pass"');
    await probe.waitFor('\r\n+QMTCONN: 1,0,2\r\n');
  });

  it('signs with other variants the hub also accepts (C2)', async () => {
    const probe = await connected({ signing: { layout: 'C2', signmethod: 'hmacsha1', timestamp: '20130219', hexCase: 'lower' } });
    expect(await probe.command('AT+QMTCONN?')).toBe('\r\n+QMTCONN: 0,3\r\n\r\nOK\r\n');
  });

  it('loses its session when the same device logs in again elsewhere: +QMTSTAT: 0,1', async () => {
    const first = await connected();
    await connected();
    await first.waitFor('\r\n+QMTSTAT: 0,1\r\n');
    expect(await first.command('AT+QMTCONN?')).toBe('\r\nOK\r\n');
    expect(hub.devices()).toContainEqual({ productKey: SEED.productKey, deviceName: SEED.deviceName, online: true });
  });
});

describe('publishing', () => {
  const PAYLOAD = '{"method":"thing.event.property.post","id":"1142523359","params":{"PowerSwitch_1":0},"version":"1.0.0"}';

  it('reads exactly <length> bytes after `> `, echoes them, drops the surplus, then OK and +QMTPUBEX', async () => {
    const probe = await connected();
    await probe.command('ATE1');
    probe.send(`AT+QMTPUBEX=0,0,0,0,"${POST_TOPIC}",103\r`);
    await probe.waitFor(`AT+QMTPUBEX=0,0,0,0,"${POST_TOPIC}",103\r\r\n> `);
    probe.send(`${PAYLOAD}\r\nEXTRA`);
    const m = await probe.waitFor(/^(.*)\r\nOK\r\n\r\n\+QMTPUBEX: 0,0,0\r\n/);
    expect(m[1]).toBe(PAYLOAD);
    await until(() => messages.length > 0, 'the post at the hub');
    expect(messages[0]).toMatchObject({ productKey: SEED.productKey, deviceName: SEED.deviceName, topic: POST_TOPIC, payload: PAYLOAD });
    // The surplus never became a command.
    expect(await probe.command('AT')).toBe('AT\r\r\nOK\r\n');
  });

  it('does not echo the payload with echo off; QoS 1 waits for the PUBACK', async () => {
    const probe = await connected();
    probe.send(`AT+QMTPUBEX=0,7,1,0,"${POST_TOPIC}",2\r`);
    await probe.waitFor(/^\r\n> $/);
    probe.send('{}');
    await probe.waitFor(/^\r\nOK\r\n\r\n\+QMTPUBEX: 0,7,0\r\n$/);
    expect(await probe.command(`AT+QMTPUBEX=0,5,0,0,"${POST_TOPIC}",2`)).toBe('\r\nERROR\r\n'); // msgid must be 0 for QoS 0
    expect(await probe.command(`AT+QMTPUBEX=0,0,1,0,"${POST_TOPIC}",2`)).toBe('\r\nERROR\r\n'); // and not 0 for QoS 1
    expect(await probe.command(`AT+QMTPUBEX=0,0,0,0,"${POST_TOPIC}",1501`)).toBe('\r\nERROR\r\n');
  });

  it('gets the post_reply back when subscribed to it, and none for "sys":{"ack":0}', async () => {
    const probe = await connected();
    await probe.command(`AT+QMTSUB=0,3,"${POST_TOPIC}_reply",0`);
    await probe.waitFor('\r\n+QMTSUB: 0,3,0,1\r\n');
    const quiet = '{"id":"1","sys":{"ack":0},"params":{"PowerSwitch_1":1},"method":"thing.event.property.post","version":"1.0"}';
    for (const payload of [quiet, PAYLOAD]) {
      probe.send(`AT+QMTPUBEX=0,0,0,0,"${POST_TOPIC}",${Buffer.byteLength(payload)}\r`);
      await probe.waitFor('> ');
      probe.send(payload);
      await probe.waitFor('+QMTPUBEX: 0,0,0');
    }
    const reply = '{"code":200,"data":{},"id":"1142523359","message":"success","method":"thing.event.property.post","version":"1.0"}';
    await probe.waitFor(`\r\n+QMTRECV: 0,0,"${POST_TOPIC}_reply",${reply.length},"${reply}"\r\n`);
    expect(probe.text).not.toContain('"id":"1","message"');
  });

  it('may not subscribe or publish to another device: granted 0x80, publish dropped', async () => {
    const probe = await connected();
    const foreign = `/sys/${OTHER.productKey}/${OTHER.deviceName}/thing/service/property/set`;
    await probe.command(`AT+QMTSUB=0,4,"${foreign}",1,"${SET_TOPIC}",0`);
    await probe.waitFor('\r\n+QMTSUB: 0,4,0,128,1\r\n');
    probe.send(`AT+QMTPUBEX=0,0,0,0,"${foreign}",2\r`);
    await probe.waitFor('> ');
    probe.send('{}');
    await probe.waitFor('+QMTPUBEX: 0,0,0');
    probe.send(`AT+QMTPUBEX=0,0,0,0,"${POST_TOPIC}",2\r`);
    await probe.waitFor('> ');
    probe.send('{}');
    await until(() => messages.length > 0, 'the allowed post');
    expect(messages.map((m) => m.topic)).toEqual([POST_TOPIC]);
  });
});

describe('receiving', () => {
  it('counts the payload length in UTF-8 bytes and leaves inner quotes unescaped', async () => {
    const probe = await connected();
    await probe.command(`AT+QMTSUB=0,1,"${SET_TOPIC}",0`);
    await probe.waitFor('+QMTSUB: 0,1,0,1');
    const id = await hub.setProperty(SEED.productKey, SEED.deviceName, { 名称: '温度', PowerSwitch_1: 1 });
    const payload = `{"method":"thing.service.property.set","id":"${id}","params":{"名称":"温度","PowerSwitch_1":1},"version":"1.0.0"}`;
    const m = await probe.waitFor(/\r\n\+QMTRECV: 0,0,"([^"]+)",(\d+),"(.*)"\r\n/);
    expect(m[1]).toBe(SET_TOPIC);
    expect(Number(m[2])).toBe(Buffer.byteLength(payload));
    expect(Number(m[2])).toBeGreaterThan(payload.length);
    expect(m[3]).toBe(payload);
  });

  it('without the length field: +QMTRECV: 0,0,"<topic>","<payload>"', async () => {
    const probe = await connected({}, 'AT+QMTCFG="recv/mode",0,0,0');
    await probe.command(`AT+QMTSUB=0,1,"${SET_TOPIC}",0`);
    await probe.waitFor('+QMTSUB: 0,1,0,1');
    await hub.publish(SET_TOPIC, 'a "quoted", raw\r\nOK');
    await probe.waitFor(`\r\n+QMTRECV: 0,0,"${SET_TOPIC}","a "quoted", raw\r\nOK"\r\n`);
  });

  it('buffer mode (recv/mode 1): +QMTRECV: 0,<recv_id>, then AT+QMTRECV reads and frees the slot', async () => {
    const probe = await connected({}, 'AT+QMTCFG="recv/mode",0,1,1');
    await probe.command(`AT+QMTSUB=0,1,"${SET_TOPIC}",1`);
    await probe.waitFor('+QMTSUB: 0,1,0,1');
    await hub.publish(SET_TOPIC, 'first');
    await probe.waitFor('\r\n+QMTRECV: 0,0\r\n');
    await hub.publish(SET_TOPIC, 'second', { qos: 1 });
    await probe.waitFor('\r\n+QMTRECV: 0,1\r\n');
    expect(await probe.command('AT+QMTRECV?')).toBe('\r\n+QMTRECV: 0,1,1,0,0,0\r\n\r\nOK\r\n');
    expect(await probe.command('AT+QMTRECV=0,0')).toBe(`\r\n+QMTRECV: 0,0,"${SET_TOPIC}",5,"first"\r\n\r\nOK\r\n`);
    expect(await probe.command('AT+QMTRECV=0')).toMatch(new RegExp(`^\\r\\n\\+QMTRECV: 0,\\d+,"${SET_TOPIC}",6,"second"\\r\\n\\r\\nOK\\r\\n$`));
    expect(await probe.command('AT+QMTRECV?')).toBe('\r\n+QMTRECV: 0,0,0,0,0,0\r\n\r\nOK\r\n');
  });

  it('unsubscribes: +QMTUNS and no more messages', async () => {
    const probe = await connected();
    await probe.command(`AT+QMTSUB=0,1,"${SET_TOPIC}",0`);
    await probe.waitFor('+QMTSUB: 0,1,0,1');
    await probe.command(`AT+QMTUNS=0,2,"${SET_TOPIC}"`);
    await probe.waitFor('\r\n+QMTUNS: 0,2,0\r\n');
    await hub.publish(SET_TOPIC, 'x');
    await new Promise((r) => setTimeout(r, 50));
    expect(probe.text).not.toContain('+QMTRECV');
  });
});

describe('losing the link', () => {
  it('a reboot drops MQTT state without a word; the hub sees the device leave', async () => {
    const probe = await connected();
    modules[0].reboot();
    await probe.waitFor('\r\nRDY\r\n');
    await probe.waitFor('+QIND: PB DONE\r\n');
    expect(await probe.command('AT+QMTCONN?')).toBe('AT+QMTCONN?\r\r\nOK\r\n'); // echo is back on
    expect(probe.text).not.toContain('+QMTSTAT');
    await until(() => !hub.devices().find((d) => d.deviceName === SEED.deviceName)?.online, 'the hub to see the device leave');
  });

  it('the hub going away gives +QMTSTAT: 0,1', async () => {
    const own = await LocalHub.start({ devices: [SEED] });
    const probe = await connected({ resolveBroker: offlineBroker(own.port) });
    await own.close();
    await probe.waitFor('\r\n+QMTSTAT: 0,1\r\n');
    expect(await probe.command('AT+QMTOPEN?')).toBe('\r\nOK\r\n');
  });

  it('a broker that stops answering PINGREQ gives +QMTPING: 0,1 and +QMTSTAT: 0,2', async () => {
    // A broker that accepts the login (CONNACK 0) and then goes silent.
    const silent = createServer((socket) => socket.once('data', () => socket.write(Uint8Array.of(0x20, 0x02, 0x00, 0x00))));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const probe = await boot({ resolveBroker: offlineBroker((silent.address() as AddressInfo).port) });
      await probe.command('AT+QMTCFG="keepalive",0,1');
      await probe.command('AT+QMTOPEN=0,"h",1883');
      await probe.waitFor('+QMTOPEN: 0,0');
      await probe.command('AT+QMTCONN=0,"c","u","p"');
      await probe.waitFor('+QMTCONN: 0,0,0');
      await probe.waitFor('\r\n+QMTPING: 0,1\r\n\r\n+QMTSTAT: 0,2\r\n', 5000);
    } finally {
      silent.close();
    }
  });

  it('suppressed URCs: the deferred result never arrives', async () => {
    const probe = await boot({ faults: { suppressUrcs: true } });
    await probe.command('ATE0');
    await probe.command('AT+QMTOPEN=0,"h",1883');
    await new Promise((r) => setTimeout(r, 100));
    expect(probe.rest).toBe('');
    expect(await probe.command('AT+QMTOPEN?')).toBe('\r\n+QMTOPEN: 0,"h",1883\r\n\r\nOK\r\n');
  });
});
