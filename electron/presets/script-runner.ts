// Runs a QCOM script the way QCOM's Run button does (quectel-at.md §8.1): the selected rows in
// order, the row's Delay (or the script's DelayTime) after each, Run Times times, Stop at once.
// What QCOM lacks: a row may wait for its result (final result and deferred URC) before the next.
// Pure sequencing: sending, waiting and time come in as dependencies.
import type { Clock } from '../../shared/clock';
import type { QcomRow, QcomScript } from './qcom-ini';
import { dataPhaseOf } from './row-data-phase';

export interface RowExecuteOptions {
  waitForResult: boolean;
  /**
   * What "result" means when waitForResult is set. 'final-result': the module's final result and,
   * for commands like AT+QMTOPEN, the deferred URC. 'data-phase': the row opens a data phase
   * (AT+QMTPUBEX, AT+QISEND, AT+QHTTPURL... see row-data-phase.ts), whose final result only comes
   * after the next row sends the data, so resolve as soon as the `>` prompt or CONNECT arrives.
   */
  until: 'final-result' | 'data-phase';
  /** Longest wait the user allows for this row; absent: the command's own timeout. */
  timeoutMs?: number;
  /** Aborted when the user stops the run or the runner's timeout passes: give up at once. */
  signal: AbortSignal;
}

export interface RowExecutor {
  /**
   * Sends the row (text + CR LF when row.enter, or the hex bytes) and, when waitForResult, resolves
   * when the result described by `until` arrived or the timeout passed. A row sent right after a
   * `>` prompt is the prompt's data: the executor knows its open transaction and handles it.
   */
  execute(row: QcomRow, opts: RowExecuteOptions): Promise<RowOutcome>;
}

export interface RowOutcome {
  ok: boolean;
  /** 'OK', '+CME ERROR: 10', '+QMTOPEN: 0,0', 'SENT', or the runner's own 'TIMEOUT' / 'STOPPED' / 'FAILED'. */
  result: string;
  latencyMs: number;
  detail?: string;
}

export interface Sleeper {
  /** Resolves after ms; rejects or resolves early when signal aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export interface RunOptions {
  /** Row indexes to run (script order); default: the selected rows. */
  rows?: number[];
  /** Default: the script's RunTimes (at least 1). */
  runTimes?: number;
  /** Wait for each row's result before its delay; default false, as in QCOM. */
  waitForResult?: boolean | ((row: QcomRow) => boolean);
  /** Per-row limit on that wait; absent: the executor's (the command table's) timeout. */
  resultTimeoutMs?: number | ((row: QcomRow) => number | undefined);
  /** End the run at the first row whose outcome is not ok. */
  stopOnFailure?: boolean;
  onProgress?(event: RunProgress): void;
}

export type RunProgress =
  | { kind: 'iteration'; t: number; iteration: number; of: number }
  | { kind: 'row-started'; t: number; iteration: number; row: number }
  | { kind: 'row-done'; t: number; iteration: number; row: number; outcome: RowOutcome }
  | { kind: 'finished'; t: number; summary: RunSummary }
  | { kind: 'stopped'; t: number; summary: RunSummary };

export interface RowRecord {
  iteration: number;
  row: number;
  outcome: RowOutcome;
}

export interface RunSummary {
  /** Rows handed to the executor. */
  rowsSent: number;
  /** Outcomes that were not ok (a row cut short by Stop is not a failure). */
  failures: number;
  stopped: boolean;
  /** Why the run ended early: stop() or a failed row under stopOnFailure. */
  stopReason: 'user' | 'failure' | null;
  /** Iterations started (1-based count). */
  iterations: number;
  outcomes: RowRecord[];
  startedAt: number;
  endedAt: number;
}

export class ScriptRunner {
  private readonly executor: RowExecutor;
  private readonly sleeper: Sleeper;
  private readonly clock: Clock;
  private current: AbortController | null = null;

  constructor(deps: { executor: RowExecutor; sleeper: Sleeper; clock: Clock }) {
    this.executor = deps.executor;
    this.sleeper = deps.sleeper;
    this.clock = deps.clock;
  }

  get running(): boolean {
    return this.current !== null;
  }

  /** Takes effect at once: the wait in progress ends and no further row is sent. */
  stop(): void {
    this.current?.abort();
  }

