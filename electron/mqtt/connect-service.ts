// Runs the bring-up plan (bringup.ts) against the module through the live session's AtClient and
// reports step progress. The client state the UI shows is not kept here: it comes from the session
// model (pipeline.snapshot().clients), so a Connect click, typed commands and a script all show the
// same. Step texts are masked; the DeviceSecret leaves this file only inside the aliauth command.
import type { Scheduler } from '../../shared/clock';
import { MessageIds, validateTriplet, type BilingualText, type FieldError, type TopicQos, type TripletForm } from '../../shared/aliyun';
import type { AtClient } from '../services/at-client';
import type { SessionPipeline } from '../session/pipeline';
import { initialSteps, planBringup, planRelease, unexplained, type BringupContext, type BringupStep, type PlannedStep, type StepOutcome } from './bringup';
import { SendQueue } from './send-queue';

export type { BringupStep } from './bringup';

export interface BringupRefusal extends BilingualText {
  code: 'INVALID_FORM' | 'BUSY';
  fields?: FieldError[];
}

export interface BringupResult {
  ok: boolean;
  steps: BringupStep[];
  /** Id of the step that failed, null when all passed or nothing ran. */
  failedStep: string | null;
  /** Set when the bring-up did not start. */
  refused?: BringupRefusal;
}

export interface ConnectServiceDeps {
  client: Pick<AtClient, 'sendLine'>;
  pipeline: Pick<SessionPipeline, 'pending' | 'onFact'>;
  scheduler: Scheduler;
  /** Shared with the publish service and auto-reply so no two commands interleave. */
  queue?: SendQueue;
  /** Packet ids of the client, shared with the publish service. */
  msgIds?: MessageIds;
}

type ProgressListener = (steps: BringupStep[]) => void;

export class ConnectService {
  private readonly client: Pick<AtClient, 'sendLine'>;
  private readonly scheduler: Scheduler;
  private readonly queue: SendQueue;
  private readonly msgIds: MessageIds;
  private readonly listeners = new Set<ProgressListener>();
  private running: AbortController | null = null;
  private last: { form: TripletForm; topics: TopicQos[] } | null = null;

  constructor(deps: ConnectServiceDeps) {
    this.client = deps.client;
    this.scheduler = deps.scheduler;
    this.queue = deps.queue ?? new SendQueue(deps.pipeline);
    this.msgIds = deps.msgIds ?? new MessageIds();
  }

  onProgress(listener: ProgressListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get busy(): boolean {
    return this.running !== null;
  }

  /** Brings the client from wherever it is to connected and subscribed; stops at the first failing step. */
  async connect(form: TripletForm, topics: readonly TopicQos[], opts: { signal?: AbortSignal } = {}): Promise<BringupResult> {
    const checked = validateTriplet(form);
    if (!checked.ok) {
      return refused({ code: 'INVALID_FORM', en: 'Fix the marked fields first', zh: '请先修正标出的字段', fields: checked.errors });
    }
    this.last = { form: { ...form }, topics: [...topics] };
    return this.runPlan(planBringup(form, topics, this.msgIds), form.deviceSecret, opts.signal);
  }

  /** Connects again with the last form and topics (after a +QMTSTAT, a reboot or a disconnect). */
  reconnect(opts: { signal?: AbortSignal } = {}): Promise<BringupResult> {
    if (!this.last) {
      return Promise.resolve(refused({ code: 'INVALID_FORM', en: 'Nothing to reconnect: connect once first', zh: '还没有连接过，无法重连：请先连接一次' }));
    }
    return this.connect(this.last.form, this.last.topics, opts);
  }

  /** AT+QMTDISC for a connected client, AT+QMTCLOSE for one that is only open; nothing for a closed one. */
  disconnect(clientIndex: number, opts: { signal?: AbortSignal } = {}): Promise<BringupResult> {
    return this.runPlan(planRelease(clientIndex), null, opts.signal);
  }

  /** Stops the running bring-up after the command in flight; its step fails as "stopped". */
  cancel(): void {
    this.running?.abort();
  }

  private async runPlan(plan: PlannedStep[], secret: string | null, signal?: AbortSignal): Promise<BringupResult> {
    if (this.running) {
      return refused({ code: 'BUSY', en: 'A connect or disconnect is already running: wait for it or stop it', zh: '已有连接/断开操作在进行：请等待完成或先停止' });
    }
    const abort = new AbortController();
    this.running = abort;
    const onOuterAbort = () => abort.abort();
    signal?.addEventListener('abort', onOuterAbort, { once: true });
    if (signal?.aborted) abort.abort();

    const steps = initialSteps(plan);
    const ctx: BringupContext = { pdpActive: false, client: 'closed' };
    const scrub = (text: string) => (secret && secret.length > 0 ? text.split(secret).join('*'.repeat(secret.length)) : text);
    const update = (i: number, patch: Partial<BringupStep>) => {
      steps[i] = { ...steps[i], ...patch };
      this.emit(steps);
    };
    this.emit(steps); // the whole plan, all pending, before the first command
    try {
      for (let i = 0; i < plan.length; i++) {
        const step = plan[i];
        if (step.runIf && !step.runIf(ctx)) {
          update(i, { state: 'skipped' });
          continue;
        }
        update(i, { state: 'running' });
        const verdict = await this.runStep(step, abort.signal);
        if (verdict.kind === 'failed') {
          update(i, { state: 'failed', latencyMs: verdict.latencyMs, result: scrub(verdict.result), error: verdict.error, hint: step.hint });
          return { ok: false, steps: [...steps], failedStep: step.id };
        }
        Object.assign(ctx, verdict.learned);
        update(i, { state: 'ok', latencyMs: verdict.latencyMs, result: scrub(verdict.result) });
      }
      return { ok: true, steps: [...steps], failedStep: null };
    } finally {
      signal?.removeEventListener('abort', onOuterAbort);
      this.running = null;
    }
  }

  /** Sends the step's command (again, while it says "retry" and its patience lasts) and judges the answer. */
  private async runStep(step: PlannedStep, signal: AbortSignal) {
    const started = this.scheduler.now();
    for (;;) {
      const outcome: StepOutcome = await this.queue.run(
        () => (signal.aborted ? Promise.resolve(STOPPED) : this.client.sendLine(step.command, { enter: 'cr', waitFor: step.waitFor, signal })),
        signal,
      );
      const verdict = step.judge(outcome);
      const latencyMs = outcome.latencyMs;
      if (verdict.kind === 'failed') return { ...verdict, latencyMs, result: outcome.result };
      if (verdict.kind === 'ok') return { ...verdict, latencyMs };
      if (this.scheduler.now() - started + verdict.afterMs > (step.retryForMs ?? 0)) {
        return { kind: 'failed' as const, latencyMs, result: verdict.result, error: verdict.error };
      }
      if (!(await this.sleep(verdict.afterMs, signal))) return { kind: 'failed' as const, latencyMs, result: 'STOPPED', error: unexplained('STOPPED') };
    }
  }

  /** False when stopped while waiting. */
  private sleep(ms: number, signal: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve(false);
      const cancel = this.scheduler.after(ms, () => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      });
      const onAbort = () => {
        cancel();
        resolve(false);
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private emit(steps: BringupStep[]): void {
    const copy = steps.map((s) => ({ ...s }));
    for (const l of this.listeners) l(copy);
  }
}

function refused(refusal: BringupRefusal): BringupResult {
  return { ok: false, steps: [], failedStep: null, refused: refusal };
}

const STOPPED: StepOutcome = { ok: false, result: 'STOPPED', info: [], latencyMs: 0 };
