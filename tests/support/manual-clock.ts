import type { Scheduler } from '../../shared/clock';

/** A clock tests move by hand; timers fire in order as time passes. */
export class ManualClock implements Scheduler {
  private timers: Array<{ at: number; fn: () => void; id: number }> = [];
  private seq = 0;
  constructor(public t = 1_700_000_000_000) {}
  now(): number {
    return this.t;
  }
  after(ms: number, fn: () => void): () => void {
    const id = ++this.seq;
    this.timers.push({ at: this.t + ms, fn, id });
    return () => {
      this.timers = this.timers.filter((x) => x.id !== id);
    };
  }
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = next.at;
      next.fn();
    }
    this.t = end;
  }
}
