// Counted blocks: bytes the module sends by count rather than by line — a +QMTRECV payload, cut by
// its length field (Q5), and the raw data after +QIRD or a direct-push +QIURC "recv" (§3.4.8,
// §3.4.9). Which lines announce such data, and where a block split across reads is gathered.
import { decodeBytes } from './frames';

/** Lines after which the module sends exactly N raw bytes (§3.4.8, §3.4.9). */
const COUNTED_LINE = [/^\+QIRD:\s*(\d+)$/, /^\+QIRD:\s*(\d+)\s*,\s*"[^"]*"\s*,\s*\d+$/, /^\+QIURC:\s*"recv"\s*,\s*\d+\s*,\s*(\d+)$/];
/** Counted blocks up to this size are gathered in one reused buffer; bigger ones get their own. */
const REUSED_BLOCK_MAX = 64 * 1024;
/** Complete blocks up to this size are handed over through a view made once per length. */
const CACHED_VIEW_MAX = 4096;

/** How many raw bytes the line buf[start, end) announces: a +QIRD or +QIURC "recv" line; else 0. */
export function announcedBytes(buf: Uint8Array, start: number, end: number): number {
  // "+QI": only +QIRD and +QIURC lines announce counted data
  if (buf[start] !== 0x2b || buf[start + 1] !== 0x51 || buf[start + 2] !== 0x49) return 0;
  const text = decodeBytes(buf, start, end);
  for (const re of COUNTED_LINE) {
    const m = re.exec(text);
    if (m) return Number(m[1]);
  }
  return 0;
}

/** A block being read: `got` of its `length` bytes are in `block` so far. */
export interface CountedBlock {
  block: Uint8Array;
  length: number;
  got: number;
}

export class BlockStore {
  private reused = new Uint8Array(0);
  /** Views of `reused` by length, made once: a block split across reads is handed over without a new view. */
  private views: Uint8Array[] = [];

  /** Where a block of this size is gathered when it spans reads. */
  for(length: number): Uint8Array {
    if (length > REUSED_BLOCK_MAX) return new Uint8Array(length);
    if (this.reused.length < length) {
      this.reused = new Uint8Array(Math.max(length, 2 * this.reused.length, 256));
      this.views = [];
    }
    return this.reused;
  }

  /** Takes what the block still needs from chunk[i...]; returns the whole block (valid during the call only) once it is complete. */
  fill(b: CountedBlock, chunk: Uint8Array, i: number): Uint8Array | null {
    const take = Math.min(b.length - b.got, chunk.length - i);
    if (b.got === 0 && take === b.length) {
      // The whole block lies in this chunk: hand over a view, no copy.
      b.got = take;
      return chunk.subarray(i, i + take);
    }
    const block = b.block;
    const at = b.got;
    // A whole chunk inside the block (small chunks, long payload) is one memcpy, with no view to make.
    if (take === chunk.length) block.set(chunk, at);
    else if (take < 64) for (let k = 0; k < take; k++) block[at + k] = chunk[i + k];
    else block.set(chunk.subarray(i, i + take), at);
    b.got += take;
    if (b.got !== b.length) return null;
    if (block !== this.reused || b.length > CACHED_VIEW_MAX) return block.subarray(0, b.length);
    return (this.views[b.length] ??= block.subarray(0, b.length));
  }
}
