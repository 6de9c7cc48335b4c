// The terminal's lines, kept outside React (performance-plan.md §4.2): a packed LogStore plus the
// index of lines that pass the filter, extended as batches arrive. React reads only the ~50 rows on
// screen; zustand holds a version counter that says "something changed".
import { LogStore, type LogLine, type PackedLog, packedCount } from '../../shared/log-store';
import { utf8Encode } from '../../shared/bytes';

/** The renderer keeps this many lines (main keeps its own copy for snapshots and the log file). */
export const RENDERER_CAP_LINES = 3_000_000;

export class TerminalLog {
  private store = new LogStore(RENDERER_CAP_LINES);
  private filterNeedle: Uint8Array | null = null;
  private matches = new Uint32Array(1024);
  private matchCount = 0;
  private scannedTo = 0;
  private gen = 0;

  get first(): number {
    return this.store.first;
  }

  get end(): number {
    return this.store.end;
  }

  /** Changes whenever a line index may now hold another line (a snapshot or clear replaced the log). */
  get generation(): number {
    return this.gen;
  }

  append(p: PackedLog): void {
    if (packedCount(p) === 0) return;
    const before = this.store.first;
    // Outside what is held: the store restarts there, and old indices may come back as other lines.
    if (p.first < before || p.first > this.store.end) this.gen++;
    this.store.appendPacked(p);
    if (this.store.first !== before && this.store.first > this.scannedTo) this.rescan();
    this.scan();
  }

  /** Replaces everything (a snapshot). */
  replace(p: PackedLog): void {
    this.gen++;
    this.store.reset(p.first);
    this.store.appendPacked(p);
    this.rescan();
  }

  clear(): void {
    this.gen++;
    this.store.reset();
    this.rescan();
  }

  line(index: number): LogLine | null {
    return this.store.line(index);
  }

  get filtering(): boolean {
    return this.filterNeedle !== null;
  }

  setFilter(text: string): void {
    this.filterNeedle = text ? lowerAscii(utf8Encode(text)) : null;
    this.rescan();
  }

  /** Rows the view shows, up to line `limit` (exclusive; the pause point). */
  viewCount(limit = this.end): number {
    if (!this.filterNeedle) return Math.max(0, Math.min(limit, this.end) - this.first);
    return upperBound(this.matches, this.matchCount, limit);
  }

  /** Absolute line index of a view row. */
  viewIndex(row: number): number {
    if (!this.filterNeedle) return this.first + row;
    return this.matches[row];
  }

  /** The view row of the next line (from `fromRow`, in `step` direction) containing `text`, or -1. */
  find(text: string, fromRow: number, step: 1 | -1, limit = this.end): number {
    if (!text) return -1;
    const needle = lowerAscii(utf8Encode(text));
    const n = this.viewCount(limit);
    if (n === 0) return -1;
    if (!this.filterNeedle) return this.findUnfiltered(needle, ((fromRow % n) + n) % n, step, n);
    for (let k = 0; k < n; k++) {
      const row = (((fromRow + step * k) % n) + n) % n;
      const line = this.store.line(this.viewIndex(row));
      if (line && contains(line.bytes, needle)) return row;
    }
    return -1;
  }

  /** Counts the lines that contain `text` (capped, so typing stays responsive on huge logs). */
  countMatches(text: string, cap = 100_000, limit = this.end): number {
    if (!text) return 0;
    const needle = lowerAscii(utf8Encode(text));
    let count = 0;
    const n = this.viewCount(limit);
    if (!this.filterNeedle) {
      this.store.findLines(needle, this.first, this.first + n, () => ++count < cap);
      return count;
    }
    for (let row = 0; row < n && count < cap; row++) {
      const line = this.store.line(this.viewIndex(row));
      if (line && contains(line.bytes, needle)) count++;
    }
    return count;
  }

  /** find() without a filter: rows are lines, so the store scans its bytes in place. */
  private findUnfiltered(needle: Uint8Array, fromRow: number, step: 1 | -1, n: number): number {
    const first = this.first;
    const from = first + fromRow;
    const end = first + n;
    let hit = -1;
    if (step === 1) {
      const take = (i: number) => ((hit = i), false);
      this.store.findLines(needle, from, end, take);
      if (hit < 0) this.store.findLines(needle, first, from, take);
    } else {
      // The last hit at or before `from`, else the last one after it (wrapping around).
      const keep = (i: number) => ((hit = i), true);
      this.store.findLines(needle, first, from + 1, keep);
      if (hit < 0) this.store.findLines(needle, from + 1, end, keep);
    }
    return hit < 0 ? -1 : hit - first;
  }

  private rescan(): void {
    this.matchCount = 0;
    this.scannedTo = this.store.first;
    this.scan();
  }

  private scan(): void {
    const needle = this.filterNeedle;
    if (!needle) {
      this.scannedTo = this.end;
      return;
    }
    // Matches below the store's start were dropped with their lines.
    let drop = 0;
    while (drop < this.matchCount && this.matches[drop] < this.store.first) drop++;
    if (drop) {
      this.matches.copyWithin(0, drop, this.matchCount);
      this.matchCount -= drop;
    }
    this.store.findLines(needle, Math.max(this.scannedTo, this.store.first), this.end, (i) => {
      this.pushMatch(i);
      return true;
    });
    this.scannedTo = this.end;
  }

  private pushMatch(i: number): void {
    if (this.matchCount === this.matches.length) {
      const grown = new Uint32Array(this.matches.length * 2);
      grown.set(this.matches);
      this.matches = grown;
    }
    this.matches[this.matchCount++] = i;
  }
}

function lowerAscii(b: Uint8Array): Uint8Array {
  const out = b.slice();
  for (let i = 0; i < out.length; i++) if (out[i] >= 0x41 && out[i] <= 0x5a) out[i] |= 0x20;
  return out;
}

/** Case-insensitive (ASCII) byte search; `needle` is already lower-cased. */
export function contains(hay: Uint8Array, needle: Uint8Array): boolean {
  const n = needle.length;
  if (n === 0) return true;
  const first = needle[0];
  outer: for (let i = 0; i + n <= hay.length; i++) {
    let c = hay[i];
    if (c >= 0x41 && c <= 0x5a) c |= 0x20;
    if (c !== first) continue;
    for (let j = 1; j < n; j++) {
      let d = hay[i + j];
      if (d >= 0x41 && d <= 0x5a) d |= 0x20;
      if (d !== needle[j]) continue outer;
    }
    return true;
  }
  return false;
}

/** Number of entries of the sorted prefix a[0..n) that are < limit. */
function upperBound(a: Uint32Array, n: number, limit: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The one terminal log of this window. */
export const terminalLog = new TerminalLog();
