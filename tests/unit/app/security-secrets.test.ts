// A canary DeviceSecret and its HMAC password go through everything the app does with them
// (reliability-checklist §7 D): typed, echoed back byte by byte, read back with
// AT+QMTCFG="aliauth",0, imported in a script, logged, recorded, saved, and fed to an error path.
// Neither may appear in any IPC answer, stream batch, snapshot, capture, log file or export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dispatch, type CommandHandlers } from '../../../electron/ipc/dispatch';
import { createHandlers, typedPathsOnly } from '../../../electron/ipc/handlers';
import { VIRTUAL_PORT, Workbench } from '../../../electron/services/workbench';
import { createVirtualLink } from '../../../electron/link/virtual-link';
import { VirtualModule } from '../../../electron/sim/virtual-module';
import { systemScheduler } from '../../../electron/platform/system-scheduler';
import { SecretMasker } from '../../../electron/session/secret-mask';
import { DEFAULT_SERIAL } from '../../../electron/link/types';
import { signAliyun } from '../../../electron/cloud/aliyun-sign';
import { latin1Decode, utf8Encode } from '../../../shared/bytes';
import { encodeWire } from '../../../shared/wire';
import type { Fact } from '../../../shared/facts';
import type { Result } from '../../../shared/contract';

const DEVICE_SECRET = 'Cq7CanaryS3cretZx94KpW2';
const TRIPLET = { productKey: 'a1CanPK', deviceName: 'canary01', deviceSecret: DEVICE_SECRET };
const HMAC = signAliyun(TRIPLET, { clientIdPrefix: 'canary01' });
const CANARIES = [DEVICE_SECRET, HMAC.password, HMAC.password.toLowerCase()];

let dir: string;
let module: VirtualModule;
let workbench: Workbench;
let handlers: CommandHandlers;
/** Everything that crossed the IPC boundary, as the wire carries it. */
const wire: string[] = [];

async function call(name: string, payload?: unknown): Promise<Result<unknown>> {
  const result = await dispatch(handlers, name, payload);
  wire.push(latin1Decode(encodeWire(result)));
  return result;
}

