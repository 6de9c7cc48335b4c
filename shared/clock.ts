// Time as the pure core sees it: a value passed in, never read from a global.

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** Timers for the thin shells (runner, client, simulator); tests pass a manual one. */
export interface Scheduler extends Clock {
  /** Calls fn after ms; returns a cancel function. */
  after(ms: number, fn: () => void): () => void;
}

/** Past this much ahead of the session clock, the wall clock is followed again (a resume from sleep). */
export const WALL_RESYNC_MS = 1000;

/**
 * Epoch milliseconds that never go backwards (reliability-checklist G5): the wall clock at the start,
 * advanced by a monotonic clock. Timestamps, timeouts and latencies all come from one `t`, so a wall
 * clock set back (by hand, by an NTP step) must not reorder the log, make latencies negative or push
 * an engine deadline an hour away; the session clock then keeps counting from where it was. When
 * the wall clock is ahead instead — the machine slept (the monotonic clock stops during suspend) or
 * was set forward — the session clock jumps forward to it: order is still preserved, and the times
 * shown match the wall again.
 */
export class MonotonicWallClock implements Clock {
  private anchorWall: number;
  private anchorMono: number;
  private last: number;

  constructor(
    private readonly wall: () => number,
    private readonly mono: () => number,
  ) {
    this.anchorWall = wall();
    this.anchorMono = mono();
    this.last = this.anchorWall;
  }

  now(): number {
    const m = this.mono();
    const w = this.wall();
    // Whole milliseconds, like Date.now(): a monotonic source has fractions, and the log shows ms.
    let t = this.anchorWall + Math.floor(m - this.anchorMono);
    if (w - t > WALL_RESYNC_MS) {
      this.anchorWall = w;
      this.anchorMono = m;
      t = w;
    }
    // A monotonic source never goes back; the guard keeps the promise with any source (fake ones too).
    if (t < this.last) t = this.last;
    this.last = t;
    return t;
  }
}
