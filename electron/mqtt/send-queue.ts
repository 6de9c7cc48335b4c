// One lane for every command the MQTT workspace sends (bring-up steps, publishes, auto-replies):
// jobs run one after another, and each waits until no command is in flight on the link. A publish is
// two writes (the command, then the payload after `> `, quectel-at.md §3.6.8); anything written in
// between would become payload (Q3), so nothing of ours may start while another command — ours, a
// typed one or a script row — still waits for its final result or prompt. Commands waiting only for
// their deferred URC (+QMTOPEN: 0,0 after OK) do not block: the module is free again by then.
import type { SessionPipeline } from '../session/pipeline';

type PipelineView = Pick<SessionPipeline, 'pending' | 'onFact'>;

export class SendQueue {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly pipeline: PipelineView) {}

  /**
   * Runs `job` after the jobs before it, once the link is free of commands in flight. An abort ends
   * the wait early; the job still runs and should check the signal itself.
   */
  run<T>(job: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const result = this.tail.then(async () => {
      await this.idle(signal);
      return job();
    });
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves when no command waits for a final result or a prompt (or at once when aborted). */
  private idle(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const busy = () => this.pipeline.pending().some((p) => p.phase !== 'await-urc');
      if (!busy() || signal?.aborted) return resolve();
      const done = () => {
        stop();
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const stop = this.pipeline.onFact(() => {
        if (!busy()) done();
      });
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
