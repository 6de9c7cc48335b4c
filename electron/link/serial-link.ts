// A real serial port behind the Link interface. The only importer of 'serialport' in the project.
// What it guards against comes from reliability-checklist.md §3: the port is read in flowing mode
// from the moment it opens (Linux reports an unplug only through a failing read, §3.1), close is
// reported once whatever the port emits, every write has its own timeout and the queue a byte
// budget (a write to a module that does not read never completes, §3.4), and a refused DTR/RTS
// ioctl is a warning the caller can show, not a failure (§3.3).
import { readSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { SerialPort } from 'serialport';
import type { DarwinPortBinding, LinuxPortBinding } from '@serialport/bindings-cpp';
import { unixRead } from '@serialport/bindings-cpp/dist/unix-read.js';
import type { Link, LinkClosed, ModemLines, SerialSettings } from './types';

export interface BilingualText {
  en: string;
  zh: string;
}

export type LinkOpenErrorCode = 'BUSY' | 'FORBIDDEN' | 'NOT_FOUND' | 'OPEN_FAILED' | 'UNAVAILABLE';

/** Opening the port failed; `message` is the English text, `text.zh` the Chinese one. */
export class LinkOpenError extends Error {
  constructor(
    readonly code: LinkOpenErrorCode,
    readonly path: string,
    readonly text: BilingualText,
    /** What the OS said, for diagnostics. */
    readonly detail: string,
  ) {
    super(text.en);
    this.name = 'LinkOpenError';
  }
}

export type LinkIoErrorCode = 'WRITE_TIMEOUT' | 'QUEUE_FULL' | 'CLOSED' | 'WRITE_FAILED' | 'SIGNALS_UNSUPPORTED';

/** A write or a line-control request failed on an open (or just closed) link. */
export class LinkIoError extends Error {
  constructor(
    readonly code: LinkIoErrorCode,
    readonly text: BilingualText,
  ) {
    super(text.en);
    this.name = 'LinkIoError';
  }
}

export interface SerialLinkOptions {
  /** How long one write may wait for the port to take it, queue time included. Default 5 s. */
  writeTimeoutMs?: number;
  /** Bytes allowed to wait in the write queue; a write beyond it is refused. Default 1 MiB. */
  maxQueuedBytes?: number;
  /** Where an exception thrown by an onData/onClose listener goes; default: a process warning. */
  onListenerError?: (err: unknown) => void;
  /** How serialport is loaded (tests: one that fails like a broken native binding). */
  loadSerialPort?: SerialPortLoader;
}

const DEFAULT_WRITE_TIMEOUT_MS = 5000;
const DEFAULT_MAX_QUEUED_BYTES = 1024 * 1024;

/** What a path that refused serial settings really is, when it is plainly not a serial port. */
export type NotSerialKind = 'fifo' | 'file' | 'directory' | 'socket';

const NOT_SERIAL: Record<NotSerialKind, { en: string; zh: string }> = {
  fifo: { en: 'a named pipe (FIFO)', zh: '命名管道（FIFO）' },
  file: { en: 'a regular file', zh: '普通文件' },
  directory: { en: 'a folder', zh: '文件夹' },
  socket: { en: 'a socket', zh: '套接字' },
};

/**
 * Turns what serialport's open said into a message that names the port and the fix. The bindings
 * give no errno code, only text: "Error: Permission denied, cannot open /dev/ttyUSB0", "Error
 * Resource temporarily unavailable Cannot lock port" (flock, the default lock: true), on Windows
 * "Opening COM7: Access denied" (another program holds the port) or "File not found".
 */
export function describeOpenError(
  path: string,
  detail: string,
  platform: string = process.platform,
  /** Known when the open got far enough to set the line: the baud rate asked for and what the path is. */
  context: { baudRate?: number; kind?: NotSerialKind | null } = {},
): LinkOpenError {
  const busy = /cannot lock port|resource busy|device or resource busy|ebusy/i.test(detail) || (platform === 'win32' && /access denied/i.test(detail));
  if (busy) {
    return new LinkOpenError('BUSY', path, {
      en: `${path} is in use by another program: close QCOM or the other terminal`,
      zh: `${path} 已被其他程序占用：请关闭 QCOM 或其他串口终端`,
    }, detail);
  }
  if (/permission denied|operation not permitted|access denied|eacces|eperm/i.test(detail)) {
    return new LinkOpenError('FORBIDDEN', path, {
      en: `permission denied on ${path}: on Linux add yourself to the dialout group (sudo usermod -aG dialout $USER, then log in again)`,
      zh: `没有权限打开 ${path}：Linux 上请把当前用户加入 dialout 组（sudo usermod -aG dialout $USER，然后重新登录）`,
    }, detail);
  }
  if (/no such file|file not found|no such device|enoent|enxio/i.test(detail)) {
    return new LinkOpenError('NOT_FOUND', path, {
      en: `${path} does not exist: is the module plugged in?`,
      zh: `${path} 不存在：模块插好了吗？`,
    }, detail);
  }
  if (context.kind) {
    const what = NOT_SERIAL[context.kind];
    // The baud rate is named when setting it is what failed (a FIFO or a file takes the open itself).
    const baud = /inappropriate ioctl|baud rate/i.test(detail) && context.baudRate ? context.baudRate : null;
    return new LinkOpenError('OPEN_FAILED', path, {
      en: `cannot open ${path}${baud ? ` at ${baud} baud` : ''}: it is ${what.en}, not a serial port; pick the module's port (ttyUSB*, ttyACM*, COM*)`,
      zh: `无法${baud ? `以 ${baud} 波特率` : ''}打开 ${path}：它是${what.zh}，不是串口；请选择模块的串口（ttyUSB*、ttyACM*、COM*）`,
    }, detail);
  }
  if (/inappropriate ioctl|baud rate/i.test(detail)) {
    return new LinkOpenError('OPEN_FAILED', path, {
      en: `cannot open ${path}: it refused the serial settings (${detail}); is it a serial port, and does it support this baud rate?`,
      zh: `无法打开 ${path}：它不接受串口参数（${detail}）；这是串口吗？是否支持该波特率？`,
    }, detail);
  }
  return new LinkOpenError('OPEN_FAILED', path, {
    en: `cannot open ${path}: ${detail}`,
    zh: `无法打开 ${path}：${detail}`,
  }, detail);
}

interface QueuedWrite {
  bytes: Buffer;
  resolve: () => void;
  reject: (err: Error) => void;
  cancelTimer: () => void;
  /** Handed to the port; it leaves the queue only when the port calls back. */
  started: boolean;
  settled: boolean;
}

/** How 'serialport' is loaded; tests stand in a failing loader (a native binding that will not load). */
export type SerialPortLoader = () => Promise<typeof import('serialport')>;

let loadedSerialPort: Promise<typeof SerialPort> | null = null;

/**
 * serialport, loaded on the first open rather than with the app: its native binding can fail to
 * load (an ABI mismatch after an update, a missing prebuild, reliability-checklist A13), and that
 * must cost the real ports only — the app, the virtual module and every capture still work.
 */
export async function loadSerialPort(path: string, load?: SerialPortLoader): Promise<typeof SerialPort> {
  const loading = load ? load().then((m) => m.SerialPort) : (loadedSerialPort ??= import('serialport').then((m) => m.SerialPort));
  try {
    return await loading;
  } catch (err) {
    if (!load) loadedSerialPort = null; // a later open tries again (after a rebuild, say)
    const detail = errorText(err);
    throw new LinkOpenError('UNAVAILABLE', path, {
      en: `serial support failed to load (${detail}): real ports cannot be opened, the virtual EC600S still works; reinstall ModemDeck (from source: npm rebuild @serialport/bindings-cpp)`,
      zh: `串口支持加载失败（${detail}）：无法打开真实串口，虚拟 EC600S 仍可使用；请重新安装 ModemDeck（源码运行：npm rebuild @serialport/bindings-cpp）`,
    }, detail);
  }
}

export async function openSerialLink(settings: SerialSettings, options: SerialLinkOptions = {}): Promise<Link> {
  const { path } = settings;
  const SerialPort = await loadSerialPort(path, options.loadSerialPort);
  const writeTimeoutMs = options.writeTimeoutMs ?? DEFAULT_WRITE_TIMEOUT_MS;
  const maxQueuedBytes = options.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES;
  const reportListenerError = options.onListenerError ?? ((err: unknown) => process.emitWarning(`serial link ${path}: a listener threw: ${String(err)}`));

  let port: SerialPort;
  try {
    port = new SerialPort({
      path,
      baudRate: settings.baudRate,
      dataBits: settings.dataBits,
      parity: settings.parity,
      stopBits: settings.stopBits,
      rtscts: settings.flowControl === 'rtscts',
      xon: settings.flowControl === 'xonxoff',
      xoff: settings.flowControl === 'xonxoff',
      autoOpen: false,
    });
  } catch (err) {
    throw describeOpenError(path, errorText(err));
  }
  await new Promise<void>((resolve, reject) => {
    port.open((err) => {
      if (!err) return resolve();
      void notSerialKind(path).then((kind) => reject(describeOpenError(path, err.message, process.platform, { baudRate: settings.baudRate, kind })));
    });
  });
  readDirectly(port);

  const dataListeners = new Set<(chunk: Uint8Array) => void>();
  const closeListeners = new Set<(closed: LinkClosed) => void>();
  const queue: QueuedWrite[] = [];
  let queuedBytes = 0;
  let closed: LinkClosed | null = null;
  let userClosing = false;
  // serialport's set() fills unspecified lines with its defaults (DTR and RTS on), so remember ours.
  const signals = { dtr: true, rts: true };

  const notify = <T>(listeners: Set<(value: T) => void>, value: T) => {
    for (const listener of listeners) {
      try {
        listener(value);
      } catch (err) {
        reportListenerError(err);
      }
    }
  };

  const settle = (w: QueuedWrite, err?: Error) => {
    if (w.settled) return;
    w.settled = true;
    w.cancelTimer();
    if (err) w.reject(err);
    else w.resolve();
  };

  const dequeue = (w: QueuedWrite) => {
    const at = queue.indexOf(w);
    if (at < 0) return;
    queue.splice(at, 1);
    queuedBytes -= w.bytes.length;
  };

  const pump = () => {
    const w = queue[0];
    if (!w || w.started || closed) return;
    w.started = true;
    port.write(w.bytes, (err) => {
      dequeue(w);
      settle(w, err ? writeFailed(path, err) : undefined);
      pump();
    });
  };

  // Reported exactly once: an unplug may bring a 'close' with a DisconnectedError, then another
  // from stream teardown, plus 'error' and 'end' (reliability-checklist §3.1, verified double close).
  const finish = (info: LinkClosed) => {
    if (closed) return;
    closed = info;
    for (const w of queue.splice(0)) settle(w, closedError(path));
    queuedBytes = 0;
    notify(closeListeners, info);
  };

  const lost = (reason: string) =>
    finish({ unplugged: true, message: `${path} disconnected (${reason}): check the cable and the module's power` });

  // Flowing mode from the first moment: a read in flight is what notices the unplug.
  port.on('data', (chunk: Buffer) => notify(dataListeners, new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length)));
  port.on('close', (err: (Error & { disconnected?: boolean }) | null) => {
    if (userClosing) finish({ unplugged: false, message: `${path} closed` });
    else lost(err?.message ?? 'the port closed');
  });
  // Without a listener an 'error' event would throw. A failure normally ends in 'close' with a
  // better reason; only a port left shut without one (a failed close) is reported from here.
  port.on('error', (err: Error) => {
    setImmediate(() => {
      if (!port.isOpen && !port.closing && !userClosing) lost(err.message);
    });
  });
  // A tty read returning 0 bytes is a hang-up: nothing will come any more.
  port.on('end', () => {
    if (closed || userClosing) return;
    lost('end of data');
    if (port.isOpen) port.close();
  });

  const link: Link = {
    name: path,

    write(bytes) {
      if (closed) return Promise.reject(closedError(path));
      if (bytes.length === 0) return Promise.resolve();
      if (queuedBytes + bytes.length > maxQueuedBytes) {
        return Promise.reject(
          new LinkIoError('QUEUE_FULL', {
            en: `${path}: the send queue is full (${queuedBytes} bytes waiting, limit ${maxQueuedBytes}): the module is not keeping up; wait, or reconnect`,
            zh: `${path}：发送队列已满（${queuedBytes} 字节待发，上限 ${maxQueuedBytes}）：模块来不及接收；请稍候或重新连接`,
          }),
        );
      }
      return new Promise<void>((resolve, reject) => {
        const w: QueuedWrite = { bytes: Buffer.from(bytes), resolve, reject, cancelTimer: () => {}, started: false, settled: false };
        const timer = setTimeout(() => {
          // Not yet handed to the port: it never will be. In flight: it may still go out later.
          if (!w.started) dequeue(w);
          settle(w, new LinkIoError('WRITE_TIMEOUT', {
            en: `${path}: ${bytes.length} bytes were not accepted within ${writeTimeoutMs / 1000} s: the module is not reading (stalled UART, flow control holding, or a hung USB driver)`,
            zh: `${path}：${writeTimeoutMs / 1000} 秒内未能发出 ${bytes.length} 字节：模块没有接收（串口阻塞、流控未放行或 USB 驱动挂起）`,
          }));
        }, writeTimeoutMs);
        w.cancelTimer = () => clearTimeout(timer);
        queue.push(w);
        queuedBytes += w.bytes.length;
        pump();
      });
    },

    close() {
      if (closed) return Promise.resolve();
      userClosing = true;
      return new Promise<void>((resolve) => {
        if (!port.isOpen) {
          finish({ unplugged: false, message: `${path} closed` });
          resolve();
          return;
        }
        port.close(() => {
          // An error here means the port was already gone; either way it is closed now.
          finish({ unplugged: false, message: `${path} closed` });
          resolve();
        });
      });
    },

    setSignals(next) {
      if (closed) return Promise.reject(closedError(path));
      const wanted = { dtr: next.dtr ?? signals.dtr, rts: next.rts ?? signals.rts };
      return new Promise<void>((resolve, reject) => {
        port.set(wanted, (err) => {
          if (!err) {
            Object.assign(signals, wanted);
            resolve();
            return;
          }
          reject(
            new LinkIoError('SIGNALS_UNSUPPORTED', {
              en: `${path} does not support DTR/RTS control (${err.message}); the session goes on without it`,
              zh: `${path} 不支持 DTR/RTS 控制（${err.message}）；会话照常进行`,
            }),
          );
        });
      });
    },

    getLines() {
      if (closed) return Promise.resolve(null);
      return new Promise<ModemLines | null>((resolve) => {
        port.get((err, status) => {
          // serialport reports CTS, DSR and DCD; it has no way to read RI, so RI reads as off.
          resolve(err || !status ? null : { cts: status.cts, dsr: status.dsr, dcd: status.dcd, ri: false });
        });
      });
    },

    onData(listener) {
      dataListeners.add(listener);
      return () => dataListeners.delete(listener);
    },

    onClose(listener) {
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
  };
  return link;
}

/** How long a read waits after a short one (see readDirectly). */
export const READ_COALESCE_MS = 4;
/**
 * A read shorter than this found a slow trickle: the next read is coalesced. A busy port fills most
 * of the tty's 4 KiB line buffer between reads, and a pause there would stall the sender (measured
 * flat out through a pty: no loss of throughput at 512, a third of it at 2048).
 */
const QUIET_READ_BYTES = 512;

/**
 * Three changes to how bindings-cpp reads a Unix port, all through its own unixRead:
 * - The read is synchronous. The port is opened O_NONBLOCK, so a read never waits: it returns what
 *   the tty holds, or fails with EAGAIN and unixRead waits for the poller's readable signal. The
 *   stock read goes through libuv's threadpool, a round trip per chunk that costs more CPU than the
 *   bytes at UART rates (performance-plan.md §5).
 * - After a short read the next one waits READ_COALESCE_MS, so what the module sends meanwhile comes
 *   in one read instead of one wake-up per write (at 921,600 baud in 1 ms writes: 230 reads a second
 *   instead of 800, a third of the CPU). The first bytes after a quiet spell are read at once (the
 *   poller wakes the read); only the rest of a burst waits, less than a USB serial adapter's own
 *   latency timer (FTDI: 16 ms).
 * - A read that returns 0 bytes is a hang-up. unixRead retries a 0-byte read at once, forever; on a
 *   tty in non-blocking raw mode 0 bytes means the other side hung up (socat killed, USB adapter
 *   gone), so when the hang-up beat the next poll the port spun a CPU core and never reported the
 *   unplug (seen here: tens of thousands of empty reads a second after killing socat right after
 *   open). As an error, it closes the stream with a DisconnectedError like any other unplug.
 */
function readDirectly(port: SerialPort): void {
  if (process.platform === 'win32' || !port.port) return;
  const binding = port.port as LinuxPortBinding | DarwinPortBinding;
  keepBothWaits(binding);
  let drained = false;
  const readNowOrHangUp = async (fd: number, buffer: Buffer, offset: number, length: number) => {
    if (drained) {
      drained = false;
      await new Promise((resolve) => setTimeout(resolve, READ_COALESCE_MS));
      // Closed meanwhile: the descriptor number may already belong to another file.
      if (!binding.isOpen || binding.fd !== fd) throw Object.assign(new Error('Port is not open'), { canceled: true });
    }
    const bytesRead = readSync(fd, buffer, offset, length, null);
    if (bytesRead === 0) throw Object.assign(new Error('the port hung up'), { code: 'EOF' });
    drained = bytesRead < Math.min(length, QUIET_READ_BYTES);
    return { bytesRead, buffer };
  };
  binding.read = (buffer, offset, length) =>
    unixRead({ binding, buffer, offset, length, fsReadAsync: readNowOrHangUp as unknown as Parameters<typeof unixRead>[0]['fsReadAsync'] });
}

const UV_READABLE = 0b01;
const UV_WRITABLE = 0b10;

/**
 * bindings-cpp's poller starts libuv's poll with only the event just asked for (poller.cpp:
 * `uv_poll_start(handle, events, ...)`, not the union it keeps), so a read that starts waiting for
 * "readable" while a write waits for "writable" cancels the write's wait. With both directions busy
 * the two ends of a link can each end up watching only for input the other can no longer send: seen
 * here as both writes timing out after 130 KB each way through a pty. Every poll now also asks for
 * the events that still have someone waiting.
 */
function keepBothWaits(binding: LinuxPortBinding | DarwinPortBinding): void {
  const poller = binding.poller as unknown as { poll(flag: number): void; listenerCount(event: string): number } | undefined;
  if (!poller) return;
  const pollOnly = poller.poll.bind(poller);
  poller.poll = (flag: number) =>
    pollOnly(flag | (poller.listenerCount('readable') > 0 ? UV_READABLE : 0) | (poller.listenerCount('writable') > 0 ? UV_WRITABLE : 0));
}

/** The kind of a path that is plainly not a serial port (FIFO, file, folder, socket); null otherwise or unknown. */
async function notSerialKind(path: string): Promise<NotSerialKind | null> {
  const st = await stat(path).catch(() => null);
  if (!st) return null;
  return st.isFIFO() ? 'fifo' : st.isFile() ? 'file' : st.isDirectory() ? 'directory' : st.isSocket() ? 'socket' : null;
}

function closedError(path: string): LinkIoError {
  return new LinkIoError('CLOSED', { en: `${path} is closed: open it again to send`, zh: `${path} 已关闭：请重新打开后再发送` });
}

function writeFailed(path: string, err: Error): LinkIoError {
  return new LinkIoError('WRITE_FAILED', {
    en: `${path}: write failed (${err.message}): the module was probably unplugged`,
    zh: `${path}：写入失败（${err.message}）：模块可能已被拔出`,
  });
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
