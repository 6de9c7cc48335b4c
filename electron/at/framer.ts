// Bytes from the module → frames. Pure and incremental: any chunking of the same bytes yields the
// same frames, because every decision is made at a byte, and mode changes asked for by the engine
// (prompt expected, echo expected) take effect from the next byte on — frames are delivered
// through a synchronous sink for exactly that reason.
//
// This is the serial read path, so it works on bytes (performance-plan.md §5, §8.2): a line that
// lies inside one chunk is handed over as a view of that chunk, only a line split across chunks is
// copied into the carry buffer, and no string is made here except the header of a counted
// +QMTRECV payload. Counted blocks are views too: of the chunk when they lie inside it, else of
// one reused buffer. Every view is valid during the call only.
import { CR, LF, NUL, TAIL_COPY_BYTES, WORD_SCAN_MIN_BYTES, copyLineStart, firstAligned, lineEnd, wordView } from './line-scan';
import { HeaderPrefixes, QMTRECV, lengthField, lengthFieldText, type KnownPrefix } from './qmtrecv-header';
import { BlockStore, announcedBytes } from './counted-data';
import type { FrameSink } from './frames';

export type { FrameSink } from './frames';


const GT = 0x3e;
const SPACE = 0x20;
const QUOTE = 0x22;
const COMMA = 0x2c;
const PLUS = 0x2b;
const EMPTY = new Uint8Array(0);
export interface FramerOptions {
  /** Longest line kept, in bytes; longer lines are dropped and reported (reliability: over-long lines). */
  maxLineBytes?: number;
}

type Mode =
  | { m: 'line' }
  | { m: 'discard' } // over-long line: drop until the next terminator
  | { m: 'payload'; header: string; block: Uint8Array; length: number; got: number; quoted: boolean; started: boolean; closing: boolean }
  | { m: 'counted'; block: Uint8Array; length: number; got: number; skipLf: boolean };

const LINE_MODE: Mode = { m: 'line' };
type PayloadMode = Extract<Mode, { m: 'payload' }>;

export class AtFramer {
  private readonly maxLine: number;
  /** Carry buffer: the part of a line that arrived in earlier chunks. */
  private line: Uint8Array;
  private len = 0;
  private mode: Mode = LINE_MODE;
  private dropped = 0;
  private promptExpected = false;
  private skipPromptSpace = false;
  /** The echo still expected: echo[echoPos...], a view of echoStore. */
  private echo: Uint8Array | null = null;
  private echoPos = 0;
  private echoStore = new Uint8Array(0);
  /** Commas outside quotes so far in the current line, and whether a quote is open (+QMTRECV header). */
  private commas = 0;
  private inQuote = false;
  /** Where the third comma of the line sits: the length field follows it. */
  private thirdComma = 0;
  /** The carried line is known not to be a +QMTRECV line: its next bytes are scanned and copied at once. */
  private plain = false;
  /** The carried line so far is exactly the first `len` bytes of this remembered header prefix. */
  private tracking: KnownPrefix | null = null;
  /** Where counted blocks split across chunks are gathered. */
  private readonly blocks = new BlockStore();
  /** The payload mode, one object reused for every +QMTRECV (one payload is read at a time). */
  private readonly payloadMode: PayloadMode = { m: 'payload', header: '', block: EMPTY, length: 0, got: 0, quoted: false, started: false, closing: false };
  /** Recent +QMTRECV header prefixes (up to the third comma). */
  private readonly prefixes = new HeaderPrefixes();

  constructor(opts: FramerOptions = {}) {
    this.maxLine = opts.maxLineBytes ?? 8192;
    this.line = new Uint8Array(Math.min(this.maxLine, 512));
  }

  /** The engine sets this while a prompt command (AT+QMTPUBEX, AT+QISEND...) awaits its `>`. */
  expectPrompt(on: boolean): void {
    this.promptExpected = on;
  }

  /** The engine passes on the payload it just saw the host send; the module may echo it (ATE1). The bytes are copied. */
  expectEcho(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    // Payload sent in several writes: the echo still to come is the rest of the old plus the new.
    const rest = this.echo ? this.echo.length - this.echoPos : 0;
    const total = rest + bytes.length;
    let store = this.echoStore;
    if (store.length < total) {
      store = new Uint8Array(Math.max(total, 2 * store.length, 256));
      if (rest > 0) store.set(this.echo!.subarray(this.echoPos));
      this.echoStore = store;
    } else if (rest > 0) store.copyWithin(0, this.echoPos, this.echoPos + rest);
    store.set(bytes, rest);
    this.echo = store.subarray(0, total);
    this.echoPos = 0;
  }

