// The serial ports worth offering, from the OS enumeration merged with a scan of /dev. Never
// crashes and never hangs (reliability-checklist §3.2, A6):
// - On Linux, serialport's list() runs `udevadm info -e` (bindings-cpp linux-list). With udevadm
//   missing it rejects with "spawn udevadm ENOENT", which kills a Node process (unhandled
//   rejection) unless caught; when udevadm exits non-zero the list silently resolves empty (its
//   stdout ends before the exit code is looked at); when udevadm hangs the promise never settles
//   and the child keeps the process alive. So: look for udevadm on PATH first, run the same
//   bindings-cpp lister with a spawn we hold on to, check the exit code, and kill it on a timeout.
// - Containers and minimal systems have no udev at all: the /dev scan finds the ports anyway.
// Descriptions come from USB descriptors a device can set to anything: plain text, trimmed, capped.
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, readdir, readFile, realpath } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import type { PortInfo } from './types';

export interface ListPortsOptions {
  /** Also offer /dev/pts/* (socat pairs and other pseudo-terminals). */
  includePseudoTerminals?: boolean;
  /** How long the OS enumeration may take before the /dev scan alone is used. Default 3 s. */
  timeoutMs?: number;
  /** Why the list may be incomplete (udevadm missing, failed or too slow): show it, don't fail. */
  onWarning?: (message: string) => void;
}

const DEFAULT_TIMEOUT_MS = 3000;
const MAX_DESCRIPTION = 128;
/** The device names bindings-cpp accepts on Linux, except ttyS (only real UARTs, see below). */
const LINUX_PORT = /^(tty(USB|ACM|AMA|WCH|MFD|O|XRUSB)\d+|rfcomm\d+)$/;
const LINUX_UART = /^ttyS\d+$/;

export async function listPorts(options: ListPortsOptions = {}): Promise<PortInfo[]> {
  const warn = (message: string) => {
    try {
      options.onWarning?.(message);
    } catch {
      // a broken warning sink must not take the port list down with it
    }
  };
  const [enumerated, scanned] = await Promise.all([
    enumerate(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, warn).catch((err: unknown) => {
      warn(`serial port enumeration failed (${messageOf(err)}): showing the ports found in /dev`);
      return [];
    }),
    scanDev(options.includePseudoTerminals ?? false).catch(() => []),
  ]);
  return mergePorts([...enumerated, ...scanned]);
}

/** One entry per path (the first, richest source wins), only real ports, in natural path order. */
async function mergePorts(ports: PortInfo[]): Promise<PortInfo[]> {
  const byPath = new Map<string, PortInfo>();
  for (const port of ports) {
    const clean = cleanPort(port);
    if (clean && !byPath.has(clean.path)) byPath.set(clean.path, clean);
  }
  const real = await Promise.all([...byPath.values()].map(async (p) => ((await isPhantomUart(p.path)) ? null : p)));
  return real.filter((p): p is PortInfo => p !== null).sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }));
}

function cleanPort(port: PortInfo): PortInfo | null {
  const path = cleanText(port.path);
  if (!path) return null;
  const out: PortInfo = { path };
  for (const key of ['manufacturer', 'serialNumber', 'vendorId', 'productId'] as const) {
    const value = cleanText(port[key]);
    if (value) out[key] = value;
  }
  return out;
}

/** Untrusted descriptor text: no control characters, trimmed, at most 128 characters. */
export function cleanText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  // eslint-disable-next-line no-control-regex
  const text = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim().slice(0, MAX_DESCRIPTION).trim();
  return text || undefined;
}

/**
 * Linux creates /dev/ttyS0..31 whether or not a UART sits behind them; sysfs says which are real
 * (type 0 is PORT_UNKNOWN). Without sysfs we cannot tell and keep the port.
 */
async function isPhantomUart(path: string): Promise<boolean> {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (process.platform !== 'linux' || !path.startsWith('/dev/') || !LINUX_UART.test(name)) return false;
  try {
    return (await readFile(`/sys/class/tty/${name}/type`, 'utf8')).trim() === '0';
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' && (await exists(`/sys/class/tty`));
  }
}

async function enumerate(timeoutMs: number, warn: (message: string) => void): Promise<PortInfo[]> {
  if (process.platform === 'linux') return enumerateWithUdevadm(timeoutMs, warn);
  // macOS and Windows enumerate through the native binding, which spawns nothing.
  const { autoDetect } = await import('@serialport/bindings-cpp');
  return withTimeout(autoDetect().list(), timeoutMs, () => warn(`serial port enumeration took longer than ${timeoutMs} ms: showing the ports found in /dev`), []);
}

async function enumerateWithUdevadm(timeoutMs: number, warn: (message: string) => void): Promise<PortInfo[]> {
  if (!(await findOnPath('udevadm'))) {
    warn('udevadm not found: ports found by scanning /dev, without USB descriptions (install udev for them)');
    return [];
  }
  const { linuxList } = await import('@serialport/bindings-cpp/dist/linux-list.js');
  let exitCode: Promise<number | null> = Promise.resolve(null);
  let kill = () => {};
  const heldSpawn = ((command: string, args: readonly string[]) => {
    // Its own process group, so a timeout ends udevadm and anything it started; our end of the
    // pipe is closed too, or a leftover writer would keep this process alive.
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'], detached: true });
    exitCode = new Promise((resolve) => {
      child.on('close', (code) => resolve(code));
      child.on('error', () => resolve(null));
    });
    kill = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      child.stdout?.destroy();
    };
    return child;
  }) as typeof spawn;
  const listed = await withTimeout(linuxList(heldSpawn), timeoutMs, () => {
    kill();
    warn(`udevadm did not answer within ${timeoutMs} ms: ports found by scanning /dev`);
  }, null);
  if (listed === null) return [];
  const code = await withTimeout(exitCode, timeoutMs, kill, null);
  if (code) warn(`udevadm failed (exit code ${code}): ports found by scanning /dev`);
  return listed;
}

async function scanDev(includePseudoTerminals: boolean): Promise<PortInfo[]> {
  const found: string[] = [];
  const names = await readdir('/dev').catch(() => [] as string[]);
  if (process.platform === 'darwin') {
    found.push(...names.filter((n) => n.startsWith('cu.')).map((n) => `/dev/${n}`));
  } else if (process.platform === 'linux') {
    found.push(...names.filter((n) => LINUX_PORT.test(n) || LINUX_UART.test(n)).map((n) => `/dev/${n}`));
    // Stable names udev made earlier point at the device itself; offer the device once.
    const byId = await readdir('/dev/serial/by-id').catch(() => [] as string[]);
    for (const link of byId) {
      const target = await realpath(join('/dev/serial/by-id', link)).catch(() => null);
      if (target) found.push(target);
    }
  }
  if (includePseudoTerminals && process.platform !== 'win32') {
    const pts = await readdir('/dev/pts').catch(() => [] as string[]);
    found.push(...pts.filter((n) => /^\d+$/.test(n)).map((n) => `/dev/pts/${n}`));
  }
  return found.map((path) => ({ path }));
}

async function findOnPath(command: string): Promise<string | null> {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, command);
    if (await access(candidate, constants.X_OK).then(() => true, () => false)) return candidate;
  }
  return null;
}

function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

/** The promise's value, or `fallback` (after calling onTimeout) when it takes longer than `ms`. */
function withTimeout<T, F>(promise: Promise<T>, ms: number, onTimeout: () => void, fallback: F): Promise<T | F> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout();
      resolve(fallback);
    }, ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
