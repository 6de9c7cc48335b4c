// Records a session to a capture file while it happens, crash-safe (reliability-checklist §5):
// - append-only: a new file is created with O_EXCL and an existing one is only ever appended to;
// - records are buffered in memory and written at least once a second and whenever ~64 KiB wait,
//   fsync'd about once a second and on close, so a crash loses at most the last second;
// - the read path pays little for it: records are encoded straight into a buffer and written in
//   batches (record-buffer.ts);
// - secrets are masked before anything reaches the disk, unless the caller asked for raw: one
//   masking stream per direction keeps chunk boundaries and catches a secret split across chunks;
// - a disk error (ENOSPC, EIO) never reaches the serial path: the writer suspends, keeps at most
//   `maxBufferedBytes` in memory (oldest records dropped first) and resumes when writes succeed.
import { open, type FileHandle } from 'node:fs/promises';
import type { Scheduler } from '../../shared/clock';
import { systemScheduler } from '../platform/system-scheduler';
import type { SecretMasker, SecretMaskStream } from '../session/secret-mask';
import { CAPTURE_FORMAT, CAPTURE_VERSION, encodeHeaderLine, type CaptureDirection } from './capture-format';
import { RecordBuffer } from './record-buffer';
import { parseCapture } from './capture-reader';

/** Where the lines go; the real one is a file opened for appending. */
export interface CaptureFile {
  /**
   * Writes from the start of `data`; resolves with how many bytes went out (maybe fewer). `data` is
   * lent until then: the writer fills it again later, so keep a copy, not `data` itself.
   */
  write(data: Uint8Array): Promise<number>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export type CaptureWriterOptions = {
  path: string;
  /** Port name for the header. */
  port: string;
  baudRate: number;
  /** Continue an existing capture instead of refusing to touch it. */
  append?: boolean;
  note?: string;
  /** Time for the header, the records without their own time and the flush timer. */
  scheduler?: Scheduler;
  flushIntervalMs?: number;
  flushThresholdBytes?: number;
  /** Memory kept while the disk refuses writes; older records are dropped beyond it. */
  maxBufferedBytes?: number;
  /** Opens the destination (tests use a file that fails on purpose). */
  openFile?: (path: string, flags: 'ax' | 'a') => Promise<CaptureFile>;
} & (
  | { raw: true; masker?: undefined }
  /** Masks by structure and with every secret the masker knows or learns on the way. */
  | { raw?: false; masker: SecretMasker }
);

export type CaptureWriterStatus =
  | { state: 'writing' }
  | { state: 'suspended'; code: string; message: string; bufferedBytes: number; droppedBytes: number }
  | { state: 'closed'; droppedBytes: number };

export type CaptureOpenErrorCode = 'EXISTS' | 'NOT_A_CAPTURE' | 'MASKING_MISMATCH' | 'CANNOT_OPEN';

export class CaptureOpenError extends Error {
  constructor(
    readonly code: CaptureOpenErrorCode,
    readonly text: { en: string; zh: string },
  ) {
    super(text.en);
    this.name = 'CaptureOpenError';
  }
}

const DEFAULT_FLUSH_INTERVAL_MS = 1000;
const DEFAULT_FLUSH_THRESHOLD_BYTES = 64 * 1024;
const DEFAULT_MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/**
 * A chunk that cannot be encoded yet, in arrival order: `bytes` is null while its masking stream
 * holds it back, and a chunk behind a held one waits for it.
 */
interface Slot {
  t: number;
  dir: CaptureDirection;
  bytes: Uint8Array | null;
  heldSince: number;
}

export class CaptureWriter {
  private status: CaptureWriterStatus = { state: 'writing' };
  private readonly listeners = new Set<(status: CaptureWriterStatus) => void>();
  private readonly scheduler: Scheduler;
  private readonly flushIntervalMs: number;
  private readonly flushThresholdBytes: number;
  private readonly maxBufferedBytes: number;
  private readonly streams: Record<CaptureDirection, SecretMaskStream> | null;
  private readonly slots: Slot[] = [];
  private readonly held: Record<CaptureDirection, Slot[]> = { tx: [], rx: [] };
  /** Encoded records not yet handed to the file. */
  private readonly pending: RecordBuffer;
  /** The batch being written; kept, with how much of it went out, until all of it has. */
  private outgoing: Uint8Array | null = null;
  private outgoingOffset = 0;
  /** The buffer `outgoing` lies in, when it came from `pending`: it is filled again once written. */
  private outgoingBuffer: Buffer | null = null;
  private writing: Promise<void> | null = null;
  private flushAgain = false;
  private unsynced = false;
  private droppedBytes = 0;
  private cancelTick: () => void = () => {};

  private constructor(
    readonly path: string,
    private readonly file: CaptureFile,
    options: CaptureWriterOptions,
    firstBytes: string,
  ) {
    this.scheduler = options.scheduler ?? systemScheduler;
    this.flushIntervalMs = options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS;
    this.flushThresholdBytes = options.flushThresholdBytes ?? DEFAULT_FLUSH_THRESHOLD_BYTES;
    this.maxBufferedBytes = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
    this.streams = options.raw ? null : { tx: options.masker.createStream(), rx: options.masker.createStream() };
    this.pending = new RecordBuffer(Math.max(2 * this.flushThresholdBytes, 16 * 1024), this.maxBufferedBytes);
    if (firstBytes) this.outgoing = Buffer.from(firstBytes);
    this.armTick();
  }

