// Reliability checklist G6: "Save log" started and stopped while the module floods the port. The
// file must be a consistent copy — every line from the screen's first up to the stop, once each, in
// order, whole — and masked, with nothing held up on the serial side while the file opens.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VIRTUAL_PORT, Workbench } from '../../electron/services/workbench';
import { systemScheduler } from '../../electron/platform/system-scheduler';
import { SecretMasker } from '../../electron/session/secret-mask';
import { DEFAULT_SERIAL } from '../../electron/link/types';
import { fakeLink } from '../support/fake-link';

const SECRET = 'Zq81tQ2wE5yU7iO9pA3s';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('Save log during a flood (G6)', () => {
  it('writes every line from the screen up to the stop once, in order, whole and masked', async () => {
    dir = mkdtempSync(join(tmpdir(), 'modemdeck-g6-'));
    const masker = new SecretMasker();
    masker.add(SECRET);
    const { link, emit } = fakeLink(VIRTUAL_PORT);
    const wb = new Workbench({ scheduler: systemScheduler, masker, listPorts: async () => [], openLink: async () => link });
    await wb.openLink({ ...DEFAULT_SERIAL, path: VIRTUAL_PORT });

    // Numbered URCs in 300-byte writes cut anywhere, every tenth carrying the secret.
    let n = 0;
    let pending = '';
    const flood = setInterval(() => {
      while (pending.length < 300) {
        pending += `\r\n+CEREG: 1,"D509","80D413D",7,${n}${n % 10 === 0 ? `,${SECRET}` : ''}\r\n`;
        n++;
      }
      emit(pending.slice(0, 300));
      pending = pending.slice(300);
    }, 1);

    await new Promise((r) => setTimeout(r, 150));
    const path = join(dir, 'flood.log');
    await wb.startLogFile(path);
    await new Promise((r) => setTimeout(r, 300));
    await wb.stopLogFile();
    const sentBeforeStop = n;
    clearInterval(flood);
    await wb.closeLink();

    const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l !== '');
    expect(lines.every((l) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} (RX|TX|--) {2}/.test(l))).toBe(true);
    const numbers = lines.filter((l) => l.includes('+CEREG:')).map((l) => Number(/,7,(\d+)/.exec(l)![1]));
    // From the first line on screen, none missing, none twice, in order, up to what had arrived.
    expect(numbers[0]).toBe(0);
    expect(numbers).toEqual(numbers.map((_, i) => i));
    expect(numbers.length).toBeGreaterThan(200);
    expect(numbers.at(-1)!).toBeLessThan(sentBeforeStop);
    const text = lines.join('\n');
    expect(text).not.toContain(SECRET);
    expect(lines.filter((l) => l.includes('*****************A3s')).length).toBe(numbers.filter((k) => k % 10 === 0).length);
  });
});