  /** Forget partial state (port reopened, module rebooted). */
  reset(): void {
    this.clearLine();
    this.mode = LINE_MODE;
    this.promptExpected = false;
    this.skipPromptSpace = false;
    this.echo = null;
    this.echoPos = 0;
  }

  push(chunk: Uint8Array, sink: FrameSink): void {
    const n = chunk.length;
    const first = n >= WORD_SCAN_MIN_BYTES ? firstAligned(chunk) : 0;
    const words = n >= WORD_SCAN_MIN_BYTES ? wordView(chunk, first) : null;
    let i = 0;
    while (i < n) {
      if (this.mode !== LINE_MODE || this.echo !== null || this.skipPromptSpace || (this.len === 0 && this.promptExpected)) {
        if (this.mode.m === 'payload' || this.mode.m === 'counted') i = this.takeBlock(chunk, i, sink);
        else if (this.echo !== null && this.len === 0) i = this.takeEcho(this.echo, chunk, i, sink);
        else this.byte(chunk[i++], sink);
        continue;
      }
      // Small chunks only (words === null): there most lines span reads; in big ones these checks
      // cost more per line than they save.
      if (words === null && this.plain && this.len + (n - i) <= this.line.length) {
        // The rest of a line carried over from the last chunk: scan and copy in one pass.
        i = this.continuePlain(chunk, i, n, sink);
        continue;
      }
      // Fast path: find the end of the line inside this chunk. Near the end of a chunk a line is
      // likely to be carried over, so there the bytes are copied to the carry buffer as they are scanned.
      const tail = words === null && this.len === 0 && n - i <= TAIL_COPY_BYTES && n - i <= this.line.length;
      const j = tail ? copyLineStart(chunk, i, n, this.line) : lineEnd(chunk, i, n, words, first);
      if (tail && j === n && (chunk[i] !== PLUS || !this.isQmtRecvLine(chunk, i, n))) {
        this.len = n - i;
        this.plain = true;
        return;
      }
      if (j > i && !this.plain && (this.len > 0 ? this.line[0] : chunk[i]) === PLUS) {
        if (this.isQmtRecvLine(chunk, i, j)) {
          // A +QMTRECV line turns into a counted payload at its fourth comma.
          i = this.scanQmtRecv(chunk, i, j);
          continue;
        }
      }
      if (j === n) {
        this.append(chunk, i, j);
        // What is carried is a line whose first byte is known: settle once whether it can be +QMTRECV.
        if (this.len > 0 && this.mode === LINE_MODE) this.plain = this.line[0] !== PLUS || !this.isQmtRecvLine(chunk, j, j);
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
        this.clearLine();
        if (this.mode === LINE_MODE) this.lineEnded(this.line, 0, len, b, sink);
        else this.byte(b, sink);
      }
      i = this.skipTerminators(chunk, j + 1, n);
    }
  }

  /** Empty lines (the CR LF pairs between responses) end nothing: in plain line mode, a run of them is stepped over at once. */
  private skipTerminators(chunk: Uint8Array, i: number, n: number): number {
    if (this.mode !== LINE_MODE || this.echo !== null || this.skipPromptSpace || this.len !== 0) return i;
    while (i < n) {
      const b = chunk[i];
      if (b !== CR && b !== LF) break;
      i++;
    }
    return i;
  }

  /**
   * chunk[i, n) continues a carried plain line and fits in the carry buffer: copies up to the
   * first CR, LF or NUL, and ends the line there as the fast path would. Returns where reading goes on.
   */
  private continuePlain(chunk: Uint8Array, i: number, n: number, sink: FrameSink): number {
    const line = this.line;
    let len = this.len;
    let j = i;
    while (j < n) {
      const b = chunk[j];
      if (b <= CR && (b === CR || b === LF || b === NUL)) break;
      line[len++] = b;
      j++;
    }
    this.len = len;
    if (j === n) return n;
    const b = chunk[j];
    if (b !== NUL) {
      // NULs are line noise: skipped, the line goes on.
      this.clearLine();
      this.lineEnded(line, 0, len, b, sink);
    }
    return this.skipTerminators(chunk, j + 1, n);
  }

