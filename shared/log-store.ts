// The terminal log as packed lines (performance-plan.md §3.2, §4.2): bytes + offsets + timestamps +
// direction in typed arrays, never one object per line. Main keeps one to batch and to answer
// snapshots; the renderer keeps one to draw the visible rows. Lines are numbered absolutely from the
// start of the session, so both sides can tell whether they hold the same range.

export const DIR_RX = 0;
export const DIR_TX = 1;
/** An annotation main adds to the timeline: a command's result (JSON of an at.final/at.result). */
export const DIR_NOTE = 2;
export type LogDir = typeof DIR_RX | typeof DIR_TX | typeof DIR_NOTE;

/** A run of consecutive lines. `offsets` has one entry more than there are lines. */
export interface PackedLog {
  /** Absolute index of the first line. */
  first: number;
  bytes: Uint8Array;
  offsets: Uint32Array;
  times: Float64Array;
  dirs: Uint8Array;
}

export interface LogLine {
  index: number;
  dir: LogDir;
  t: number;
  bytes: Uint8Array;
}

export function packedCount(p: PackedLog): number {
  return p.offsets.length - 1;
}

export function emptyPacked(first: number): PackedLog {
  return { first, bytes: new Uint8Array(0), offsets: new Uint32Array(1), times: new Float64Array(0), dirs: new Uint8Array(0) };
}

const SEAL_LINES = 16_384;
/** Batches at least this long are kept as they came (a snapshot); shorter ones are copied. */
const ADOPT_LINES = 4096;
const SEAL_BYTES = 1 << 20;

/** Lines being appended one at a time; sealed into an immutable PackedLog when full. */
class TailBuilder {
  bytes: Uint8Array = new Uint8Array(4096);
  offsets: Uint32Array = new Uint32Array(257);
  times: Float64Array = new Float64Array(256);
  dirs: Uint8Array = new Uint8Array(256);
  count = 0;
  used = 0;

  constructor(public first: number) {}

  push(dir: LogDir, t: number, line: Uint8Array): void {
    if (this.count + 1 >= this.times.length) {
      const n = this.times.length * 2;
      this.offsets = grow(this.offsets, n + 1) as Uint32Array;
      this.times = grow(this.times, n) as Float64Array;
      this.dirs = grow(this.dirs, n) as Uint8Array;
    }
    if (this.used + line.length > this.bytes.length) {
      this.bytes = grow(this.bytes, Math.max(this.bytes.length * 2, this.used + line.length)) as Uint8Array;
    }
    this.bytes.set(line, this.used);
    this.used += line.length;
    this.times[this.count] = t;
    this.dirs[this.count] = dir;
    this.count++;
    this.offsets[this.count] = this.used;
  }

  /** Copies a whole packed run in after the lines held (the caller checked it continues them). */
  pushPacked(p: PackedLog): void {
    const n = packedCount(p);
    const base = p.offsets[0];
    const size = p.offsets[n] - base;
    if (this.count + n >= this.times.length) {
      const lines = Math.max(this.times.length * 2, this.count + n + 1);
      this.offsets = grow(this.offsets, lines + 1) as Uint32Array;
      this.times = grow(this.times, lines) as Float64Array;
      this.dirs = grow(this.dirs, lines) as Uint8Array;
    }
    if (this.used + size > this.bytes.length) {
      this.bytes = grow(this.bytes, Math.max(this.bytes.length * 2, this.used + size)) as Uint8Array;
    }
    this.bytes.set(p.bytes.subarray(base, base + size), this.used);
    this.times.set(p.times.subarray(0, n), this.count);
    this.dirs.set(p.dirs.subarray(0, n), this.count);
    const shift = this.used - base;
    for (let i = 1; i <= n; i++) this.offsets[this.count + i] = p.offsets[i] + shift;
    this.count += n;
    this.used += size;
  }

  get full(): boolean {
    return this.count >= SEAL_LINES || this.used >= SEAL_BYTES;
  }

  /** A packed view of lines [from, to) of this builder (relative), copied. */
  pack(from: number, to: number): PackedLog {
    const base = this.offsets[from];
    const offsets = new Uint32Array(to - from + 1);
    for (let i = from; i <= to; i++) offsets[i - from] = this.offsets[i] - base;
    return {
      first: this.first + from,
      bytes: this.bytes.slice(base, this.offsets[to]),
      offsets,
      times: this.times.slice(from, to),
      dirs: this.dirs.slice(from, to),
    };
  }
}

type Typed = Uint8Array | Uint32Array | Float64Array;
function grow(a: Typed, n: number): Typed {
  const b = new (a.constructor as { new (n: number): Typed })(n);
  b.set(a);
  return b;
}

