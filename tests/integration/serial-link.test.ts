// The serial link over a real pty pair made by socat: the same serialport code path a USB module
// takes, minus the modem-line ioctls a pty refuses.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LinkIoError, LinkOpenError, openSerialLink } from '../../electron/link/serial-link';
import { listPorts } from '../../electron/link/port-list';
import { LinkSupervisor, type SupervisorState } from '../../electron/link/reconnect';
import { systemScheduler } from '../../electron/platform/system-scheduler';
import { DEFAULT_SERIAL, type Link, type LinkClosed } from '../../electron/link/types';
import { concatBytes, latin1Decode, latin1Encode } from '../../shared/bytes';

let dir: string;
let socat: ChildProcess | null = null;
const links: Link[] = [];

async function startSocat(): Promise<{ a: string; b: string }> {
  const a = join(dir, 'ttyAPP');
  const b = join(dir, 'ttySIM');
  socat = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: 'ignore' });
  const deadline = Date.now() + 5000;
  while (!existsSync(a) || !existsSync(b)) {
    if (Date.now() > deadline) throw new Error('socat did not create the pty pair');
    await sleep(10);
  }
  return { a, b };
}

async function open(path: string, opts?: Parameters<typeof openSerialLink>[1]): Promise<Link> {
  const link = await openSerialLink({ ...DEFAULT_SERIAL, path }, opts);
  links.push(link);
  return link;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(5);
  }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'modemdeck-link-'));
});

afterEach(async () => {
  for (const l of links.splice(0)) await l.close();
  socat?.kill('SIGKILL');
  socat = null;
  rmSync(dir, { recursive: true, force: true });
});

