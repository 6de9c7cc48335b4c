// Bytes from the module → frames. Pure and incremental: any chunking of the same bytes yields the
// same frames, because every decision is made byte by byte and mode changes asked for by the
// engine (prompt expected, echo expected) take effect from the next byte on (frames are delivered
// through a synchronous callback for exactly that reason).
import { utf8Decode } from '../../shared/bytes';

export type Frame =
  /** A CR- or LF-terminated line, terminators stripped; empty lines are dropped. */
  | { kind: 'line'; text: string }
  /** `>` at the start of a line while a prompt command is pending (quectel-at.md §1.7, Q6: no terminator follows). */
  | { kind: 'prompt' }
  /** `+QMTRECV: <idx>,<msgid>,<topic>,<len>,<payload>` cut by its length field, never by quotes (§3.6.11, Q5). */
  | { kind: 'payload'; header: string; bytes: Uint8Array }
  /** Counted raw bytes announced by the previous line (`+QIRD: <n>`, direct-push `+QIURC: "recv",<id>,<n>`). */
  | { kind: 'data'; bytes: Uint8Array }
  /** The module echoing the payload the host sent after a prompt (Q3: only the accepted bytes). */
  | { kind: 'echo-data'; bytes: Uint8Array }
  /** A line longer than the framer keeps: its bytes were dropped up to the next terminator. */
  | { kind: 'overflow'; droppedBytes: number };

export type FrameSink = (frame: Frame) => void;

const CR = 0x0d;
const LF = 0x0a;
const NUL = 0x00;
const GT = 0x3e;
const SPACE = 0x20;
const QUOTE = 0x22;
const COMMA = 0x2c;

/** `+QMTRECV: 0,0,"topic",103,` — the header up to and including the comma before the payload. */
const QMTRECV_WITH_LENGTH = /^\+QMTRECV:\s*\d+\s*,\s*\d+\s*,\s*("[^"]*"|[^,"]*)\s*,\s*(\d+)\s*,$/;
/** Lines after which the module sends exactly N raw bytes (§3.4.8, §3.4.9). */
const COUNTED_LINE = [/^\+QIRD:\s*(\d+)$/, /^\+QIRD:\s*(\d+)\s*,\s*"[^"]*"\s*,\s*\d+$/, /^\+QIURC:\s*"recv"\s*,\s*\d+\s*,\s*(\d+)$/];

export interface FramerOptions {
  /** Longest line kept, in bytes; longer lines are dropped and reported (reliability: over-long lines). */
  maxLineBytes?: number;
}

type Mode =
  | { m: 'line' }
  | { m: 'discard' } // over-long line: drop until the next terminator
  | { m: 'payload'; header: string; need: number; quoted: boolean; started: boolean; closing: boolean }
  | { m: 'counted'; need: number; skipLf: boolean };

export class AtFramer {
  private readonly maxLine: number;
  private line: Uint8Array;
  private len = 0;
  private mode: Mode = { m: 'line' };
  private dropped = 0;
  private promptExpected = false;
  private skipPromptSpace = false;
  private echo: Uint8Array | null = null;
  private echoPos = 0;
  private block: number[] = [];

  constructor(opts: FramerOptions = {}) {
    this.maxLine = opts.maxLineBytes ?? 8192;
    this.line = new Uint8Array(Math.min(this.maxLine, 512));
  }

  /** The engine sets this while a prompt command (AT+QMTPUBEX, AT+QISEND...) awaits its `>`. */
  expectPrompt(on: boolean): void {
    this.promptExpected = on;
  }

  /** The engine sends the payload it just wrote; the module may echo it back (ATE1). */
  expectEcho(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    if (!this.echo) {
      this.echo = bytes;
      this.echoPos = 0;
      return;
    }
    // Payload sent in several writes: the echo still to come is the rest of the old plus the new.
    const rest = this.echo.subarray(this.echoPos);
    const joined = new Uint8Array(rest.length + bytes.length);
    joined.set(rest);
    joined.set(bytes, rest.length);
    this.echo = joined;
    this.echoPos = 0;
  }

  /** Forget partial state (port reopened, module rebooted). */
  reset(): void {
    this.len = 0;
    this.mode = { m: 'line' };
    this.promptExpected = false;
    this.skipPromptSpace = false;
    this.echo = null;
    this.echoPos = 0;
    this.block = [];
  }

  push(chunk: Uint8Array, sink: FrameSink): void {
    for (let i = 0; i < chunk.length; i++) this.byte(chunk[i], sink);
  }

