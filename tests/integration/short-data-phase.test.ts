// reliability-checklist B14 over the real path: the workbench (as the UI drives it) talks to the
// virtual EC600S, whose MQTT side publishes to the real local hub. The host leaves a data phase
// short; the module keeps waiting (quectel-at.md Q3). The user is told what is owed, a typed command
// is held back instead of becoming payload, and completing (pad) or cancelling (ESC) brings the
// module back: the padded message reaches the broker, and `AT` answers OK again.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VIRTUAL_PORT, Workbench } from '../../electron/services/workbench';
import { createVirtualLink } from '../../electron/link/virtual-link';
import { VirtualModule, offlineBroker } from '../../electron/sim/virtual-module';
import { LocalHub, type DeviceMessage } from '../../electron/sim/hub';
import { systemScheduler } from '../../electron/platform/system-scheduler';
import { SecretMasker } from '../../electron/session/secret-mask';
import { DEFAULT_SERIAL } from '../../electron/link/types';
import { DATA_IDLE_MS } from '../../electron/at/engine';
import type { Fact } from '../../shared/facts';
import type { Notice, StreamBatch } from '../../shared/contract';

const SEED = { productKey: 'a1wFylTxYeD', deviceName: 'co_0001', deviceSecret: '7ab0c4b3532b5783df5fdc58a2895d7a' };
const POST_TOPIC = `/sys/${SEED.productKey}/${SEED.deviceName}/thing/event/property/post`;

let hub: LocalHub;
const messages: DeviceMessage[] = [];
let wb: Workbench | null = null;
let batches: StreamBatch[] = [];

beforeAll(async () => {
  hub = await LocalHub.start({ port: 0, devices: [SEED] });
  hub.onDeviceMessage((m) => messages.push(m));
});
afterAll(() => hub.close());
afterEach(async () => {
  await wb?.dispose();
  wb = null;
  messages.length = 0;
  batches = [];
});

