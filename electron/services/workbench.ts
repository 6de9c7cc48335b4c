// The QCOM workspace as main sees it: one link at a time, the terminal log, the command list and
// its runner, the continuous log file. Every byte the host sends (typed, a script row, a file) goes
// through the same AtClient and SessionPipeline, so the AT engine and session model see all of it
// (architecture.md, "The one idea"); every byte is also cut into masked terminal lines and pushed to
// the renderer in batches. The parts live in their own files (link-session, command-list, log-lines,
// log-file, capture-session, data-phase, notices); this one object wires them to one batcher and one
// masker, so IPC, the MQTT host and the tests drive a single workspace.
import type { Scheduler } from '../../shared/clock';
import type { Fact } from '../../shared/facts';
import { concatBytes, parseHex, utf8Encode, HexParseError } from '../../shared/bytes';
import type {
  Enter,
  LinkState,
  LogFileState,
  Notice,
  NoticeCode,
  DataPhaseOutcome,
  PortListing,
  ScriptRow,
  ScriptSettings,
  ScriptView,
  SessionSnapshot,
  UnfinishedCaptureEntry,
} from '../../shared/contract';
import type { Link, PortInfo, SerialSettings } from '../link/types';
import type { SecretMasker } from '../session/secret-mask';
import type { QcomScript } from '../presets/qcom-ini';
import type { AtClient } from './at-client';
import { CommandList } from './command-list';
import { TerminalLog } from './log-lines';
import { StreamBatcher } from './stream-batcher';
import { SaveLog } from './log-file';
import { LinkSession } from './link-session';
import { CaptureRecorder, type SessionCaptureOptions } from './capture-session';
import { AppError, messageOf } from './app-error';
import { NoticeLog } from './notices';
import { DataPhaseWatch } from './data-phase';

export { AppError, messageOf, toAppError } from './app-error';

export const VIRTUAL_PORT = 'virtual:ec600s';

export interface WorkbenchDeps {
  scheduler: Scheduler;
  listPorts(): Promise<PortInfo[]>;
  /** Opens a serial port or, for VIRTUAL_PORT, the built-in virtual EC600S (with the local hub). */
  openLink(settings: SerialSettings): Promise<Link>;
  /** Shared with the session pipeline: learns secrets from what the host sends, masks them everywhere. */
  masker: SecretMasker;
  /** Folder every session is recorded to (masked); none: sessions are not recorded. */
  captureDir?: string;
  /** Tests inject a failing disk here. */
  captureOpenFile?: SessionCaptureOptions['openFile'];
  /** Pauses before each reopen after an unplug (LinkSupervisor's default when absent). */
  reconnectDelaysMs?: readonly number[];
}

const FACT_HISTORY = 2000;

export class Workbench {
  private readonly terminal: TerminalLog;
  private readonly saveLog: SaveLog;
  private readonly batcher: StreamBatcher;
  private readonly masker: SecretMasker;
  private readonly session: LinkSession;
  private facts: Fact[] = [];
  private readonly notices: NoticeLog;
  private readonly commands: CommandList;
  private readonly recorder: CaptureRecorder;
  private readonly dataPhase: DataPhaseWatch;

  constructor(private readonly deps: WorkbenchDeps) {
    this.masker = deps.masker;
    this.notices = new NoticeLog(deps.scheduler, deps.masker, (n) => this.batcher.notice(n));
    this.saveLog = new SaveLog(this.notices.add, (logFile) => this.batcher.setState({ logFile }));
    this.terminal = new TerminalLog(deps.scheduler, deps.masker, this.saveLog, () => this.batcher.logAppended());
    this.batcher = new StreamBatcher(deps.scheduler, this.terminal.store);
    this.dataPhase = new DataPhaseWatch(deps.masker, this.notices.add);
    this.commands = new CommandList({
      scheduler: deps.scheduler,
      masker: deps.masker,
      notify: this.notices.add,
      requireClient: () => this.session.requireClient(),
      client: () => this.session.client,
      publish: (state) => this.batcher.setState(state),
    });
    this.recorder = new CaptureRecorder({ dir: deps.captureDir, masker: deps.masker, scheduler: deps.scheduler, openFile: deps.captureOpenFile, notify: this.notices.add });
    this.session = new LinkSession({
      scheduler: deps.scheduler,
      openLink: deps.openLink,
      reconnectDelaysMs: deps.reconnectDelaysMs,
      masker: deps.masker,
      recorder: this.recorder,
      notify: this.notices.add,
      publish: (link) => this.batcher.setState({ link }),
      publishTransfer: (transfer) => this.batcher.setState({ transfer }),
      fact: (f) => this.onFact(f),
      tx: (bytes, t) => this.terminal.tx(bytes, t),
      rx: (bytes, t) => this.terminal.rx(bytes, t),
      detaching: () => {
        this.dataPhase.linkClosed();
        this.terminal.linkClosed();
        this.stopRun();
      },
      reconnected: (client) => this.commands.reconnected(client),
    });
  }

