// What the user sees in the real renderer when the cable is pulled and plugged back (a banner
// while main waits, the status area saying what happened), and at start when an earlier session's
// capture was cut by a crash (a banner offering to export it as a log).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openInProcess, screenshot } from './harness';
import { Workbench } from '../../electron/services/workbench';
import { createHandlers, typedPathsOnly } from '../../electron/ipc/handlers';
import { openSerialLink } from '../../electron/link/serial-link';
import { VirtualModule } from '../../electron/sim/virtual-module';
import { systemScheduler } from '../../electron/platform/system-scheduler';
import { SecretMasker } from '../../electron/session/secret-mask';
import { encodeHeaderLine, encodeRecordLine } from '../../electron/capture/capture-format';
import { PtyCable } from '../support/pty-cable';

type Opened = Awaited<ReturnType<typeof openInProcess>>;
const dir = mkdtempSync(join(tmpdir(), 'modemdeck-banners-'));
const cable = new PtyCable(dir);
const hostPath = cable.hostPath;
const captureDir = join(dir, 'captures');
const crashed = join(captureDir, '2026-01-01T00-00-00.000Z_ttyUSB2.jsonl');
const module = new VirtualModule({ timing: 'fast', bootDelayMs: 20 });
let workbench: Workbench;
let s: Opened;

const plugIn = () => cable.plugIn(module);
const unplug = () => cable.unplug();

beforeAll(async () => {
  // An earlier run was killed while recording: its capture still has its ".open" marker.
  mkdirSync(captureDir, { recursive: true });
  writeFileSync(crashed, encodeHeaderLine({ format: 'serial-capture', version: 1, port: '/dev/ttyUSB2', baudRate: 115200, startedAt: 0, masked: true }) + encodeRecordLine(1000, 'tx', Buffer.from('AT+CSQ\r\n')) + '{"t":1001,"dir":"rx","b6');
  writeFileSync(`${crashed}.open`, JSON.stringify({ startedAt: 0, port: '/dev/ttyUSB2', pid: 2 ** 22 + 7 }));
  await plugIn();
  workbench = new Workbench({
    scheduler: systemScheduler,
    masker: new SecretMasker(),
    listPorts: async () => [],
    openLink: (settings) => openSerialLink(settings),
    captureDir,
    reconnectDelaysMs: [100, 200],
  });
  s = await openInProcess({ handlers: createHandlers(workbench, typedPathsOnly), subscribe: (_name, listener) => workbench.onBatch(listener) });
}, 90_000);

afterAll(async () => {
  await s?.close();
  await workbench?.dispose();
  await cable.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('reliability banners', () => {
  it('offers the capture a crash left unfinished and exports it as a log', async () => {
    const { page } = s;
    const banner = page.getByTestId('banner-unfinished');
    await banner.waitFor();
    expect(await banner.textContent()).toContain(crashed);
    const out = join(dir, 'recovered.log');
    await banner.getByTestId('unfinished-export-path').fill(out);
    await banner.getByTestId('unfinished-export').click();
    await page.getByTestId('banner-exported').waitFor();
    await banner.waitFor({ state: 'detached' });
    const log = readFileSync(out, 'utf8');
    expect(log).toMatch(/TX AT\+CSQ\\r\\n/);
    expect(log).toContain('1 record(s) cut off by the crash were skipped');
  });

  it('shows the unplug in a banner and the status area, and clears the banner when the port is back', async () => {
    const { page } = s;
    await page.getByTestId('port-path').fill(hostPath);
    await page.getByTestId('open-port').click();
    await page.getByTestId('open-port').getByText('Close').waitFor();
    await unplug();
    await page.getByTestId('banner-reconnecting').waitFor({ timeout: 2000 });
    await page.getByTestId('status-area').getByText('was unplugged or went away').waitFor();
    await screenshot(page, 'reliability-reconnecting');
    await plugIn();
    await page.getByTestId('status-area').getByText('is back and reopened').waitFor({ timeout: 5000 });
    await page.getByTestId('banner-reconnecting').waitFor({ state: 'detached' });
    expect(await page.getByTestId('status-area').getByText('was unplugged or went away').count()).toBe(1);
  });
});
