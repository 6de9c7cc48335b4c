// The MQTT workspace over the real path: ConnectService, PublishService and AutoReply drive the
// virtual EC600S (in-process link, fast timing) through the live AtClient and session pipeline, and
// the module talks MQTT to the real local hub (aedes on 127.0.0.1) as the seed device.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { alinkTopics, DEFAULT_TRIPLET_FORM, type TopicQos, type TripletForm } from '../../shared/aliyun';
import type { AlinkFact, Fact } from '../../shared/facts';
import { createVirtualLink } from '../../electron/link/virtual-link';
import type { Link } from '../../electron/link/types';
import { systemScheduler } from '../../electron/platform/system-scheduler';
import { AtClient } from '../../electron/services/at-client';
import { SessionPipeline } from '../../electron/session/pipeline';
import { SecretMasker } from '../../electron/session/secret-mask';
import { LocalHub, type DeviceMessage } from '../../electron/sim/hub';
import { VirtualModule, offlineBroker } from '../../electron/sim/virtual-module';
import { SessionSecretStore } from '../../electron/secrets/secret-store';
import type { BringupStep } from '../../electron/mqtt/bringup';
import { MqttWorkspace } from '../../electron/mqtt/mqtt-workspace';
import { parseQcomIni } from '../../electron/presets/qcom-ini';
import { extractMqttSetup } from '../../electron/presets/extract';
import { readFixture } from '../support/fixtures';

const SEED = { productKey: 'a1wFylTxYeD', deviceName: 'co_0001', deviceSecret: '7ab0c4b3532b5783df5fdc58a2895d7a' };
const FORM: TripletForm = { ...DEFAULT_TRIPLET_FORM, ...SEED, clientId: 'clientExample_0' };
const TOPICS = alinkTopics(SEED);
const topic = (key: string) => TOPICS.find((t) => t.key === key)!.topic;
const SUBSCRIBE: TopicQos[] = [{ topic: topic('property-set'), qos: 0 }, { topic: topic('property-post-reply'), qos: 0 }];

let hub: LocalHub;
const received: DeviceMessage[] = [];
let link: Link;
let pipeline: SessionPipeline;
let workspace: MqttWorkspace;
/** Everything that could carry the secret to a user: facts, progress events, results, auto-reply events. */
let facts: Fact[];
let collected: unknown[];

async function until<T>(what: string, check: () => T | undefined | null | false, ms = 3000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 3));
  }
}

beforeAll(async () => {
  hub = await LocalHub.start({ port: 0, devices: [SEED] });
  hub.onDeviceMessage((m) => received.push(m));
});
afterAll(() => hub.close());

beforeEach(async () => {
  received.length = 0;
  facts = [];
  collected = [];
  pipeline = new SessionPipeline({ clock: systemScheduler, masker: new SecretMasker() });
  pipeline.onFact((f) => facts.push(f));
  link = createVirtualLink(new VirtualModule({ timing: 'fast', bootDelayMs: 5, resolveBroker: offlineBroker(hub.port) }));
  const client = new AtClient({ link, pipeline, scheduler: systemScheduler });
  workspace = new MqttWorkspace({ client, pipeline, scheduler: systemScheduler, secrets: new SessionSecretStore() });
  workspace.connection.onProgress((steps) => collected.push(steps));
  workspace.autoReply.onEvent((e) => collected.push(e));
  await until('the module to boot', () => facts.some((f) => f.kind === 'at.urc' && f.text === '+QIND: PB DONE'));
});

afterEach(async () => {
  workspace.dispose();
  await link.close();
  // Nothing a user could see, copy or export carries the DeviceSecret in clear.
  // A boolean, so a failure does not print the secret either.
  expect(JSON.stringify([facts, collected, pipeline.snapshot()]).includes(SEED.deviceSecret), 'DeviceSecret found in clear').toBe(false);
});

async function connect(form = FORM) {
  const result = await workspace.connect(form, SUBSCRIBE);
  collected.push(result);
  return result;
}

const alinkFacts = () => facts.filter((f): f is AlinkFact => f.kind === 'alink');

