// AT-level reliability as the app shows it (reliability-checklist B13, B14, B15): on the workbench
// with the virtual module and a driven clock, what the terminal's result notes tell the user; in the
// real renderer (headless Chromium on the browser host), the queued label and the data-phase banner.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VIRTUAL_PORT, Workbench } from '../../electron/services/workbench';
import { createVirtualLink } from '../../electron/link/virtual-link';
import { VirtualModule } from '../../electron/sim/virtual-module';
import { SecretMasker } from '../../electron/session/secret-mask';
import { DEFAULT_SERIAL } from '../../electron/link/types';
import { ManualScheduler } from '../unit/sim/manual-scheduler';
import { DIR_NOTE, LogStore } from '../../shared/log-store';
import { decodeNote, type ResultNote } from '../../shared/log-note';
import type { StreamBatch } from '../../shared/contract';
import type { FaultKnobs } from '../../electron/sim/faults';
import { createHandlers, typedPathsOnly } from '../../electron/ipc/handlers';
import { systemScheduler } from '../../electron/platform/system-scheduler';
import { DATA_IDLE_MS } from '../../electron/at/engine';
import { openInProcess, screenshot } from './harness';

let wb: Workbench | null = null;

afterEach(async () => {
  await wb?.dispose();
  wb = null;
});

async function start(faults: Partial<FaultKnobs>) {
  const clock = new ManualScheduler();
  const batches: StreamBatch[] = [];
  const bench = new Workbench({
    scheduler: clock,
    masker: new SecretMasker(),
    listPorts: async () => [],
    // The broker address goes nowhere: with URCs suppressed its answer never shows anyway.
    openLink: async () => createVirtualLink(new VirtualModule({ scheduler: clock, timing: 'fast', bootDelayMs: 5, faults, resolveBroker: () => ({ host: '127.0.0.1', port: 9 }) })),
  });
  wb = bench;
  bench.onBatch((b) => batches.push(b));
  await bench.openLink({ ...DEFAULT_SERIAL, path: VIRTUAL_PORT });
  const settle = async (ms: number) => {
    for (let i = 0; i < ms; i += 100) {
      clock.advance(100);
      await new Promise((r) => setImmediate(r));
    }
  };
  const notes = (): ResultNote[] => {
    bench.snapshot();
    const store = new LogStore();
    for (const b of batches) if (b.log) store.appendPacked(b.log);
    const out: ResultNote[] = [];
    for (let i = store.first; i < store.end; i++) {
      const line = store.line(i)!;
      const note = line.dir === DIR_NOTE ? decodeNote(line.bytes) : null;
      if (note) out.push(note);
    }
    return out;
  };
  await settle(500);
  return { bench, settle, notes };
}

describe('AT reliability in the app', () => {
  it('B15: no URC after OK ends in a note telling the user to check AT+QURCCFG', async () => {
    const { bench, settle, notes } = await start({ suppressUrcs: true });
    await bench.send('AT+QMTOPEN=0,"iot-as-mqtt.cn-shanghai.aliyuncs.com",1883', false, 'crlf');
    await settle(1000);
    expect(notes().find((n) => n.command.startsWith('AT+QMTOPEN'))).toMatchObject({ result: 'OK', deferred: true });
    await settle(200_000);
    const late = notes().filter((n) => n.command.startsWith('AT+QMTOPEN')).at(-1)!;
    expect(late.ok).toBe(false);
    expect(late.error?.remedy?.en).toContain('AT+QURCCFG="urcport"');
    expect(late.error?.remedy?.zh).toContain('AT+QURCCFG="urcport"');
  });

  it('B13: a command typed while another is pending waits its turn and gets its own answer', async () => {
    const { bench, settle, notes } = await start({ lateFinalMs: 2000 });
    await bench.send('AT+CSQ', false, 'crlf');
    await bench.send('ATI', false, 'crlf');
    await settle(10_000);
    const results = notes().map((n) => [n.command, n.result]);
    expect(results).toEqual([
      ['AT+CSQ', 'OK'],
      ['ATI', 'OK'],
    ]);
  });
});

