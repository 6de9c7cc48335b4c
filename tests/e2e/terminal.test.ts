// A user opens the port, types AT and sees OK with its time and latency.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, screenshot, type Session } from './harness';

describe('terminal through the browser host', () => {
  let s: Session;
  beforeAll(async () => {
    s = await openSession();
  }, 60_000);
  afterAll(async () => {
    await s?.close();
  });

  it('opens the virtual module, sends AT and shows OK with timestamp and latency', async () => {
    const { page } = s;
    await page.getByTestId('port-path').fill('virtual:ec600s');
    await page.getByTestId('open-port').click();
    await page.getByTestId('open-port').getByText('Close').waitFor({ timeout: 5000 });
    // The module answers once it has booted (RDY, then its boot URCs).
    await page.getByTestId('log-rx').filter({ hasText: 'PB DONE' }).waitFor({ timeout: 8000 });
    await page.getByTestId('send-input').fill('AT');
    await page.getByTestId('send-input').press('Enter');

    const note = page.getByTestId('log-note').filter({ has: page.locator('.note-command', { hasText: /^AT$/ }) }).last();
    await note.waitFor();
    expect(await note.locator('.note-result').textContent()).toBe('OK');
    expect(await note.locator('.latency').textContent()).toMatch(/^\d+ ms$/);
    const ok = page.getByTestId('log-rx').filter({ has: page.locator('.text', { hasText: /^OK$/ }) }).last();
    expect(await ok.locator('.time').textContent()).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/);
    const sent = page.getByTestId('log-tx').filter({ has: page.locator('.text', { hasText: /^AT$/ }) });
    expect(await sent.count()).toBe(1);
    await screenshot(page, '01-at-ok');
  });
});
