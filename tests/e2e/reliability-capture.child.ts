// Child of reliability-capture.test.ts: the app's workbench recording a session to a capture
// folder while the host floods the virtual module; the parent SIGKILLs it mid-flood. After each
// command it tells the parent on stdout which sequence number went out, and when.
import { Workbench, VIRTUAL_PORT } from '../../electron/services/workbench';
import { createVirtualLink } from '../../electron/link/virtual-link';
import { VirtualModule } from '../../electron/sim/virtual-module';
import { systemScheduler } from '../../electron/platform/system-scheduler';
import { SecretMasker } from '../../electron/session/secret-mask';
import { DEFAULT_SERIAL } from '../../electron/link/types';

const captureDir = process.argv[2];
const wb = new Workbench({
  scheduler: systemScheduler,
  masker: new SecretMasker(),
  listPorts: async () => [],
  openLink: async () => createVirtualLink(new VirtualModule({ timing: 'fast', bootDelayMs: 5 })),
  captureDir,
});
await wb.openLink({ ...DEFAULT_SERIAL, path: VIRTUAL_PORT });
process.stdout.write('ready\n');
for (let seq = 1; ; seq++) {
  await wb.send(`AT+FLOOD=${seq}`, false, 'crlf');
  process.stdout.write(`sent ${seq} ${Date.now()}\n`);
  // Yield to the timers (the capture's flush tick) the way a busy serial session does.
  if (seq % 20 === 0) await new Promise((r) => setTimeout(r, 1));
}
