// Byte buffers the engine fills as bytes arrive (the command line being typed, a data-phase
// payload) and compares in place, so the read path makes no copies and no strings.

/** A copy of bytes[0, used) in a buffer with room for at least `needed` bytes. */
export function grow(bytes: Uint8Array, used: number, needed: number): Uint8Array {
  const grown = new Uint8Array(Math.max(needed, 2 * bytes.length, 64));
  grown.set(bytes.subarray(0, used));
  return grown;
}

/** buf[start, end) holds exactly the bytes of `other`. */
export function bytesEqual(buf: Uint8Array, start: number, end: number, other: Uint8Array): boolean {
  if (end - start !== other.length) return false;
  for (let k = 0; k < other.length; k++) if (buf[start + k] !== other[k]) return false;
  return true;
}
