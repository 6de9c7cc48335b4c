// What the framer hands over, as values: for tests and tools that want a list of frames, and the
// one text decoder the engine uses for a line's bytes.
import { utf8Decode } from '../../shared/bytes';
import type { FrameSink } from './framer';

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
