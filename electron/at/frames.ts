// What the framer hands over, as values: for tests and tools that want a list of frames, and the
// one text decoder the engine uses for a line's bytes.
import { utf8Decode } from '../../shared/bytes';

/** Where the framer delivers frames, synchronously: a view it passes is valid during the call only. */
export interface FrameSink {
  /** A CR- or LF-terminated line, terminators stripped; empty lines are dropped. */
  line(buf: Uint8Array, start: number, end: number): void;
  /** `>` at the start of a line while a prompt command is pending (quectel-at.md §1.7, Q6: no terminator follows). */
  prompt(): void;
  /** `+QMTRECV: <idx>,<msgid>,<topic>,<len>,<payload>` cut by its length field, never by quotes (§3.6.11, Q5). `bytes` is valid during the call only. */
  payload(header: string, bytes: Uint8Array): void;
  /** Counted raw bytes announced by the previous line (`+QIRD: <n>`, direct-push `+QIURC: "recv",<id>,<n>`); valid during the call only. */
  data(bytes: Uint8Array): void;
  /** The module echoing the payload the host sent after a prompt (Q3: only the accepted bytes); valid during the call only. */
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
    payload: (header, bytes) => out.push({ kind: 'payload', header, bytes: bytes.slice() }),
    data: (bytes) => out.push({ kind: 'data', bytes: bytes.slice() }),
    echoData: (bytes) => out.push({ kind: 'echo-data', bytes: bytes.slice() }),
    overflow: (droppedBytes) => out.push({ kind: 'overflow', droppedBytes }),
  };
}

/** Bytes as text (UTF-8). Short ASCII runs (OK, ERROR, digits) are built by hand, which beats the decoder's call cost. */
export function decodeBytes(buf: Uint8Array, start: number, end: number): string {
  if (end - start > 8) return utf8Decode(buf.subarray(start, end));
  let text = '';
  for (let i = start; i < end; i++) {
    const b = buf[i];
    if (b >= 0x80) return utf8Decode(buf.subarray(start, end));
    text += String.fromCharCode(b);
  }
  return text;
}
