// QCOM's command list as main keeps it: the rows with their real text (the view masks secrets),
// the .ini file they came from, and the runner that sends them through the open link. Every row
// goes through the same AtClient as a typed command, so the session model sees it.
import { readFile, writeFile } from 'node:fs/promises';
import type { Scheduler } from '../../shared/clock';
import type { NoticeCode, RunState, ScriptRow, ScriptSettings, ScriptView } from '../../shared/contract';
import type { SecretMasker } from '../session/secret-mask';
import { emptyPreservedText, parseQcomIni, QcomIniError, writeQcomIni, type QcomRow, type QcomScript } from '../presets/qcom-ini';
import { ScriptRunner, type RowExecuteOptions, type RowOutcome } from '../presets/script-runner';
import { destructiveRows } from '../presets/destructive';
import type { AtClient } from './at-client';
import { createRowExecutor } from './row-executor';
import { schedulerSleeper } from '../platform/system-scheduler';
import { AppError, messageOf, toAppError } from './app-error';
import type { Notify } from './notices';

/** How long to wait for the module's RDY after a reopen before re-running the init rows anyway. */
const RECONNECT_SETTLE_MS = 3000;

const IDLE_RUN: RunState = { running: false, rowId: null, loop: 0, runTimes: 0, outcomes: {} };

interface RowModel extends ScriptRow {
  /** The row's real text; `text` in the view is this, masked. */
  real: string;
  /** Keys of the row's section the codec keeps verbatim. */
  extraLines?: string[];
}

export interface CommandListDeps {
  scheduler: Scheduler;
  masker: SecretMasker;
  notify: Notify;
  /** The open link's client; throws NOT_OPEN when no port is open. */
  requireClient(): AtClient;
  /** The open link's client, or null. */
  client(): AtClient | null;
  publish(state: { script?: ScriptView; run?: RunState }): void;
}

export class CommandList {
  private run: RunState = IDLE_RUN;
  private runner: ScriptRunner | null = null;
  private rows: RowModel[] = [];
  private nextRowId = 1;
  private scriptName = '';
  private scriptSettings: ScriptSettings = { runTimes: 1, delayMs: 1000 };
  /** What the codec keeps to write a loaded file back as it was (encoding, line ending, unknown keys). */
  private scriptFormat: Omit<QcomScript, 'rows' | 'settings'> = { encoding: 'utf-8', bom: false, lineEnding: 'crlf', preserved: emptyPreservedText() };
  /** Rows the user asked to re-run after each automatic reopen (their init sequence). */
  private reconnectRowIds: number[] = [];
  private readonly masker: SecretMasker;

  constructor(private readonly deps: CommandListDeps) {
    this.masker = deps.masker;
  }

  get runState(): RunState {
    return this.run;
  }

  view(): ScriptView {
    const maskedRowIds: number[] = [];
    const rows = this.rows.map(({ real, extraLines: _extra, ...row }) => {
      const shown = row.hex ? real : this.masker.maskText(real);
      if (shown !== real) maskedRowIds.push(row.id);
      return { ...row, text: shown };
    });
    return { name: this.scriptName, rows, settings: this.scriptSettings, maskedRowIds };
  }

  load(name: string, bytes: Uint8Array): ScriptView {
    let file: QcomScript;
    try {
      file = parseQcomIni(bytes);
    } catch (err) {
      if (err instanceof QcomIniError) {
        const where = err.line ? ` (line ${err.line})` : '';
        throw new AppError('BAD_SCRIPT', `${name}${where}: ${err.message}`, `${name}${where}：${err.messageZh}`);
      }
      throw new AppError('BAD_SCRIPT', `${name} cannot be read as a QCOM script: ${messageOf(err)}`);
    }
    this.stop();
    // A script may carry a DeviceSecret (aliauth row): from now on it is masked wherever it shows.
    for (const r of file.rows) if (!r.hex) this.masker.learnFromCommand(r.text);
    this.rows = file.rows.map((r) => ({
      id: this.nextRowId++,
      selected: r.selected,
      text: '',
      real: r.text,
      hex: r.hex,
      enter: r.enter,
      delayMs: r.delayMs,
      waitForResult: false,
      extraLines: r.extraLines,
    }));
    const { rows: _rows, settings, ...format } = file;
    this.scriptName = name;
    this.scriptSettings = { runTimes: Math.min(settings.runTimes, 100_000), delayMs: Math.min(settings.delayMs, 3_600_000) };
    this.scriptFormat = format;
    this.deps.notify('info', 'script.loaded', name);
    return this.publish();
  }

