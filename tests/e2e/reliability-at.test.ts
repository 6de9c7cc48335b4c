// AT-level reliability as the app shows it (reliability-checklist B13, B15), on the workbench with
// the virtual module and a driven clock: what the terminal's result notes tell the user.
import { afterEach, describe, expect, it } from 'vitest';
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
