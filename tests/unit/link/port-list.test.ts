// listPorts against stand-in udevadm programs on PATH: the ways the real one fails in the field
// (missing, failing, hanging) and the untrusted descriptor text it passes on.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanText, listPorts } from '../../../electron/link/port-list';

const linuxOnly = process.platform === 'linux' ? describe : describe.skip;

let dir: string;
let savedPath: string | undefined;

function fakeUdevadm(script: string): void {
  const file = join(dir, 'udevadm');
  writeFileSync(file, `#!/bin/sh\n${script}\n`);
  chmodSync(file, 0o755);
  process.env.PATH = `${dir}:/bin:/usr/bin`; // sh, printf and sleep, and this udevadm first
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'modemdeck-ports-'));
  savedPath = process.env.PATH;
});

afterEach(() => {
  process.env.PATH = savedPath;
  rmSync(dir, { recursive: true, force: true });
});

linuxOnly('listPorts on Linux', () => {
  it('falls back to the /dev scan with a note when udevadm is not on PATH', async () => {
    process.env.PATH = dir;
    const warnings: string[] = [];
    const ports = await listPorts({ onWarning: (w) => warnings.push(w) });
    expect(Array.isArray(ports)).toBe(true);
    expect(warnings).toEqual(['udevadm not found: ports found by scanning /dev, without USB descriptions (install udev for them)']);
  });

  it('says so when udevadm fails instead of silently showing nothing', async () => {
    fakeUdevadm('echo "Failed to open /run/udev" >&2; exit 1');
    const warnings: string[] = [];
    await listPorts({ onWarning: (w) => warnings.push(w) });
    expect(warnings).toEqual(['udevadm failed (exit code 1): ports found by scanning /dev']);
  });

  it('gives up on a hanging udevadm in time and ends it and its children', async () => {
    const pidFile = join(dir, 'pid');
    fakeUdevadm(`sleep 30 & echo $! > ${pidFile}; wait`);
    const warnings: string[] = [];
    const started = Date.now();
    const ports = await listPorts({ timeoutMs: 300, onWarning: (w) => warnings.push(w) });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(Array.isArray(ports)).toBe(true);
    expect(warnings).toEqual(['udevadm did not answer within 300 ms: ports found by scanning /dev']);
    const sleeper = Number(readFileSync(pidFile, 'utf8'));
    await new Promise((r) => setTimeout(r, 100));
    expect(isRunning(sleeper)).toBe(false);
  });

  it('keeps descriptor text as plain, trimmed, capped text, one entry per path, in natural order', async () => {
    const entry = (dev: string, vendor: string) =>
      `P: /devices/usb1/${dev}\\nN: ${dev}\\nE: DEVNAME=/dev/${dev}\\nE: ID_VENDOR_ENC=${vendor}\\nE: ID_VENDOR_ID=2c7c\\nE: ID_MODEL_ID=0125\\n\\n`;
    const db =
      entry('ttyUSB10', 'Quectel') +
      // (bindings-cpp splits E: lines at the last '=', so a value holding one is dropped there)
      entry('ttyUSB2', '\\x20<svg onload\\x3dalert(1)>\\x07bell\\x20') +
      entry('ttyUSB2', 'duplicate') +
      entry('ttyUSB3', 'A'.repeat(300));
    fakeUdevadm(`printf '${db}'`);
    const ports = (await listPorts()).filter((p) => p.path.startsWith('/dev/ttyUSB'));
    expect(ports.map((p) => p.path)).toEqual(['/dev/ttyUSB2', '/dev/ttyUSB3', '/dev/ttyUSB10']);
    expect(ports[0]).toEqual({ path: '/dev/ttyUSB2', manufacturer: '<svg onload=alert(1)> bell', vendorId: '2c7c', productId: '0125' });
    expect(ports[1].manufacturer).toBe('A'.repeat(128));
    expect(ports[2].manufacturer).toBe('Quectel');
  });
});

/** Alive and not a zombie waiting for a container's PID 1 to reap it. */
function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('cleanText', () => {
  it('turns control characters into spaces and drops what is empty', () => {
    expect(cleanText('  Quectel\r\nEC600S\u0000 ')).toBe('Quectel  EC600S');
    expect(cleanText(' \t ')).toBeUndefined();
    expect(cleanText(42)).toBeUndefined();
  });
});
