// A hand-written stand-in for the 'electron' module (the binary cannot be installed here): just
// enough of contextBridge, ipcRenderer, ipcMain, BrowserWindow and protocol for the units that
// import it. Tests install it with vi.mock('electron', () => electronMock()).
import { vi } from 'vitest';

export type Handler = (event: unknown, ...args: unknown[]) => unknown;

export function electronMock() {
  const handlers = new Map<string, Handler>();
  const exposed: Record<string, unknown> = {};
  const rendererListeners = new Map<string, Set<(...args: unknown[]) => void>>();
  return {
    handlers,
    exposed,
    rendererListeners,
    contextBridge: { exposeInMainWorld: vi.fn((key: string, api: unknown) => (exposed[key] = api)) },
    ipcRenderer: {
      invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, value: null })),
      on: vi.fn((channel: string, l: (...args: unknown[]) => void) => {
        const set = rendererListeners.get(channel) ?? new Set();
        set.add(l);
        rendererListeners.set(channel, set);
      }),
      removeListener: vi.fn((channel: string, l: (...args: unknown[]) => void) => rendererListeners.get(channel)?.delete(l)),
      send: vi.fn(),
      sendSync: vi.fn(),
    },
    ipcMain: {
      handle: vi.fn((channel: string, h: Handler) => handlers.set(channel, h)),
      removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
    },
    BrowserWindow: vi.fn(),
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    net: { fetch: vi.fn() },
    dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn() },
  };
}
