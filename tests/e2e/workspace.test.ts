// The QCOM workspace end to end, as an engineer uses it: the virtual EC600S behind a real pty
// (`modemdeck sim --pty`), the browser host, Chromium. Open the port by typing its path, talk to
// the module, import the seed's QCOM script, run rows and read their results, switch the view to
// hex, save the log and find it on disk, switch the UI to Chinese.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openSession, screenshot, spawnUntil, stopChild, type Session } from './harness';

const MA_MQTT = resolve(import.meta.dirname, '../../../shared/fixtures/qcom-ini/ma_MQTT.ini');
const SEED_SECRET = '7ab0c4b3532b5783df5fdc58a2895d7a';

describe('QCOM workspace over a pty', () => {
  let sim: ChildProcess | undefined;
  let ptyPath = '';
  let s: Session;
  const scratch = mkdtempSync(join(tmpdir(), 'modemdeck-e2e-files-'));

  beforeAll(async () => {
    const started = await spawnUntil(process.execPath, ['bin/modemdeck.mjs', 'sim', '--pty'], /^port: (\S+)$/m);
    sim = started.child;
    ptyPath = started.match[1];
    s = await openSession();
  }, 60_000);

  afterAll(async () => {
    await s?.close();
    await stopChild(sim);
    rmSync(scratch, { recursive: true, force: true });
  });

  it('opens the typed pty path and answers AT with OK, time and latency', async () => {
    const { page } = s;
    await page.getByTestId('port-path').fill(ptyPath);
    await page.getByTestId('open-port').click();
    await page.getByTestId('open-port').getByText('Close').waitFor();
    await send(s, 'AT');
    const note = await noteFor(s, 'AT');
    expect(await note.locator('.note-result').textContent()).toBe('OK');
    expect(await note.locator('.latency').textContent()).toMatch(/^\d+ ms$/);
    expect(await note.locator('.time').textContent()).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/);
  });

  it('warns, and keeps the session, when the port refuses DTR', async () => {
    const { page } = s;
    await page.getByTestId('dtr').click();
    await page.getByTestId('status-area').getByText('refused DTR/RTS').waitFor();
    await send(s, 'ATI');
    expect(await (await noteFor(s, 'ATI')).locator('.note-result').textContent()).toBe('OK');
    await screenshot(page, '02-pty-open-at');
  });

  it('imports ma_MQTT.ini with its rows intact and the DeviceSecret masked', async () => {
    const { page } = s;
    await page.getByTestId('load-ini-input').setInputFiles(MA_MQTT);
    await page.getByTestId('command-list').getByText('ma_MQTT.ini').waitFor();
    const rows = page.getByTestId('row');
    expect(await rows.count()).toBe(29);
    const texts = await page.getByTestId('row-text').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(texts.slice(0, 3)).toEqual(['AT', 'AT+CPIN?', 'AT+CREG?']);
    expect(texts[6]).toBe('AT+QICSGP=1,1,"CMNET","","",1');
    expect(texts[9]).toBe('');
    expect(texts[17]).toBe('AT+QMTOPEN=0,"iot-as-mqtt.cn-shanghai.aliyuncs.com",1883');
    expect(texts[27]).toBe('{"method":"thing.event.property.post","id":"1142523359","params":{"PowerSwitch_1":0},"version":"1.0.0"}');
    // The aliauth row keeps product key and device name; its secret never reaches the page.
    expect(texts[15]).toMatch(/^AT\+QMTCFG="aliauth",0,"a1wFylTxYeD","co_0001",/);
    expect(await page.content()).not.toContain(SEED_SECRET);
    expect(await page.getByTestId('run-times').inputValue()).toBe('10');
    expect(await page.getByTestId('delay-time').inputValue()).toBe('1000');
    await screenshot(page, '03-ini-imported');
  });

  it('runs the selected rows and shows each result', async () => {
    const { page } = s;
    await page.getByTestId('run-times').fill('1');
    await page.getByTestId('delay-time').fill('100');
    for (const i of [0, 1, 2]) {
      await page.getByTestId('row-select').nth(i).check();
      await page.getByTestId('row-wait').nth(i).check();
    }
    await page.getByTestId('run').click();
    await page.getByTestId('status-area').getByText('Run finished').waitFor();
    const results = page.getByTestId('row-result');
    for (const i of [0, 1, 2]) expect(await results.nth(i).textContent()).toMatch(/^OK · \d+ ms$/);
    expect(await results.nth(3).textContent()).toBe('');
    await noteFor(s, 'AT+CREG?');
    await screenshot(page, '04-rows-run');
  });

  it('shows the bytes in hex', async () => {
    const { page } = s;
    await page.getByTestId('view-hex').click();
    await page.getByTestId('log-tx').locator('.hex', { hasText: /^41 54 2B 43 50 49 4E 3F 0D 0A$/ }).first().waitFor();
    expect(await page.getByTestId('log-tx').locator('.text').count()).toBe(0);
    await screenshot(page, '05-hex-view');
    await page.getByTestId('view-both').click();
    await page.getByTestId('log-tx').locator('.text').first().waitFor();
    await page.getByTestId('view-text').click();
  });

  it('saves the log to a typed path, continuously', async () => {
    const { page } = s;
    const path = join(scratch, 'session.log');
    await page.getByTestId('save-log').click();
    await page.getByTestId('log-path').fill(path);
    await page.getByTestId('log-start').click();
    await page.getByTestId('log-file').waitFor();
    await send(s, 'AT+CSQ');
    await noteFor(s, 'AT+CSQ');
    await page.getByTestId('save-log').click(); // Stop log: closes the file
    await page.getByTestId('status-area').getByText('Log saved').waitFor();
    const text = readFileSync(path, 'utf8');
    expect(text).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} TX {2}AT\+CPIN\?$/m);
    expect(text).toMatch(/ RX {2}\+CSQ: \d+,\d+$/m);
    expect(text).toMatch(/ -- {2}AT\+CSQ -> OK \(\d+ ms\)$/m);
    expect(text).not.toContain(SEED_SECRET);
  });

  it('sends a file and reports when it is through', async () => {
    const { page } = s;
    await page.getByTestId('send-file-input').setInputFiles({ name: 'payload.txt', mimeType: 'text/plain', buffer: Buffer.from('AT+CSQ\r\n'.repeat(300)) });
    await page.getByTestId('status-area').getByText('Sent payload.txt').waitFor();
    expect(await page.locator('progress').count()).toBe(0);
  });

  it('loads a QCOM script dropped onto the window', async () => {
    const { page } = s;
    const text = readFileSync(resolve(MA_MQTT, '../ma_TCP.ini'), 'latin1');
    await page.evaluate((content) => {
      const data = new DataTransfer();
      data.items.add(new File([content], 'ma_TCP.ini', { type: 'text/plain' }));
      const app = document.querySelector('.app') as HTMLElement;
      app.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: data }));
      app.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: data }));
    }, text);
    await page.getByTestId('command-list').getByText('ma_TCP.ini').waitFor();
    expect(await page.getByTestId('row-text').first().inputValue()).toBe('AT');
    // Back to the MQTT script for what follows.
    await page.getByTestId('load-ini-input').setInputFiles(MA_MQTT);
    await page.getByTestId('command-list').getByText('ma_MQTT.ini').waitFor();
  });

  it('switches the UI to Chinese and remembers it', async () => {
    const { page } = s;
    await page.getByTestId('lang').selectOption('zh-CN');
    await page.getByTestId('send').getByText('发送').waitFor();
    await page.getByTestId('theme').selectOption('dark');
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    expect(await page.getByTestId('open-port').textContent()).toBe('关闭');
    expect(await page.getByTestId('run').textContent()).toBe('运行');
    expect(await page.getByTestId('status-area').textContent()).toContain('已打开');
    await page.reload();
    await page.locator('.app[data-synced="true"]').waitFor();
    expect(await page.getByTestId('send').textContent()).toBe('发送');
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    // The reloaded page caught up from main's snapshot: the log and the list are back.
    await noteFor(s, 'AT+CSQ');
    expect(await page.getByTestId('row').count()).toBe(29);
    await screenshot(page, '06-zh-CN');
  });
});

async function send(s: Session, text: string): Promise<void> {
  await s.page.getByTestId('send-input').fill(text);
  await s.page.getByTestId('send-input').press('Enter');
}

/** The result note of the last command `command` sent. */
async function noteFor(s: Session, command: string) {
  const note = s.page
    .getByTestId('log-note')
    .filter({ has: s.page.locator('.note-command', { hasText: new RegExp(`^${command.replace(/[+?]/g, '\\$&')}$`) }) })
    .last();
  await note.waitFor();
  return note;
}
