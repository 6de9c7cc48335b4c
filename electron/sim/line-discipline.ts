// The module's receive side, one byte at a time (quectel-at.md §1.2, §1.7): in command mode it
// collects a line up to the S3 terminator, applies S5 backspace, ignores a stray LF and runs `A/` at
// once; after a `>` prompt it counts exactly <length> data bytes, or, when no length was declared,
// reads until Ctrl+Z (send) or ESC (cancel). A short payload leaves it waiting: the next command
// line becomes data, as on the module (Q3). It says which bytes to echo, and the module decides
// whether echo is on.

export type InputEvent =
  | { kind: 'line'; line: Uint8Array }
  /** `A/`: repeat the previous command line ([ATM] 2.17). */
  | { kind: 'repeat' }
  /** The declared number of data bytes arrived, or (`terminated`) Ctrl+Z ended a variable-length payload. */
  | { kind: 'data'; data: Uint8Array; terminated?: boolean }
  /** ESC ended a variable-length payload: nothing is sent (§1.7). */
  | { kind: 'data-cancelled' }
  /** The line grew past what the module keeps: answered with ERROR ([ATM] Table 3). */
  | { kind: 'overflow' };

/** Longest command line kept; longer ones end in ERROR. The manual gives no figure (§1.2). */
export const MAX_LINE_BYTES = 2048;

const LF = 0x0a;
const CTRL_Z = 0x1a;
const ESC = 0x1b;

export class LineDiscipline {
  /** S3 and S5. */
  terminator = 0x0d;
  backspace = 0x08;
  private line: number[] = [];
  private overflowed = false;
  private data: { length: number | null; bytes: number[] } | null = null;

  /** The next `length` bytes are data, not commands; null: data until Ctrl+Z, ESC cancels. */
  expectData(length: number | null): void {
    this.data = { length, bytes: [] };
  }

  get inDataPhase(): boolean {
    return this.data !== null;
  }

  reset(): void {
    this.line = [];
    this.overflowed = false;
    this.data = null;
  }

  /** Takes one received byte; returns the event it completes, if any. Every byte is echoed. */
  feed(byte: number): InputEvent | null {
    const phase = this.data;
    if (phase && phase.length === null) {
      if (byte !== CTRL_Z && byte !== ESC) {
        phase.bytes.push(byte);
        return null;
      }
      this.data = null;
      return byte === ESC ? { kind: 'data-cancelled' } : { kind: 'data', data: Uint8Array.from(phase.bytes), terminated: true };
    }
    if (phase && phase.length !== null) {
      phase.bytes.push(byte);
      if (phase.bytes.length < phase.length) return null;
      this.data = null;
      return { kind: 'data', data: Uint8Array.from(phase.bytes) };
    }
    if (byte === this.terminator) {
      const event: InputEvent = this.overflowed ? { kind: 'overflow' } : { kind: 'line', line: Uint8Array.from(this.line) };
      this.line = [];
      this.overflowed = false;
      return event;
    }
    if (byte === this.backspace) {
      this.line.pop();
      return null;
    }
    if (byte === LF && this.line.length === 0) return null; // the LF of a CR LF terminator
    if (this.line.length >= MAX_LINE_BYTES) {
      this.overflowed = true;
      return null;
    }
    this.line.push(byte);
    if (this.line.length === 2 && (this.line[0] | 0x20) === 0x61 && this.line[1] === 0x2f) {
      this.line = [];
      return { kind: 'repeat' };
    }
    return null;
  }
}
