// Untrusted input renders as text, and secrets never reach the page (reliability-checklist §7 D, E):
// module output (echo and URCs), port descriptions and an imported script carrying markup and
// javascript: links, through the real renderer, host and wire; a canary DeviceSecret sent and read
// back appears in no WebSocket frame and nowhere in the page's HTML.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openInProcess, screenshot } from './harness';
import { Workbench } from '../../electron/services/workbench';
import { createHandlers, typedPathsOnly } from '../../electron/ipc/handlers';
import { createVirtualLink } from '../../electron/link/virtual-link';
import { VirtualModule } from '../../electron/sim/virtual-module';
import { systemScheduler } from '../../electron/platform/system-scheduler';
import { SecretMasker } from '../../electron/session/secret-mask';

const IMG = '<img src=x onerror=window.__xss=1>';
const SVG = '<svg onload=window.__xss=1>';
const LINK = '<a href="javascript:window.__xss=1">click</a>';
const SECRET = 'Xv9CanaryPageSecret77Q';

type Opened = Awaited<ReturnType<typeof openInProcess>>;
let s: Opened;
let workbench: Workbench;
let module: VirtualModule | undefined;
const dir = mkdtempSync(join(tmpdir(), 'modemdeck-xss-'));
const frames: string[] = [];

beforeAll(async () => {
  workbench = new Workbench({
    scheduler: systemScheduler,
    masker: new SecretMasker(),
    listPorts: async () => [{ path: '/dev/ttyUSB9', manufacturer: IMG, serialNumber: SVG }],
    openLink: async () => {
      module = new VirtualModule({ timing: 'fast', bootDelayMs: 5, faults: { injectUrcs: [`+QMTRECV: 0,1,"${SVG}","${LINK}"`, IMG] } });
      return createVirtualLink(module);
    },
    captureDir: join(dir, 'captures'),
  });
  s = await openInProcess({ handlers: createHandlers(workbench, typedPathsOnly), subscribe: (_name, listener) => workbench.onBatch(listener) });
  s.page.on('websocket', (ws) => {
    // What main sends the page (the page's own requests carry what the user typed, by design).
    ws.on('framereceived', (f) => frames.push(typeof f.payload === 'string' ? f.payload : f.payload.toString('latin1')));
  });
  // The socket opened before the listener: reload so every frame is seen.
  await s.page.reload();
  await s.page.locator('.app[data-synced="true"]').waitFor();
}, 90_000);

afterAll(async () => {
  await s?.close();
  await workbench?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

async function send(text: string): Promise<void> {
  await s.page.getByTestId('send-input').fill(text);
  await s.page.getByTestId('send').click();
}

describe('untrusted text and secrets in the page', () => {
  it('shows module output, port descriptions and script rows carrying markup as text', async () => {
    const { page } = s;
    await page.getByTestId('port-path').fill('virtual:ec600s');
    await page.getByTestId('open-port').click();
    await page.getByTestId('open-port').getByText('Close').waitFor();
    // Two commands: each gets one injected URC between its echo and its final result.
    await send(`AT+QMTPUB=0,0,0,0,"${IMG}"`);
    await send('AT');
    await send(`AT+X="${LINK}"`);
    await page.getByText(`AT+X="${LINK}"`).first().waitFor();
    await page.getByText(`+QMTRECV: 0,1,"${SVG}","${LINK}"`).first().waitFor();

    const ini = [IMG, SVG, 'javascript:window.__xss=1'].map((cmd, i) => `[${i + 1}]\r\nCho=1\r\nCMD=${cmd}\r\nDelay=\r\nHEX=0\r\nEnter=1\r\n`).join('');
    await page.getByTestId('load-ini-input').setInputFiles({ name: `${SVG}.ini`, mimeType: 'text/plain', buffer: Buffer.from(`[SET]\r\nRunTimes=1\r\nDelayTime=100\r\n${ini}`) });
    await page.getByTestId('row').nth(2).waitFor();
    const rowTexts = await page.getByTestId('row-text').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(rowTexts).toEqual([IMG, SVG, 'javascript:window.__xss=1']);

    const options = await page.getByTestId('port-list').locator('option').allTextContents();
    expect(options.some((o) => o.includes(IMG) && o.includes(SVG))).toBe(true);

    const text = await page.locator('.app').innerText();
    expect(text).toContain(`AT+QMTPUB=0,0,0,0,"${IMG}"`);
    expect(text).toContain(`+QMTRECV: 0,1,"${SVG}","${LINK}"`);
    await screenshot(page, 'security-untrusted');
    expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(await page.locator('.app img[src="x"], .app svg[onload], .app a[href^="javascript:"], .app [onerror]').count()).toBe(0);
  });

  it('a DeviceSecret sent and read back reaches no WebSocket frame and not the page', async () => {
    const { page } = s;
    await send(`AT+QMTCFG="aliauth",0,"a1PK","dev1","${SECRET}"`);
    await send('AT+QMTCFG="aliauth",0');
    await page.getByText('+QMTCFG: "aliauth","a1PK","dev1"').first().waitFor();
    expect(frames.length).toBeGreaterThan(5);
    expect(frames.join('\n')).not.toContain(SECRET);
    expect(await page.content()).not.toContain(SECRET);
    expect(await page.locator('.app').innerText()).not.toContain(SECRET);
  });
  it('asks before running destructive rows, lists them, and runs them only on "Run anyway"', async () => {
    const { page } = s;
    const ini = ['ATI', 'AT+QPOWD=1'].map((cmd, i) => `[${i + 1}]\r\nCho=1\r\nCMD=${cmd}\r\nDelay=\r\nHEX=0\r\nEnter=1\r\n`).join('');
    await page.getByTestId('load-ini-input').setInputFiles({ name: 'power.ini', mimeType: 'text/plain', buffer: Buffer.from(`[SET]\r\nRunTimes=1\r\nDelayTime=100\r\n${ini}`) });
    await page.getByTestId('command-list').getByText('power.ini').waitFor();
    await page.getByTestId('run').click();
    const dialog = page.getByTestId('confirm-destructive');
    await dialog.waitFor();
    expect(await page.getByTestId('confirm-destructive-rows').textContent()).toMatch(/^2: AT\+QPOWD=1 \(powers the module off/);
    await page.getByTestId('confirm-destructive-cancel').click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.locator('.app').innerText()).not.toContain('POWERED DOWN');

    await page.getByTestId('run').click();
    await page.getByTestId('confirm-destructive-run').click();
    await page.getByText('POWERED DOWN').first().waitFor();
  });
});
