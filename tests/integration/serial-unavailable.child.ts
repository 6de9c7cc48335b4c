// The app's composition in a process where serialport cannot load (serial-unavailable.test.ts).
import { createAppServices } from '../../electron/services/app-services';
import { VIRTUAL_PORT } from '../../electron/services/workbench';
import { DEFAULT_SERIAL } from '../../electron/link/types';

const services = createAppServices();
const wb = services.workbench;
const out: Record<string, unknown> = {};
const listing = await wb.listPorts();
out.ports = listing.ports.map((p) => p.path);
out.real = await wb.openLink({ ...DEFAULT_SERIAL, path: '/dev/ttyUSB0' }).then(() => 'opened', (e: Error & { code?: string }) => ({ code: e.code, message: e.message }));
await wb.openLink({ ...DEFAULT_SERIAL, path: VIRTUAL_PORT });
out.virtual = wb.snapshot().link.phase;
process.stdout.write(`${JSON.stringify(out)}\n`);
await services.dispose();
process.exit(0);