export class LogStore {
  private chunks: PackedLog[] = [];
  private tail: TailBuilder;
  private start = 0;

  /** @param capLines oldest whole chunks are dropped beyond this many lines */
  constructor(private readonly capLines = 2_000_000) {
    this.tail = new TailBuilder(0);
  }

  /** Absolute index of the oldest line kept. */
  get first(): number {
    return this.start;
  }

  /** Absolute index one past the newest line. */
  get end(): number {
    return this.tail.first + this.tail.count;
  }

  get length(): number {
    return this.end - this.start;
  }

  append(dir: LogDir, t: number, line: Uint8Array): number {
    const index = this.end;
    this.tail.push(dir, t, line);
    if (this.tail.full) this.seal();
    return index;
  }

  /** Appends a batch received from the other side. A gap or overlap restarts the store there. */
  appendPacked(p: PackedLog): void {
    if (p.first < this.end && p.first >= this.start) {
      // Overlaps what is held (a batch that raced a snapshot): keep only the new part.
      if (p.first + packedCount(p) <= this.end) return;
      p = slicePacked(p, this.end - p.first, packedCount(p));
    }
    if (packedCount(p) === 0) return;
    if (p.first !== this.end) this.reset(p.first);
    if (packedCount(p) < ADOPT_LINES) {
      // A per-frame batch (tens of lines): copied into the tail, so the store holds a few big
      // chunks rather than thousands of small ones, each a view pinning its whole wire frame.
      this.tail.pushPacked(p);
      if (this.tail.full) this.seal();
      return;
    }
    this.seal();
    this.chunks.push(p);
    this.tail = new TailBuilder(this.end + packedCount(p));
    this.trim();
  }

  /** Drops every line; numbering continues from `from` (default: where it was). */
  reset(from = this.end): void {
    this.chunks = [];
    this.tail = new TailBuilder(from);
    this.start = from;
  }

  line(index: number): LogLine | null {
    if (index < this.start || index >= this.end) return null;
    if (index >= this.tail.first) {
      const i = index - this.tail.first;
      const tb = this.tail;
      return { index, dir: tb.dirs[i] as LogDir, t: tb.times[i], bytes: tb.bytes.subarray(tb.offsets[i], tb.offsets[i + 1]) };
    }
    const c = this.chunkOf(index);
    const i = index - c.first;
    return { index, dir: c.dirs[i] as LogDir, t: c.times[i], bytes: c.bytes.subarray(c.offsets[i], c.offsets[i + 1]) };
  }

  /** Lines [from, to) as one packed run (copied), clamped to what is kept. */
  pack(from: number, to = this.end): PackedLog {
    from = Math.max(from, this.start);
    to = Math.min(to, this.end);
    if (to <= from) return emptyPacked(Math.max(from, this.start));
    const parts: PackedLog[] = [];
    for (const c of this.chunks) {
      const cEnd = c.first + packedCount(c);
      if (cEnd <= from || c.first >= to) continue;
      parts.push(slicePacked(c, Math.max(from, c.first) - c.first, Math.min(to, cEnd) - c.first));
    }
    if (to > this.tail.first) parts.push(this.tail.pack(Math.max(from, this.tail.first) - this.tail.first, to - this.tail.first));
    return concatPacked(parts);
  }

  /**
   * Calls `visit` with the index of each line in [from, to) whose bytes contain `needle` (ASCII
   * case-insensitive; `needle` already lower-cased), in order, until `visit` returns false. Scans
   * each chunk's bytes in place (performance-plan.md §4.3): no object per line, so a million lines
   * take milliseconds.
   */
  findLines(needle: Uint8Array, from: number, to: number, visit: (index: number) => boolean): void {
    from = Math.max(from, this.start);
    to = Math.min(to, this.end);
    if (to <= from) return;
    const runs: { first: number; count: number; bytes: Uint8Array; offsets: Uint32Array }[] = [];
    for (let k = this.chunks.length ? this.chunkIndexOf(from) : 0; k < this.chunks.length; k++) {
      const c = this.chunks[k];
      if (c.first >= to) break;
      runs.push({ first: c.first, count: packedCount(c), bytes: c.bytes, offsets: c.offsets });
    }
    const shift = shiftTable(needle);
    const tb = this.tail;
    if (tb.count > 0 && to > tb.first) runs.push({ first: tb.first, count: tb.count, bytes: tb.bytes, offsets: tb.offsets });
    for (const r of runs) {
      const lo = Math.max(from, r.first) - r.first;
      const hi = Math.min(to, r.first + r.count) - r.first;
      if (hi <= lo) continue;
      let line = lo;
      let at = r.offsets[lo];
      const endByte = r.offsets[hi];
      while (line < hi) {
        const hit = findBytes(r.bytes, needle, at, endByte, shift);
        if (hit < 0) break;
        // The line holding the hit: the last one starting at or before it.
        let a = line;
        let b = hi - 1;
        while (a < b) {
          const mid = (a + b + 1) >> 1;
          if (r.offsets[mid] <= hit) a = mid;
          else b = mid - 1;
        }
        if (hit + needle.length <= r.offsets[a + 1]) {
          if (!visit(r.first + a)) return;
          line = a + 1;
          at = r.offsets[line];
        } else {
          at = hit + 1; // ran across a line end: not a hit of either line
          line = a;
        }
      }
    }
  }

