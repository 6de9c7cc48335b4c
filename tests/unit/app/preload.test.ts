// The preload exposes exactly one method per contract command and one subscription per event,
// each bound to its own channel, and nothing generic.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { channelOf, commandNames, eventNames, type ModemDeckApi, type StreamBatch } from '../../../shared/contract';

const mock = vi.hoisted(() => ({ current: null as null | ReturnType<typeof import('./electron-mock').electronMock> }));
vi.mock('electron', async () => {
  const { electronMock } = await import('./electron-mock');
  mock.current = electronMock();
  return mock.current;
});

describe('preload', () => {
  let api: ModemDeckApi;
  beforeAll(async () => {
    await import('../../../electron/preload');
    api = mock.current!.exposed.modemdeck as ModemDeckApi;
  });

  it('exposes window.modemdeck only, with the contract surface and nothing else', () => {
    expect(mock.current!.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect(Object.keys(mock.current!.exposed)).toEqual(['modemdeck']);
    expect(Object.keys(api).sort()).toEqual([...commandNames, 'on'].sort());
    expect(Object.keys(api.on).sort()).toEqual([...eventNames].sort());
    for (const generic of ['invoke', 'sendSync', 'ipcRenderer', 'postMessage', 'removeListener']) expect(api).not.toHaveProperty(generic);
  });

  it('sends each command on its own channel with exactly one argument', async () => {
    const invoke = mock.current!.ipcRenderer.invoke;
    for (const name of commandNames) {
      invoke.mockClear();
      await (api[name] as (req?: unknown, extra?: unknown) => Promise<unknown>)({ probe: name }, 'smuggled');
      expect(invoke).toHaveBeenCalledTimes(1);
      expect(invoke.mock.calls[0]).toEqual([channelOf(name), { probe: name }]);
    }
  });

  it('delivers pushes to a subscriber until it unsubscribes, without the IPC event object', () => {
    const got: unknown[] = [];
    const off = api.on.stream((b) => got.push(b));
    const channel = channelOf('stream');
    const batch = { seq: 1 } as StreamBatch;
    for (const l of mock.current!.rendererListeners.get(channel) ?? []) l({ sender: 'ipc event' }, batch);
    off();
    for (const l of mock.current!.rendererListeners.get(channel) ?? []) l({ sender: 'ipc event' }, { seq: 2 });
    expect(got).toEqual([batch]);
  });
});