  onBatch(listener: Parameters<StreamBatcher['onBatch']>[0]): () => void {
    return this.batcher.onBatch(listener);
  }

  snapshot(): Omit<SessionSnapshot, 'dialogs'> {
    this.batcher.flush();
    return {
      seq: this.batcher.seq,
      log: this.terminal.store.pack(this.terminal.store.first),
      facts: this.facts.slice(-FACT_HISTORY),
      notices: this.notices.recent(),
      link: this.session.state,
      run: this.commands.runState,
      transfer: this.session.transfer,
      logFile: this.saveLog.state,
      script: this.scriptView(),
    };
  }

  // ---------------------------------------------------------------------------------- ports, link

  async listPorts(): Promise<PortListing> {
    const virtual = { path: VIRTUAL_PORT, manufacturer: 'ModemDeck virtual EC600S', virtual: true };
    try {
      const ports = await this.deps.listPorts();
      return { ports: [...ports.filter((p) => p.path !== VIRTUAL_PORT), virtual] };
    } catch (err) {
      return { ports: [virtual], error: messageOf(err) };
    }
  }

  openLink(settings: SerialSettings): Promise<LinkState> {
    return this.session.open(settings);
  }

  /** Rows (by id) to send again, as a run, each time the port is reopened after an unplug; [] for none. */
  setReconnectRows(ids: number[]): void {
    this.commands.setReconnectRows(ids);
  }

  /** Captures an earlier run left unfinished (it crashed or was killed), oldest first. */
  listUnfinishedCaptures(): Promise<UnfinishedCaptureEntry[]> {
    return this.recorder.listUnfinished();
  }

  /** Writes a recovered capture out as a text log (masked as recorded) and stops offering it. */
  exportUnfinishedCapture(capture: string, path: string): Promise<{ path: string }> {
    return this.recorder.exportUnfinished(capture, path);
  }

  dismissUnfinishedCapture(capture: string): Promise<void> {
    return this.recorder.dismissUnfinished(capture);
  }

  closeLink(): Promise<LinkState> {
    return this.session.close();
  }

  setSignals(signals: { dtr?: boolean; rts?: boolean }): Promise<LinkState> {
    return this.session.setSignals(signals);
  }

  // ---------------------------------------------------------------------------------- sending

  /**
   * Sends what the user typed. Into an open data phase that was left short, or when the line is a
   * command, the bytes would silently become payload (quectel-at.md Q3): refused with DATA_PHASE
   * unless the user confirmed `asPayload` (reliability-checklist B14). Typing the payload right
   * after the prompt, QCOM's way, goes through.
   */
  async send(text: string, hex: boolean, enter: Enter, opts: { asPayload?: boolean } = {}): Promise<{ bytes: number }> {
    const client = this.session.requireClient();
    const bytes = concatBytes([encodeText(text, hex, (t) => this.masker.maskText(t)), ENTER_BYTES[enter]]);
    if (bytes.length === 0) return { bytes: 0 };
    this.dataPhase.checkSend(client, bytes, opts.asPayload ?? false);
    await client.write(bytes);
    return { bytes: bytes.length };
  }

  /** Ends the data phase the module waits in (reliability-checklist B14); see DataPhaseWatch.finish. */
  async finishDataPhase(how: 'pad' | 'cancel'): Promise<DataPhaseOutcome> {
    return this.dataPhase.finish(this.session.requireClient(), how);
  }

