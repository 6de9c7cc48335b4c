// The composition both hosts share (Electron main and the browser host): the workbench over real
// serial ports, plus the built-in virtual EC600S whose MQTT goes to a local hub started in-process
// on first use (offline mode), so the app works with no module and no internet.
import type { Scheduler } from '../../shared/clock';
import type { Link, SerialSettings } from '../link/types';
import { listPorts } from '../link/port-list';
import { openSerialLink } from '../link/serial-link';
import { createVirtualLink } from '../link/virtual-link';
import { LocalHub } from '../sim/hub';
import { VirtualModule, offlineBroker } from '../sim/virtual-module';
import { systemScheduler } from '../platform/system-scheduler';
import { SecretMasker } from '../session/secret-mask';
import { VIRTUAL_PORT, Workbench } from './workbench';

export interface AppServices {
  workbench: Workbench;
  /** The session's masker: what anything leaving the process (crash reports too) is masked with. */
  masker: SecretMasker;
  /** Closes the port, the log file and the local hub. */
  dispose(): Promise<void>;
}

export interface AppServicesOptions {
  scheduler?: Scheduler;
  /** Port of the local hub; 0 (default) picks a free one. */
  hubPort?: number;
  /** Where every session is recorded (masked); none: sessions are not recorded. */
  captureDir?: string;
}

export function createAppServices(opts: AppServicesOptions = {}): AppServices {
  const scheduler = opts.scheduler ?? systemScheduler;
  let hub: Promise<LocalHub> | null = null;
  let portListWarning: string | null = null;

  const startHub = (): Promise<LocalHub> => {
    hub ??= LocalHub.start({ port: opts.hubPort ?? 0 }).then(
      (h) => {
        workbench.notify('info', 'hub.started', `127.0.0.1:${h.port}`);
        return h;
      },
      (err: unknown) => {
        hub = null;
        throw err;
      },
    );
    return hub;
  };

  const openLink = async (settings: SerialSettings): Promise<Link> => {
    if (settings.path !== VIRTUAL_PORT) return openSerialLink(settings);
    const local = await startHub();
    const module = new VirtualModule({ scheduler, resolveBroker: offlineBroker(local.port) });
    return createVirtualLink(module);
  };

  const masker = new SecretMasker();
  const workbench = new Workbench({
    scheduler,
    captureDir: opts.captureDir,
    masker,
    openLink,
    listPorts: async () => {
      portListWarning = null;
      const ports = await listPorts({ onWarning: (m) => (portListWarning = m) });
      if (ports.length === 0 && portListWarning) throw new Error(portListWarning);
      return ports;
    },
  });

  return {
    workbench,
    masker,
    async dispose() {
      await workbench.dispose();
      if (hub) await (await hub.catch(() => null))?.close();
    },
  };
}
