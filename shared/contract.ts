// The one IPC contract (architecture.md, "Two hosts for one renderer"). Each entry is a zod schema
// pair; from this object come the channel list, the runtime validators in main (Electron and the
// browser host alike), the preload's methods and the types both sides use. Adding an operation =
// one entry here + one handler in electron/ipc/handlers.ts (the compiler lists a missing handler).
import { z } from 'zod';
import type { Fact } from './facts';
import type { PackedLog } from './log-store';
import { COMMAND_NAMES, EVENT_NAMES } from './contract-names';
import { mqttRequests as mq, type BringupOutcome, type ImportedSetupView, type MqttStatus, type PublishAnswer, type RepeatAnswer, type AutoReplyView, type SigningPreviewAnswer, type SubscribeOutcome } from './mqtt-contract';

export { channelOf } from './contract-names';

// ---------------------------------------------------------------------------------------------
// Limits (reliability-checklist.md §1.4: cap every string and array that crosses the boundary)

/** A typed command line or hex string from the send box. */
export const MAX_SEND_CHARS = 64 * 1024;
/** A file sent through "Send file". */
export const MAX_SEND_FILE_BYTES = 16 * 1024 * 1024;
/** An imported .ini script (QCOM files are a few KB). */
export const MAX_SCRIPT_BYTES = 1024 * 1024;
export const MAX_SCRIPT_ROWS = 1000;
export const MAX_PATH_CHARS = 4096;

// ---------------------------------------------------------------------------------------------
// Shared shapes

export const serialSettingsSchema = z
  .object({
    path: z.string().min(1).max(MAX_PATH_CHARS),
    baudRate: z.number().int().min(50).max(12_000_000),
    dataBits: z.union([z.literal(5), z.literal(6), z.literal(7), z.literal(8)]),
    parity: z.enum(['none', 'even', 'odd', 'mark', 'space']),
    stopBits: z.union([z.literal(1), z.literal(1.5), z.literal(2)]),
    flowControl: z.enum(['none', 'rtscts', 'xonxoff']),
  })
  .strict();

/** Port settings as the renderer sends them (same shape as electron/link/types SerialSettings). */
export type SerialSettings = z.infer<typeof serialSettingsSchema>;

export const enterSchema = z.enum(['cr', 'crlf', 'none']);
export type Enter = z.infer<typeof enterSchema>;

/** One row of the command list as the renderer sees it (text already secret-masked by main). */
export const scriptRowSchema = z
  .object({
    /** Stable id given by main; 0 for a row the renderer just added. */
    id: z.number().int().min(0),
    selected: z.boolean(),
    text: z.string().max(MAX_SEND_CHARS),
    hex: z.boolean(),
    enter: z.boolean(),
    /** Null: use the script's Delay Time. */
    delayMs: z.number().int().min(0).max(3_600_000).nullable(),
    waitForResult: z.boolean(),
  })
  .strict();
export type ScriptRow = z.infer<typeof scriptRowSchema>;

export const scriptSettingsSchema = z
  .object({
    runTimes: z.number().int().min(1).max(100_000),
    delayMs: z.number().int().min(0).max(3_600_000),
  })
  .strict();
export type ScriptSettings = z.infer<typeof scriptSettingsSchema>;

export const scriptViewSchema = z
  .object({
    name: z.string().max(MAX_PATH_CHARS),
    rows: z.array(scriptRowSchema).max(MAX_SCRIPT_ROWS),
    settings: scriptSettingsSchema,
  })
  .strict();
/** The command list: main keeps the real text, the renderer gets (and edits) masked text. */
export type ScriptView = z.infer<typeof scriptViewSchema> & {
  /** Ids of rows whose text holds a secret that main masked for display. */
  maskedRowIds?: number[];
};

const bytesSchema = (max: number) =>
  z.instanceof(Uint8Array).refine((b) => b.length <= max, { message: `at most ${max} bytes` });

