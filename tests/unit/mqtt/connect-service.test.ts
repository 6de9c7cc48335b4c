// The bring-up's judgement of each answer, on a scripted module and a manual clock: what a user sees
// when the SIM is missing, the network is still searching, the PDP context is already up, the
// broker cannot be reached, or they press Stop.
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRIPLET_FORM, type TripletForm } from '../../../shared/aliyun';
import { decodeDeferred, decodeFinal } from '../../../electron/at/error-codes';
import type { CommandOutcome, SendOptions } from '../../../electron/services/at-client';
import { ConnectService } from '../../../electron/mqtt/connect-service';
import type { BringupStep } from '../../../electron/mqtt/bringup';
import { ManualScheduler } from '../sim/manual-scheduler';

const SECRET = 'Zq81tQ2wE5yU7iO9pA3s';
const FORM: TripletForm = { ...DEFAULT_TRIPLET_FORM, productKey: 'a1wFylTxYeD', deviceName: 'co_0001', deviceSecret: SECRET, clientId: 'clientExample_0' };
const TOPICS = [{ topic: '/sys/a1wFylTxYeD/co_0001/thing/service/property/set', qos: 0 as const }, { topic: '/sys/a1wFylTxYeD/co_0001/thing/event/property/post_reply', qos: 0 as const }];

type Answer = { final: string; info?: string[]; urc?: string };

/** A module that answers as a healthy EC600S does, except where the test says otherwise. */
const HEALTHY: Record<string, Answer> = {
  AT: { final: 'OK' },
  'AT+CPIN?': { final: 'OK', info: ['+CPIN: READY'] },
  'AT+CEREG?': { final: 'OK', info: ['+CEREG: 0,1'] },
  'AT+QIACT?': { final: 'OK' },
  'AT+QMTCONN?': { final: 'OK' },
  'AT+QMTOPEN=': { final: 'OK', urc: '+QMTOPEN: 0,0' },
  'AT+QMTCONN=': { final: 'OK', urc: '+QMTCONN: 0,0,0' },
  'AT+QMTDISC=': { final: 'OK', urc: '+QMTDISC: 0,0' },
  'AT+QMTCLOSE=': { final: 'OK', urc: '+QMTCLOSE: 0,0' },
};

function harness(answers: Record<string, Answer | Answer[]> = {}) {
  const scheduler = new ManualScheduler();
  const sent: string[] = [];
  const script: Record<string, Answer | Answer[]> = { ...HEALTHY, ...answers };
  const answerFor = (text: string): Answer => {
    const key = Object.keys(script).filter((k) => text === k || (k.endsWith('=') && text.startsWith(k))).sort((a, b) => b.length - a.length)[0];
    const a = key ? script[key] : { final: 'OK' };
    return Array.isArray(a) ? (a.length > 1 ? a.shift()! : a[0]) : a;
  };
  const client = {
    async sendLine(text: string, opts: SendOptions = {}): Promise<CommandOutcome> {
      sent.push(text);
      if (opts.signal?.aborted) return { id: null, ok: false, result: 'STOPPED', latencyMs: 0, info: [], facts: [] };
      const a = answerFor(text);
      const base = { id: sent.length, latencyMs: 5, info: a.info ?? [], facts: [] };
      const finalError = decodeFinal(a.final, text);
      if (finalError || opts.waitFor !== 'result' || !a.urc) return { ...base, ok: !finalError, result: a.final, error: finalError };
      const fields = a.urc.slice(a.urc.indexOf(':') + 1).split(',').map(Number);
      const error = decodeDeferred(a.urc.slice(0, a.urc.indexOf(':')), fields.slice(1));
      return { ...base, ok: !error, result: a.urc, error };
    },
  };
  const pipeline = { pending: () => [], onFact: () => () => false };
  const service = new ConnectService({ client, pipeline, scheduler });
  const progress: BringupStep[][] = [];
  service.onProgress((s) => progress.push(s));
  return { service, scheduler, sent, progress };
}

/** Lets promise callbacks run, then moves the clock, until the run settles. */
async function settle<T>(run: Promise<T>, scheduler: ManualScheduler, stepMs = 1000): Promise<T> {
  let done = false;
  void run.then(() => (done = true));
  for (let i = 0; i < 1000 && !done; i++) {
    await new Promise((r) => setImmediate(r));
    if (!done) scheduler.advance(stepMs);
  }
  return run;
}

const stateOf = (steps: BringupStep[], id: string) => steps.find((s) => s.id === id)?.state;