  async run(script: QcomScript, opts: RunOptions = {}): Promise<RunSummary> {
    if (this.current) throw new Error('a script is already running: stop it before starting another');
    const rows = pickRows(script, opts.rows).filter((row) => !isEmptyRow(row));
    const runTimes = opts.runTimes ?? Math.max(1, script.settings.runTimes);
    if (!Number.isInteger(runTimes) || runTimes < 1) throw new RangeError(`run times must be a whole number of at least 1, got ${runTimes}`);

    const control = new AbortController();
    this.current = control;
    const summary: RunSummary = {
      rowsSent: 0,
      failures: 0,
      stopped: false,
      stopReason: null,
      iterations: 0,
      outcomes: [],
      startedAt: this.clock.now(),
      endedAt: 0,
    };
    const emit = (event: RunProgress) => opts.onProgress?.(event);
    try {
      runLoop: for (let iteration = 1; iteration <= runTimes && rows.length > 0; iteration++) {
        if (control.signal.aborted) break;
        summary.iterations = iteration;
        emit({ kind: 'iteration', t: this.clock.now(), iteration, of: runTimes });
        for (const row of rows) {
          if (control.signal.aborted) break runLoop;
          emit({ kind: 'row-started', t: this.clock.now(), iteration, row: row.index });
          summary.rowsSent++;
          const outcome = await this.executeRow(row, opts, control.signal);
          summary.outcomes.push({ iteration, row: row.index, outcome });
          emit({ kind: 'row-done', t: this.clock.now(), iteration, row: row.index, outcome });
          if (control.signal.aborted) break runLoop;
          if (!outcome.ok) {
            summary.failures++;
            if (opts.stopOnFailure) {
              summary.stopReason = 'failure';
              break runLoop;
            }
          }
          await this.sleeper.sleep(row.delayMs ?? script.settings.delayMs, control.signal).catch(() => {});
        }
      }
    } finally {
      this.current = null;
    }
    if (control.signal.aborted) summary.stopReason = 'user';
    summary.stopped = summary.stopReason !== null;
    summary.endedAt = this.clock.now();
    emit({ kind: summary.stopped ? 'stopped' : 'finished', t: summary.endedAt, summary });
    return summary;
  }

  private async executeRow(row: QcomRow, opts: RunOptions, runSignal: AbortSignal): Promise<RowOutcome> {
    const wait = typeof opts.waitForResult === 'function' ? opts.waitForResult(row) : (opts.waitForResult ?? false);
    const timeoutMs = wait ? (typeof opts.resultTimeoutMs === 'function' ? opts.resultTimeoutMs(row) : opts.resultTimeoutMs) : undefined;
    const started = this.clock.now();
    const outcome = (result: string, detail?: string): RowOutcome => ({ ok: false, result, latencyMs: this.clock.now() - started, ...(detail ? { detail } : {}) });

    const rowControl = new AbortController();
    const abortRow = () => rowControl.abort();
    runSignal.addEventListener('abort', abortRow, { once: true });
    const stopped = new Promise<RowOutcome>((resolve) => rowControl.signal.addEventListener('abort', () => resolve(outcome('STOPPED')), { once: true }));
    const contenders: Promise<RowOutcome>[] = [
      this.executor
        .execute(row, { waitForResult: wait, until: dataPhaseOf(row) ? 'data-phase' : 'final-result', timeoutMs, signal: rowControl.signal })
        .catch((err: unknown) => outcome('FAILED', err instanceof Error ? err.message : String(err))),
    ];
    if (timeoutMs !== undefined) {
      const timedOut = () => outcome('TIMEOUT', `no result within ${timeoutMs} ms`);
      contenders.push(this.sleeper.sleep(timeoutMs, rowControl.signal).then(timedOut, timedOut));
    }
    contenders.push(stopped);
    try {
      const first = await Promise.race(contenders);
      return runSignal.aborted ? outcome('STOPPED') : first;
    } finally {
      // Ends the timer and tells the executor to give up, whichever contender won.
      runSignal.removeEventListener('abort', abortRow);
      rowControl.abort();
    }
  }
}

function pickRows(script: QcomScript, indexes: number[] | undefined): QcomRow[] {
  if (!indexes) return script.rows.filter((row) => row.selected);
  const wanted = new Set(indexes);
  const rows = script.rows.filter((row) => wanted.has(row.index));
  if (rows.length !== wanted.size) {
    const missing = [...wanted].filter((i) => !script.rows.some((row) => row.index === i));
    throw new RangeError(`row ${missing.join(', ')} is not in the script`);
  }
  return rows;
}

/** QCOM skips rows with nothing to send (the seed's scripts use them as separators). */
export function isEmptyRow(row: QcomRow): boolean {
  return row.hex ? row.text.trim() === '' : row.text === '';
}

export class RowSelectionError extends Error {
  override readonly name = 'RowSelectionError';
}

/** "1,2,5-7" → [1, 2, 5, 6, 7] (sorted, no duplicates), each from 1 to maxRow. */
export function parseRowSelection(spec: string, maxRow: number): number[] {
  if (spec.trim() === '') throw new RowSelectionError('no rows given: write them like 1,2,5-7');
  const picked = new Set<number>();
  for (const part of spec.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!m) throw new RowSelectionError(`"${part.trim()}" is not a row number or range: write rows like 1,2,5-7`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (from > to) throw new RowSelectionError(`range ${from}-${to} runs backwards: write ${to}-${from}`);
    for (const n of [from, to]) {
      if (n < 1 || n > maxRow) throw new RowSelectionError(`row ${n} does not exist: the script has rows 1 to ${maxRow}`);
    }
    for (let n = from; n <= to; n++) picked.add(n);
  }
  return [...picked].sort((a, b) => a - b);
}