describe('AT reliability in the renderer', () => {
  let module: VirtualModule;
  let workbench: Workbench;
  let s: Awaited<ReturnType<typeof openInProcess>>;

  beforeAll(async () => {
    workbench = new Workbench({
      scheduler: systemScheduler,
      masker: new SecretMasker(),
      listPorts: async () => [],
      openLink: async () => {
        module = new VirtualModule({ timing: 'fast', bootDelayMs: 5 });
        return createVirtualLink(module);
      },
    });
    s = await openInProcess({ handlers: createHandlers(workbench, typedPathsOnly), subscribe: (_name, listener) => workbench.onBatch(listener) });
    await s.page.getByTestId('open-port').click();
    await s.page.getByTestId('open-port').getByText('Close').waitFor();
  }, 90_000);

  afterAll(async () => {
    await s?.close();
    await workbench?.dispose();
  });

  const type = async (text: string) => {
    await s.page.getByTestId('send-input').fill(text);
    await s.page.getByTestId('send-input').press('Enter');
  };

  it('B13: a command typed while another is pending shows as queued until it runs', async () => {
    const { page } = s;
    // A slow answer (within AT+CFUN's 15 s): the module is busy with it when ATI is typed.
    module.setFaults({ lateFinalMs: 2000 });
    await type('AT+CFUN?');
    await type('ATI');
    const label = page.getByTestId('queued-command');
    await label.waitFor({ timeout: 1500 });
    expect(await label.textContent()).toBe('Queued: ATI (waits for AT+CFUN?)');
    await screenshot(page, 'reliability-queued');
    module.setFaults({ lateFinalMs: 0 });
    // AT+CFUN? answers: ATI runs, answers, and the label goes; both got their own OK.
    await page.getByTestId('queued').waitFor({ state: 'detached', timeout: 8000 });
    const finals = workbench.snapshot().facts.filter((f) => f.kind === 'at.final').map((f) => f.kind === 'at.final' && [f.command, f.result]);
    expect(finals).toEqual([['AT+CFUN?', 'OK'], ['ATI', 'OK']]);
  }, 20_000);

  it('B14: a payload left short raises a banner with the owed bytes, holds back a typed command, and completing it brings the module back', async () => {
    const { page } = s;
    await type('AT+QMTCFG="willex",0,1,0,0,"/a/will",8');
    await page.getByTestId('send-enter').selectOption('none');
    await type('bye');
    const banner = page.getByTestId('banner-data-phase');
    await banner.waitFor({ timeout: DATA_IDLE_MS + 3000 });
    expect(await banner.textContent()).toContain('the module still waits for 5 bytes of the payload: anything you send now becomes payload');

    // A command typed now would be swallowed: the send box asks instead of sending.
    await page.getByTestId('send-enter').selectOption('crlf');
    const tx = workbench.snapshot().link.txBytes;
    await type('AT');
    const ask = page.getByTestId('send-confirm');
    await ask.waitFor();
    expect(await ask.textContent()).toContain('what you send now becomes payload');
    expect(workbench.snapshot().link.txBytes).toBe(tx);
    await screenshot(page, 'reliability-data-short');
    await page.getByTestId('send-dont').click();
    await ask.waitFor({ state: 'detached' });

    // The engineers who use this work in Chinese: the same warning and action in zh-CN.
    await page.getByTestId('lang').selectOption('zh-CN');
    expect(await banner.textContent()).toContain('模块仍在等待 5 字节的数据：现在发送的任何内容都会成为数据');
    expect(await banner.getByTestId('data-phase-finish').textContent()).toBe('用 5 个空格补全');
    await page.getByTestId('lang').selectOption('en');

    await banner.getByTestId('data-phase-finish').click();
    await banner.waitFor({ state: 'detached', timeout: 5000 });
    await page.getByTestId('status-area').getByText('The module answers commands again (AT → OK)').waitFor({ timeout: 5000 });
    // The padded will message is what the module kept.
    const facts = workbench.snapshot().facts;
    expect(facts.find((f) => f.kind === 'at.data')).toMatchObject({ accepted: 'bye     ', declaredLength: 8 });
  }, 30_000);
});
