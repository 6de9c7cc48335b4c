// Keeps a link alive across unplugs: after the device goes away it reopens the same path with a
// growing pause (250 ms, 500 ms, 1 s, then every 2 s) until the device is back or the user closes.
// reliability-checklist A1/A3: reopen the same path automatically, no retry storm. The first open
// is not retried: its error (busy, no permission, no such port) is the user's to act on.
import type { Scheduler } from '../../shared/clock';
import type { Link } from './types';

export type SupervisorState =
  /** `attempt` is 0 for the first open, n for the n-th reopen that succeeded. */
  | { phase: 'connected'; link: Link; attempt: number }
  /** Lost the device; trying again after `delayMs`. `reason` says why the link or last try failed. */
  | { phase: 'reconnecting'; attempt: number; delayMs: number; reason: string }
  | { phase: 'closed'; reason: string };

export interface LinkSupervisorOptions {
  /** Opens the link, e.g. () => openSerialLink(settings). */
  open: () => Promise<Link>;
  scheduler: Scheduler;
  /** Pauses before each reopen; the last one repeats. */
  delaysMs?: readonly number[];
}

export const DEFAULT_RECONNECT_DELAYS_MS: readonly number[] = [250, 500, 1000, 2000];

export class LinkSupervisor {
  private current: SupervisorState = { phase: 'closed', reason: 'not started' };
  private readonly listeners = new Set<(state: SupervisorState) => void>();
  private readonly delays: readonly number[];
  private cancelTimer: (() => void) | null = null;
  private stopped = false;

  constructor(private readonly options: LinkSupervisorOptions) {
    this.delays = options.delaysMs?.length ? options.delaysMs : DEFAULT_RECONNECT_DELAYS_MS;
  }

  get state(): SupervisorState {
    return this.current;
  }

  /** Called on every state change; a 'connected' state carries the link to attach to. */
  onState(listener: (state: SupervisorState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Opens the link the first time; rejects with the open error and does not retry it. */
  async start(): Promise<Link> {
    const link = await this.options.open();
    this.adopt(link, 0);
    return link;
  }

  /** The user's close: stops reconnecting and closes the link if one is open. */
  async close(): Promise<void> {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = null;
    const state = this.current;
    this.setState({ phase: 'closed', reason: 'closed by the user' });
    if (state.phase === 'connected') await state.link.close();
  }

  private adopt(link: Link, attempt: number): void {
    link.onClose((closed) => {
      if (this.stopped) return;
      if (closed.unplugged) this.retry(1, closed.message);
      else this.setState({ phase: 'closed', reason: closed.message });
    });
    this.setState({ phase: 'connected', link, attempt });
  }

  private retry(attempt: number, reason: string): void {
    const delayMs = this.delays[Math.min(attempt, this.delays.length) - 1];
    this.setState({ phase: 'reconnecting', attempt, delayMs, reason });
    this.cancelTimer = this.options.scheduler.after(delayMs, () => {
      this.cancelTimer = null;
      this.options.open().then(
        (link) => {
          // The user closed while this open was under way: the link is not wanted any more.
          if (this.stopped) void link.close();
          else this.adopt(link, attempt);
        },
        (err: unknown) => {
          if (!this.stopped) this.retry(attempt + 1, err instanceof Error ? err.message : String(err));
        },
      );
    });
  }

  private setState(state: SupervisorState): void {
    this.current = state;
    for (const listener of this.listeners) listener(state);
  }
}