  /**
   * Creates the capture (refusing to overwrite an existing file) or, with `append`, continues one
   * recorded with the same masking. A full disk at this point suspends the writer, it does not fail.
   */
  static async open(options: CaptureWriterOptions): Promise<CaptureWriter> {
    const { path } = options;
    const masked = !options.raw;
    const existing = options.append ? await inspectExisting(path) : null;
    if (existing && existing.size > 0) {
      if (existing.header === null) {
        throw new CaptureOpenError('NOT_A_CAPTURE', {
          en: `${path} is not a ModemDeck capture: pick another file to append to`,
          zh: `${path} 不是 ModemDeck 抓包文件：请换一个文件追加`,
        });
      }
      if (existing.header.masked !== undefined && existing.header.masked !== masked) {
        const was = masked ? 'raw' : 'masked';
        throw new CaptureOpenError('MASKING_MISMATCH', {
          en: `${path} holds a ${was} capture: append to it with the same setting, or pick another file`,
          zh: `${path} 是${masked ? '未脱敏' : '已脱敏'}的抓包：请用相同设置追加，或换一个文件`,
        });
      }
    }
    const openFile = options.openFile ?? openAppendOnly;
    let file: CaptureFile;
    try {
      file = await openFile(path, options.append ? 'a' : 'ax');
    } catch (err) {
      throw describeOpenFailure(path, err);
    }
    const scheduler = options.scheduler ?? systemScheduler;
    const header = encodeHeaderLine({
      format: CAPTURE_FORMAT,
      version: CAPTURE_VERSION,
      port: options.port,
      baudRate: options.baudRate,
      startedAt: scheduler.now(),
      masked,
      ...(options.note ? { note: options.note } : {}),
    });
    // A record cut off by an earlier crash gets its line ended, so ours start on a fresh line.
    const firstBytes = !existing || existing.size === 0 ? header : existing.endsWithNewline ? '' : '\n';
    const writer = new CaptureWriter(path, file, options, firstBytes);
    await writer.flush();
    return writer;
  }

  get state(): CaptureWriterStatus {
    return this.status;
  }

