// Bytes from the module → frames. Pure and incremental: any chunking of the same bytes yields the
// same frames, because every decision is made at a byte, and mode changes asked for by the engine
// (prompt expected, echo expected) take effect from the next byte on — frames are delivered
// through a synchronous sink for exactly that reason.
//
// This is the serial read path, so it works on bytes (performance-plan.md §5, §8.2): a line that
// lies inside one chunk is handed over as a view of that chunk, only a line split across chunks is
// copied into the carry buffer, and no string is made here. Views are valid during the call only.
import { utf8Decode } from '../../shared/bytes';

export interface FrameSink {
  /** A CR- or LF-terminated line, terminators stripped; empty lines are dropped. */
  line(buf: Uint8Array, start: number, end: number): void;
  /** `>` at the start of a line while a prompt command is pending (quectel-at.md §1.7, Q6: no terminator follows). */
  prompt(): void;
  /** `+QMTRECV: <idx>,<msgid>,<topic>,<len>,<payload>` cut by its length field, never by quotes (§3.6.11, Q5). */
  payload(header: string, bytes: Uint8Array): void;
  /** Counted raw bytes announced by the previous line (`+QIRD: <n>`, direct-push `+QIURC: "recv",<id>,<n>`). */
  data(bytes: Uint8Array): void;
  /** The module echoing the payload the host sent after a prompt (Q3: only the accepted bytes). */
  echoData(bytes: Uint8Array): void;
  /** A line longer than the framer keeps: its bytes were dropped up to the next terminator. */
  overflow(droppedBytes: number): void;
}

/** The same frames as values, for tests and tools that want a list. */
export type Frame =
  | { kind: 'line'; text: string }
  | { kind: 'prompt' }
  | { kind: 'payload'; header: string; bytes: Uint8Array }
  | { kind: 'data'; bytes: Uint8Array }
  | { kind: 'echo-data'; bytes: Uint8Array }
  | { kind: 'overflow'; droppedBytes: number };

export function collectFrames(out: Frame[]): FrameSink {
  return {
    line: (buf, start, end) => out.push({ kind: 'line', text: decodeBytes(buf, start, end) }),
    prompt: () => out.push({ kind: 'prompt' }),
    payload: (header, bytes) => out.push({ kind: 'payload', header, bytes }),
    data: (bytes) => out.push({ kind: 'data', bytes }),
    echoData: (bytes) => out.push({ kind: 'echo-data', bytes: bytes.slice() }),
    overflow: (droppedBytes) => out.push({ kind: 'overflow', droppedBytes }),
  };
}

/** ASCII (nearly every AT line) skips the UTF-8 decoder. */
export function decodeBytes(buf: Uint8Array, start: number, end: number): string {
  for (let i = start; i < end; i++) if (buf[i] >= 0x80) return utf8Decode(buf.subarray(start, end));
  return String.fromCharCode.apply(null, buf.subarray(start, end) as unknown as number[]);
}

const CR = 0x0d;
const LF = 0x0a;
const NUL = 0x00;
const GT = 0x3e;
const SPACE = 0x20;
const QUOTE = 0x22;
const COMMA = 0x2c;
/** "+QMTRECV:" */
const QMTRECV = [0x2b, 0x51, 0x4d, 0x54, 0x52, 0x45, 0x43, 0x56, 0x3a];

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
  | { m: 'payload'; header: string; block: Uint8Array; got: number; quoted: boolean; started: boolean; closing: boolean }
  | { m: 'counted'; block: Uint8Array; got: number; skipLf: boolean };

const LINE_MODE: Mode = { m: 'line' };

export class AtFramer {
  private readonly maxLine: number;
  /** Carry buffer: the part of a line that arrived in earlier chunks. */
  private line: Uint8Array;
  private len = 0;
  private mode: Mode = LINE_MODE;
  private dropped = 0;
  private promptExpected = false;
  private skipPromptSpace = false;
  private echo: Uint8Array | null = null;
  private echoPos = 0;
  /** Commas outside quotes so far in the current line, and whether a quote is open (+QMTRECV header). */
  private commas = 0;
  private inQuote = false;
  /** Where the third comma of the line sits: the length field follows it. */
  private thirdComma = 0;

  constructor(opts: FramerOptions = {}) {
    this.maxLine = opts.maxLineBytes ?? 8192;
    this.line = new Uint8Array(Math.min(this.maxLine, 512));
  }

