// The workbench over the in-process virtual EC600S: what a user does in the QCOM workspace, checked
// on what the renderer would receive (batches, snapshots) and on disk.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VIRTUAL_PORT, Workbench, AppError } from '../../../electron/services/workbench';
import { createVirtualLink } from '../../../electron/link/virtual-link';
import { VirtualModule } from '../../../electron/sim/virtual-module';
import { systemScheduler } from '../../../electron/platform/system-scheduler';
import { SecretMasker } from '../../../electron/session/secret-mask';
import { DEFAULT_SERIAL } from '../../../electron/link/types';
import { DIR_NOTE, DIR_RX, DIR_TX, LogStore } from '../../../shared/log-store';
import { decodeNote } from '../../../shared/log-note';
import { latin1Decode } from '../../../shared/bytes';
import { encodeWire } from '../../../shared/wire';
import type { StreamBatch } from '../../../shared/contract';
import { readFixture } from '../../support/fixtures';

const SECRET = 'Zq81tQ2wE5yU7iO9pA3s';
const SEED_SECRET = '7ab0c4b3532b5783df5fdc58a2895d7a';

let wb: Workbench;
let batches: StreamBatch[];
let dir: string;

function until<T>(what: string, check: () => T | undefined | false, ms = 5000): Promise<T> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      const v = check();
      if (v) return resolve(v);
      if (Date.now() - start > ms) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(poll, 10);
    };
    poll();
  });
}

/** What a renderer holding every batch would show. */
function rendererLines() {
  const store = new LogStore();
  for (const b of batches) {
    if (b.cleared) store.reset();
    if (b.log) store.appendPacked(b.log);
  }
  const out: { dir: number; text: string }[] = [];
  for (let i = store.first; i < store.end; i++) {
    const l = store.line(i)!;
    out.push({ dir: l.dir, text: l.dir === DIR_NOTE ? JSON.stringify(decodeNote(l.bytes)) : latin1Decode(l.bytes).trim() });
  }
  return out;
}

async function openVirtual(): Promise<void> {
  await wb.openLink({ ...DEFAULT_SERIAL, path: VIRTUAL_PORT });
  await until('boot', () => rendererLines().some((l) => l.text.includes('PB DONE')));
}

async function command(text: string): Promise<{ ok: boolean; result: string }> {
  const before = rendererLines().length;
  await wb.send(text, false, 'crlf');
  const line = await until(`result of ${text}`, () =>
    rendererLines()
      .slice(before)
      // The note's command is masked like everything else: match its start.
      .find((l) => l.dir === DIR_NOTE && JSON.parse(l.text).command.slice(0, 24) === text.slice(0, 24)),
  );
  return JSON.parse(line.text);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'modemdeck-wb-'));
  batches = [];
  wb = new Workbench({
    scheduler: systemScheduler,
    masker: new SecretMasker(),
    listPorts: async () => [{ path: '/dev/ttyUSB0', manufacturer: 'Quectel' }],
    openLink: async () => createVirtualLink(new VirtualModule({ timing: 'fast', bootDelayMs: 20 })),
  });
  wb.onBatch((b) => batches.push(b));
});