describe('one-click connect', () => {
  it('passes every step and the session model shows the client connected and subscribed', async () => {
    const result = await connect();
    expect(result.failedStep).toBeNull();
    expect(result.steps.map((s) => [s.id, s.state])).toEqual([
      ['at', 'ok'], ['sim', 'ok'], ['network', 'ok'], ['apn', 'ok'], ['pdp-check', 'ok'], ['pdp-activate', 'ok'],
      ['client-check', 'ok'], ['client-disconnect', 'skipped'], ['client-close', 'skipped'],
      ['recv-mode', 'ok'], ['keepalive', 'ok'], ['aliauth', 'ok'], ['open', 'ok'], ['connect', 'ok'], ['subscribe:0', 'ok'], ['subscribe:1', 'ok'],
    ]);
    expect(result.steps.find((s) => s.id === 'connect')?.result).toBe('+QMTCONN: 0,0,0');
    expect(result.steps.find((s) => s.id === 'aliauth')?.command).toBe('AT+QMTCFG="aliauth",0,"a1wFylTxYeD","co_0001","*****************************d7a"');
    const client = pipeline.snapshot().clients.find((c) => c.index === 0)!;
    expect(client.state).toBe('connected');
    expect(client.aliauth).toEqual({ productKey: SEED.productKey, deviceName: SEED.deviceName, secretSet: true });
    expect(client.subscriptions.map((s) => [s.topic, s.state, s.grantedQos])).toEqual(SUBSCRIBE.map((t) => [t.topic, 'subscribed', 1]));
    expect(hub.devices()).toContainEqual({ productKey: SEED.productKey, deviceName: SEED.deviceName, online: true });
    // Progress went pending → running → ok for every step it ran.
    const lastProgress = collected.filter(Array.isArray).at(-1) as BringupStep[];
    expect(lastProgress.every((s) => s.state === 'ok' || s.state === 'skipped')).toBe(true);
  });

  it('skips AT+QIACT=1 when the context is already active (Q11), and connecting again releases the client first', async () => {
    await connect();
    const again = await workspace.connection.reconnect();
    expect(again.failedStep).toBeNull();
    const state = (id: string) => again.steps.find((s) => s.id === id)?.state;
    expect(state('pdp-activate')).toBe('skipped');
    expect(state('client-disconnect')).toBe('ok');
    expect(pipeline.snapshot().clients[0].state).toBe('connected');
  });

  it('stops at the login with CONNACK 4 decoded when the DeviceSecret is wrong', async () => {
    const result = await connect({ ...FORM, deviceSecret: '00000000000000000000000000000000' });
    expect(result.failedStep).toBe('connect');
    const step = result.steps.find((s) => s.id === 'connect')!;
    expect(step.state).toBe('failed');
    expect(step.result).toBe('+QMTCONN: 0,0,4');
    expect(step.error?.code).toBe('CONNACK 4');
    expect(step.error?.remedy?.en).toMatch(/triplet/);
    expect(step.hint?.zh).toContain('三元组');
    expect(result.steps.filter((s) => s.id.startsWith('subscribe')).map((s) => s.state)).toEqual(['pending', 'pending']);
    expect(pipeline.snapshot().clients[0].state).not.toBe('connected');
  });

  it('connects in one click from the imported seed script, the renderer holding no secret', async () => {
    const imported = await workspace.importSetup(extractMqttSetup(parseQcomIni(readFixture('qcom-ini', 'ma_MQTT.ini'))));
    collected.push(imported);
    expect(imported.form).toMatchObject({ productKey: SEED.productKey, deviceName: SEED.deviceName, deviceSecret: '', secretSet: true, clientId: 'clientExample_0' });
    expect(imported.secret).toMatchObject({ persisted: false, reason: { zh: expect.stringContaining('本次运行') } });
    const { secretSet: _, ...form } = imported.form;
    const preview = await workspace.previewSigning(form);
    collected.push(preview);
    expect(preview).toMatchObject({ ok: true, preview: { username: 'co_0001&a1wFylTxYeD', revealed: false } });
    const result = await workspace.connect(form, imported.topics.slice(0, 1));
    collected.push(result);
    expect(result.failedStep).toBeNull();
    expect(pipeline.snapshot().clients[0].subscriptions.map((s) => s.topic)).toEqual([imported.topics[0].topic]);
  });

  it('asks for the secret when none is kept for the device', async () => {
    const result = await workspace.connect({ ...FORM, deviceSecret: '', deviceName: 'co_0002' }, SUBSCRIBE);
    expect(result.refused?.fields?.map((f) => f.field)).toEqual(['deviceSecret']);
    expect(facts.filter((f) => f.kind === 'at.command')).toEqual([]);
  });

  it('disconnects with AT+QMTDISC and the session model follows', async () => {
    await connect();
    const result = await workspace.connection.disconnect(0);
    expect(result.steps.map((s) => s.state)).toEqual(['ok', 'ok', 'skipped']);
    expect(pipeline.snapshot().clients[0].state).toBe('closed');
    await until('the hub to see the device leave', () => hub.devices().some((d) => d.deviceName === SEED.deviceName && !d.online));
  });
});