describe('the bring-up script', () => {
  it('sends the expect-gated sequence of the brief, subscribing one topic at a time with increasing msgids', async () => {
    const { service, sent } = harness();
    const result = await service.connect(FORM, TOPICS);
    expect(result.ok).toBe(true);
    expect(sent.map((s) => s.replace(SECRET, '<secret>'))).toEqual([
      'AT', 'AT+CPIN?', 'AT+CEREG?', 'AT+QICSGP=1,1,"CMNET","","",1', 'AT+QIACT?', 'AT+QIACT=1', 'AT+QMTCONN?',
      'AT+QMTCFG="recv/mode",0,0,1', 'AT+QMTCFG="keepalive",0,300', 'AT+QMTCFG="aliauth",0,"a1wFylTxYeD","co_0001","<secret>"',
      'AT+QMTOPEN=0,"iot-as-mqtt.cn-shanghai.aliyuncs.com",1883', 'AT+QMTCONN=0,"clientExample_0"',
      'AT+QMTSUB=0,1,"/sys/a1wFylTxYeD/co_0001/thing/service/property/set",0', 'AT+QMTSUB=0,2,"/sys/a1wFylTxYeD/co_0001/thing/event/property/post_reply",0',
    ]);
    const again = await service.connect(FORM, TOPICS);
    expect(again.steps.filter((s) => s.id.startsWith('subscribe')).map((s) => s.command.split(',')[1])).toEqual(['3', '4']);
  });

  it('never shows the secret: not in commands, results or any progress event', async () => {
    const { service, progress } = harness();
    const result = await service.connect(FORM, TOPICS);
    expect(result.steps.find((s) => s.id === 'aliauth')?.command).toBe(`AT+QMTCFG="aliauth",0,"a1wFylTxYeD","co_0001","${'*'.repeat(SECRET.length - 3)}A3s"`);
    expect(JSON.stringify([result, progress]).includes(SECRET)).toBe(false);
    expect(progress[0].every((s) => s.state === 'pending')).toBe(true);
    expect(progress.at(-1)?.every((s) => s.state === 'ok' || s.state === 'skipped')).toBe(true);
  });

  it('stops at a missing SIM with the decoded reason and the step hint', async () => {
    const { service, sent } = harness({ 'AT+CPIN?': { final: '+CME ERROR: 10' } });
    const result = await service.connect(FORM, TOPICS);
    expect(result.failedStep).toBe('sim');
    const sim = result.steps.find((s) => s.id === 'sim')!;
    expect(sim).toMatchObject({ state: 'failed', result: '+CME ERROR: 10', error: { code: 'CME 10', meaning: { en: 'SIM not inserted' } } });
    expect(sim.hint?.zh).toContain('SIM');
    expect(sent).toEqual(['AT', 'AT+CPIN?']);
    expect(result.steps.slice(2).every((s) => s.state === 'pending')).toBe(true);
  });

  it('says what to do when the SIM asks for its PIN', async () => {
    const { service } = harness({ 'AT+CPIN?': { final: 'OK', info: ['+CPIN: SIM PIN'] } });
    const sim = (await service.connect(FORM, TOPICS)).steps.find((s) => s.id === 'sim')!;
    expect(sim.error?.code).toBe('CPIN SIM PIN');
    expect(sim.error?.remedy?.en).toContain('AT+CPIN="<PIN>"');
  });

  it('waits while the network is still searching (stat 2), then goes on', async () => {
    const { service, scheduler, sent } = harness({ 'AT+CEREG?': [{ final: 'OK', info: ['+CEREG: 0,2'] }, { final: 'OK', info: ['+CEREG: 0,2'] }, { final: 'OK', info: ['+CEREG: 0,5'] }] });
    const result = await settle(service.connect(FORM, TOPICS), scheduler);
    expect(result.ok).toBe(true);
    expect(sent.filter((s) => s === 'AT+CEREG?')).toHaveLength(3);
    expect(result.steps.find((s) => s.id === 'network')?.result).toBe('+CEREG: 0,5');
  });

  it('gives up on registration after a minute of searching, and at once when it is denied', async () => {
    const searching = harness({ 'AT+CEREG?': { final: 'OK', info: ['+CEREG: 0,2'] } });
    const result = await settle(searching.service.connect(FORM, TOPICS), searching.scheduler);
    expect(result.failedStep).toBe('network');
    expect(result.steps.find((s) => s.id === 'network')?.error).toMatchObject({ code: 'CEREG 2', remedy: { en: expect.stringMatching(/antenna/) } });
    expect(searching.scheduler.now()).toBeLessThanOrEqual(62_000);

    const denied = harness({ 'AT+CEREG?': { final: 'OK', info: ['+CEREG: 0,3'] } });
    const deniedResult = await denied.service.connect(FORM, TOPICS);
    expect(deniedResult.steps.find((s) => s.id === 'network')?.error?.meaning.en).toMatch(/denied/);
    expect(denied.sent.filter((s) => s === 'AT+CEREG?')).toHaveLength(1);
  });

  it('does not activate an already active context (Q11)', async () => {
    const { service, sent } = harness({ 'AT+QIACT?': { final: 'OK', info: ['+QIACT: 1,1,1,"10.189.73.246"'] } });
    const result = await service.connect(FORM, TOPICS);
    expect(stateOf(result.steps, 'pdp-activate')).toBe('skipped');
    expect(result.steps.find((s) => s.id === 'pdp-check')?.result).toBe('+QIACT: 1,1,1,"10.189.73.246"');
    expect(sent).not.toContain('AT+QIACT=1');
  });

  it('closes a client that is only open, and disconnects a connected one, before configuring it', async () => {
    const open = harness({ 'AT+QMTCONN?': { final: 'OK', info: ['+QMTCONN: 0,1'] } });
    const r1 = await open.service.connect(FORM, TOPICS);
    expect([stateOf(r1.steps, 'client-disconnect'), stateOf(r1.steps, 'client-close')]).toEqual(['skipped', 'ok']);
    const connected = harness({ 'AT+QMTCONN?': { final: 'OK', info: ['+QMTCONN: 1,1', '+QMTCONN: 0,3'] } });
    const r2 = await connected.service.connect(FORM, TOPICS);
    expect([stateOf(r2.steps, 'client-disconnect'), stateOf(r2.steps, 'client-close')]).toEqual(['ok', 'skipped']);
    // Another client's state does not count.
    const other = harness({ 'AT+QMTCONN?': { final: 'OK', info: ['+QMTCONN: 1,3'] } });
    expect((await other.service.connect(FORM, TOPICS)).steps.filter((s) => s.id.startsWith('client-') && s.state === 'skipped')).toHaveLength(2);
  });

  it('stops at QMTOPEN with the PDP hint when the module reports result 3', async () => {
    const { service } = harness({ 'AT+QMTOPEN=': { final: 'OK', urc: '+QMTOPEN: 0,3' } });
    const result = await service.connect(FORM, TOPICS);
    const open = result.steps.find((s) => s.id === 'open')!;
    expect(result.failedStep).toBe('open');
    expect(open.error?.code).toBe('QMTOPEN 3');
    expect(open.error?.remedy?.en).toMatch(/AT\+QIACT/);
  });

  it('refuses an invalid form before sending anything, naming the fields', async () => {
    const { service, sent } = harness();
    const result = await service.connect({ ...FORM, keepaliveS: 10, deviceName: 'x' }, TOPICS);
    expect(result.refused?.code).toBe('INVALID_FORM');
    expect(result.refused?.fields?.map((f) => f.field)).toEqual(['deviceName', 'keepaliveS']);
    expect(sent).toEqual([]);
  });

  it('stops when asked, and refuses a second run while one is going', async () => {
    const { service, scheduler } = harness({ 'AT+CEREG?': { final: 'OK', info: ['+CEREG: 0,2'] } });
    const running = service.connect(FORM, TOPICS);
    await new Promise((r) => setImmediate(r));
    expect((await service.connect(FORM, TOPICS)).refused?.code).toBe('BUSY');
    service.cancel();
    const result = await settle(running, scheduler);
    expect(result.failedStep).toBe('network');
    expect(result.steps.find((s) => s.id === 'network')?.error?.code).toBe('STOPPED');
    expect(service.busy).toBe(false);
  });

  it('disconnects: DISC for a connected client, nothing for a closed one', async () => {
    const connected = harness({ 'AT+QMTCONN?': { final: 'OK', info: ['+QMTCONN: 0,3'] } });
    const r = await connected.service.disconnect(0);
    expect(r.ok).toBe(true);
    expect(connected.sent).toEqual(['AT+QMTCONN?', 'AT+QMTDISC=0']);
    const closed = harness();
    expect((await closed.service.disconnect(0)).steps.map((s) => s.state)).toEqual(['ok', 'skipped', 'skipped']);
  });
});