  private seal(): void {
    if (this.tail.count === 0) return;
    this.chunks.push(this.tail.pack(0, this.tail.count));
    this.tail = new TailBuilder(this.end);
    this.trim();
  }

  private trim(): void {
    while (this.chunks.length > 0 && this.end - this.start > this.capLines) {
      const c = this.chunks.shift() as PackedLog;
      this.start = c.first + packedCount(c);
    }
  }

  private chunkOf(index: number): PackedLog {
    return this.chunks[this.chunkIndexOf(index)];
  }

  private chunkIndexOf(index: number): number {
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.chunks[mid].first <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** ASCII upper case folded to lower, every other byte as is. */
const FOLD = Uint8Array.from({ length: 256 }, (_, c) => (c >= 0x41 && c <= 0x5a ? c | 0x20 : c));

/** Horspool's shift table for a lower-cased needle, matching either case of its letters. */
export function shiftTable(needle: Uint8Array): Int32Array {
  const n = needle.length;
  const shift = new Int32Array(256).fill(Math.max(1, n));
  for (let j = 0; j < n - 1; j++) {
    shift[needle[j]] = n - 1 - j;
    if (needle[j] >= 0x61 && needle[j] <= 0x7a) shift[needle[j] - 0x20] = n - 1 - j;
  }
  return shift;
}

/**
 * First position in hay[from, to) where the lower-cased `needle` occurs, ASCII case-insensitively,
 * or -1 (Boyer-Moore-Horspool: long needles skip most bytes, nothing is allocated per line).
 */
export function findBytes(hay: Uint8Array, needle: Uint8Array, from: number, to: number, shift = shiftTable(needle)): number {
  const n = needle.length;
  if (n === 0) return from <= to ? from : -1;
  const last = needle[n - 1];
  for (let i = from; i + n <= to; i += shift[hay[i + n - 1]]) {
    if (FOLD[hay[i + n - 1]] !== last) continue;
    let j = n - 2;
    while (j >= 0 && FOLD[hay[i + j]] === needle[j]) j--;
    if (j < 0) return i;
  }
  return -1;
}

function slicePacked(p: PackedLog, from: number, to: number): PackedLog {
  if (from === 0 && to === packedCount(p)) return p;
  const base = p.offsets[from];
  const offsets = new Uint32Array(to - from + 1);
  for (let i = from; i <= to; i++) offsets[i - from] = p.offsets[i] - base;
  return {
    first: p.first + from,
    bytes: p.bytes.subarray(base, p.offsets[to]),
    offsets,
    times: p.times.subarray(from, to),
    dirs: p.dirs.subarray(from, to),
  };
}

function concatPacked(parts: PackedLog[]): PackedLog {
  if (parts.length === 1) {
    const p = parts[0];
    return { first: p.first, bytes: p.bytes.slice(), offsets: p.offsets.slice(), times: p.times.slice(), dirs: p.dirs.slice() };
  }
  let lines = 0;
  let bytes = 0;
  for (const p of parts) {
    lines += packedCount(p);
    bytes += p.bytes.length;
  }
  const out: PackedLog = {
    first: parts[0].first,
    bytes: new Uint8Array(bytes),
    offsets: new Uint32Array(lines + 1),
    times: new Float64Array(lines),
    dirs: new Uint8Array(lines),
  };
  let li = 0;
  let bi = 0;
  for (const p of parts) {
    const n = packedCount(p);
    out.bytes.set(p.bytes, bi);
    out.times.set(p.times, li);
    out.dirs.set(p.dirs, li);
    for (let i = 1; i <= n; i++) out.offsets[li + i] = bi + p.offsets[i];
    li += n;
    bi += p.bytes.length;
  }
  return out;
}
