// The workbench over the real serial link and a socat pty pair, with the virtual EC600S on the far
// end: what a user sees when the cable is pulled and plugged back (reliability-checklist A1-A3),
// through main's stream and, for the "Re-run after reconnect" toggle, in the real renderer.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workbench } from '../../electron/services/workbench';
import { openSerialLink } from '../../electron/link/serial-link';
import { VirtualModule } from '../../electron/sim/virtual-module';
import { systemScheduler } from '../../electron/platform/system-scheduler';
import { SecretMasker } from '../../electron/session/secret-mask';
import { DEFAULT_SERIAL } from '../../electron/link/types';
import { readCapture } from '../../electron/capture/capture-reader';
import { latin1Decode } from '../../shared/bytes';
import type { Fact } from '../../shared/facts';
import type { Notice, StreamBatch } from '../../shared/contract';
import { PtyCable } from '../support/pty-cable';
import { createHandlers, typedPathsOnly } from '../../electron/ipc/handlers';
import { openInProcess, screenshot } from './harness';

let dir: string;
let cable: PtyCable;
const benches: Workbench[] = [];
let batches: StreamBatch[];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(what: string, check: () => T | undefined | false | null, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

const hostPath = () => cable.hostPath;
const plugIn = (module: VirtualModule) => cable.plugIn(module);
const unplug = () => cable.unplug();

function bench(captureDir?: string): Workbench {
  const wb = new Workbench({
    scheduler: systemScheduler,
    masker: new SecretMasker(),
    listPorts: async () => [],
    openLink: (settings) => openSerialLink(settings),
    captureDir,
    reconnectDelaysMs: [100, 200],
  });
  benches.push(wb);
  return wb;
}

const notices = (): Notice[] => batches.flatMap((b) => b.notices);
const facts = (): Fact[] => batches.flatMap((b) => b.facts);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'modemdeck-rel-'));
  cable = new PtyCable(dir);
  batches = [];
});