describe('serial link over a socat pty pair', () => {
  it('carries a few hundred KB each way, nothing lost or reordered', async () => {
    const { a, b } = await startSocat();
    const [app, sim] = await Promise.all([open(a), open(b)]);
    const received = { app: [] as Uint8Array[], sim: [] as Uint8Array[] };
    app.onData((c) => received.app.push(c.slice()));
    sim.onData((c) => received.sim.push(c.slice()));
    const lines = (tag: string) => Array.from({ length: 16_000 }, (_, i) => `${tag} ${String(i).padStart(6, '0')}\n`).join('');
    const toSim = lines('app->sim');
    const toApp = lines('sim->app');
    const send = async (link: Link, text: string) => {
      for (let i = 0; i < text.length; i += 4096) await link.write(latin1Encode(text.slice(i, i + 4096)));
    };
    await Promise.all([send(app, toSim), send(sim, toApp)]);
    const total = (cs: Uint8Array[]) => cs.reduce((n, c) => n + c.length, 0);
    await until(() => total(received.sim) >= toSim.length && total(received.app) >= toApp.length);
    expect(toSim.length).toBeGreaterThan(200_000);
    expect(latin1Decode(concatBytes(received.sim))).toBe(toSim);
    expect(latin1Decode(concatBytes(received.app))).toBe(toApp);
  });

  it('refuses DTR/RTS on a pty with a readable message and keeps working', async () => {
    const { a, b } = await startSocat();
    const [app, sim] = await Promise.all([open(a), open(b)]);
    const err = await app.setSignals({ dtr: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LinkIoError);
    expect((err as LinkIoError).code).toBe('SIGNALS_UNSUPPORTED');
    expect((err as LinkIoError).message).toMatch(/does not support DTR\/RTS control \(.*Inappropriate ioctl.*\); the session goes on/);
    expect((err as LinkIoError).text.zh).toContain('不支持 DTR/RTS');
    expect(await app.getLines()).toBeNull();
    const got: Uint8Array[] = [];
    sim.onData((c) => got.push(c.slice()));
    await app.write(latin1Encode('AT\r'));
    await until(() => latin1Decode(concatBytes(got)) === 'AT\r');
  });

  it.each([
    ['right after open', false],
    ['while idle after traffic', true],
  ])('reports an unplug (socat killed) %s once, within a second, and fails writes after it', async (_when, traffic) => {
    const { a, b } = await startSocat();
    const app = await open(a);
    if (traffic) {
      const sim = await open(b);
      let got = 0;
      app.onData((c) => (got += c.length));
      await sim.write(latin1Encode('RDY\r\n'));
      await until(() => got === 5);
      await sleep(100);
    }
    const closes: LinkClosed[] = [];
    app.onClose((c) => closes.push(c));
    const killedAt = Date.now();
    socat!.kill('SIGTERM');
    await until(() => closes.length > 0, 1000);
    expect(Date.now() - killedAt).toBeLessThan(1000);
    await sleep(300); // a second close or error event from the stream must not be reported again
    expect(closes).toHaveLength(1);
    expect(closes[0].unplugged).toBe(true);
    expect(closes[0].message).toContain(a);
    const err = await app.write(latin1Encode('AT\r')).catch((e: unknown) => e);
    expect((err as LinkIoError).code).toBe('CLOSED');
  });

  it('reopens the same path by itself when the device comes back', async () => {
    const { a } = await startSocat();
    const supervisor = new LinkSupervisor({ open: () => openSerialLink({ ...DEFAULT_SERIAL, path: a }), scheduler: systemScheduler });
    const states: SupervisorState[] = [];
    supervisor.onState((s) => states.push(s));
    try {
      await supervisor.start();
      socat!.kill('SIGTERM');
      await until(() => states.some((s) => s.phase === 'reconnecting' && s.attempt >= 2)); // a reopen failed
      const { b } = await startSocat();
      await until(() => supervisor.state.phase === 'connected');
      const state = supervisor.state as Extract<SupervisorState, { phase: 'connected' }>;
      expect(state.attempt).toBeGreaterThanOrEqual(2);
      const sim = await open(b);
      const got: Uint8Array[] = [];
      state.link.onData((c) => got.push(c.slice()));
      await sim.write(latin1Encode('\r\nRDY\r\n'));
      await until(() => latin1Decode(concatBytes(got)) === '\r\nRDY\r\n');
    } finally {
      await supervisor.close();
    }
    expect(supervisor.state.phase).toBe('closed');
  });

  it('reports a user close as not unplugged, once, and tolerates a second close', async () => {
    const { a } = await startSocat();
    const app = await open(a);
    const closes: LinkClosed[] = [];
    app.onClose((c) => closes.push(c));
    await app.close();
    await app.close();
    expect(closes).toEqual([{ unplugged: false, message: `${a} closed` }]);
  });

  it('times out a write the module does not take', async () => {
    const { a } = await startSocat();
    // Nobody reads the other end: socat stops taking bytes once the pty buffers are full.
    const app = await open(a, { writeTimeoutMs: 400, maxQueuedBytes: 2 * 1024 * 1024 });
    const results = await Promise.allSettled(Array.from({ length: 16 }, () => app.write(new Uint8Array(64 * 1024))));
    const timeouts = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as LinkIoError);
    expect(timeouts.length).toBeGreaterThan(0);
    expect(timeouts[0].code).toBe('WRITE_TIMEOUT');
    expect(timeouts[0].message).toMatch(/65536 bytes were not accepted within 0.4 s: the module is not reading/);
  });

  it('refuses a write that would overfill the send queue', async () => {
    const { a } = await startSocat();
    const app = await open(a, { maxQueuedBytes: 100 * 1024 });
    const stuck = app.write(new Uint8Array(90 * 1024)).catch(() => undefined); // nobody reads: it stays queued
    const refused = await app.write(new Uint8Array(20 * 1024)).catch((e: unknown) => e);
    expect((refused as LinkIoError).code).toBe('QUEUE_FULL');
    expect((refused as LinkIoError).message).toMatch(/send queue is full \(92160 bytes waiting, limit 102400\)/);
    await app.close();
    await stuck;
  });

  it('names the fix when the port does not exist or is already in use', async () => {
    const missing = await openSerialLink({ ...DEFAULT_SERIAL, path: join(dir, 'ttyUSB9') }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(LinkOpenError);
    expect((missing as LinkOpenError).code).toBe('NOT_FOUND');
    expect((missing as LinkOpenError).message).toBe(`${join(dir, 'ttyUSB9')} does not exist: is the module plugged in?`);

    const { a } = await startSocat();
    await open(a);
    // serialport opens with lock: true (flock LOCK_EX|LOCK_NB), so a second owner is refused.
    const busy = await openSerialLink({ ...DEFAULT_SERIAL, path: a }).catch((e: unknown) => e);
    expect((busy as LinkOpenError).code).toBe('BUSY');
    expect((busy as LinkOpenError).message).toBe(`${a} is in use by another program: close QCOM or the other terminal`);
    expect((busy as LinkOpenError).text.zh).toContain('已被其他程序占用');
  });

  it('says what a path that is not a serial port is, with the baud rate it refused (A8)', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const refused = await openSerialLink({ ...DEFAULT_SERIAL, path: fifo, baudRate: 921600 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(LinkOpenError);
    expect((refused as LinkOpenError).code).toBe('OPEN_FAILED');
    expect((refused as LinkOpenError).message).toBe(`cannot open ${fifo} at 921600 baud: it is a named pipe (FIFO), not a serial port; pick the module's port (ttyUSB*, ttyACM*, COM*)`);
    expect((refused as LinkOpenError).text.zh).toContain('命名管道');
    const folder = await openSerialLink({ ...DEFAULT_SERIAL, path: dir }).catch((e: unknown) => e);
    expect((folder as LinkOpenError).message).toBe(`cannot open ${dir}: it is a folder, not a serial port; pick the module's port (ttyUSB*, ttyACM*, COM*)`);
  });

  it('lists ports on this machine without crashing, with or without udevadm on PATH', async () => {
    const withUdev = await listPorts();
    expect(Array.isArray(withUdev)).toBe(true);
    const savedPath = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const warnings: string[] = [];
      const without = await listPorts({ onWarning: (w) => warnings.push(w) });
      expect(Array.isArray(without)).toBe(true);
      if (process.platform === 'linux') expect(warnings.join('\n')).toMatch(/udevadm/);
    } finally {
      process.env.PATH = savedPath;
    }
  });
});
