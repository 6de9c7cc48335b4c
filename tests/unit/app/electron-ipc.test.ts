// Every IPC handler refuses foreign senders and malformed payloads, and turns a throwing handler
// into a typed error instead of a crash or a stack trace.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { channelOf, commandNames, type Result } from '../../../shared/contract';
import type { CommandHandlers } from '../../../electron/ipc/dispatch';
import { AppError } from '../../../electron/services/workbench';

const mock = vi.hoisted(() => ({ current: null as null | ReturnType<typeof import('./electron-mock').electronMock> }));
vi.mock('electron', async () => {
  const { electronMock } = await import('./electron-mock');
  mock.current = electronMock();
  return mock.current;
});

const ourContents = { id: 1 };
const otherContents = { id: 2 };
const mainFrame = (url = 'app://modemdeck/index.html') => ({ url, parent: null, detached: false });
const event = (over: Record<string, unknown> = {}) => ({ sender: ourContents, senderFrame: mainFrame(), ...over });

const calls: unknown[] = [];
const handlers = Object.fromEntries(
  commandNames.map((name) => [
    name,
    (req: unknown) => {
      calls.push([name, req]);
      if (name === 'closeLink') throw new Error('port exploded');
      if (name === 'clearLog') throw new AppError('NOT_OPEN', 'no port is open: pick a port and press Open', '串口未打开');
      return 'done';
    },
  ]),
) as unknown as CommandHandlers;

async function call(name: string, ev: unknown, payload?: unknown): Promise<Result<unknown>> {
  const h = mock.current!.handlers.get(channelOf(name as never));
  if (!h) throw new Error(`no handler for ${name}`);
  return (await h(ev, payload)) as Result<unknown>;
}

describe('electron IPC registration', () => {
  beforeAll(async () => {
    const { registerCommands } = await import('../../../electron/ipc/electron-ipc');
    registerCommands(handlers, (c) => c === ourContents);
  });

  it('registers one handler per contract command, in our namespace only', () => {
    expect([...mock.current!.handlers.keys()].sort()).toEqual(commandNames.map(channelOf).sort());
  });

  it('answers our main frame', async () => {
    expect(await call('listPorts', event())).toEqual({ ok: true, value: 'done' });
    expect(await call('send', event(), { text: 'AT', hex: false, enter: 'crlf' })).toEqual({ ok: true, value: 'done' });
  });

  it.each([
    ['a null senderFrame', { senderFrame: null }],
    ['a detached frame', { senderFrame: { ...mainFrame(), detached: true } }],
    ['a child frame', { senderFrame: { ...mainFrame(), parent: mainFrame() } }],
    ['a foreign origin', { senderFrame: mainFrame('https://evil.example/index.html') }],
    ['a file URL', { senderFrame: mainFrame('file:///tmp/index.html') }],
    ['a look-alike host', { senderFrame: mainFrame('app://modemdeck.evil/index.html') }],
    ['another window', { sender: otherContents }],
  ])('refuses %s with FORBIDDEN and never runs the handler', async (_what, over) => {
    calls.length = 0;
    const r = await call('listPorts', event(over));
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(calls).toEqual([]);
  });

  it('refuses payloads that do not match the contract, naming what is wrong', async () => {
    calls.length = 0;
    const bad = [
      ['send', { text: 'AT', hex: 'no', enter: 'crlf' }],
      ['send', { text: 'x'.repeat(64 * 1024 + 1), hex: false, enter: 'crlf' }],
      ['send', { text: 'AT', hex: false, enter: 'crlf', extra: 1 }],
      ['openLink', { settings: { path: '/dev/ttyUSB0', baudRate: -1, dataBits: 8, parity: 'none', stopBits: 1, flowControl: 'none' } }],
      ['listPorts', { unexpected: true }],
      ['setScript', JSON.parse('{"rows":[],"settings":{"runTimes":1,"delayMs":0},"__proto__":{"polluted":1}}')],
    ] as const;
    for (const [name, payload] of bad) {
      const r = await call(name, event(), payload);
      expect(r, name).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
      if (!r.ok) expect(r.error.message).toContain(name);
    }
    expect(calls).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('turns a throwing handler into a typed error', async () => {
    expect(await call('closeLink', event())).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'port exploded' } });
    expect(await call('clearLog', event())).toEqual({
      ok: false,
      error: { code: 'NOT_OPEN', message: 'no port is open: pick a port and press Open', zh: '串口未打开' },
    });
  });

  it('never throws, whatever the payload', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...commandNames), fc.anything(), async (name, payload) => {
        const r = await call(name, event(), payload);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });
});
