// The built-in virtual EC600S as a Link: the app's port list offers it directly, no pty needed.
// Closing the link powers the module off (its MQTT connections end with it).
import type { VirtualModule } from '../sim/virtual-module';
import type { Link, LinkClosed, ModemLines } from './types';

export const VIRTUAL_PORT_NAME = 'virtual:ec600s';

export function createVirtualLink(module: VirtualModule): Link {
  const dataListeners = new Set<(chunk: Uint8Array) => void>();
  const closeListeners = new Set<(closed: LinkClosed) => void>();
  let closed = false;
  const detach = module.onOutput((chunk) => {
    for (const listener of dataListeners) listener(chunk);
  });
  // Opening the port is switching the module on: the host sees RDY, as after a power cycle.
  module.powerOn();

  return {
    name: VIRTUAL_PORT_NAME,
    async write(bytes) {
      if (closed) throw new Error(`${VIRTUAL_PORT_NAME} is closed: open it again to talk to the virtual module`);
      module.input(bytes);
    },
    async close() {
      if (closed) return;
      closed = true;
      detach();
      await module.close();
      for (const listener of closeListeners) listener({ unplugged: false, message: `${VIRTUAL_PORT_NAME} closed` });
    },
    async setSignals() {
      // A virtual line has no modem control lines to drive; nothing to refuse either.
    },
    async getLines(): Promise<ModemLines> {
      return { cts: true, dsr: true, dcd: true, ri: false };
    },
    onData(listener) {
      dataListeners.add(listener);
      return () => dataListeners.delete(listener);
    },
    onClose(listener) {
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
  };
}
