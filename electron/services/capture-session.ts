// Every session is recorded, masked, to a capture in the app's data folder (reliability-checklist
// §5, "nothing lost"). The CaptureWriter makes each file crash-safe to about a second; this file
// adds what the app needs around it: one capture per opened link, named by time and port, and a
// sidecar "<capture>.open" that exists while the capture is being written. A clean close removes
// the sidecar, so at the next start a capture that still has one was cut by a crash (or SIGKILL)
// and is offered for recovery. A sidecar was chosen over a trailing close record because the
// capture format (shared/fixtures/README.md) has no such record and older readers would reject it.
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Scheduler } from '../../shared/clock';
import { latin1Decode } from '../../shared/bytes';
import { CaptureWriter, type CaptureFile, type CaptureWriterStatus } from '../capture/capture-writer';
import { readCapture } from '../capture/capture-reader';
import type { CaptureDirection } from '../capture/capture-format';
import type { SecretMasker } from '../session/secret-mask';
import type { UnfinishedCaptureEntry } from '../../shared/contract';
import { AppError, messageOf, toAppError } from './app-error';
import type { Notify } from './notices';

export const OPEN_MARKER_SUFFIX = '.open';

export interface UnfinishedCapture {
  path: string;
  bytes: number;
  /** When the recording started (ms since the epoch), from the sidecar. */
  startedAt: number;
  port: string;
}

export interface SessionCaptureOptions {
  dir: string;
  masker: SecretMasker;
  scheduler: Scheduler;
  /** Tests inject a disk that fails (ENOSPC). */
  openFile?: (path: string, flags: 'ax' | 'a') => Promise<CaptureFile>;
}

/** One capture for one link session. `record` never throws and never waits for the disk. */
export class SessionCapture {
  private constructor(
    private readonly writer: CaptureWriter,
    private readonly marker: string,
  ) {}

  static async start(opts: SessionCaptureOptions, port: string, baudRate: number): Promise<SessionCapture> {
    await mkdir(opts.dir, { recursive: true, mode: 0o700 });
    const startedAt = opts.scheduler.now();
    const path = join(opts.dir, captureFileName(startedAt, port));
    const marker = path + OPEN_MARKER_SUFFIX;
    // The marker goes first: a crash between the two leaves a marker without a capture, which the
    // listing skips, never a capture without a marker that would look cleanly closed.
    await writeFile(marker, JSON.stringify({ startedAt, port, pid: process.pid }), { mode: 0o600 });
    const writer = await CaptureWriter.open({ path, port, baudRate, masker: opts.masker, scheduler: opts.scheduler, openFile: opts.openFile });
    return new SessionCapture(writer, marker);
  }

  get path(): string {
    return this.writer.path;
  }

  get status(): CaptureWriterStatus {
    return this.writer.state;
  }

  onStatus(listener: (status: CaptureWriterStatus) => void): () => void {
    return this.writer.onStatus(listener);
  }

  record(dir: CaptureDirection, bytes: Uint8Array, t: number): void {
    this.writer.record(dir, bytes, t);
  }

  /** Writes the rest, closes the file and removes the marker: the capture is complete. */
  async stop(): Promise<void> {
    await this.writer.close();
    await rm(this.marker, { force: true });
  }

  /** The port never opened: there is no session to keep. */
  async discard(): Promise<void> {
    await this.stop();
    await rm(this.path, { force: true });
  }
}

export interface CaptureRecorderOptions extends Omit<SessionCaptureOptions, 'dir'> {
  /** none: sessions are not recorded. */
  dir?: string;
  notify: Notify;
}

/** The app's recording: a SessionCapture for the link session going on, and those an earlier run left unfinished. */
export class CaptureRecorder {
  private capture: SessionCapture | null = null;

  constructor(private readonly opts: CaptureRecorderOptions) {}

  record(dir: CaptureDirection, bytes: Uint8Array, t: number): void {
    this.capture?.record(dir, bytes, t);
  }

  async start(port: string, baudRate: number): Promise<void> {
    const { dir, notify } = this.opts;
    if (!dir) return;
    try {
      const capture = await SessionCapture.start({ dir, masker: this.opts.masker, scheduler: this.opts.scheduler, openFile: this.opts.openFile }, port, baudRate);
      this.capture = capture;
      capture.onStatus((status) => {
        if (status.state === 'suspended') notify('error', 'capture.suspended', capture.path, status.message);
        if (status.state === 'writing') notify('info', 'capture.resumed', capture.path);
      });
      notify('info', 'capture.started', capture.path);
    } catch (err) {
      // The session goes on unrecorded; the user learns why (a read-only data folder, for one).
      notify('error', 'capture.error', dir, messageOf(err));
    }
  }

  async stop(): Promise<void> {
    const capture = this.capture;
    this.capture = null;
    await capture?.stop();
  }