afterEach(async () => {
  for (const wb of benches.splice(0)) await wb.dispose();
  await cable.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('the serial link in the app', () => {
  it('reports an unplug once within a second, fails the pending command as LINK LOST, reopens by itself and re-runs the init rows', async () => {
    const module = new VirtualModule({ timing: 'fast', bootDelayMs: 20 });
    await plugIn(module);
    const captures = join(dir, 'captures');
    const wb = bench(captures);
    wb.onBatch((b) => batches.push(b));
    await wb.openLink({ ...DEFAULT_SERIAL, path: hostPath() });
    // RDY from the boot may still sit in the pty when the host opens: talk once it is through.
    await sleep(200);
    await wb.send('AT', false, 'crlf');
    await until('the module to answer AT', () => facts().some((f) => f.kind === 'at.final' && f.command === 'AT' && f.ok));

    // The user's init sequence, to be sent again after every automatic reopen.
    const view = wb.setScript(
      [{ id: 0, selected: true, text: 'ATE1', hex: false, enter: true, delayMs: 0, waitForResult: true }],
      { runTimes: 1, delayMs: 0 },
    );
    wb.setReconnectRows([view.rows[0].id]);

    // A command that is still waiting for its final result when the cable goes.
    module.setFaults({ dropFinals: 1 });
    let echoed = '';
    const stopEcho = module.onOutput((chunk) => (echoed += latin1Decode(chunk)));
    await wb.send('AT+CSQ', false, 'crlf');
    await until('the module to echo AT+CSQ', () => echoed.includes('AT+CSQ'));
    stopEcho();

    const pulledAt = Date.now();
    await unplug();
    const lost = await until('the unplug notice', () => notices().find((n) => n.code === 'link.unplugged'));
    expect(lost.t - pulledAt).toBeLessThan(1000);
    expect(wb.snapshot().link.phase).toBe('reconnecting');
    const failed = facts().find((f) => f.kind === 'at.final' && f.command === 'AT+CSQ');
    expect(failed).toMatchObject({ result: 'LINK LOST', ok: false });

    // Nothing to reopen for a while: still one unplug notice, no storm of errors.
    await sleep(600);
    expect(notices().filter((n) => n.code === 'link.unplugged')).toHaveLength(1);
    expect(notices().filter((n) => n.level === 'error')).toHaveLength(1);

    await plugIn(module);
    await until('the reopen', () => notices().find((n) => n.code === 'link.reconnected'), 5000);
    expect(wb.snapshot().link.phase).toBe('open');
    const rerun = await until('the init row to run again', () => facts().find((f) => f.kind === 'at.final' && f.command === 'ATE1'), 8000);
    expect(rerun).toMatchObject({ ok: true, result: 'OK' });
    // The session goes on over the new link.
    const okAts = () => facts().filter((f) => f.kind === 'at.final' && f.command === 'AT' && f.ok).length;
    const before = okAts();
    await wb.send('AT', false, 'crlf');
    await until('AT after the reopen', () => okAts() > before);

    await wb.closeLink();
    // One capture for the whole session, across the gap, cleanly closed (no .open marker).
    const files = readdirSync(captures);
    expect(files.filter((f) => f.endsWith('.jsonl'))).toHaveLength(1);
    expect(files.filter((f) => f.endsWith('.open'))).toEqual([]);
    const capture = await readCapture(join(captures, files[0]));
    const sent = capture.records.filter((r) => r.dir === 'tx').map((r) => latin1Decode(r.bytes)).join('');
    expect(sent).toContain('AT+CSQ\r\n');
    expect(sent.indexOf('ATE1')).toBeGreaterThan(sent.indexOf('AT+CSQ'));
    expect(sent).toContain('AT\r\n');
  });

  it('a port held by another program gets one clear message and no retry', async () => {
    await plugIn(new VirtualModule({ timing: 'fast', bootDelayMs: 20 }));
    const holder = bench();
    await holder.openLink({ ...DEFAULT_SERIAL, path: hostPath() });
    const captures = join(dir, 'busy-captures');
    const wb = bench(captures);
    wb.onBatch((b) => batches.push(b));
    await expect(wb.openLink({ ...DEFAULT_SERIAL, path: hostPath() })).rejects.toMatchObject({ code: 'BUSY', message: expect.stringContaining('in use by another program') });
    // No session, no capture left behind.
    expect(readdirSync(captures)).toEqual([]);
    await sleep(500);
    expect(notices().filter((n) => n.level === 'error').map((n) => n.code)).toEqual(['link.error']);
    expect(wb.snapshot().link.phase).toBe('closed');
  });

  it('Close while waiting for the device stops reconnecting', async () => {
    await plugIn(new VirtualModule({ timing: 'fast', bootDelayMs: 20 }));
    const wb = bench();
    wb.onBatch((b) => batches.push(b));
    await wb.openLink({ ...DEFAULT_SERIAL, path: hostPath() });
    await unplug();
    await until('reconnecting', () => wb.snapshot().link.phase === 'reconnecting');
    await wb.closeLink();
    await plugIn(new VirtualModule({ timing: 'fast', bootDelayMs: 20 }));
    await sleep(500);
    expect(wb.snapshot().link.phase).toBe('closed');
    expect(notices().some((n) => n.code === 'link.reconnected')).toBe(false);
  });
});

describe('"Re-run after reconnect" in the renderer', () => {
  it('re-runs the selected rows when the port comes back only while the toggle is on', async () => {
    const wb = bench();
    wb.onBatch((b) => batches.push(b));
    await plugIn(new VirtualModule({ timing: 'fast', bootDelayMs: 20 }));
    const s = await openInProcess({ handlers: createHandlers(wb, typedPathsOnly), subscribe: (_name, listener) => wb.onBatch(listener) });
    try {
      const { page } = s;
      await page.getByTestId('port-path').fill(hostPath());
      await page.getByTestId('open-port').click();
      await page.getByTestId('open-port').getByText('Close').waitFor();
      // The user's init sequence, typed into the command list (new rows are ticked).
      for (const text of ['ATE1', 'AT+CMEE=2']) {
        await page.getByTestId('add-row').click();
        await page.getByTestId('row-text').last().fill(text);
        await page.getByTestId('row-wait').last().check(); // the result column then shows the module's answer
      }
      const results = page.getByTestId('row-result');
      const resultTexts = () => results.evaluateAll((els) => els.map((e) => e.textContent ?? ''));
      const sentInit = () => facts().filter((f) => f.kind === 'at.final' && (f.command === 'ATE1' || f.command === 'AT+CMEE=2')).length;
      const replug = async (module: VirtualModule) => {
        const reopened = notices().filter((n) => n.code === 'link.reconnected').length;
        await unplug();
        await page.getByTestId('banner-reconnecting').waitFor({ timeout: 2000 });
        await plugIn(module);
        await until('the reopen', () => notices().filter((n) => n.code === 'link.reconnected').length > reopened, 5000);
        await page.getByTestId('banner-reconnecting').waitFor({ state: 'detached' });
      };

      // Toggle off: a replug reopens the port and runs nothing (the module did not reboot: main
      // waits its settle time for an RDY before giving up on it).
      await replug(new VirtualModule({ timing: 'fast', bootDelayMs: 20 }));
      await sleep(3500);
      expect(sentInit()).toBe(0);
      expect((await resultTexts()).every((r) => r.trim() === '')).toBe(true);

      // Toggle on: the next replug (a module that rebooted: RDY) runs both rows, and their results show.
      await page.getByTestId('rerun-on-reconnect').check();
      await sleep(600); // the list edit and the toggle reach main (debounced edits)
      await replug(new VirtualModule({ timing: 'fast', bootDelayMs: 150 }));
      await until('both init rows to run again', () => sentInit() === 2, 8000);
      await page.getByTestId('row-result').filter({ hasText: 'OK' }).nth(1).waitFor({ timeout: 3000 });
      expect((await resultTexts()).map((r) => r.includes('OK'))).toEqual([true, true]);
      await screenshot(page, 'reliability-rerun-after-reconnect');
      expect(facts().filter((f) => f.kind === 'at.final' && (f.command === 'ATE1' || f.command === 'AT+CMEE=2')).map((f) => f.kind === 'at.final' && f.result)).toEqual(['OK', 'OK']);
    } finally {
      await s.close();
    }
  }, 60_000);
});