/** Where a file comes from or goes to: a dialog in main (Electron), or a path the user typed. */
export const fileTargetSchema = z.discriminatedUnion('source', [
  z.object({ source: z.literal('dialog') }).strict(),
  z.object({ source: z.literal('path'), path: z.string().min(1).max(MAX_PATH_CHARS) }).strict(),
]);
export type FileTarget = z.infer<typeof fileTargetSchema>;

// ---------------------------------------------------------------------------------------------
// What main reports (trusted side: these are types; the schemas exist so both hosts share them)

/** 'reconnecting': the device went away and main reopens the same path with backoff (Close stops it). */
export type LinkPhase = 'closed' | 'opening' | 'open' | 'closing' | 'reconnecting';

export interface ModemLineState {
  cts: boolean;
  dsr: boolean;
  dcd: boolean;
  ri: boolean;
}

export interface LinkState {
  phase: LinkPhase;
  /** Port path, or "virtual:ec600s". */
  name: string | null;
  settings: SerialSettings | null;
  dtr: boolean;
  rts: boolean;
  /** Null when the port cannot report them (ptys, the virtual module). */
  lines: ModemLineState | null;
  /** Bytes sent / received since the link opened. */
  txBytes: number;
  rxBytes: number;
}

/** A link or app event for the status area. `code` selects the translated text in the renderer. */
export interface Notice {
  t: number;
  level: 'info' | 'warn' | 'error';
  code: NoticeCode;
  /** The port or file it is about. */
  subject?: string;
  /** English detail from the OS or a library (shown after the translated text). */
  detail?: string;
  /** A number the translated text names (data.short: payload bytes the module still waits for). */
  count?: number;
}

export type NoticeCode =
  | 'link.opened'
  | 'link.closed'
  | 'link.unplugged'
  | 'link.error'
  | 'link.signals-refused'
  | 'link.lines-changed'
  | 'log.started'
  | 'log.stopped'
  | 'log.error'
  | 'script.loaded'
  | 'script.saved'
  | 'script.done'
  | 'script.stopped'
  | 'file.sent'
  | 'hub.started'
  | 'hub.error'
  | 'link.reconnecting'
  | 'link.reconnected'
  | 'capture.started'
  | 'capture.suspended'
  | 'capture.resumed'
  | 'capture.error'
  | 'script.confirm'
  // reliability-checklist B14: a data phase left short, how it ended, and the AT probe after it
  | 'data.short'
  | 'data.open'
  | 'data.completed'
  | 'data.cancelled'
  | 'data.abandoned'
  | 'data.recovered'
  | 'data.stuck';

export interface RunState {
  running: boolean;
  /** Row id being executed, if any. */
  rowId: number | null;
  /** 1-based loop number. */
  loop: number;
  runTimes: number;
  /** Outcome of each row in the current run, by id. */
  outcomes: Record<number, { ok: boolean; result: string; latencyMs: number }>;
}

export interface TransferState {
  name: string;
  sent: number;
  total: number;
  done: boolean;
}

export interface LogFileState {
  path: string;
  bytes: number;
}

/**
 * One coalesced push (at most one per ~20 ms). `seq` increases by one per batch; a renderer that
 * sees a gap asks for a snapshot.
 */
export interface StreamBatch {
  seq: number;
  log: PackedLog | null;
  facts: Fact[];
  notices: Notice[];
  /** Present when it changed in this batch. */
  link?: LinkState;
  run?: RunState;
  transfer?: TransferState | null;
  logFile?: LogFileState | null;
  script?: ScriptView;
  /** True when main dropped its log (Clear): the renderer clears too. */
  cleared?: boolean;
}

export interface SessionSnapshot {
  /** The last batch sequence number included. */
  seq: number;
  log: PackedLog;
  facts: Fact[];
  notices: Notice[];
  link: LinkState;
  run: RunState;
  transfer: TransferState | null;
  logFile: LogFileState | null;
  script: ScriptView;
  /** True when the host can open native file dialogs (Electron); else paths are typed. */
  dialogs: boolean;
}

/** A session capture a crash left unfinished (no clean close), offered for recovery at start. */
export interface UnfinishedCaptureEntry {
  path: string;
  bytes: number;
  startedAt: number;
  port: string;
}