  /** The port never opened. */
  async discard(): Promise<void> {
    await this.capture?.discard();
    this.capture = null;
  }

  /** Captures an earlier run left unfinished (it crashed or was killed), oldest first. */
  async listUnfinished(): Promise<UnfinishedCaptureEntry[]> {
    const dir = this.opts.dir;
    if (!dir) return [];
    return (await findUnfinishedCaptures(dir)).filter((c) => c.path !== this.capture?.path);
  }

  /** Writes a recovered capture out as a text log (masked as recorded) and stops offering it. */
  async exportUnfinished(capture: string, path: string): Promise<{ path: string }> {
    await this.requireUnfinished(capture);
    try {
      await writeFile(path, await captureAsLogText(capture), { flag: 'wx' });
    } catch (err) {
      if ((err as { code?: unknown }).code === 'EEXIST') throw new AppError('IO', `${path} already exists: pick another name`, `${path} 已存在：请换一个文件名`);
      throw toAppError(err, path);
    }
    await dismissUnfinishedCapture(capture);
    return { path };
  }

  async dismissUnfinished(capture: string): Promise<void> {
    await this.requireUnfinished(capture);
    await dismissUnfinishedCapture(capture);
  }

  /** Only a capture the listing offered: a path from the renderer never reaches the file system unchecked. */
  private async requireUnfinished(capture: string): Promise<void> {
    if (!(await this.listUnfinished()).some((c) => c.path === capture)) {
      throw new AppError('NOT_FOUND', `${capture} is not an unfinished capture: refresh the list`, `${capture} 不是未完成的抓包：请刷新列表`);
    }
  }
}

/** `2026-11-25T02-01-29.123Z_ttyUSB2.jsonl`: sorts by time, safe on every file system. */
export function captureFileName(startedAt: number, port: string): string {
  const when = new Date(startedAt).toISOString().replace(/:/g, '-');
  const name = port.split(/[\\/]/).pop()?.replace(/[^A-Za-z0-9._-]/g, '_') || 'port';
  return `${when}_${name}.jsonl`;
}

/**
 * Captures in `dir` whose recording never closed cleanly, oldest first. A marker whose process is
 * still alive belongs to another running ModemDeck and is left alone.
 */
export async function findUnfinishedCaptures(dir: string, isAlive: (pid: number) => boolean = processAlive): Promise<UnfinishedCapture[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const found: UnfinishedCapture[] = [];
  for (const name of names.filter((n) => n.endsWith(`.jsonl${OPEN_MARKER_SUFFIX}`)).sort()) {
    const marker = join(dir, name);
    const path = marker.slice(0, -OPEN_MARKER_SUFFIX.length);
    const info = parseMarker(await readFile(marker, 'utf8').catch(() => ''));
    if (info.pid !== null && info.pid !== process.pid && isAlive(info.pid)) continue;
    const size = await stat(path).then((s) => s.size, () => null);
    if (size === null) continue;
    found.push({ path, bytes: size, startedAt: info.startedAt, port: info.port });
  }
  return found;
}

/** The user has dealt with it (exported or dismissed): it is no longer offered. */
export async function dismissUnfinishedCapture(path: string): Promise<void> {
  await rm(path + OPEN_MARKER_SUFFIX, { force: true });
}

/**
 * A recovered capture as a readable text log, one line per chunk: time, direction, bytes (already
 * masked when recorded; control bytes shown as \r \n \xNN so nothing is hidden).
 */
export async function captureAsLogText(path: string): Promise<string> {
  const capture = await readCapture(path);
  const out = [`# ModemDeck capture ${capture.header.port ?? ''} ${capture.header.startedAt ? new Date(capture.header.startedAt).toISOString() : ''}`.trimEnd()];
  for (const r of capture.records) {
    out.push(`${new Date(r.t).toISOString()} ${r.dir === 'tx' ? 'TX' : 'RX'} ${escapeControl(latin1Decode(r.bytes))}`);
  }
  if (capture.truncatedLines > 0) out.push(`# ${capture.truncatedLines} record(s) cut off by the crash were skipped`);
  return out.join('\n') + '\n';
}

function escapeControl(text: string): string {
  return text.replace(/\p{Cc}/gu, (c) => (c === '\r' ? '\\r' : c === '\n' ? '\\n' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

function parseMarker(text: string): { startedAt: number; port: string; pid: number | null } {
  try {
    const v = JSON.parse(text) as { startedAt?: unknown; port?: unknown; pid?: unknown };
    return {
      startedAt: typeof v.startedAt === 'number' ? v.startedAt : 0,
      port: typeof v.port === 'string' ? v.port : '',
      pid: typeof v.pid === 'number' ? v.pid : null,
    };
  } catch {
    return { startedAt: 0, port: '', pid: null };
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
