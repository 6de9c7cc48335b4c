// Reliability checklist A13: serialport's native binding fails to load (an ABI mismatch after an
// update, a missing prebuild). The app still starts and the virtual EC600S still works; opening a
// real port says what failed and what to do, instead of the main process dying at start.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { LinkOpenError, openSerialLink } from '../../electron/link/serial-link';
import { DEFAULT_SERIAL } from '../../electron/link/types';

const here = import.meta.dirname;

describe('serial support that fails to load (A13)', () => {
  it('refuses real ports with the reason and the fix, in en and zh', async () => {
    const failing = () => Promise.reject(new Error('The module was compiled against a different Node.js version (NODE_MODULE_VERSION 127)'));
    const err = await openSerialLink({ ...DEFAULT_SERIAL, path: '/dev/ttyUSB0' }, { loadSerialPort: failing }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LinkOpenError);
    expect((err as LinkOpenError).code).toBe('UNAVAILABLE');
    expect((err as LinkOpenError).message).toMatch(/^serial support failed to load \(The module was compiled .*\): real ports cannot be opened, the virtual EC600S still works; reinstall ModemDeck/);
    expect((err as LinkOpenError).text.zh).toContain('虚拟 EC600S 仍可使用');
  });

  it('leaves the app working: the port list falls back, the virtual module opens', () => {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--import', resolve(here, '../support/no-native-serial.mjs'), resolve(here, 'serial-unavailable.child.ts')],
      { encoding: 'utf8', timeout: 30_000 },
    );
    expect(run.stderr).not.toMatch(/Error \[|Uncaught|at .*serial-link/);
    const out = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
    // The built-in virtual module is always offered, whatever the OS listing did.
    expect(out.ports).toContain('virtual:ec600s');
    expect(out.real.message).toMatch(/^serial support failed to load \(No native build was found/);
    expect(out.virtual).toBe('open');
  });
});