export interface PortListing {
  ports: PortEntry[];
  /** Set when the OS listing failed: typed paths and the virtual module still work. */
  error?: string;
}

export interface PortEntry {
  path: string;
  manufacturer?: string;
  serialNumber?: string;
  vendorId?: string;
  productId?: string;
  virtual?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Errors cross the boundary as values (conventions.md "Errors are values at boundaries")

export type ErrorCode =
  | 'BAD_REQUEST'
  | 'FORBIDDEN'
  | 'UNKNOWN_COMMAND'
  | 'NOT_OPEN'
  | 'ALREADY_OPEN'
  | 'BUSY'
  | 'NOT_FOUND'
  | 'PERMISSION'
  | 'BAD_HEX'
  | 'BAD_SCRIPT'
  | 'CANCELLED'
  | 'RUNNING'
  /** The module waits for payload: what was about to be sent would become payload. */
  | 'DATA_PHASE'
  | 'IO'
  | 'INTERNAL';

/** What finishDataPhase did: the data phase's final result and the AT probe's. */
export interface DataPhaseOutcome {
  /** 'OK', 'ERROR', 'TIMEOUT'... of the command whose payload was completed or cancelled. */
  result: string;
  /** The result of the `AT` sent afterwards: 'OK' when the module answers commands again. */
  probe: string;
}

export interface IpcError {
  code: ErrorCode;
  /** English, names the thing and the fix. */
  message: string;
  /** The same in zh-CN when main has it; otherwise the renderer translates by `code`. */
  zh?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: IpcError };

// ---------------------------------------------------------------------------------------------
// The contract

interface CommandSpec<Req extends z.ZodType, Res> {
  request: Req;
  /** Phantom: the response type. */
  response?: Res;
}
const command = <Res>() => <Req extends z.ZodType>(request: Req): CommandSpec<Req, Res> => ({ request });

interface EventSpec<P> {
  /** Phantom: the payload type. */
  payload?: P;
}
const event = <P>(): EventSpec<P> => ({});

const none = z.undefined();

/** Renderer → main calls. */
export const commands = {
  snapshot: command<SessionSnapshot>()(none),
  listPorts: command<PortListing>()(none),
  openLink: command<LinkState>()(z.object({ settings: serialSettingsSchema }).strict()),
  closeLink: command<LinkState>()(none),
  setSignals: command<LinkState>()(z.object({ dtr: z.boolean().optional(), rts: z.boolean().optional() }).strict()),
  send: command<{ bytes: number }>()(
    z
      // asPayload: the user confirmed that a line sent into an open data phase is payload (B14).
      .object({ text: z.string().max(MAX_SEND_CHARS), hex: z.boolean(), enter: enterSchema, asPayload: z.boolean().optional() })
      .strict(),
  ),
  sendFile: command<{ bytes: number }>()(
    z.object({ name: z.string().max(MAX_PATH_CHARS), data: bytesSchema(MAX_SEND_FILE_BYTES) }).strict(),
  ),
  cancelSendFile: command<void>()(none),
  clearLog: command<void>()(none),
  startLogFile: command<LogFileState>()(z.object({ target: fileTargetSchema }).strict()),
  stopLogFile: command<void>()(none),
  loadScript: command<ScriptView>()(
    z.discriminatedUnion('source', [
      z.object({ source: z.literal('dialog') }).strict(),
      z.object({ source: z.literal('path'), path: z.string().min(1).max(MAX_PATH_CHARS) }).strict(),
      z
        .object({ source: z.literal('bytes'), name: z.string().max(MAX_PATH_CHARS), data: bytesSchema(MAX_SCRIPT_BYTES) })
        .strict(),
    ]),
  ),
  /** `secrets`: 'placeholder' (default) writes masked secrets as ****; 'keep' only when the user asked for the raw script. */
  saveScript: command<{ path: string }>()(z.object({ target: fileTargetSchema, secrets: z.enum(['placeholder', 'keep']).optional() }).strict()),
  setScript: command<ScriptView>()(
    z.object({ rows: z.array(scriptRowSchema).max(MAX_SCRIPT_ROWS), settings: scriptSettingsSchema }).strict(),
  ),
  sendRow: command<void>()(z.object({ id: z.number().int().min(1) }).strict()),
  /** Without `confirmed`, destructive rows (QPOWD, CFUN=0, AT&F, FOTA...) do not run: a 'script.confirm' notice lists them. */
  runScript: command<void>()(z.object({ ids: z.array(z.number().int().min(1)).max(MAX_SCRIPT_ROWS), confirmed: z.boolean().optional() }).strict()),
  stopScript: command<void>()(none),
  // The MQTT / Aliyun workspace (shared/mqtt-contract.ts has the schemas and answers)
  mqttStatus: command<MqttStatus>()(mq.mqttStatus),
  mqttImport: command<ImportedSetupView>()(mq.mqttImport),
  mqttPreview: command<SigningPreviewAnswer>()(mq.mqttPreview),
  mqttConnect: command<BringupOutcome>()(mq.mqttConnect),
  mqttDisconnect: command<BringupOutcome>()(mq.mqttDisconnect),
  mqttReconnect: command<BringupOutcome>()(none),
  mqttCancel: command<void>()(none),
  mqttSubscribe: command<SubscribeOutcome>()(mq.mqttSubscribe),
  mqttUnsubscribe: command<SubscribeOutcome>()(mq.mqttUnsubscribe),
  mqttPublish: command<PublishAnswer>()(mq.mqttPublish),
  mqttPublishDraft: command<PublishAnswer>()(mq.mqttPublishDraft),
  mqttRepeatStart: command<RepeatAnswer>()(mq.mqttRepeatStart),
  mqttRepeatStop: command<void>()(none),
  mqttAutoReply: command<AutoReplyView>()(mq.mqttAutoReply),
  mqttForgetSecret: command<void>()(mq.mqttForgetSecret),
  setReconnectRows: command<void>()(z.object({ ids: z.array(z.number().int().min(1)).max(MAX_SCRIPT_ROWS) }).strict()),
  listUnfinishedCaptures: command<UnfinishedCaptureEntry[]>()(none),
  exportUnfinishedCapture: command<{ path: string }>()(z.object({ capture: z.string().min(1).max(MAX_PATH_CHARS), target: fileTargetSchema }).strict()),
  dismissUnfinishedCapture: command<void>()(z.object({ capture: z.string().min(1).max(MAX_PATH_CHARS) }).strict()),
  /** Ends the data phase the module waits in: pad the owed bytes (fixed length) or ESC (variable), then probe with AT. */
  finishDataPhase: command<DataPhaseOutcome>()(z.object({ how: z.enum(['pad', 'cancel']) }).strict()),
} as const;

/** Main → renderer pushes. */
export const events = {
  stream: event<StreamBatch>(),
} as const;

export type CommandName = keyof typeof commands;
export type EventName = keyof typeof events;
export type Req<C extends CommandName> = z.infer<(typeof commands)[C]['request']>;
export type Res<C extends CommandName> = (typeof commands)[C] extends CommandSpec<z.ZodType, infer R> ? R : never;
/** Arguments of a command method: none for commands without a payload. */
export type Args<C extends CommandName> = Req<C> extends undefined ? [] : [req: Req<C>];
export type Payload<E extends EventName> = (typeof events)[E] extends EventSpec<infer P> ? P : never;

export const commandNames: readonly CommandName[] = COMMAND_NAMES;
export const eventNames: readonly EventName[] = EVENT_NAMES;

// The name lists the preload uses must be exactly the contract's entries (both directions).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const namesMatch: [Same<(typeof COMMAND_NAMES)[number], CommandName>, Same<(typeof EVENT_NAMES)[number], EventName>] = [true, true];
void namesMatch;

/**
 * What the renderer holds: one method per command, one subscription per event. The preload builds
 * it from `commands`/`events`; the browser host builds the same over its WebSocket.
 */
export type ModemDeckApi = {
  [C in CommandName]: (...args: Args<C>) => Promise<Result<Res<C>>>;
} & {
  on: { [E in EventName]: (listener: (payload: Payload<E>) => void) => () => void };
};

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(commands, name);
}
