// Cuts the raw tx/rx byte stream into terminal lines with the time of their first byte. A line ends
// at LF (kept, so the hex view shows the real bytes). The module frames every response as
// `<CR><LF>text<CR><LF>` (quectel-at.md §1.3): a received line with nothing but line ends is kept as
// the start of the next line instead of showing as a blank row. A received partial line (the `> `
// prompt, a module that stops mid-line) is shown after a short silence or as soon as the host
// sends, so the terminal never hides bytes that arrived.
import type { Scheduler } from '../../shared/clock';
import { DIR_RX, DIR_TX, type LogDir } from '../../shared/log-store';

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
