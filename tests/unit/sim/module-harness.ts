// The virtual module on a manual clock, with its output collected as text (latin-1, byte for byte).
import { latin1Decode } from '../../../shared/bytes';
import { VirtualModule, type VirtualModuleOptions } from '../../../electron/sim/virtual-module';
import { ManualScheduler } from './manual-scheduler';

export interface Harness {
  module: VirtualModule;
  scheduler: ManualScheduler;
  chunks: Uint8Array[];
  /** Sends text as the host would (no terminator added) and lets `ms` of module time pass. */
  send(text: string | Uint8Array, ms?: number): void;
  /** Everything received since the last take(). */
  take(): string;
}

export function bootedModule(opts: VirtualModuleOptions = {}): Harness {
  const scheduler = new ManualScheduler();
  const module = new VirtualModule({ timing: 'fast', ...opts, scheduler });
  const chunks: Uint8Array[] = [];
  let received = '';
  module.onOutput((chunk) => {
    chunks.push(chunk);
    received += latin1Decode(chunk);
  });
  module.powerOn();
  scheduler.advance(opts.bootDelayMs ?? 0);
  const harness: Harness = {
    module,
    scheduler,
    chunks,
    send(text, ms = 0) {
      module.input(typeof text === 'string' ? new TextEncoder().encode(text) : text);
      scheduler.advance(ms);
    },
    take() {
      const out = received;
      received = '';
      chunks.length = 0;
      return out;
    },
  };
  return harness;
}