  private byte(b: number, sink: FrameSink): void {
    const mode = this.mode;
    if (mode.m === 'payload') return this.payloadByte(mode, b, sink);
    if (mode.m === 'counted') return this.countedByte(mode, b, sink);

    if (this.echo) {
      if (b === this.echo[this.echoPos] && this.len === 0) {
        this.echoPos++;
        if (this.echoPos === this.echo.length) {
          sink({ kind: 'echo-data', bytes: this.echo });
          this.echo = null;
        }
        return;
      }
      // Echo off, or the echo ended early: report what matched, then read normally.
      if (this.echoPos > 0) sink({ kind: 'echo-data', bytes: this.echo.slice(0, this.echoPos) });
      this.echo = null;
    }

    if (this.skipPromptSpace) {
      this.skipPromptSpace = false;
      if (b === SPACE) return;
    }

    if (b === CR || b === LF) {
      if (mode.m === 'discard') {
        sink({ kind: 'overflow', droppedBytes: this.dropped });
        this.mode = { m: 'line' };
        this.dropped = 0;
        return;
      }
      if (this.len > 0) this.endLine(b, sink);
      return;
    }
    if (b === NUL) return; // NULs are line noise on a freshly powered UART
    if (mode.m === 'discard') {
      this.dropped++;
      return;
    }
    if (b === GT && this.len === 0 && this.promptExpected) {
      this.promptExpected = false;
      this.skipPromptSpace = true;
      sink({ kind: 'prompt' });
      return;
    }
    if (this.len >= this.maxLine) {
      this.mode = { m: 'discard' };
      this.dropped = this.len + 1;
      this.len = 0;
      return;
    }
    if (this.len === this.line.length) {
      const grown = new Uint8Array(Math.min(this.maxLine, this.line.length * 2));
      grown.set(this.line);
      this.line = grown;
    }
    this.line[this.len++] = b;
    if (b === COMMA && this.startsWithQmtRecv()) this.tryPayloadHeader();
  }

  private endLine(terminator: number, sink: FrameSink): void {
    const text = utf8Decode(this.line.subarray(0, this.len));
    this.len = 0;
    sink({ kind: 'line', text });
    for (const re of COUNTED_LINE) {
      const m = re.exec(text);
      if (m && Number(m[1]) > 0) {
        this.mode = { m: 'counted', need: Number(m[1]), skipLf: terminator === CR };
        this.block = [];
        return;
      }
    }
  }

  private startsWithQmtRecv(): boolean {
    // "+QMTRECV:" in bytes
    const sig = [0x2b, 0x51, 0x4d, 0x54, 0x52, 0x45, 0x43, 0x56, 0x3a];
    if (this.len < sig.length) return false;
    for (let i = 0; i < sig.length; i++) if (this.line[i] !== sig[i]) return false;
    return true;
  }

  private tryPayloadHeader(): void {
    const text = utf8Decode(this.line.subarray(0, this.len));
    const m = QMTRECV_WITH_LENGTH.exec(text);
    if (!m) return;
    this.mode = { m: 'payload', header: text.slice(0, -1), need: Number(m[2]), quoted: false, started: false, closing: false };
    this.block = [];
    this.len = 0;
  }

  private payloadByte(mode: Extract<Mode, { m: 'payload' }>, b: number, sink: FrameSink): void {
    if (!mode.started) {
      mode.started = true;
      if (b === QUOTE) {
        mode.quoted = true;
        if (mode.need === 0) this.finishPayload(mode, sink);
        return;
      }
      if (mode.need === 0) {
        this.finishPayload(mode, sink);
        return this.byte(b, sink);
      }
    }
    if (mode.closing) {
      // After the counted bytes: the closing quote is consumed; anything else is read normally.
      this.mode = { m: 'line' };
      if (b === QUOTE) return;
      return this.byte(b, sink);
    }
    this.block.push(b);
    if (this.block.length === mode.need) this.finishPayload(mode, sink);
  }

  private finishPayload(mode: Extract<Mode, { m: 'payload' }>, sink: FrameSink): void {
    sink({ kind: 'payload', header: mode.header, bytes: Uint8Array.from(this.block) });
    this.block = [];
    if (mode.quoted) mode.closing = true;
    else this.mode = { m: 'line' };
  }

  private countedByte(mode: Extract<Mode, { m: 'counted' }>, b: number, sink: FrameSink): void {
    if (mode.skipLf) {
      mode.skipLf = false;
      if (b === LF) return;
    }
    this.block.push(b);
    if (this.block.length === mode.need) {
      sink({ kind: 'data', bytes: Uint8Array.from(this.block) });
      this.block = [];
      this.mode = { m: 'line' };
    }
  }
}
