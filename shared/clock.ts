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
