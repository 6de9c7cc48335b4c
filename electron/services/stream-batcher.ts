// Coalesces what main pushes to the renderer into one numbered batch per frame (performance-plan.md
// §3.2: one packed message per ~16-33 ms beats one message per line by two orders of magnitude, and
// more than ~60 messages a second congests the renderer). Nothing is scheduled while idle.
import type { Scheduler } from '../../shared/clock';
import type { Fact } from '../../shared/facts';
import type { LogStore } from '../../shared/log-store';
import type { Notice, StreamBatch } from '../../shared/contract';

/** One batch at most every BATCH_MS: 50 messages a second. */
export const BATCH_MS = 20;

type StateFields = Pick<StreamBatch, 'link' | 'run' | 'transfer' | 'logFile' | 'script'>;

export class StreamBatcher {
  private seqNo = 0;
  private logSent: number;
  private facts: Fact[] = [];
  private notices: Notice[] = [];
  private state: StateFields = {};
  private cleared = false;
  private cancel: (() => void) | null = null;
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
    Object.assign(this.state, fields);
    this.schedule();
  }

  /** Sends what is pending now (before a snapshot, so the snapshot's seq covers everything). */
  flush(): void {
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
    this.listeners.clear();
  }

  private schedule(): void {
    if (this.cancel) return;
    this.cancel = this.scheduler.after(BATCH_MS, () => {
      this.cancel = null;
      this.flush();
    });
  }
}