  /** The engine sets this while a prompt command (AT+QMTPUBEX, AT+QISEND...) awaits its `>`. */
  expectPrompt(on: boolean): void {
    this.promptExpected = on;
  }

  /** The engine passes on the payload it just saw the host send; the module may echo it (ATE1). */
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
    this.commas = 0;
    this.inQuote = false;
    this.mode = LINE_MODE;
    this.promptExpected = false;
    this.skipPromptSpace = false;
    this.echo = null;
    this.echoPos = 0;
  }

  push(chunk: Uint8Array, sink: FrameSink): void {
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      if (this.mode !== LINE_MODE || this.echo !== null || this.skipPromptSpace || (this.len === 0 && this.promptExpected)) {
        if (this.mode.m === 'payload' || this.mode.m === 'counted') i = this.takeBlock(chunk, i, sink);
        else this.byte(chunk[i++], sink);
        continue;
      }
      // Fast path: find the end of the line inside this chunk.
      let j = i;
      while (j < n) {
        const b = chunk[j];
        if (b === CR || b === LF || b === NUL) break;
        j++;
      }
      if (j > i && this.isQmtRecvLine(chunk, i, j)) {
        // A +QMTRECV line may turn into a counted payload at any comma: go byte by byte.
        while (i < j && this.mode === LINE_MODE) this.byte(chunk[i++], sink);
        continue;
      }
      if (j === n) {
        this.append(chunk, i, j);
        return;
      }
      const b = chunk[j];
      if (b === NUL) {
        // NULs are line noise on a freshly powered UART: skip, keep the line.
        this.append(chunk, i, j);
      } else if (this.len === 0) {
        if (j - i > this.maxLine) sink.overflow(j - i);
        else if (j > i) this.lineEnded(chunk, i, j, b, sink);
      } else {
        this.append(chunk, i, j);
        const len = this.len;
        this.len = 0;
        this.commas = 0;
        this.inQuote = false;
        if (this.mode === LINE_MODE) this.lineEnded(this.line, 0, len, b, sink);
        else this.byte(b, sink);
      }
      i = j + 1;
    }
  }

  /** Could the line whose next bytes are chunk[i, j) be a "+QMTRECV:" line? (Also true for a matching prefix.) */
  private isQmtRecvLine(chunk: Uint8Array, i: number, j: number): boolean {
    const avail = Math.min(QMTRECV.length, this.len + (j - i));
    if (avail === 0) return false;
    for (let k = 0; k < avail; k++) {
      const at = k < this.len ? this.line[k] : chunk[i + k - this.len];
      if (at !== QMTRECV[k]) return false;
    }
    return true;
  }

  private append(chunk: Uint8Array, from: number, to: number): void {
    if (this.mode.m === 'discard') {
      this.dropped += to - from;
      return;
    }
    const count = to - from;
    if (this.len + count > this.maxLine) {
      this.mode = { m: 'discard' };
      this.dropped = this.len + count;
      this.len = 0;
      return;
    }
    if (this.len + count > this.line.length) {
      let size = this.line.length;
      while (size < this.len + count) size *= 2;
      const grown = new Uint8Array(Math.min(this.maxLine, size));
      grown.set(this.line.subarray(0, this.len));
      this.line = grown;
    }
    // Short runs (the usual case at serial chunk sizes) copy faster by hand than through subarray().
    if (count < 64) for (let k = 0; k < count; k++) this.line[this.len + k] = chunk[from + k];
    else this.line.set(chunk.subarray(from, to), this.len);
    this.len += count;
  }

  private byte(b: number, sink: FrameSink): void {
    const mode = this.mode;
    if (this.echo) {
      if (b === this.echo[this.echoPos] && this.len === 0) {
        this.echoPos++;
        if (this.echoPos === this.echo.length) {
          sink.echoData(this.echo);
          this.echo = null;
        }
        return;
      }
      // Echo off, or the echo ended early: report what matched, then read normally.
      if (this.echoPos > 0) sink.echoData(this.echo.subarray(0, this.echoPos));
      this.echo = null;
    }
    if (this.skipPromptSpace) {
      this.skipPromptSpace = false;
      if (b === SPACE) return;
    }
    if (b === CR || b === LF) {
      if (mode.m === 'discard') {
        sink.overflow(this.dropped);
        this.mode = LINE_MODE;
        this.dropped = 0;
        return;
      }
      if (this.len > 0) {
        const len = this.len;
        this.len = 0;
        this.commas = 0;
        this.inQuote = false;
        this.lineEnded(this.line, 0, len, b, sink);
      }
      return;
    }
    if (b === NUL) return;
    if (mode.m === 'discard') {
      this.dropped++;
      return;
    }
    if (b === GT && this.len === 0 && this.promptExpected) {
      this.promptExpected = false;
      this.skipPromptSpace = true;
      sink.prompt();
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
    if (b === QUOTE) this.inQuote = !this.inQuote;
    else if (b === COMMA && !this.inQuote && ++this.commas === 3) this.thirdComma = this.len - 1;
    else if (b === COMMA && !this.inQuote && this.commas === 4 && this.len >= QMTRECV.length && this.line[1] === 0x51 && this.line[4] === 0x52) {
      // `+QMTRECV: <idx>,<msgid>,<topic>,<len>,` — the fourth comma is where a counted payload starts
      this.tryPayloadHeader();
    }
  }

  private lineEnded(buf: Uint8Array, start: number, end: number, terminator: number, sink: FrameSink): void {
    sink.line(buf, start, end);
    // "+QI": only +QIRD and +QIURC lines announce counted data
    if (buf[start] !== 0x2b || buf[start + 1] !== 0x51 || buf[start + 2] !== 0x49) return;
    const text = decodeBytes(buf, start, end);
    for (const re of COUNTED_LINE) {
      const m = re.exec(text);
      if (m && Number(m[1]) > 0) {
        this.mode = { m: 'counted', block: new Uint8Array(Number(m[1])), got: 0, skipLf: terminator === CR };
        return;
      }
    }
  }

  private tryPayloadHeader(): void {
    // The length field, between the third and the fourth comma, must be digits (spaces allowed).
    let length = 0;
    let digits = 0;
    for (let k = this.thirdComma + 1; k < this.len - 1; k++) {
      const c = this.line[k];
      if (c >= 0x30 && c <= 0x39) {
        length = length * 10 + (c - 0x30);
        digits++;
      } else if (c !== SPACE) return;
    }
    if (digits === 0) return;
    const header = decodeBytes(this.line, 0, this.len - 1);
    if (!QMTRECV_WITH_LENGTH.test(`${header},`)) return;
    this.mode = { m: 'payload', header, block: new Uint8Array(length), got: 0, quoted: false, started: false, closing: false };
    this.len = 0;
    this.commas = 0;
    this.inQuote = false;
  }

  /** Payload and counted-data modes: copy as many bytes as the block still needs at once. */
  private takeBlock(chunk: Uint8Array, i: number, sink: FrameSink): number {
    const mode = this.mode;
    if (mode.m === 'counted') {
      if (mode.skipLf) {
        mode.skipLf = false;
        if (chunk[i] === LF) return i + 1;
      }
      const take = Math.min(mode.block.length - mode.got, chunk.length - i);
      mode.block.set(chunk.subarray(i, i + take), mode.got);
      mode.got += take;
      if (mode.got === mode.block.length) {
        this.mode = LINE_MODE;
        sink.data(mode.block);
      }
      return i + take;
    }
    if (mode.m !== 'payload') return i;
    if (mode.closing) {
      // After the counted bytes: the closing quote is consumed; anything else is read normally.
      this.mode = LINE_MODE;
      return chunk[i] === QUOTE ? i + 1 : i;
    }
    if (!mode.started) {
      mode.started = true;
      if (chunk[i] === QUOTE) {
        mode.quoted = true;
        if (mode.block.length === 0) this.finishPayload(mode, sink);
        return i + 1;
      }
      if (mode.block.length === 0) {
        this.finishPayload(mode, sink);
        return i;
      }
    }
    const take = Math.min(mode.block.length - mode.got, chunk.length - i);
    mode.block.set(chunk.subarray(i, i + take), mode.got);
    mode.got += take;
    if (mode.got === mode.block.length) this.finishPayload(mode, sink);
    return i + take;
  }

  private finishPayload(mode: Extract<Mode, { m: 'payload' }>, sink: FrameSink): void {
    if (mode.quoted) mode.closing = true;
    else this.mode = LINE_MODE;
    sink.payload(mode.header, mode.block);
  }
}
