// The seed flow over the real path: the rows of the seed's QCOM script (ma_MQTT.ini) written by
// serialport to one end of a socat pty pair, the virtual EC600S on the other end, the local hub on
// 127.0.0.1 behind it. No fakes in between.
import { readFileSync } from 'node:fs';
import { SerialPort } from 'serialport';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LocalHub, type DeviceMessage } from '../../electron/sim/hub';
import { SEED_DEVICE } from '../../electron/sim/device-spec';
import { attachModuleToPort, type PortAttachment } from '../../electron/sim/pty-attach';
import { createPtyPair, type PtyPair } from '../../electron/sim/pty-pair';
import { VirtualModule } from '../../electron/sim/virtual-module';
import { WireProbe } from '../unit/sim/wire-probe';

const INI = '/work/shared/fixtures/qcom-ini/ma_MQTT.ini';
const POST_TOPIC = '/sys/a1wFylTxYeD/co_0001/thing/event/property/post';
const SET_TOPIC = '/sys/a1wFylTxYeD/co_0001/thing/service/property/set';

/** Rows of a QCOM script: [n] → { CMD, Enter }. */
function iniRows(path: string): Map<number, { cmd: string; enter: boolean }> {
  const rows = new Map<number, { cmd: string; enter: boolean }>();
  for (const section of readFileSync(path, 'utf8').split(/^\[/m)) {
    const n = Number(/^(\d+)\]/.exec(section)?.[1]);
    if (!n) continue;
    rows.set(n, { cmd: /^CMD=(.*)$/m.exec(section)![1], enter: /^Enter=1$/m.test(section) });
  }
  return rows;
}

let pair: PtyPair;
let hub: LocalHub;
let hubPort = 0;
let module: VirtualModule;
let attachment: PortAttachment;
let host: SerialPort;
let probe: WireProbe;
const atHub: DeviceMessage[] = [];

beforeAll(async () => {
  pair = await createPtyPair();
  hub = await LocalHub.start({ devices: [SEED_DEVICE] });
  hub.onDeviceMessage((m) => atHub.push(m));
  hubPort = hub.port;
  module = new VirtualModule({ timing: 'fast', resolveBroker: () => ({ host: '127.0.0.1', port: hubPort }) });
  attachment = await attachModuleToPort(module, pair.modulePath);
  host = new SerialPort({ path: pair.hostPath, baudRate: 115200, autoOpen: false });
  await new Promise<void>((resolve, reject) => host.open((err) => (err ? reject(err) : resolve())));
  probe = new WireProbe((bytes) => host.write(Buffer.from(bytes)));
  host.on('data', probe.feed);
});

afterAll(async () => {
  if (host?.isOpen) await new Promise<void>((resolve) => host.close(() => resolve()));
  await attachment?.close();
  await module?.close();
  await pair?.close();
  await hub?.close();
});

it('runs the seed script: open, connect, subscribe, publish, post_reply and property set', async () => {
  const rows = iniRows(INI);
  const answers = new Map<number, string>();
  for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 15, 16, 18, 19, 20, 21, 23, 25]) {
    const row = rows.get(n)!;
    expect(row.enter).toBe(true);
    answers.set(n, await probe.command(row.cmd));
    if (n === 18) await probe.waitFor('\r\n+QMTOPEN: 0,0\r\n');
    if (n === 20) await probe.waitFor('\r\n+QMTCONN: 0,0,0\r\n');
    if (n === 23 || n === 25) await probe.waitFor('\r\n+QMTSUB: 0,1,0,1\r\n'); // QoS 0 asked, 1 granted
  }
  expect(answers.get(1)).toMatch(/AT\r\r\nOK\r\n$/); // the boot URCs may come first
  expect(answers.get(6)).toBe('AT+QICSGP=1\r\r\n+QICSGP: 1,"CMNET","","",1\r\n\r\nOK\r\n');
  expect(answers.get(12)).toContain('+QIACT: 1,1,1,"10.189.73.246"');
  expect(answers.get(21)).toBe('AT+QMTCONN?\r\r\n+QMTCONN: 0,3\r\n\r\nOK\r\n');

  await probe.command(`AT+QMTSUB=0,3,"${POST_TOPIC}_reply",0`);
  await probe.waitFor('\r\n+QMTSUB: 0,3,0,1\r\n');

  // Row 27 opens the prompt; row 28 is the 103-byte payload, sent without Enter.
  const payload = rows.get(28)!;
  expect(payload.enter).toBe(false);
  probe.send(`${rows.get(27)!.cmd}\r`);
  await probe.waitFor('103\r\r\n> ');
  probe.send(payload.cmd);
  await probe.waitFor(`${payload.cmd}\r\nOK\r\n\r\n+QMTPUBEX: 0,0,0\r\n`);
  const posted = await probe.waitFor(/\r\n\+QMTRECV: 0,0,"([^"]+)",(\d+),"(.*)"\r\n/);
  expect(posted[1]).toBe(POST_TOPIC); // the seed subscribed to its own post topic
  expect(posted[3]).toBe(payload.cmd);
  const reply = await probe.waitFor(/\r\n\+QMTRECV: 0,0,"([^"]+)",(\d+),"(.*)"\r\n/);
  expect(reply[1]).toBe(`${POST_TOPIC}_reply`);
  expect(JSON.parse(reply[3])).toMatchObject({ code: 200, id: '1142523359', method: 'thing.event.property.post' });
  expect(atHub.map((m) => m.payload)).toContain(payload.cmd);

  const id = await hub.setProperty('a1wFylTxYeD', 'co_0001', { 开关: 1 });
  const set = await probe.waitFor(/\r\n\+QMTRECV: 0,0,"([^"]+)",(\d+),"(.*)"\r\n/);
  const expected = `{"method":"thing.service.property.set","id":"${id}","params":{"开关":1},"version":"1.0.0"}`;
  expect(set[1]).toBe(SET_TOPIC);
  expect(set[3]).toBe(expected);
  expect(Number(set[2])).toBe(Buffer.byteLength(expected, 'utf8'));
});

it('reports the hub going away as +QMTSTAT: 0,1', async () => {
  await hub.close();
  await probe.waitFor('\r\n+QMTSTAT: 0,1\r\n');
});

it('is refused with +QMTCONN: 0,0,4 for a wrong DeviceSecret', async () => {
  hub = await LocalHub.start({ devices: [SEED_DEVICE] });
  hubPort = hub.port;
  await probe.command('AT+QMTCFG="aliauth",0,"a1wFylTxYeD","co_0001","00000000000000000000000000000000"');
  await probe.command('AT+QMTOPEN=0,"iot-as-mqtt.cn-shanghai.aliyuncs.com",1883');
  await probe.waitFor('\r\n+QMTOPEN: 0,0\r\n');
  await probe.command('AT+QMTCONN=0,"clientExample_0"');
  await probe.waitFor('\r\n+QMTCONN: 0,0,4\r\n');
});
