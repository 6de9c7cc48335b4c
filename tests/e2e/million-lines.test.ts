// The terminal with a million lines: the page holds only the rows on screen, scrolling reaches the
// first, middle and last line, search jumps across the log, and new lines still follow. Main's
// side is a stand-in that answers the snapshot with a million lines (the AT pipeline would need
// half a minute to produce them here); the renderer, host and wire are the real ones.
// (Frame-time goals belong in benches, not here.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandNames, type SessionSnapshot, type StreamBatch } from '../../shared/contract';
import { DIR_RX, LogStore } from '../../shared/log-store';
import type { CommandHandlers } from '../../electron/ipc/dispatch';
import { openInProcess, screenshot } from './harness';

const LINES = 1_000_000;
// Short lines keep the snapshot small (Chromium takes a 40 MB WebSocket message slowly on a busy
// 2-core machine); what is tested is the count, not the width.
const line = (n: number) => `+N: ${n}\r\n`;

describe('a million lines in the terminal', () => {
  let s: Awaited<ReturnType<typeof openInProcess>>;
  const log = new LogStore();
  const enc = new TextEncoder();
  let push: (b: StreamBatch) => void = () => {};

  beforeAll(async () => {
    const t0 = 1_700_000_000_000;
    for (let n = 0; n < LINES; n++) log.append(DIR_RX, t0 + n, enc.encode(line(n)));
    const snapshot: SessionSnapshot = {
      seq: 1,
      log: log.pack(0),
      facts: [],
      notices: [],
      link: { phase: 'open', name: '/dev/ttyUSB0', settings: null, dtr: true, rts: true, lines: null, txBytes: 0, rxBytes: 0 },
      run: { running: false, rowId: null, loop: 0, runTimes: 0, outcomes: {} },
      transfer: null,
      logFile: null,
      script: { name: '', rows: [], settings: { runTimes: 1, delayMs: 1000 } },
      dialogs: false,
    };
    const handlers = Object.fromEntries(commandNames.map((n) => [n, () => undefined])) as unknown as CommandHandlers;
    handlers.snapshot = () => snapshot;
    s = await openInProcess({
      handlers,
      subscribe: (_name, listener) => {
        push = listener;
        return () => (push = () => {});
      },
    });
  }, 60_000);

  afterAll(async () => {
    await s?.close();
  });

  it('shows the tail with only the visible rows in the page', async () => {
    const { page } = s;
    const view = page.getByTestId('log-view');
    await page.waitForFunction((n) => document.querySelector('[data-testid="log-view"]')?.getAttribute('data-lines') === String(n), LINES);
    await page.locator('[data-testid="log-rx"] .text', { hasText: new RegExp(`^\\+N: ${LINES - 1}$`) }).waitFor();
    expect(await page.locator('.log-row').count()).toBeLessThan(120);
    expect(await view.evaluate((el) => el.scrollHeight)).toBeLessThan(20_000_000);
    await screenshot(page, '07-million-lines-tail');
  });

  it('reaches the first and the middle line by scrolling', async () => {
    const { page } = s;
    const view = page.getByTestId('log-view');
    await view.evaluate((el) => (el.scrollTop = 0));
    await page.locator('[data-testid="log-rx"] .text', { hasText: /^\+N: 0$/ }).waitFor();
    await view.evaluate((el) => (el.scrollTop = (el.scrollHeight - el.clientHeight) / 2));
    await page.waitForFunction(() => {
      const first = document.querySelector('[data-testid="log-rx"] .text')?.textContent ?? '';
      const n = Number(/\+N: (\d+)/.exec(first)?.[1] ?? -1);
      return Math.abs(n - 500_000) < 10_000;
    });
  });

  it('jumps to a search hit far away, and follows new lines again', async () => {
    const { page } = s;
    await page.getByTestId('search').fill('N: 123456');
    await page.getByTestId('search').press('Enter');
    await page.locator('.log-row.hit .text', { hasText: /^\+N: 123456$/ }).waitFor();
    await screenshot(page, '08-million-lines-search');
    await page.getByRole('button', { name: 'Follow' }).click();
    const extra = new LogStore();
    extra.reset(LINES);
    extra.append(DIR_RX, Date.now(), enc.encode('+QMTSTAT: 0,1\r\n'));
    push({ seq: 2, log: extra.pack(LINES), facts: [], notices: [] });
    await page.getByTestId('log-rx').filter({ hasText: '+QMTSTAT: 0,1' }).waitFor();
    expect(await page.getByTestId('log-view').getAttribute('data-lines')).toBe(String(LINES + 1));
  });
});
