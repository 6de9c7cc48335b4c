// One link at a time: opening and closing it, the AT client on it, the supervisor that reopens it
// after an unplug, its modem lines and signals, and the recording that spans the session. What the
// bytes mean is for the parts the workbench hands them to.
import type { Scheduler } from '../../shared/clock';
import type { Fact } from '../../shared/facts';
import type { LinkState, TransferState } from '../../shared/contract';
import type { Link, SerialSettings } from '../link/types';
import { LinkSupervisor, type SupervisorState } from '../link/reconnect';
import { SessionPipeline } from '../session/pipeline';
import type { SecretMasker } from '../session/secret-mask';
import { AtClient } from './at-client';
import { AppError, messageOf, toAppError } from './app-error';
import type { CaptureRecorder } from './capture-session';
import type { Notify } from './notices';

const LINES_POLL_MS = 250;
const FILE_CHUNK = 1024;

const CLOSED_LINK: LinkState = { phase: 'closed', name: null, settings: null, dtr: false, rts: false, lines: null, txBytes: 0, rxBytes: 0 };

export interface LinkSessionDeps {
  scheduler: Scheduler;
  openLink(settings: SerialSettings): Promise<Link>;
  reconnectDelaysMs?: readonly number[];
  masker: SecretMasker;
  recorder: CaptureRecorder;
  notify: Notify;
  publish(link: LinkState): void;
  publishTransfer(transfer: TransferState): void;
  fact(f: Fact): void;
  tx(bytes: Uint8Array, t: number): void;
  rx(bytes: Uint8Array, t: number): void;
  /** The session on the link ends (closed, lost or unplugged): what rides on it stops. */
  detaching(): void;
  reconnected(client: AtClient): void;
}

export class LinkSession {
  private linkState: LinkState = CLOSED_LINK;
  private link: Link | null = null;
  private atClient: AtClient | null = null;
  private offLink: (() => void)[] = [];
  private stopPolling: (() => void) | null = null;
  private fileTransfer: TransferState | null = null;
  private transferAbort: AbortController | null = null;
  /** Reopens the port after an unplug; null when no port is open or being reopened. */
  private supervisor: LinkSupervisor | null = null;

  constructor(private readonly deps: LinkSessionDeps) {}

  get state(): LinkState {
    return this.linkState;
  }

  get client(): AtClient | null {
    return this.atClient;
  }

  get transfer(): TransferState | null {
    return this.fileTransfer;
  }

  async open(settings: SerialSettings): Promise<LinkState> {
    // Open while the last port is being reopened: the user picked again, stop waiting for the old one.
    if (this.linkState.phase === 'reconnecting') await this.close();
    if (this.linkState.phase !== 'closed') {
      throw new AppError('ALREADY_OPEN', `${this.linkState.name} is already open: close it first`, `${this.linkState.name} 已打开：请先关闭`);
    }
    this.setLink({ ...CLOSED_LINK, phase: 'opening', name: settings.path, settings });
    const supervisor = new LinkSupervisor({ open: () => this.deps.openLink(settings), scheduler: this.deps.scheduler, delaysMs: this.deps.reconnectDelaysMs });
    // Recording starts before the port opens, so the first bytes (RDY) are in the capture too.
    await this.deps.recorder.start(settings.path, settings.baudRate);
    let link: Link;
    try {
      link = await supervisor.start();
    } catch (err) {
      await this.deps.recorder.discard();
      this.setLink(CLOSED_LINK);
      const error = toAppError(err, settings.path);
      this.deps.notify('error', 'link.error', settings.path, error.message);
      throw error;
    }
    this.supervisor = supervisor;
    supervisor.onState((state) => this.onSupervisorState(supervisor, settings, state));
    this.attach(link, settings);
    this.deps.notify('info', 'link.opened', link.name);
    return this.linkState;
  }

  async close(): Promise<LinkState> {
    const link = this.link;
    const supervisor = this.supervisor;
    this.supervisor = null;
    if (!link && !supervisor) return this.linkState;
    const name = link?.name ?? this.linkState.name ?? '';
    this.setLink({ ...this.linkState, phase: 'closing' });
    this.teardown();
    try {
      if (supervisor) await supervisor.close();
      else await link?.close();
    } finally {
      await this.deps.recorder.stop();
      this.deps.notify('info', 'link.closed', name);
    }
    return this.linkState;
  }

  async setSignals(signals: { dtr?: boolean; rts?: boolean }): Promise<LinkState> {
    const link = this.requireLink();
    try {
      await link.setSignals(signals);
      this.setLink({ ...this.linkState, ...definedOnly(signals) });
    } catch (err) {
      // Ptys and some USB drivers refuse the ioctl: warn and keep the session (reliability §3.3).
      this.deps.notify('warn', 'link.signals-refused', link.name, messageOf(err));
    }
    return this.linkState;
  }

