// Coalesces what main pushes to the renderer into one numbered batch per frame (performance-plan.md
// §3.2: one packed message per ~16-33 ms beats one message per line by two orders of magnitude, and
// more than ~60 messages a second congests the renderer). Nothing is scheduled while idle.
import type { Scheduler } from '../../shared/clock';
import type { Fact } from '../../shared/facts';
import type { LogStore } from '../../shared/log-store';
import type { LinkState, Notice, StreamBatch } from '../../shared/contract';

/** One batch at most every BATCH_MS: 50 messages a second. */
export const BATCH_MS = 20;
/**
 * Byte counters (link tx/rx, log file size) go out at most this often (performance-plan.md §8.2.5:
 * counters at 1 Hz). Every received chunk moves them; sending each move made every batch carry
 * state the renderer had to re-render for.
 */
export const COUNTERS_MS = 1000;

type StateFields = Pick<StreamBatch, 'link' | 'run' | 'transfer' | 'logFile' | 'script'>;

export class StreamBatcher {
  private seqNo = 0;
  private logSent: number;
  private facts: Fact[] = [];
  private notices: Notice[] = [];
  private state: StateFields = {};
  private cleared = false;
  private cancel: (() => void) | null = null;
  /** Counter-only changes waiting for their slot. */
  private held: Pick<StateFields, 'link' | 'logFile'> = {};
  /** The newest link / log file state sent (or queued to be), to tell a counter-only change. */
  private shown: Pick<StateFields, 'link' | 'logFile'> = {};
  private countersSentAt = -Infinity;
  private cancelCounters: (() => void) | null = null;
  private readonly listeners = new Set<(batch: StreamBatch) => void>();

  constructor(
    private readonly scheduler: Scheduler,
    private readonly log: LogStore,
  ) {
    this.logSent = log.end;
  }

  /** Sequence number of the last batch sent. */
  get seq(): number {
    return this.seqNo;
  }

  onBatch(listener: (batch: StreamBatch) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  logAppended(): void {
    this.schedule();
  }

  logCleared(): void {
    this.cleared = true;
    this.logSent = this.log.end;
    this.schedule();
  }

  fact(f: Fact): void {
    this.facts.push(f);
    this.schedule();
  }

  notice(n: Notice): void {
    this.notices.push(n);
    this.schedule();
  }

  setState(fields: StateFields): void {
    const { link, logFile, ...rest } = fields;
    let now = Object.keys(rest).length > 0;
    if (link !== undefined) {
      if (this.shown.link && sameLinkButCounters(this.shown.link, link)) this.held.link = link;
      else {
        delete this.held.link;
        this.state.link = this.shown.link = link;
        now = true;
      }
    }
    if (logFile !== undefined) {
      if (logFile && this.shown.logFile && this.shown.logFile.path === logFile.path) this.held.logFile = logFile;
      else {
        delete this.held.logFile;
        this.state.logFile = this.shown.logFile = logFile;
        now = true;
      }
    }
    Object.assign(this.state, rest);
    if (now) this.schedule();
    if (this.held.link || this.held.logFile) this.scheduleCounters();
  }

  /** Sends what is pending now (before a snapshot, so the snapshot's seq covers everything). */
  flush(): void {
    this.takeCounters();
    this.send();
  }

  private send(): void {
    if (this.cancel) {
      this.cancel();
      this.cancel = null;
    }
    const hasLog = this.log.end > this.logSent;
    if (!hasLog && !this.facts.length && !this.notices.length && !this.cleared && Object.keys(this.state).length === 0) return;
    const batch: StreamBatch = {
      seq: ++this.seqNo,
      log: hasLog ? this.log.pack(this.logSent) : null,
      facts: this.facts,
      notices: this.notices,
      ...this.state,
      ...(this.cleared ? { cleared: true } : {}),
    };
    this.logSent = this.log.end;
    this.facts = [];
    this.notices = [];
    this.state = {};
    this.cleared = false;
    for (const listener of this.listeners) listener(batch);
  }

  dispose(): void {
    if (this.cancel) this.cancel();
    this.cancel = null;
    if (this.cancelCounters) this.cancelCounters();
    this.cancelCounters = null;
    this.listeners.clear();
  }

  private schedule(): void {
    if (this.cancel) return;
    this.cancel = this.scheduler.after(BATCH_MS, () => {
      this.cancel = null;
      this.send();
    });
  }

  /** Moves held counters into the next batch. */
  private takeCounters(): void {
    if (this.cancelCounters) {
      this.cancelCounters();
      this.cancelCounters = null;
    }
    if (!this.held.link && !this.held.logFile) return;
    if (this.held.link) this.state.link = this.shown.link = this.held.link;
    if (this.held.logFile) this.state.logFile = this.shown.logFile = this.held.logFile;
    this.held = {};
    this.countersSentAt = this.scheduler.now();
  }

  private scheduleCounters(): void {
    if (this.cancelCounters) return;
    const wait = Math.max(BATCH_MS, this.countersSentAt + COUNTERS_MS - this.scheduler.now());
    this.cancelCounters = this.scheduler.after(wait, () => {
      this.cancelCounters = null;
      this.takeCounters();
      this.send();
    });
  }
}

/** Whether `next` differs from `prev` in its byte counters only. */
function sameLinkButCounters(prev: LinkState, next: LinkState): boolean {
  return (
    prev.phase === next.phase &&
    prev.name === next.name &&
    prev.settings === next.settings &&
    prev.dtr === next.dtr &&
    prev.rts === next.rts &&
    prev.lines === next.lines
  );
}