  sendFile(name: string, data: Uint8Array): Promise<{ bytes: number }> {
    return this.session.sendFile(name, data);
  }

  cancelSendFile(): void {
    this.session.cancelSendFile();
  }

  // ---------------------------------------------------------------------------------- log

  clearLog(): void {
    this.terminal.clear();
    this.batcher.logCleared();
  }

  startLogFile(path: string): Promise<LogFileState> {
    return this.saveLog.start(path, () => this.terminal.onScreen());
  }

  stopLogFile(): Promise<void> {
    return this.saveLog.stop();
  }

  // ---------------------------------------------------------------------------------- command list

  scriptView(): ScriptView {
    return this.commands.view();
  }

  loadScript(name: string, bytes: Uint8Array): ScriptView {
    return this.commands.load(name, bytes);
  }

  loadScriptFile(path: string): Promise<ScriptView> {
    return this.commands.loadFile(path);
  }

  /** With 'placeholder' a secret is written masked (****); see CommandList.saveFile. */
  saveScriptFile(path: string, secrets: 'placeholder' | 'keep' = 'keep'): Promise<{ path: string }> {
    return this.commands.saveFile(path, secrets);
  }

  /** Replaces the list with the renderer's edit, keeping the real text of rows shown masked. */
  setScript(rows: ScriptRow[], settings: ScriptSettings): ScriptView {
    return this.commands.set(rows, settings);
  }

  /** The Send button of one row: sends it now, as Run would, without waiting. */
  sendRow(id: number): Promise<void> {
    return this.commands.sendRow(id);
  }

  /**
   * Starts the command list on the rows with these ids (in list order) and returns at once;
   * progress and the end arrive as run state and notices. Throws when it cannot start.
   */
  runScript(ids: number[], opts: { confirmed?: boolean } = {}): Promise<void> {
    return this.commands.start(ids, opts);
  }

  stopRun(): void {
    this.commands.stop();
  }

  /** A text with every secret the session knows masked (for what leaves main by another way, IPC errors). */
  maskText(text: string): string {
    return this.masker.maskText(text);
  }

  /** The open link's AT client (its pipeline is the session model), or null: the MQTT workspace drives it. */
  get atClient(): AtClient | null {
    return this.session.client;
  }

  /** The command list with its real (unmasked) text, for main-side readers such as the MQTT import. */
  loadedScript(): QcomScript {
    return this.commands.file();
  }

  /** A status-area event from outside the workbench (the local hub starting, for one). */
  notify(level: Notice['level'], code: NoticeCode, subject?: string, detail?: string): void {
    this.notices.add(level, code, subject, detail);
  }

  /** Stops everything before the app quits. */
  async dispose(): Promise<void> {
    this.stopRun();
    this.cancelSendFile();
    await this.stopLogFile();
    await this.closeLink().catch(() => undefined);
    this.batcher.dispose();
  }

  // ---------------------------------------------------------------------------------- internals

  private onFact(f: Fact): void {
    this.dataPhase.track(f);
    this.facts.push(f);
    if (this.facts.length > FACT_HISTORY * 2) this.facts = this.facts.slice(-FACT_HISTORY);
    this.batcher.fact(f);
    this.terminal.fact(f);
  }
}

const ENTER_BYTES: Record<Enter, Uint8Array> = {
  cr: Uint8Array.of(0x0d),
  crlf: Uint8Array.of(0x0d, 0x0a),
  none: new Uint8Array(0),
};

/** `mask`: the parse error quotes the input, which may hold a secret the user pasted. */
function encodeText(text: string, hex: boolean, mask: (text: string) => string): Uint8Array {
  if (!hex) return utf8Encode(text);
  try {
    return parseHex(text);
  } catch (err) {
    if (err instanceof HexParseError) {
      const what = mask(err.message);
      throw new AppError('BAD_HEX', `${what}: write bytes as hex pairs, e.g. "41 54 0D"`, `${what}：请按十六进制字节书写，如 "41 54 0D"`);
    }
    throw err;
  }
}
