import { expect, it } from 'vitest';
import { latin1Decode } from '../../../shared/bytes';
import { createVirtualLink } from '../../../electron/link/virtual-link';
import { VirtualModule } from '../../../electron/sim/virtual-module';
import { ManualScheduler } from './manual-scheduler';

it('offers the virtual module as a Link: RDY on open, AT answered, close powers it off', async () => {
  const scheduler = new ManualScheduler();
  const module = new VirtualModule({ timing: 'fast', scheduler });
  const link = createVirtualLink(module);
  let received = '';
  link.onData((chunk) => (received += latin1Decode(chunk)));
  const closes: unknown[] = [];
  link.onClose((c) => closes.push(c));

  expect(link.name).toBe('virtual:ec600s');
  scheduler.advance(0);
  expect(received).toMatch(/^\r\nRDY\r\n/);
  received = '';
  await link.write(new TextEncoder().encode('AT\r'));
  scheduler.advance(0);
  expect(received).toBe('AT\r\r\nOK\r\n');

  await expect(link.setSignals({ dtr: true, rts: false })).resolves.toBeUndefined();
  expect(await link.getLines()).toEqual({ cts: true, dsr: true, dcd: true, ri: false });

  await link.close();
  expect(closes).toEqual([{ unplugged: false, message: 'virtual:ec600s closed' }]);
  await expect(link.write(new Uint8Array([0x41]))).rejects.toThrow('virtual:ec600s is closed');
});