  onStatus(listener: (status: CaptureWriterStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Records one chunk as it crossed the wire. Never throws, never waits for the disk. */
  record(dir: CaptureDirection, bytes: Uint8Array, t: number = this.scheduler.now()): void {
    if (this.status.state === 'closed' || bytes.length === 0) return;
    if (!this.streams) {
      // Raw: nothing is ever held, so the chunk is encoded now and needs no copy.
      this.pending.append(t, dir, bytes);
    } else {
      // The stream may hold the chunk past this call: it gets a copy the caller cannot change.
      const out = this.streams[dir].push(bytes.slice());
      if (this.slots.length === 0 && out.length === 1) {
        // Nothing waiting and the stream let this very chunk go: the common case needs no slot.
        this.pending.append(t, dir, out[0]);
      } else {
        const slot: Slot = { t, dir, bytes: null, heldSince: this.scheduler.now() };
        this.slots.push(slot);
        this.held[dir].push(slot);
        this.release(dir, out);
        this.drainSlots();
      }
    }
    this.afterAppend();
  }

  /** Writes what is buffered now (the timer does this every second). */
  flush(): Promise<void> {
    if (this.writing) {
      this.flushAgain = true;
      return this.writing;
    }
    this.writing = this.writeOut().finally(() => {
      this.writing = null;
      if (this.flushAgain) {
        this.flushAgain = false;
        void this.flush();
      }
    });
    return this.writing;
  }

  /** Writes everything still held or buffered, fsyncs and closes the file. Never throws. */
  async close(): Promise<void> {
    if (this.status.state === 'closed') return;
    this.cancelTick();
    if (this.streams) for (const dir of ['tx', 'rx'] as const) this.release(dir, this.streams[dir].flush());
    this.drainSlots();
    this.afterAppend();
    await this.flush();
    await this.writing; // a flush queued behind the one above
    await this.sync();
    const unwritten = this.bufferedBytes();
    await this.file.close().catch(() => undefined);
    this.setStatus({ state: 'closed', droppedBytes: this.droppedBytes + unwritten });
  }

  private armTick(): void {
    this.cancelTick = this.scheduler.after(this.flushIntervalMs, () => {
      void this.tick();
      if (this.status.state !== 'closed') this.armTick();
    });
  }

  private async tick(): Promise<void> {
    // A chunk held back a whole interval (a secret prefix that was never completed) goes out now,
    // masked as far as can be told, so a crash still loses at most about a second.
    const now = this.scheduler.now();
    if (this.streams) {
      for (const dir of ['tx', 'rx'] as const) {
        const oldest = this.held[dir][0];
        if (oldest && now - oldest.heldSince >= this.flushIntervalMs) this.release(dir, this.streams[dir].flush());
      }
    }
    this.drainSlots();
    this.afterAppend();
    await this.flush();
    await this.sync();
  }

  /** The masking stream let these chunks go: they fill that direction's oldest held slots. */
  private release(dir: CaptureDirection, chunks: Uint8Array[]): void {
    for (const chunk of chunks) {
      const slot = this.held[dir].shift();
      if (slot) slot.bytes = chunk;
    }
  }

  /** Encodes the slots at the head that are ready, keeping the order they arrived in. */
  private drainSlots(): void {
    while (this.slots.length > 0 && this.slots[0].bytes) {
      const slot = this.slots.shift()!;
      this.pending.append(slot.t, slot.dir, slot.bytes!);
    }
  }

  /** Bounds the memory by dropping the oldest records, and starts a write once a batch is full. */
  private afterAppend(): void {
    if (this.pending.size > this.maxBufferedBytes) this.droppedBytes += this.pending.dropOldest();
    if (this.pending.size >= this.flushThresholdBytes && this.status.state === 'writing') void this.flush();
  }

  private async writeOut(): Promise<void> {
    for (;;) {
      if (!this.outgoing) {
        const batch = this.pending.take();
        if (batch === null) return;
        this.outgoing = batch.bytes;
        this.outgoingOffset = 0;
        this.outgoingBuffer = batch.buffer;
      }
      const outgoing = this.outgoing!;
      try {
        while (this.outgoingOffset < outgoing.length) {
          this.outgoingOffset += await this.file.write(outgoing.subarray(this.outgoingOffset));
          this.unsynced = true;
        }
      } catch (err) {
        this.suspend(err);
        return;
      }
      this.outgoing = null;
      if (this.outgoingBuffer) this.pending.giveBack(this.outgoingBuffer);
      this.outgoingBuffer = null;
      if (this.status.state === 'suspended') this.setStatus({ state: 'writing' });
    }
  }

  private async sync(): Promise<void> {
    if (!this.unsynced) return;
    this.unsynced = false;
    await this.file.sync().catch((err: unknown) => this.suspend(err));
  }

  /** Listeners hear the change to suspended once; `state` keeps the latest counts. */
  private suspend(err: unknown): void {
    const code = (err as NodeJS.ErrnoException)?.code ?? 'EIO';
    const reason = err instanceof Error ? err.message : String(err);
    const wasSuspended = this.status.state === 'suspended';
    this.status = {
      state: 'suspended',
      code,
      message: `recording to ${this.path} is suspended (${reason}): free some disk space; the session goes on and recording resumes by itself`,
      bufferedBytes: this.bufferedBytes(),
      droppedBytes: this.droppedBytes,
    };
    if (!wasSuspended) this.setStatus(this.status);
  }

  private bufferedBytes(): number {
    return this.pending.size + (this.outgoing ? this.outgoing.length - this.outgoingOffset : 0);
  }

  private setStatus(status: CaptureWriterStatus): void {
    this.status = status;
    for (const listener of this.listeners) {
      try {
        listener(status);
      } catch {
        // a failing listener must not stop the recording
      }
    }
  }
}

async function openAppendOnly(path: string, flags: 'ax' | 'a'): Promise<CaptureFile> {
  const handle: FileHandle = await open(path, flags, 0o600);
  return {
    write: async (data) => (await handle.write(data)).bytesWritten,
    sync: () => handle.sync(),
    close: () => handle.close(),
  };
}

/** What is already at `path`: null when nothing is. Only the start and the last byte are read. */
async function inspectExisting(path: string) {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw describeOpenFailure(path, err);
  }
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(size, 64 * 1024));
    await handle.read(head, 0, head.length, 0);
    const last = Buffer.alloc(1);
    if (size > 0) await handle.read(last, 0, 1, size - 1);
    const firstLine = head.subarray(0, head.includes(10) ? head.indexOf(10) : head.length);
    let header = null;
    try {
      header = parseCapture(firstLine, 'jsonl').header;
    } catch {
      // not a capture: the caller says so
    }
    return { size, header, endsWithNewline: last[0] === 10 };
  } finally {
    await handle.close();
  }
}

function describeOpenFailure(path: string, err: unknown): CaptureOpenError {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'EEXIST') {
    return new CaptureOpenError('EXISTS', {
      en: `${path} already exists: pick another name, or choose to append to it`,
      zh: `${path} 已存在：请换一个文件名，或选择追加到该文件`,
    });
  }
  const why =
    code === 'ENOENT' ? { en: 'its folder does not exist', zh: '所在文件夹不存在' }
    : code === 'EACCES' || code === 'EPERM' ? { en: 'no permission to write there', zh: '没有写入权限' }
    : code === 'EISDIR' ? { en: 'it is a folder', zh: '这是一个文件夹' }
    : { en: err instanceof Error ? err.message : String(err), zh: err instanceof Error ? err.message : String(err) };
  return new CaptureOpenError('CANNOT_OPEN', {
    en: `cannot record to ${path}: ${why.en}; pick another place`,
    zh: `无法录制到 ${path}：${why.zh}；请换一个位置`,
  });
}