describe('once connected', () => {
  beforeEach(async () => {
    expect((await connect()).failedStep).toBeNull();
  });

  it('shows a property set from the cloud in the property table', async () => {
    await hub.setProperty(SEED.productKey, SEED.deviceName, { PowerSwitch_1: 1 });
    const prop = await until('the property table', () => pipeline.snapshot().properties.find((p) => p.name === 'PowerSwitch_1'));
    expect(prop).toMatchObject({ value: 1, desired: 1, direction: 'down' });
  });

  it('publishes a property post that reaches the hub, and pairs its post_reply', async () => {
    const result = await workspace.publisher.publishDraft({ client: 0, device: SEED, qos: 0, draft: { kind: 'property-post', params: '{"PowerSwitch_1":0,"Temperature":23.0}' } });
    collected.push(result);
    expect(result).toMatchObject({ ok: true, result: '+QMTPUBEX: 0,0,0' });
    const alinkId = 'alinkId' in result ? result.alinkId : undefined;
    const atHub = await until('the hub to get the post', () => received.find((m) => m.topic === topic('property-post')));
    expect(JSON.parse(atHub.payload)).toEqual({ id: alinkId, version: '1.0', params: { PowerSwitch_1: 0, Temperature: 23 }, method: 'thing.event.property.post' });
    expect(atHub.payload).toContain('"Temperature":23.0'); // the float keeps its decimal point
    const reply = await until('the paired post_reply', () => alinkFacts().find((f) => f.topic === topic('property-post-reply') && f.id === alinkId));
    expect(reply.direction).toBe('down');
    expect(reply.code).toBe(200);
    expect(reply.pairedLatencyMs).not.toBeNull();
  });

  it('auto-reply answers a property set with set_reply and reports the new values', async () => {
    workspace.autoReply.configure({ enabled: true, postNewValues: true });
    const id = await hub.setProperty(SEED.productKey, SEED.deviceName, { PowerSwitch_1: 1 });
    const reply = await until('set_reply at the hub', () => received.find((m) => m.topic === topic('property-set-reply')));
    expect(JSON.parse(reply.payload)).toEqual({ code: 200, data: {}, id, message: 'success', version: '1.0' });
    const post = await until('the post of the new value', () => received.find((m) => m.topic === topic('property-post')));
    expect(JSON.parse(post.payload).params).toEqual({ PowerSwitch_1: 1 });
    // One set, one reply: nothing it sent made it answer again.
    await new Promise((r) => setTimeout(r, 50));
    expect(received.filter((m) => m.topic === topic('property-set-reply'))).toHaveLength(1);
  });

  it('auto-reply ignores a property set the device itself published (its own echo)', async () => {
    workspace.autoReply.configure({ enabled: true });
    const own = '{"method":"thing.service.property.set","id":"777","params":{"PowerSwitch_1":0},"version":"1.0"}';
    expect(await workspace.publisher.publish({ client: 0, topic: topic('property-set'), qos: 0, payload: own })).toMatchObject({ ok: true });
    await until('the echo of our own set', () => alinkFacts().some((f) => f.direction === 'down' && f.id === '777'));
    const id = await hub.setProperty(SEED.productKey, SEED.deviceName, { PowerSwitch_1: 1 });
    await until('set_reply at the hub', () => received.some((m) => m.topic === topic('property-set-reply')));
    await new Promise((r) => setTimeout(r, 50));
    expect(received.filter((m) => m.topic === topic('property-set-reply')).map((m) => JSON.parse(m.payload).id)).toEqual([id]);
  });

  it('auto-replies and a running repeat share the module without mixing their payloads', async () => {
    workspace.autoReply.configure({ enabled: true, postNewValues: true });
    const done = new Promise<void>((resolve) => workspace.publisher.onRepeat((s) => !s.running && resolve()));
    workspace.publisher.startRepeat({ client: 0, device: SEED, qos: 1, draft: { kind: 'custom', topic: `/${SEED.productKey}/${SEED.deviceName}/user/update`, payload: 'x'.repeat(600) } }, { intervalMs: 100, count: 4 });
    const ids = await Promise.all([1, 2, 3].map((n) => hub.setProperty(SEED.productKey, SEED.deviceName, { PowerSwitch_1: n % 2 })));
    await done;
    await until('three set_replies', () => received.filter((m) => m.topic === topic('property-set-reply')).length === 3);
    expect(workspace.publisher.repeatState()).toMatchObject({ sent: 4, endedBy: 'done' });
    expect(received.filter((m) => m.topic.endsWith('/user/update')).map((m) => m.payload)).toEqual(Array(4).fill('x'.repeat(600)));
    expect(received.filter((m) => m.topic === topic('property-set-reply')).map((m) => JSON.parse(m.payload).id).sort()).toEqual([...ids].sort());
    await until('three posts', () => received.filter((m) => m.topic === topic('property-post')).length === 3);
    for (const m of received.filter((r) => r.topic.startsWith('/sys/'))) expect(() => JSON.parse(m.payload), m.topic).not.toThrow();
  });

  it('auto-reply stays quiet when switched off', async () => {
    workspace.autoReply.configure({ enabled: false });
    await hub.setProperty(SEED.productKey, SEED.deviceName, { PowerSwitch_1: 0 });
    await until('the set to arrive', () => alinkFacts().some((f) => f.method === 'thing.service.property.set'));
    await new Promise((r) => setTimeout(r, 50));
    expect(received.filter((m) => m.topic === topic('property-set-reply'))).toHaveLength(0);
  });

  it('subscribes and unsubscribes one more topic through the same lane, and the session model follows', async () => {
    const get = topic('user-get');
    const sub = await workspace.subscribe(0, [{ topic: get, qos: 0 }]);
    expect(sub).toMatchObject({ ok: true, msgId: 3, result: '+QMTSUB: 0,3,0,1' });
    expect(pipeline.snapshot().clients[0].subscriptions.find((s) => s.topic === get)?.state).toBe('subscribed');
    expect(await workspace.unsubscribe(0, [get])).toMatchObject({ ok: true, msgId: 4, result: '+QMTUNS: 0,4,0' });
    expect(pipeline.snapshot().clients[0].subscriptions.some((s) => s.topic === get)).toBe(false);
    const refused = await workspace.subscribe(0, [{ topic: '/sys/someone/else/thing/service/property/set', qos: 0 }]);
    expect(refused.ok).toBe(false);
    expect(refused.error?.code).toBe('SUBACK 128');
  });

  it('repeats a publish with a fresh id each time, then stops', async () => {
    const done = new Promise<void>((resolve) => workspace.publisher.onRepeat((s) => s.endedBy === 'done' && resolve()));
    const started = workspace.publisher.startRepeat({ client: 0, device: SEED, qos: 1, draft: { kind: 'property-post', params: { n: 1 } } }, { intervalMs: 100, count: 3 });
    expect(started).toMatchObject({ running: true });
    await done;
    const posts = received.filter((m) => m.topic === topic('property-post')).map((m) => JSON.parse(m.payload).id);
    expect(posts).toHaveLength(3);
    expect(new Set(posts).size).toBe(3);
  });
});