  async loadFile(path: string): Promise<ScriptView> {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch (err) {
      throw toAppError(err, path);
    }
    return this.load(baseName(path), bytes);
  }

  /**
   * Saves the list as a QCOM .ini; with 'placeholder' a secret is written masked (****). The IPC
   * command defaults to 'placeholder' (conventions.md: no secret in an export); 'keep' is for the
   * user's explicit "save the raw script" and for main-side callers.
   */
  async saveFile(path: string, secrets: 'placeholder' | 'keep' = 'keep'): Promise<{ path: string }> {
    let bytes: Uint8Array;
    const file = this.file();
    const out = secrets === 'keep' ? file : { ...file, rows: file.rows.map((r) => (r.hex ? r : { ...r, text: this.masker.maskText(r.text) })) };
    try {
      bytes = writeQcomIni(out);
    } catch (err) {
      if (err instanceof QcomIniError) throw new AppError('BAD_SCRIPT', err.message, err.messageZh);
      throw err;
    }
    try {
      await writeFile(path, bytes);
    } catch (err) {
      throw toAppError(err, path);
    }
    this.scriptName = baseName(path);
    this.deps.notify('info', 'script.saved', path);
    this.publish();
    return { path };
  }

  /**
   * Replaces the list with the renderer's edit. A row whose text still equals what main showed
   * (masked) keeps its real text, so editing other rows never destroys a masked secret.
   */
  set(rows: ScriptRow[], settings: ScriptSettings): ScriptView {
    const known = new Map(this.rows.map((r) => [r.id, r]));
    this.rows = rows.map((row) => {
      const before = row.id > 0 ? known.get(row.id) : undefined;
      const shownBefore = before && (before.hex ? before.real : this.masker.maskText(before.real));
      const real = before && row.text === shownBefore ? before.real : row.text;
      if (!row.hex) this.masker.learnFromCommand(real);
      return { ...row, id: before ? row.id : this.nextRowId++, real, extraLines: before?.extraLines };
    });
    this.scriptSettings = { ...settings };
    return this.publish();
  }

  /** The Send button of one row: sends it now, as Run would, without waiting. */
  async sendRow(id: number): Promise<void> {
    const index = this.rows.findIndex((r) => r.id === id);
    if (index < 0) throw new AppError('BAD_REQUEST', `row ${id} is not in the command list: reload the list`);
    const row = this.file().rows[index];
    await this.executeRow(row, { waitForResult: false, until: 'final-result', signal: new AbortController().signal });
  }