  /** QCOM's Send File: the bytes as they are, in chunks, with progress; Cancel stops between chunks. */
  async sendFile(name: string, data: Uint8Array): Promise<{ bytes: number }> {
    const client = this.requireClient();
    if (this.fileTransfer && !this.fileTransfer.done) {
      throw new AppError('RUNNING', `a file is already being sent (${this.fileTransfer.name}): wait or cancel it`, `正在发送文件 ${this.fileTransfer.name}：请等待或取消`);
    }
    const abort = new AbortController();
    this.transferAbort = abort;
    this.setTransfer({ name, sent: 0, total: data.length, done: false });
    let sent = 0;
    try {
      while (sent < data.length) {
        if (abort.signal.aborted) throw new AppError('CANCELLED', `sending ${name} was cancelled after ${sent} bytes`, `已取消发送 ${name}（已发送 ${sent} 字节）`);
        const chunk = data.subarray(sent, Math.min(sent + FILE_CHUNK, data.length));
        await client.write(chunk);
        sent += chunk.length;
        this.setTransfer({ name, sent, total: data.length, done: false });
      }
      this.deps.notify('info', 'file.sent', name);
      return { bytes: sent };
    } finally {
      this.setTransfer({ name, sent, total: data.length, done: true });
      this.transferAbort = null;
    }
  }

  cancelSendFile(): void {
    this.transferAbort?.abort();
  }

  requireClient(): AtClient {
    this.requireLink();
    return this.atClient as AtClient;
  }

  private attach(link: Link, settings: SerialSettings): void {
    const { scheduler, masker, recorder } = this.deps;
    const client = new AtClient({ link, pipeline: new SessionPipeline({ clock: scheduler, masker }), scheduler });
    this.link = link;
    this.atClient = client;
    this.offLink = [
      client.pipeline.onFact((f) => this.deps.fact(f)),
      // After the pipeline saw the bytes, so the masker already knows a secret they carry.
      client.onTx((bytes, t) => {
        this.linkState = { ...this.linkState, txBytes: this.linkState.txBytes + bytes.length };
        recorder.record('tx', bytes, t);
        this.deps.tx(bytes, t);
      }),
      client.onRx((bytes, t) => {
        this.linkState = { ...this.linkState, rxBytes: this.linkState.rxBytes + bytes.length };
        recorder.record('rx', bytes, t);
        this.deps.rx(bytes, t);
        this.deps.publish(this.linkState);
      }),
      link.onClose((closed) => this.onLinkClosed(link, closed.unplugged, closed.message)),
    ];
    this.setLink({ phase: 'open', name: link.name, settings, dtr: true, rts: true, lines: null, txBytes: 0, rxBytes: 0 });
    this.pollLines(link);
  }

  /** reliability-checklist A1: the device came back on the same path; the session goes on. */
  private onSupervisorState(supervisor: LinkSupervisor, settings: SerialSettings, state: SupervisorState): void {
    if (this.supervisor !== supervisor || state.phase !== 'connected' || state.attempt === 0) return;
    this.attach(state.link, settings);
    this.deps.notify('info', 'link.reconnected', state.link.name);
    if (this.atClient) this.deps.reconnected(this.atClient);
  }

  private onLinkClosed(link: Link, unplugged: boolean, message: string): void {
    if (this.link !== link) return; // closed by us: close() already tore down
    const settings = this.linkState.settings;
    this.teardown();
    this.deps.notify(unplugged ? 'error' : 'warn', unplugged ? 'link.unplugged' : 'link.closed', link.name, message);
    if (unplugged && this.supervisor) {
      // The supervisor reopens the same path with backoff; the capture goes on across the gap.
      this.setLink({ ...CLOSED_LINK, phase: 'reconnecting', name: link.name, settings });
      this.deps.notify('warn', 'link.reconnecting', link.name);
    } else {
      this.supervisor = null;
      void this.deps.recorder.stop();
    }
  }

  private teardown(): void {
    this.deps.detaching();
    this.cancelSendFile();
    this.stopPolling?.();
    this.stopPolling = null;
    for (const off of this.offLink) off();
    this.offLink = [];
    this.atClient?.close();
    this.atClient = null;
    this.link = null;
    this.setLink(CLOSED_LINK);
  }

  /** CTS/DSR/DCD/RI, polled while the port is open; null when the port cannot report them. */
  private pollLines(link: Link): void {
    const tick = () => {
      if (this.link !== link) return;
      void link
        .getLines()
        .catch(() => null)
        .then((lines) => {
          if (this.link !== link) return;
          if (JSON.stringify(lines) !== JSON.stringify(this.linkState.lines)) this.setLink({ ...this.linkState, lines });
          // Nothing to watch on a port that cannot report its lines.
          if (lines) this.stopPolling = this.deps.scheduler.after(LINES_POLL_MS, tick);
        });
    };
    tick();
  }

  private requireLink(): Link {
    if (!this.link) throw new AppError('NOT_OPEN', 'no port is open: pick a port and press Open', '串口未打开：请选择串口并点击打开');
    return this.link;
  }

  private setTransfer(transfer: TransferState): void {
    this.fileTransfer = transfer;
    this.deps.publishTransfer(transfer);
  }

  private setLink(state: LinkState): void {
    this.linkState = state;
    this.deps.publish(state);
  }
}

function definedOnly(s: { dtr?: boolean; rts?: boolean }): Partial<LinkState> {
  const out: Partial<LinkState> = {};
  if (s.dtr !== undefined) out.dtr = s.dtr;
  if (s.rts !== undefined) out.rts = s.rts;
  return out;
}