  /** Stops comparing the carried line with a remembered prefix: counts its quotes and commas instead. */
  private untrack(): void {
    this.tracking = null;
    let commas = 0;
    let inQuote = false;
    for (let q = 0; q < this.len; q++) {
      const b = this.line[q];
      if (b === QUOTE) inQuote = !inQuote;
      else if (b === COMMA && !inQuote && ++commas === 3) this.thirdComma = q;
    }
    this.commas = commas;
    this.inQuote = inQuote;
  }

  /** The line being read is done with (ended, dropped or turned into a payload). */
  private clearLine(): void {
    this.len = 0;
    this.commas = 0;
    this.inQuote = false;
    this.plain = false;
    this.tracking = null;
  }

  /** Drops the line being read, and what follows up to the next terminator (over-long line). */
  private dropLine(dropped: number): void {
    this.clearLine();
    this.mode = { m: 'discard' };
    this.dropped = dropped;
  }

  /** Could the line whose next bytes are chunk[i, j) be a "+QMTRECV:" line? (Also true for a matching prefix.) */
  private isQmtRecvLine(chunk: Uint8Array, i: number, j: number): boolean {
    const avail = Math.min(QMTRECV.length, this.len + (j - i));
    for (let k = 0; k < avail; k++) {
      const at = k < this.len ? this.line[k] : chunk[i + k - this.len];
      if (at !== QMTRECV[k]) return false;
    }
    return true;
  }

  /**
   * The bytes chunk[i, j) of a +QMTRECV line (no terminator, no NUL among them), taken as byte()
   * would take them one by one, on the whole run at once. Returns where reading goes on.
   */
  private scanQmtRecv(chunk: Uint8Array, i: number, j: number): number {
    const room = this.maxLine - this.len;
    const end = j - i > room ? i + room : j;
    let from = i; // chunk[from, k) is not in the carry yet
    let commas = this.commas;
    let inQuote = this.inQuote;
    let k = i;
    // A header prefix seen before (same topic) that the line starts with is known up to its third
    // comma: its bytes are compared, not read for quotes and commas.
    let known = this.len === 0 ? this.prefixes.at(chunk, i, end, end === j) : this.tracking;
    if (known !== null && this.len === 0 && known.bytes.length <= end - i) {
      // all of it in this chunk (knownPrefixAt compared it)
      commas = 3;
      inQuote = false;
      this.thirdComma = known.bytes.length - 1;
      k = i + known.bytes.length;
    } else if (known !== null && this.len < known.bytes.length) {
      const bytes = known.bytes;
      let m = this.len;
      while (k < end && m < bytes.length && chunk[k] === bytes[m]) {
        k++;
        m++;
      }
      if (m === bytes.length) {
        commas = 3;
        inQuote = false;
        this.thirdComma = bytes.length - 1;
      } else if (k === j) {
        // The chunk ended inside the prefix: carry it, and go on comparing with the next chunk.
        this.tracking = known;
        this.append(chunk, i, j);
        return j;
      } else {
        // Another header after all: read the line from its start, as byte() would have.
        known = null;
        this.untrack();
        commas = this.commas;
        inQuote = this.inQuote;
        k = i;
      }
    }
    for (; k < end; k++) {
      const b = chunk[k];
      if (b === QUOTE) inQuote = !inQuote;
      else if (b === COMMA && !inQuote && ++commas === 3) this.thirdComma = this.len + (k - from);
      else if (b === COMMA && !inQuote && commas === 4) {
        // `+QMTRECV: <idx>,<msgid>,<topic>,<len>,` — the fourth comma is where a counted payload starts.
        // A header that began in this chunk is read in place; one that began earlier, from the carry.
        this.commas = commas;
        this.inQuote = inQuote;
        if (this.len === 0) {
          if (this.tryPayloadHeader(chunk, i, k, known)) return k + 1;
        } else {
          this.append(chunk, from, k + 1);
          from = k + 1;
          if (this.tryPayloadHeader(this.line, 0, this.len - 1, known)) return k + 1;
        }
      }
    }
    this.commas = commas;
    this.inQuote = inQuote;
    this.tracking = known;
    this.append(chunk, from, end);
    if (end < j) {
      // The line outgrew the carry buffer: drop it up to the next terminator, as byte() does.
      this.dropLine(this.len + 1);
      return end + 1;
    }
    return j;
  }