  /**
   * Starts the command list on the rows with these ids (in list order) and returns at once;
   * progress and the end arrive as run state and notices. Throws when it cannot start.
   */
  start(ids: number[], opts: { confirmed?: boolean } = {}): Promise<void> {
    this.deps.requireClient();
    if (this.run.running) throw new AppError('RUNNING', 'the command list is already running: press Stop first', '命令列表正在运行：请先按停止');
    const wanted = new Set(ids);
    const indexes = this.rows.flatMap((r, i) => (wanted.has(r.id) && !isBlank(r) ? [i + 1] : []));
    if (indexes.length === 0) throw new AppError('BAD_REQUEST', 'no rows to run: tick rows that have a command', '没有可运行的行：请勾选有命令的行');
    // reliability-checklist F3: a row that powers off, resets or reflashes the module runs only
    // after the user saw the list and said yes (the renderer's confirm dialog answers this notice).
    const dangerous = opts.confirmed ? [] : destructiveRows(this.file(), indexes);
    if (dangerous.length > 0) {
      const listing = dangerous.map((d) => `${d.index}: ${this.masker.maskText(d.text)} (${d.why.en} / ${d.why.zh})`).join('\n');
      this.deps.notify('warn', 'script.confirm', this.scriptName, listing);
      return Promise.resolve();
    }
    const waitById = new Map(this.rows.map((r, i) => [i + 1, r.waitForResult]));
    const runner = new ScriptRunner({
      executor: { execute: (row, opts) => this.executeRow(row, opts) },
      sleeper: schedulerSleeper(this.deps.scheduler),
      clock: this.deps.scheduler,
    });
    this.runner = runner;
    this.setRun({ running: true, rowId: null, loop: 1, runTimes: this.scriptSettings.runTimes, outcomes: {} });
    const finish = (code: NoticeCode, detail?: string) => {
      if (this.runner === runner) this.runner = null;
      this.setRun({ ...this.run, running: false, rowId: null });
      this.deps.notify(code === 'script.done' ? 'info' : 'warn', code, this.scriptName, detail);
    };
    return runner
      .run(this.file(), {
        rows: indexes,
        waitForResult: (row) => waitById.get(row.index) ?? false,
        onProgress: (p) => {
          if (p.kind === 'iteration') this.setRun({ ...this.run, loop: p.iteration, outcomes: {} });
          if (p.kind === 'row-started') this.setRun({ ...this.run, rowId: this.rows[p.row - 1]?.id ?? null });
          if (p.kind === 'row-done') this.recordOutcome(p.row, p.outcome);
        },
      })
      .then(
        (summary) => finish(summary.stopped ? 'script.stopped' : 'script.done'),
        (err: unknown) => finish('script.stopped', messageOf(err)),
      );
  }

  stop(): void {
    this.runner?.stop();
  }

  /** Rows (by id) to send again, as a run, each time the port is reopened after an unplug; [] for none. */
  setReconnectRows(ids: number[]): void {
    this.reconnectRowIds = ids.slice();
  }

  /** reliability-checklist A1: the port was reopened after an unplug, on this client. */
  reconnected(client: AtClient): void {
    if (this.reconnectRowIds.length === 0) return;
    // A module that comes back on USB has usually rebooted: commands sent before its RDY are lost
    // (quectel-at.md, power-on: the module takes commands after RDY). Run on RDY, or after a
    // settle time when the module did not reboot (only the adapter was replugged).
    let started = false;
    const go = () => {
      if (started) return;
      started = true;
      stopFacts();
      cancelSettle();
      if (this.deps.client() !== client || this.run.running) return;
      try {
        // The user chose these rows for re-running; a destructive one was their explicit pick.
        void this.start(this.reconnectRowIds, { confirmed: true });
      } catch (err) {
        this.deps.notify('warn', 'script.stopped', this.scriptName, messageOf(err));
      }
    };
    const stopFacts = client.pipeline.onFact((f) => f.kind === 'at.restart' && go());
    const cancelSettle = this.deps.scheduler.after(RECONNECT_SETTLE_MS, go);
  }

  /** The list with its real (unmasked) text. */
  file(): QcomScript {
    return {
      ...this.scriptFormat,
      settings: this.scriptSettings,
      rows: this.rows.map((r, i) => ({
        index: i + 1,
        selected: r.selected,
        text: r.real,
        hex: r.hex,
        enter: r.enter,
        delayMs: r.delayMs,
        ...(r.extraLines ? { extraLines: r.extraLines } : {}),
      })),
    };
  }

  private executeRow(row: QcomRow, opts: RowExecuteOptions): Promise<RowOutcome> {
    // QCOM's "Enter" is CR LF; the lead's executor sends CR alone before a data phase (Q7).
    return createRowExecutor(this.deps.requireClient(), { enter: 'crlf' }).execute(row, opts);
  }

  private recordOutcome(index: number, outcome: RowOutcome): void {
    const id = this.rows[index - 1]?.id;
    if (id === undefined) return;
    const shown = { ok: outcome.ok, result: this.masker.maskText(outcome.result), latencyMs: outcome.latencyMs };
    this.setRun({ ...this.run, outcomes: { ...this.run.outcomes, [id]: shown } });
  }

  private publish(): ScriptView {
    const view = this.view();
    this.deps.publish({ script: view });
    return view;
  }

  private setRun(run: RunState): void {
    this.run = run;
    this.deps.publish({ run });
  }
}

function isBlank(row: RowModel): boolean {
  return row.hex ? row.real.trim() === '' : row.real === '';
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}