afterEach(async () => {
  await wb.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('workbench', () => {
  it('always offers the virtual EC600S next to the real ports', async () => {
    const { ports } = await wb.listPorts();
    expect(ports.map((p) => p.path)).toEqual(['/dev/ttyUSB0', VIRTUAL_PORT]);
  });

  it('streams numbered batches: the command, its echo and answer, and a result note', async () => {
    await openVirtual();
    expect(await command('AT')).toMatchObject({ ok: true, result: 'OK' });
    const lines = rendererLines();
    const at = lines.findIndex((l) => l.dir === DIR_TX && l.text === 'AT');
    expect(lines.slice(at).map((l) => (l.dir === DIR_NOTE ? 'note' : l.text))).toEqual(['AT', 'AT', 'OK', 'note']);
    expect(batches.map((b) => b.seq)).toEqual(batches.map((_, i) => i + 1));
    expect(batches.find((b) => b.link?.phase === 'open')).toBeTruthy();
  });

  it('answers a snapshot that matches what the batches built', async () => {
    await openVirtual();
    await command('ATI');
    const snap = wb.snapshot();
    expect(snap.seq).toBe(batches.length);
    expect(snap.log.offsets.length - 1).toBe(rendererLines().length);
    expect(snap.link.phase).toBe('open');
    expect(snap.notices.map((n) => n.code)).toContain('link.opened');
  });

  it('never lets a DeviceSecret reach the renderer, while the module gets it', async () => {
    await openVirtual();
    await command(`AT+QMTCFG="aliauth",0,"a1PK","dev1","${SECRET}"`);
    await command('AT+QMTCFG="aliauth",0');
    const everything = batches.map((b) => latin1Decode(encodeWire(b))).join('') + rendererLines().map((l) => l.text).join('\n') + latin1Decode(encodeWire(wb.snapshot()));
    expect(everything).not.toContain(SECRET);
    expect(rendererLines().some((l) => l.text.startsWith('AT+QMTCFG="aliauth",0,"a1PK","dev1",'))).toBe(true);
  });

  it('loads a QCOM script with its secret masked for display, and saves it back with the secret', async () => {
    const view = wb.loadScript('ma_MQTT.ini', readFixture('qcom-ini', 'ma_MQTT.ini'));
    expect(view.rows).toHaveLength(29);
    expect(view.settings).toEqual({ runTimes: 10, delayMs: 1000 });
    expect(latin1Decode(encodeWire(view))).not.toContain(SEED_SECRET);
    expect(view.maskedRowIds).toEqual([view.rows[15].id]);

    // The user edits another row and reorders: the masked row keeps its real secret.
    const rows = view.rows.map((r, i) => (i === 0 ? { ...r, text: 'ATE0' } : r));
    [rows[1], rows[2]] = [rows[2], rows[1]];
    const edited = wb.setScript([...rows, { id: 0, selected: true, text: 'AT+CSQ', hex: false, enter: true, delayMs: 300, waitForResult: true }], view.settings);
    expect(edited.rows).toHaveLength(30);
    expect(edited.rows[29].id).toBeGreaterThan(0);
    const path = join(dir, 'out.ini');
    await wb.saveScriptFile(path);
    const saved = readFileSync(path, 'latin1');
    expect(saved).toContain(`"co_0001","${SEED_SECRET}"`);
    expect(saved).toMatch(/\[1\]\r?\nCho=0\r?\nCMD=ATE0/);
    expect(saved).toMatch(/\[2\]\r?\nCho=0\r?\nCMD=AT\+CREG\?/);
    expect(saved).toMatch(/\[30\]\r?\nCho=1\r?\nCMD=AT\+CSQ\r?\nDelay=300/);
  });

  it('refuses a file that is not a QCOM script with a readable reason in both languages', () => {
    let error: unknown;
    try {
      wb.loadScript('photo.ini', Uint8Array.of(0xff, 0xd8, 0xff, 0, 0, 0));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('BAD_SCRIPT');
    expect((error as AppError).message).toContain('photo.ini');
    expect((error as AppError).zh).toBeTruthy();
  });

  it('runs the selected rows, waiting for each result, and reports them per row', async () => {
    await openVirtual();
    const view = wb.loadScript('ma_MQTT.ini', readFixture('qcom-ini', 'ma_MQTT.ini'));
    const rows = view.rows.map((r, i) => ({ ...r, waitForResult: i < 3, delayMs: 0 }));
    wb.setScript(rows, { runTimes: 2, delayMs: 0 });
    await wb.runScript(rows.slice(0, 3).map((r) => r.id));
    const run = wb.snapshot().run;
    expect(run.running).toBe(false);
    expect(run.loop).toBe(2);
    expect(Object.values(run.outcomes).map((o) => o.result)).toEqual(['OK', 'OK', 'OK']);
    expect(wb.snapshot().notices.at(-1)?.code).toBe('script.done');
  });

  it('writes a continuous log file and says what went wrong with a bad path', async () => {
    await openVirtual();
    const path = join(dir, 'session.log');
    await wb.startLogFile(path);
    await command('AT+CSQ');
    await wb.stopLogFile();
    const text = readFileSync(path, 'utf8');
    expect(text).toMatch(/ TX {2}AT\+CSQ\n/);
    expect(text).toMatch(/ RX {2}\+CSQ: \d+,\d+\n/);
    await expect(wb.startLogFile(join(dir, 'missing', 'x.log'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses to send with no port open, and reports close', async () => {
    await expect(wb.send('AT', false, 'cr')).rejects.toMatchObject({ code: 'NOT_OPEN' });
    await openVirtual();
    await expect(wb.send('zz', true, 'none')).rejects.toMatchObject({ code: 'BAD_HEX' });
    await wb.closeLink();
    expect(wb.snapshot().link.phase).toBe('closed');
    expect(wb.snapshot().notices.at(-1)?.code).toBe('link.closed');
    expect(rendererLines().filter((l) => l.dir === DIR_RX).length).toBeGreaterThan(0);
  });
});