const facts = (): Fact[] => workbench.snapshot().facts;
async function finalOf(name: string, count: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (facts().filter((f) => f.kind === 'at.final' && f.name === name).length < count) {
    if (Date.now() > deadline) throw new Error(`no final result for ${name}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'modemdeck-sec-'));
  workbench = new Workbench({
    scheduler: systemScheduler,
    masker: new SecretMasker(),
    listPorts: async () => [],
    openLink: async () => {
      // Byte-drip chunking: every secret reaches the host split across as many reads as it has bytes.
      module = new VirtualModule({ timing: 'fast', bootDelayMs: 5, faults: { chunking: 'byte' } });
      return createVirtualLink(module);
    },
    captureDir: join(dir, 'captures'),
  });
  workbench.onBatch((b) => wire.push(latin1Decode(encodeWire(b))));
  handlers = createHandlers(workbench, typedPathsOnly);

  expect(await call('openLink', { settings: { ...DEFAULT_SERIAL, path: VIRTUAL_PORT } })).toMatchObject({ ok: true });
  const deadline = Date.now() + 10_000;
  while (!facts().some((f) => f.kind === 'at.urc' && f.text.includes('PB DONE'))) {
    if (Date.now() > deadline) throw new Error('the virtual module did not boot');
    await new Promise((r) => setTimeout(r, 10));
  }
  await call('startLogFile', { target: { source: 'path', path: join(dir, 'session.log') } });
  await call('send', { text: 'ATE1', hex: false, enter: 'crlf' });
  await call('send', { text: `AT+QMTCFG="aliauth",0,"${TRIPLET.productKey}","${TRIPLET.deviceName}","${DEVICE_SECRET}"`, hex: false, enter: 'crlf' });
  await call('send', { text: 'AT+QMTCFG="aliauth",0', hex: false, enter: 'crlf' });
  await call('send', { text: `AT+QMTCONN=0,"${HMAC.clientId}","${HMAC.username}","${HMAC.password}"`, hex: false, enter: 'crlf' });
  await finalOf('+QMTCFG', 2);
  await finalOf('+QMTCONN', 1);
  // An error path that quotes its input.
  await call('send', { text: `${DEVICE_SECRET}zz`, hex: true, enter: 'none' });
  // A script carrying the secret, imported, then saved (placeholder by default, raw on request).
  const row = (n: number, cmd: string) => `[${n}]\r\nCho=1\r\nCMD=${cmd}\r\nDelay=\r\nHEX=0\r\nEnter=1\r\n`;
  const ini =
    '[SET]\r\nRunTimes=1\r\nDelayTime=100\r\n' +
    row(1, `AT+QMTCFG="aliauth",0,"${TRIPLET.productKey}","${TRIPLET.deviceName}","${DEVICE_SECRET}"`) +
    row(2, `AT+QMTCONN=0,"${HMAC.clientId}","${HMAC.username}","${HMAC.password}"`);
  const loaded = await call('loadScript', { source: 'bytes', name: 'secret.ini', data: utf8Encode(ini) });
  expect(loaded).toMatchObject({ ok: true, value: { maskedRowIds: [expect.any(Number), expect.any(Number)] } });
  await call('saveScript', { target: { source: 'path', path: join(dir, 'exported.ini') } });
  await call('saveScript', { target: { source: 'path', path: join(dir, 'raw.ini') }, secrets: 'keep' });
  await call('snapshot');
  await call('stopLogFile');
  await call('closeLink');
}, 30_000);

afterAll(async () => {
  await workbench.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function expectNoCanary(where: string, text: string): void {
  for (const canary of CANARIES) expect(text.includes(canary), `${where} holds a secret in clear`).toBe(false);
}

describe('secrets stay secret', () => {
  it('the module really got the secret: its read-back answered with it, masked on the way to the user', () => {
    const readBack = facts().filter((f) => f.kind === 'at.final' && f.name === '+QMTCFG')[1];
    expect(readBack).toMatchObject({ ok: true });
    const info = readBack && readBack.kind === 'at.final' ? readBack.info.join('\n') : '';
    expect(info).toContain(`+QMTCFG: "aliauth","${TRIPLET.productKey}","${TRIPLET.deviceName}","${'*'.repeat(DEVICE_SECRET.length - 3)}${DEVICE_SECRET.slice(-3)}"`);
  });

  it('no IPC answer, stream batch or snapshot carries them', () => {
    expect(wire.length).toBeGreaterThan(10);
    expectNoCanary('the IPC traffic', wire.join('\n'));
    // What the user sees still says what happened: the command, with the secret masked.
    expect(wire.join('\n')).toContain(`AT+QMTCFG="aliauth",0,"${TRIPLET.productKey}","${TRIPLET.deviceName}","`);
  });

  it('the session capture and the log file are masked', () => {
    const captures = join(dir, 'captures');
    const files = readdirSync(captures);
    expect(files.filter((f) => f.endsWith('.jsonl'))).toHaveLength(1);
    const capture = readFileSync(join(captures, files[0]), 'utf8');
    const decoded = capture
      .split('\n')
      .slice(1)
      .filter(Boolean)
      .map((l) => Buffer.from((JSON.parse(l) as { b64: string }).b64, 'base64').toString('latin1'))
      .join('');
    expect(decoded).toContain('AT+QMTCFG="aliauth"');
    expectNoCanary('the capture', capture + decoded);
    const log = readFileSync(join(dir, 'session.log'), 'latin1');
    expect(log).toContain('+QMTCFG');
    expectNoCanary('the log file', log);
  });

  it('Save .ini writes placeholders unless the raw script was asked for', () => {
    const exported = readFileSync(join(dir, 'exported.ini'), 'latin1');
    expect(exported).toContain('AT+QMTCFG="aliauth",0,"a1CanPK","canary01","*');
    expectNoCanary('the exported script', exported);
    expect(readFileSync(join(dir, 'raw.ini'), 'latin1')).toContain(DEVICE_SECRET);
  });
});
