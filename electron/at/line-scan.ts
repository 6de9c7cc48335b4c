// Finding line ends in a chunk of module bytes: the innermost loops of the serial read path
// (performance-plan.md §5). A line ends at CR or LF; NUL is line noise the framer skips.
export const CR = 0x0d;
export const LF = 0x0a;
export const NUL = 0x00;

/** Chunks at least this long are also scanned four bytes at a time (shorter ones: the view costs more than it saves). */
export const WORD_SCAN_MIN_BYTES = 256;

/** Where in a chunk its first 4-byte-aligned byte is. */
export const firstAligned = (chunk: Uint8Array) => (4 - (chunk.byteOffset & 3)) & 3;

/** The chunk as 32-bit words, from its first 4-byte-aligned byte on. */
export function wordView(chunk: Uint8Array, first: number): Int32Array {
  return new Int32Array(chunk.buffer, chunk.byteOffset + first, (chunk.length - first) >>> 2);
}

/**
 * The first CR, LF or NUL in chunk[i, n), or n. With `words` (wordView(chunk, first)) the aligned
 * words of a long run are tested four bytes at a time: the SWAR test `(x - 0x0e0e0e0e) & ~x &
 * 0x80808080` is non-zero exactly when some byte of x is below 0x0e.
 */
export function lineEnd(chunk: Uint8Array, i: number, n: number, words: Int32Array | null, first: number): number {
  let j = i;
  if (words !== null && n - i >= 12) {
    for (; ((j - first) & 3) !== 0; j++) {
      const b = chunk[j];
      if (b <= CR && (b === CR || b === LF || b === NUL)) return j;
    }
    let w = (j - first) >> 2;
    const wn = words.length;
    while (w < wn) {
      const x = words[w];
      if (((x - 0x0e0e0e0e) & ~x & 0x80808080) !== 0) break;
      w++;
    }
    j = first + w * 4;
  }
  while (j < n) {
    const b = chunk[j];
    if (b <= CR && (b === CR || b === LF || b === NUL)) break;
    j++;
  }
  return j;
}

/** How close to the end of a chunk a line must start to be copied while it is scanned (the carry buffer holds at least this). */
export const TAIL_COPY_BYTES = 64;

/** lineEnd() for a short run, copying chunk[i, end) to line[0...] on the way; line has room for n - i bytes. */
export function copyLineStart(chunk: Uint8Array, i: number, n: number, line: Uint8Array): number {
  let j = i;
  let k = 0;
  while (j < n) {
    const b = chunk[j];
    if (b <= CR && (b === CR || b === LF || b === NUL)) break;
    line[k++] = b;
    j++;
  }
  return j;
}