  private append(chunk: Uint8Array, from: number, to: number): void {
    if (this.mode.m === 'discard') {
      this.dropped += to - from;
      return;
    }
    const count = to - from;
    if (this.len + count > this.maxLine) {
      this.dropLine(this.len + count);
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
    const line = this.line;
    const at = this.len - from;
    if (count < 64) for (let k = from; k < to; k++) line[at + k] = chunk[k];
    else line.set(chunk.subarray(from, to), this.len);
    this.len += count;
  }

  /** The run of bytes that matches the expected echo, at once; the first other byte goes through byte(). */
  private takeEcho(echo: Uint8Array, chunk: Uint8Array, i: number, sink: FrameSink): number {
    let k = i;
    let at = this.echoPos;
    while (k < chunk.length && at < echo.length && chunk[k] === echo[at]) {
      k++;
      at++;
    }
    if (k === i) {
      this.byte(chunk[i], sink);
      return i + 1;
    }
    this.echoPos = at;
    if (at === echo.length) {
      sink.echoData(echo);
      this.echo = null;
    }
    return k;
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
        this.clearLine();
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
      this.dropLine(this.len + 1);
      return;
    }
    if (this.len === this.line.length) {
      const grown = new Uint8Array(Math.min(this.maxLine, this.line.length * 2));
      grown.set(this.line);
      this.line = grown;
    }
    // A carried prefix still being compared has no quote and comma count yet: make one first.
    if (this.tracking !== null && this.len < this.tracking.bytes.length) this.untrack();
    this.line[this.len++] = b;
    if (b === QUOTE) this.inQuote = !this.inQuote;
    else if (b === COMMA && !this.inQuote && ++this.commas === 3) this.thirdComma = this.len - 1;
    else if (b === COMMA && !this.inQuote && this.commas === 4) {
      // `+QMTRECV: <idx>,<msgid>,<topic>,<len>,` — the fourth comma is where a counted payload starts
      this.tryPayloadHeader(this.line, 0, this.len - 1, null);
    }
  }

  private lineEnded(buf: Uint8Array, start: number, end: number, terminator: number, sink: FrameSink): void {
    sink.line(buf, start, end);
    const length = announcedBytes(buf, start, end);
    if (length > 0) this.mode = { m: 'counted', block: this.blocks.for(length), length, got: 0, skipLf: terminator === CR };
  }

  /**
   * buf[start, comma) is a line up to the comma after its fourth field (thirdComma counts from
   * `start`): is it a +QMTRECV header, with a counted payload to follow? `known`: the remembered
   * prefix the line was already found to start with.
   */
  private tryPayloadHeader(buf: Uint8Array, start: number, comma: number, known: KnownPrefix | null): boolean {
    if (comma - start < QMTRECV.length || buf[start + 1] !== 0x51 || buf[start + 4] !== 0x52) return false;
    // The length field, between the third and the fourth comma.
    const fieldStart = start + this.thirdComma + 1;
    const length = lengthField(buf, fieldStart, comma);
    if (length < 0) return false;
    const prefix = known ? known.text : this.prefixes.text(buf, start, fieldStart);
    if (prefix === null) return false;
    const header = prefix + lengthFieldText(buf, fieldStart, comma, length);
    const mode = this.payloadMode;
    mode.header = header;
    mode.block = this.blocks.for(length);
    mode.length = length;
    mode.got = 0;
    mode.quoted = mode.started = mode.closing = false;
    this.mode = mode;
    this.clearLine();
    return true;
  }

  /** Payload and counted-data modes: take as many bytes as the block still needs at once. */
  private takeBlock(chunk: Uint8Array, i: number, sink: FrameSink): number {
    const mode = this.mode;
    if (mode.m === 'counted') {
      if (mode.skipLf) {
        mode.skipLf = false;
        if (chunk[i] === LF) return i + 1;
      }
      const before = mode.got;
      const block = this.blocks.fill(mode, chunk, i);
      if (block) {
        this.mode = LINE_MODE;
        sink.data(block);
      }
      return i + mode.got - before;
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
        if (mode.length === 0) this.finishPayload(mode, EMPTY, sink);
        return i + 1;
      }
      if (mode.length === 0) {
        this.finishPayload(mode, EMPTY, sink);
        return i;
      }
    }
    const before = mode.got;
    const block = this.blocks.fill(mode, chunk, i);
    if (block) this.finishPayload(mode, block, sink);
    return i + mode.got - before;
  }

  private finishPayload(mode: Extract<Mode, { m: 'payload' }>, bytes: Uint8Array, sink: FrameSink): void {
    if (mode.quoted) mode.closing = true;
    else this.mode = LINE_MODE;
    sink.payload(mode.header, bytes);
  }
}
