// The renderer's only way to main (eslint enforces it). Under Electron the preload put the contract
// on window.modemdeck; under the browser host the same contract runs over a WebSocket, with the
// token from this page's URL. Nothing else in the renderer knows which host it runs under.
import type { ModemDeckApi, Result } from '../shared/contract';
import { COMMAND_NAMES, EVENT_NAMES } from '../shared/contract-names';
import { decodeWire, encodeWire } from '../shared/wire';

declare global {
  interface Window {
    modemdeck?: ModemDeckApi;
  }
}

type Listener = (payload: unknown) => void;

const reconnectListeners = new Set<() => void>();

/** Called after the browser host's socket came back (Electron never drops): resync then. */
export function onHostReconnect(listener: () => void): () => void {
  reconnectListeners.add(listener);
  return () => reconnectListeners.delete(listener);
}

function socketApi(): ModemDeckApi {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?token=${encodeURIComponent(token)}`;
  const pending = new Map<number, (r: Result<unknown>) => void>();
  const listeners = new Map<string, Set<Listener>>();
  let socket: WebSocket | null = null;
  let queue: Uint8Array[] = [];
  let nextId = 1;
  let retryMs = 250;
  let everOpened = false;

  const connect = () => {
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    socket = ws;
    ws.onopen = () => {
      retryMs = 250;
      for (const m of queue) ws.send(m);
      queue = [];
      if (everOpened) reconnectListeners.forEach((l) => l());
      everOpened = true;
    };
    ws.onmessage = (ev) => {
      if (!(ev.data instanceof ArrayBuffer)) return;
      const msg = decodeWire(new Uint8Array(ev.data)) as { id?: number; result?: Result<unknown>; event?: string; payload?: unknown };
      if (typeof msg.id === 'number' && msg.result) {
        pending.get(msg.id)?.(msg.result);
        pending.delete(msg.id);
      } else if (msg.event) {
        listeners.get(msg.event)?.forEach((l) => l(msg.payload));
      }
    };
    ws.onclose = () => {
      socket = null;
      for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'IO', message: 'the connection to ModemDeck was lost: retrying', zh: '与 ModemDeck 的连接已断开：正在重连' } });
      pending.clear();
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  };
  connect();

  const api: Record<string, unknown> = {};
  for (const name of COMMAND_NAMES) {
    api[name] = (payload?: unknown) =>
      new Promise<Result<unknown>>((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        const message = encodeWire({ id, name, payload });
        if (socket && socket.readyState === WebSocket.OPEN) socket.send(message);
        else queue.push(message);
      });
  }
  const on: Record<string, unknown> = {};
  for (const name of EVENT_NAMES) {
    on[name] = (listener: Listener) => {
      const set = listeners.get(name) ?? new Set<Listener>();
      listeners.set(name, set);
      set.add(listener);
      return () => set.delete(listener);
    };
  }
  api.on = on;
  return api as ModemDeckApi;
}

export const api: ModemDeckApi = window.modemdeck ?? socketApi();
