// Cuts the raw tx/rx byte stream into terminal lines with the time of their first byte. A line ends
// at LF (kept, so the hex view shows the real bytes). The module frames every response as
// `<CR><LF>text<CR><LF>` (quectel-at.md §1.3): a received line with nothing but line ends is kept as
// the start of the next line instead of showing as a blank row. A received partial line (the `> `
// prompt, a module that stops mid-line) is shown after a short silence or as soon as the host
// sends, so the terminal never hides bytes that arrived. TerminalLog keeps those lines, masked,
// with a note after each command's result.
import type { Scheduler } from '../../shared/clock';
import type { Fact } from '../../shared/facts';
import { latin1Decode, latin1Encode } from '../../shared/bytes';
import { DIR_NOTE, DIR_RX, DIR_TX, LogStore, type LogDir, type LogLine } from '../../shared/log-store';
import { encodeNote, noteFromFact } from '../../shared/log-note';
import type { SecretMasker } from '../session/secret-mask';
import type { SaveLog } from './log-file';

/** Silence after which a received partial line is shown on its own. */
export const RX_IDLE_FLUSH_MS = 30;
/** A line longer than this is cut (a module streaming without LF must not grow one line forever). */
export const MAX_LINE_BYTES = 8192;

export type LineSink = (dir: LogDir, t: number, line: Uint8Array) => void;

export class LineAssembler {
  private rxParts: Uint8Array[] = [];
  private rxLength = 0;
  private rxTime = 0;
  private cancelIdle: (() => void) | null = null;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly sink: LineSink,
  ) {}

  rx(chunk: Uint8Array, t = this.scheduler.now()): void {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      if (chunk[i] === 0x0a || this.rxLength + (i + 1 - start) >= MAX_LINE_BYTES) {
        this.pushRx(chunk.subarray(start, i + 1), t);
        start = i + 1;
        if (!this.onlyLineEnds()) this.flushRx();
      }
    }
    if (start < chunk.length) this.pushRx(chunk.subarray(start), t);
    if (this.rxLength > 0 && !this.onlyLineEnds()) this.armIdle();
  }

  tx(bytes: Uint8Array, t = this.scheduler.now()): void {
    // What the module said before we spoke belongs above our command.
    this.flushRx();
    let start = 0;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0x0a || i + 1 - start >= MAX_LINE_BYTES) {
        this.sink(DIR_TX, t, bytes.slice(start, i + 1));
        start = i + 1;
      }
    }
    if (start < bytes.length) this.sink(DIR_TX, t, bytes.slice(start));
  }

  /**
   * Emits the held partial line now (the host speaks, a result note follows). Bare line ends stay
   * held as the start of the next line unless `all` (the link closed).
   */
  flushRx(all = false): void {
    if (this.cancelIdle) {
      this.cancelIdle();
      this.cancelIdle = null;
    }
    if (this.rxLength === 0 || (!all && this.onlyLineEnds())) return;
    const line = new Uint8Array(this.rxLength);
    let o = 0;
    for (const p of this.rxParts) {
      line.set(p, o);
      o += p.length;
    }
    this.rxParts = [];
    this.rxLength = 0;
    this.sink(DIR_RX, this.rxTime, line);
  }

  private onlyLineEnds(): boolean {
    if (this.rxLength >= MAX_LINE_BYTES) return false;
    for (const p of this.rxParts) for (const b of p) if (b !== 0x0a && b !== 0x0d) return false;
    return true;
  }

  private pushRx(part: Uint8Array, t: number): void {
    if (part.length === 0) return;
    // A line's time is that of its first byte, or of its first text after held line ends.
    if (this.rxLength === 0 || this.onlyLineEnds()) this.rxTime = t;
    this.rxParts.push(part.slice());
    this.rxLength += part.length;
  }

  private armIdle(): void {
    if (this.cancelIdle) this.cancelIdle();
    this.cancelIdle = this.scheduler.after(RX_IDLE_FLUSH_MS, () => {
      this.cancelIdle = null;
      this.flushRx();
    });
  }
}

/** The terminal's lines: what the renderer shows and "Save log" writes. */
export class TerminalLog {
  readonly store = new LogStore();
  private readonly assembler: LineAssembler;
  private pendingNotes: { t: number; bytes: Uint8Array }[] = [];

  constructor(
    scheduler: Scheduler,
    private readonly masker: SecretMasker,
    private readonly saveLog: SaveLog,
    private readonly appended: () => void,
  ) {
    this.assembler = new LineAssembler(scheduler, (dir, t, line) => this.append(dir, t, this.maskBytes(line)));
  }

  tx(bytes: Uint8Array, t: number): void {
    this.assembler.tx(bytes, t);
  }

  rx(bytes: Uint8Array, t: number): void {
    this.assembler.rx(bytes, t);
  }

  /** The link closed: a held partial line, bare line ends included, is all there will be. */
  linkClosed(): void {
    this.assembler.flushRx(true);
  }

  fact(f: Fact): void {
    if (f.kind === 'at.final' || f.kind === 'at.result') {
      // The pipeline sees a chunk before the terminal does (AtClient feeds it first): the note
      // waits until the chunk's lines are in, so it lands right after the line that produced it.
      this.pendingNotes.push({ t: f.t, bytes: encodeNote(noteFromFact(f)) });
      if (this.pendingNotes.length === 1) queueMicrotask(() => this.flushNotes());
    }
  }

  clear(): void {
    this.assembler.flushRx();
    this.store.reset();
  }

  /** The lines on screen now. */
  *onScreen(): Generator<LogLine> {
    yield* this.lines(this.store.first, this.store.end);
  }

  private flushNotes(): void {
    // A held partial line stays below the note: it is the start of what follows (the next echo).
    for (const note of this.pendingNotes) this.append(DIR_NOTE, note.t, note.bytes);
    this.pendingNotes = [];
  }

  private append(dir: LogDir, t: number, line: Uint8Array): void {
    const index = this.store.append(dir, t, line);
    this.saveLog.write(this.lines(index, index + 1));
    this.appended();
  }

  private *lines(from: number, to: number): Generator<LogLine> {
    for (let i = from; i < to; i++) {
      const line = this.store.line(i);
      if (line) yield line;
    }
  }

  private maskBytes(line: Uint8Array): Uint8Array {
    // Latin-1 keeps every byte (UTF-8 payloads included) through the text masker, same length.
    const text = latin1Decode(line);
    const masked = this.masker.maskText(text);
    return masked === text ? line : latin1Encode(masked);
  }
}
