// Serves the virtual module on a serial device (one end of a socat pty pair, a com0com port...),
// through the same serial link the app uses.
import { openSerialLink } from '../link/serial-link';
import { DEFAULT_SERIAL } from '../link/types';
import type { VirtualModule } from './virtual-module';

export interface PortAttachment {
  readonly path: string;
  /** The device went away (socat killed, cable pulled) rather than close() being called. */
  onLost(listener: (message: string) => void): void;
  /** Detaches the module and closes the port (the module itself stays as it is). */
  close(): Promise<void>;
}

export async function attachModuleToPort(module: VirtualModule, path: string, baudRate = 115200): Promise<PortAttachment> {
  let link;
  try {
    link = await openSerialLink({ ...DEFAULT_SERIAL, path, baudRate });
  } catch (err) {
    throw new Error(`cannot open ${path} for the virtual module: ${(err as Error).message}`, { cause: err });
  }
  let closing = false;
  const lostListeners: ((message: string) => void)[] = [];
  const detachOutput = module.onOutput((chunk) => {
    // The host may be gone already; the link reports that through onClose.
    link.write(chunk).catch(() => undefined);
  });
  const detachInput = link.onData((chunk) => module.input(chunk));
  link.onClose((closed) => {
    detachOutput();
    detachInput();
    if (!closing) for (const listener of lostListeners) listener(`${path} went away: ${closed.message}`);
  });
  module.powerOn();
  return {
    path,
    onLost(listener) {
      lostListeners.push(listener);
    },
    async close() {
      if (closing) return;
      closing = true;
      detachOutput();
      detachInput();
      await link.close();
    },
  };
}