async function until<T>(what: string, check: () => T | undefined | null | false, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const notices = (): Notice[] => batches.flatMap((b) => b.notices);
const facts = (): Fact[] => batches.flatMap((b) => b.facts);
const dataNotices = () => notices().map((n) => n.code).filter((c) => c.startsWith('data.'));
const finalOf = (command: string) => facts().find((f) => f.kind === 'at.final' && f.command === command);

/** Types a command as the user would (CR: Q7, no LF that could leak into a data phase) and waits for its final. */
async function command(bench: Workbench, text: string, deferredUrc?: string): Promise<void> {
  const before = facts().length;
  await bench.send(text, false, 'cr');
  const final = await until(`the answer to ${text}`, () => facts().slice(before).find((f) => f.kind === 'at.final'));
  expect(final, text).toMatchObject({ ok: true });
  if (deferredUrc) await until(deferredUrc, () => facts().slice(before).find((f) => f.kind === 'at.result' && f.urc === deferredUrc));
}

async function openBench(): Promise<Workbench> {
  const bench = new Workbench({
    scheduler: systemScheduler,
    masker: new SecretMasker(),
    listPorts: async () => [],
    openLink: async () => createVirtualLink(new VirtualModule({ timing: 'fast', bootDelayMs: 5, resolveBroker: offlineBroker(hub.port) })),
  });
  wb = bench;
  bench.onBatch((b) => batches.push(b));
  await bench.openLink({ ...DEFAULT_SERIAL, path: VIRTUAL_PORT });
  await until('the module to boot', () => facts().some((f) => f.kind === 'at.urc' && f.text === '+QIND: PB DONE'));
  return bench;
}

describe('a data phase the host leaves short (B14)', () => {
  it('says how many payload bytes the module still waits for, holds back a typed command, and pads the rest: the padded message is published and AT answers again', async () => {
    const bench = await openBench();
    await command(bench, `AT+QMTCFG="aliauth",0,"${SEED.productKey}","${SEED.deviceName}","${SEED.deviceSecret}"`);
    await command(bench, 'AT+QMTOPEN=0,"iot-as-mqtt.cn-shanghai.aliyuncs.com",1883', '+QMTOPEN: 0,0');
    await command(bench, 'AT+QMTCONN=0,"clientExample_0"', '+QMTCONN: 0,0,0');

    const pub = `AT+QMTPUBEX=0,0,0,0,"${POST_TOPIC}",20`;
    await bench.send(pub, false, 'cr');
    await until('the prompt', () => facts().some((f) => f.kind === 'at.prompt'));
    // QCOM's way: the payload typed after the prompt goes through — but it is 10 bytes short.
    await bench.send('{"id":"1"}', false, 'none');
    const short = await until('the short-payload notice', () => notices().find((n) => n.code === 'data.short'), DATA_IDLE_MS + 3000);
    expect(short).toMatchObject({ level: 'warn', count: 10, subject: pub });

    // A command typed now would be swallowed as payload: refused, nothing sent.
    const tx = bench.snapshot().link.txBytes;
    await expect(bench.send('AT', false, 'cr')).rejects.toMatchObject({ code: 'DATA_PHASE', message: expect.stringContaining('10 bytes of the payload') });
    expect(bench.snapshot().link.txBytes).toBe(tx);

    // Complete it: 10 spaces; the module publishes and answers, then AT → OK.
    await expect(bench.finishDataPhase('pad')).resolves.toEqual({ result: 'OK', probe: 'OK' });
    const published = await until('the publish at the broker', () => messages.find((m) => m.topic === POST_TOPIC));
    expect(published.payload).toBe('{"id":"1"}          ');
    await until('the recovery notice', () => dataNotices().length >= 3);
    expect(dataNotices()).toEqual(['data.short', 'data.completed', 'data.recovered']);
    expect(finalOf('AT')).toMatchObject({ ok: true, result: 'OK' });
  }, 30_000);

  it('closing the port under a short data phase ends its warning', async () => {
    const bench = await openBench();
    await bench.send('AT+QMTCFG="willex",0,1,0,0,"/a/will",6', false, 'cr');
    await until('the prompt', () => facts().some((f) => f.kind === 'at.prompt'));
    await until('the short-payload notice', () => notices().find((n) => n.code === 'data.short'), DATA_IDLE_MS + 3000);
    await bench.closeLink();
    // The banner shows while the last data.* notice is data.short: this one takes it down.
    await until('the end of the warning', () => dataNotices().at(-1) === 'data.abandoned');
  }, 20_000);

  it('a typed line the user confirms goes as payload', async () => {
    const bench = await openBench();
    await bench.send('AT+QMTCFG="willex",0,1,0,0,"/a/will",6', false, 'cr');
    await until('the prompt', () => facts().some((f) => f.kind === 'at.prompt'));
    await expect(bench.send('ATI', false, 'cr')).rejects.toMatchObject({ code: 'DATA_PHASE' });
    await bench.send('ATI', false, 'none', { asPayload: true });
    await bench.send('abc', false, 'none');
    await until('the willex answer', () => facts().find((f) => f.kind === 'at.final' && f.command.startsWith('AT+QMTCFG="willex"') && f.ok));
    expect(facts().find((f) => f.kind === 'at.data')).toMatchObject({ accepted: 'ATIabc', declaredLength: 6 });
    expect(notices().some((n) => n.code === 'data.short')).toBe(false);
  });

  it('cancels a variable-length send with ESC: nothing is sent, the module answers OK and then AT', async () => {
    const bench = await openBench();
    await command(bench, 'AT+CMGF=1');
    await bench.send('AT+CMGS="10086"', false, 'cr');
    await until('the prompt', () => facts().some((f) => f.kind === 'at.prompt'));
    await bench.send('hello', false, 'none');
    const open = await until('the waiting-for-data notice', () => notices().find((n) => n.code === 'data.open'), DATA_IDLE_MS + 3000);
    expect(open.count).toBeUndefined();
    await expect(bench.finishDataPhase('pad')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(bench.finishDataPhase('cancel')).resolves.toEqual({ result: 'OK', probe: 'OK' });
    expect(facts().some((f) => f.kind === 'at.final' && f.info.some((l) => l.startsWith('+CMGS')))).toBe(false);
    await until('the recovery notice', () => dataNotices().length >= 3);
    expect(dataNotices()).toEqual(['data.open', 'data.cancelled', 'data.recovered']);
  }, 20_000);
});
