// reliability-checklist D5 for the IPC boundary: an error's text often quotes its input (a path, a
// command name, a parse error), and that input may hold a secret the app knows. Every error that
// leaves through dispatch goes through the app's secret masker, whatever produced it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dispatch, type CommandHandlers } from '../../../electron/ipc/dispatch';
import { createHandlers, typedPathsOnly } from '../../../electron/ipc/handlers';
import { Workbench } from '../../../electron/services/workbench';
import { systemScheduler } from '../../../electron/platform/system-scheduler';
import { SecretMasker } from '../../../electron/session/secret-mask';
import { latin1Decode } from '../../../shared/bytes';
import { encodeWire } from '../../../shared/wire';
import type { Result } from '../../../shared/contract';

const CANARY = 'Zq8ErrCanaryS3cretVx51';

let dir: string;
const masker = new SecretMasker();
let workbench: Workbench;
let handlers: CommandHandlers;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'modemdeck-errmask-'));
  workbench = new Workbench({ scheduler: systemScheduler, masker, listPorts: async () => [], openLink: async () => { throw new Error('no port in this test'); } });
  handlers = createHandlers(workbench, typedPathsOnly);
  // The app learns the secret the way it does in use: a command-list row that carries it.
  const row = { id: 0, selected: true, text: `AT+QMTCFG="aliauth",0,"a1ErrPK","dev01","${CANARY}"`, hex: false, enter: true, delayMs: 0, waitForResult: false };
  expect(await dispatch(handlers, 'setScript', { rows: [row], settings: { runTimes: 1, delayMs: 0 } })).toMatchObject({ ok: true });
});

afterAll(async () => {
  await workbench.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** The error as the renderer receives it (the wire form), checked for the canary; its code and a readable message stay. */
function expectMasked(result: Result<unknown>, code: string): string {
  expect(result).toMatchObject({ ok: false, error: { code } });
  const wire = latin1Decode(encodeWire(result));
  expect(wire.includes(CANARY), `the ${code} error carries the secret in clear`).toBe(false);
  return result.ok ? '' : result.error.message;
}

describe('errors that leave through IPC dispatch are masked', () => {
  it('a file error naming a path that holds the secret', async () => {
    const path = join(dir, `no-such-folder-${CANARY}`, 'script.ini');
    const message = expectMasked(await dispatch(handlers, 'loadScript', { source: 'path', path }), 'NOT_FOUND');
    // Still says what and where, with the secret's last characters (Signal-style masking).
    expect(message).toContain(`no-such-folder-${'*'.repeat(CANARY.length - 3)}${CANARY.slice(-3)}`);
    expect(message).toContain('does not exist');
  });

  it('a log file that cannot be created under such a path', async () => {
    expectMasked(await dispatch(handlers, 'startLogFile', { target: { source: 'path', path: join(dir, CANARY, 'x', 'session.log') } }), 'NOT_FOUND');
  });

  it('an unknown command whose name is the secret', async () => {
    expectMasked(await dispatch(handlers, CANARY, undefined), 'UNKNOWN_COMMAND');
  });

  it('a handler that throws a plain Error quoting the secret', async () => {
    const leaky: CommandHandlers = createHandlers(workbench, {
      dialogs: true,
      pickPath: async () => {
        throw new Error(`dialog failed for ${CANARY}`);
      },
    });
    expectMasked(await dispatch(leaky, 'startLogFile', { target: { source: 'dialog' } }), 'INTERNAL');
  });

  it('an answer that carries an error of its own: a port listing that failed', async () => {
    // The same session masker, as the app shares one between its services.
    const failing = new Workbench({
      scheduler: systemScheduler,
      masker,
      listPorts: async () => {
        throw new Error(`udevadm: cannot read /run/udev/${CANARY}`);
      },
      openLink: async () => {
        throw new Error('no port in this test');
      },
    });
    try {
      const result = await dispatch(createHandlers(failing, typedPathsOnly), 'listPorts', undefined);
      expect(result).toMatchObject({ ok: true, value: { ports: [expect.objectContaining({ virtual: true })], error: expect.stringContaining('udevadm: cannot read') } });
      expect(latin1Decode(encodeWire(result)).includes(CANARY), 'the port listing error carries the secret in clear').toBe(false);
    } finally {
      await failing.dispose();
    }
  });

  it('an app error that quotes the input in English and in Chinese', async () => {
    const result = await dispatch(handlers, 'exportUnfinishedCapture', { capture: join(dir, `${CANARY}.jsonl`), target: { source: 'path', path: join(dir, 'out.log') } });
    expectMasked(result, 'NOT_FOUND');
    expect(result.ok ? '' : result.error.zh).toContain('不是未完成的抓包');
  });
});
