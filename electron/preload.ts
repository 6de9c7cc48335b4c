// The renderer's only door to main: one method per contract command and one subscription per
// contract event, generated from shared/contract, on window.modemdeck. Nothing generic (no raw
// ipcRenderer, no channel parameter) crosses the bridge (Electron docs, context isolation). Bundled
// to one CommonJS file, as a sandboxed preload can require only 'electron'.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ModemDeckApi } from '../shared/contract';
import { channelOf, COMMAND_NAMES as commandNames, EVENT_NAMES as eventNames } from '../shared/contract-names';

type IpcLike = Pick<typeof ipcRenderer, 'invoke' | 'on' | 'removeListener'>;

export function buildApi(ipc: IpcLike): ModemDeckApi {
  const api: Record<string, unknown> = {};
  for (const name of commandNames) {
    const channel = channelOf(name);
    // Exactly one argument is forwarded, whatever the page passes.
    api[name] = (req?: unknown) => ipc.invoke(channel, req);
  }
  const on: Record<string, unknown> = {};
  for (const name of eventNames) {
    const channel = channelOf(name);
    on[name] = (listener: (payload: unknown) => void) => {
      const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipc.on(channel, wrapped);
      return () => {
        ipc.removeListener(channel, wrapped);
      };
    };
  }
  api.on = on;
  return api as ModemDeckApi;
}

contextBridge.exposeInMainWorld('modemdeck', buildApi(ipcRenderer));
