// The facts ModemDeck derives from the serial byte stream (architecture.md, "The session model").
// The AT engine (electron/at) emits the `at.*` kinds, the session model (electron/session) the
// `mqtt.*` and `alink` kinds. The CLI's `replay --json` prints exactly these objects, one per line,
// and the renderer shows exactly these objects. Every string in a fact is already secret-masked.

/** A decoded result or error code: short meaning and remedy in both UI languages. */
export interface Decoded {
  /** e.g. "CME 10", "QMTOPEN 3", "CONNACK 4", "QMTSTAT 2". */
  code: string;
  meaning: { en: string; zh: string };
  remedy?: { en: string; zh: string };
}

/** Result of a command as the module reported it. */
export type FinalResult =
  | 'OK'
  | 'ERROR'
  | 'CONNECT'
  | 'NO CARRIER'
  | 'SEND OK'
  | 'SEND FAIL'
  | 'BUSY'
  | 'NO ANSWER'
  | 'NO DIALTONE'
  | string; // '+CME ERROR: 10', '+CMS ERROR: 500' keep their text

interface FactBase {
  /** Milliseconds since the epoch (capture time or the live clock). */
  t: number;
}

/** A command line left the host (typed, script row or built by the app). */
export interface AtCommandFact extends FactBase {
  kind: 'at.command';
  /** Engine-wide sequence number of this command (1, 2, 3...). */
  id: number;
  /** Command text without the terminator, masked. */
  command: string;
  /** '+QMTOPEN', 'ATI', 'AT' ... the mnemonic used for matching. */
  name: string;
}

/** The final result of a command (OK / ERROR / +CME ERROR ...), or its timeout. */
export interface AtFinalFact extends FactBase {
  kind: 'at.final';
  id: number;
  command: string;
  name: string;
  /** 'OK', 'ERROR', '+CME ERROR: 10', ... or 'TIMEOUT' / 'RESTARTED' / 'LINK LOST' when the engine gave up. */
  result: FinalResult | 'TIMEOUT' | 'RESTARTED' | 'LINK LOST';
  ok: boolean;
  latencyMs: number;
  /** Information-response lines that belong to the command ("+CSQ: 28,99"). */
  info: string[];
  /** Present for every non-OK result. */
  error?: Decoded;
  /** True when the real outcome follows later as a URC (QMTOPEN, QMTCONN, QIOPEN...). */
  deferred?: boolean;
}

/** The `>` prompt arrived: the data phase of QMTPUBEX / QISEND / willex started. */
export interface AtPromptFact extends FactBase {
  kind: 'at.prompt';
  id: number;
  command: string;
  /** Declared length in bytes, when the command carries one. */
  declaredLength: number | null;
}

/** Bytes the host sent in a data phase (after the prompt). */
export interface AtDataFact extends FactBase {
  kind: 'at.data';
  id: number;
  /** What the module accepted (the first declaredLength bytes), UTF-8 decoded, masked. */
  accepted: string;
  declaredLength: number | null;
  /** Every byte the host sent in the data phase, surplus included. */
  sentLength: number;
  /** ESC ended a variable-length payload: the module sends nothing (quectel-at.md §1.7). */
  cancelled?: boolean;
}

/**
 * A data phase the host left short: nothing was sent for a while and the module still waits for
 * payload (quectel-at.md Q3), so whatever the host sends next becomes payload, commands included.
 */
export interface AtDataShortFact extends FactBase {
  kind: 'at.data-short';
  id: number;
  command: string;
  declaredLength: number | null;
  /** Payload bytes the module took so far. */
  acceptedLength: number;
  /** Bytes still owed; null when no length was declared (Ctrl+Z ends the phase, ESC cancels it). */
  owedBytes: number | null;
  /** How long nothing was sent. */
  idleMs: number;
}

/** The deferred result of a command arrived as a URC (+QMTOPEN: 0,0 after OK), or never did. */
export interface AtResultFact extends FactBase {
  kind: 'at.result';
  id: number;
  command: string;
  name: string;
  /** The URC line, e.g. '+QMTOPEN: 0,0', or 'TIMEOUT'. */
  urc: string;
  ok: boolean;
  /** From the command's final OK to this URC. */
  latencyMs: number;
  /** From the command leaving the host to this URC. */
  totalMs: number;
  error?: Decoded;
}

/** An unsolicited line (RDY, +QMTRECV, +QMTSTAT, +CPIN: READY outside a read...). */
export interface AtUrcFact extends FactBase {
  kind: 'at.urc';
  /** The line, masked. For +QMTRECV with a length, the header and the payload as received. */
  text: string;
  /** '+QMTRECV', 'RDY', ... */
  name: string;
  /** The counted payload of a `+QMTRECV` with a length field, exactly as many bytes as it declared. */
  payload?: string;
  /** For a decoded code-carrying URC (+QMTSTAT, +QIURC "pdpdeact"...). */
  decoded?: Decoded;
}

/** A line that is neither echo, response, final nor a known URC while nothing is pending. */
export interface AtStrayFact extends FactBase {
  kind: 'at.stray';
  text: string;
}

/** The module rebooted (RDY seen): what was in flight fails as "module restarted". */
export interface AtRestartFact extends FactBase {
  kind: 'at.restart';
}

/** A line longer than the framer keeps, or bytes that are not text. */
export interface AtOverflowFact extends FactBase {
  kind: 'at.overflow';
  droppedBytes: number;
}

export type AtFact =
  | AtCommandFact
  | AtFinalFact
  | AtPromptFact
  | AtDataFact
  | AtDataShortFact
  | AtResultFact
  | AtUrcFact
  | AtStrayFact
  | AtRestartFact
  | AtOverflowFact;

export interface MqttOpenFact extends FactBase {
  kind: 'mqtt.open';
  client: number;
  /** -1..5 as in +QMTOPEN, or null when no URC came. */
  result: number | null;
  ok: boolean;
  host: string;
  port: number;
  latencyMs: number;
  error?: Decoded;
}

export interface MqttConnectFact extends FactBase {
  kind: 'mqtt.connect';
  client: number;
  clientId: string;
  result: number | null;
  /** CONNACK return code, when present. */
  returnCode: number | null;
  ok: boolean;
  latencyMs: number;
  error?: Decoded;
}

export interface MqttTopicGrant {
  topic: string;
  qos: number;
  /** Granted QoS from the SUBACK, null when the subscription failed or is pending. */
  grantedQos: number | null;
}

export interface MqttSubscribeFact extends FactBase {
  kind: 'mqtt.subscribe';
  client: number;
  msgId: number;
  topics: MqttTopicGrant[];
  result: number | null;
  ok: boolean;
  latencyMs: number;
  error?: Decoded;
}

export interface MqttUnsubscribeFact extends FactBase {
  kind: 'mqtt.unsubscribe';
  client: number;
  msgId: number;
  topics: string[];
  result: number | null;
  ok: boolean;
  latencyMs: number;
  error?: Decoded;
}

export interface MqttPublishFact extends FactBase {
  kind: 'mqtt.publish';
  client: number;
  msgId: number;
  topic: string;
  qos: number;
  retain: boolean;
  declaredLength: number;
  sentLength: number;
  /** The host sent more or fewer bytes than declared: the payload below is what the cloud got. */
  truncated: boolean;
  payload: string;
  /** +QMTPUBEX result (0 sent, 1 retransmitted, 2 failed) or null without a URC. */
  result: number | null;
  ok: boolean;
  latencyMs: number;
  error?: Decoded;
}

export interface MqttMessageFact extends FactBase {
  kind: 'mqtt.message';
  client: number;
  msgId: number;
  topic: string;
  payload: string;
  /** Declared payload length, when the module sent one (msg_len_enable=1). */
  length: number | null;
}

export interface MqttStatFact extends FactBase {
  kind: 'mqtt.stat';
  client: number;
  code: number;
  meaning: Decoded;
}

export interface MqttDisconnectFact extends FactBase {
  kind: 'mqtt.disconnect';
  client: number;
  result: number | null;
  ok: boolean;
  /** 'disc' for AT+QMTDISC, 'close' for AT+QMTCLOSE. */
  via: 'disc' | 'close';
}

export interface MqttPingFact extends FactBase {
  kind: 'mqtt.ping';
  client: number;
  result: number;
}

/** The module's aliauth configuration as the session model saw it (secret masked). */
export interface MqttConfigFact extends FactBase {
  kind: 'mqtt.config';
  client: number;
  option: string;
  /** Values as set, masked. */
  values: string[];
}

export interface AlinkFact extends FactBase {
  kind: 'alink';
  direction: 'up' | 'down';
  topic: string;
  /** 'thing.service.property.set', 'thing.event.property.post', 'reply'... */
  method: string | null;
  id: string | null;
  params: unknown;
  /** Reply code (200...) for replies. */
  code: number | null;
  /** Set when this is a reply: the latency from its request. */
  pairedLatencyMs: number | null;
  /** For a reply: the method of the request it answers. */
  replyTo?: string | null;
  productKey: string | null;
  deviceName: string | null;
}

export type MqttFact =
  | MqttOpenFact
  | MqttConnectFact
  | MqttSubscribeFact
  | MqttUnsubscribeFact
  | MqttPublishFact
  | MqttMessageFact
  | MqttStatFact
  | MqttDisconnectFact
  | MqttPingFact
  | MqttConfigFact
  | AlinkFact;

export type Fact = AtFact | MqttFact;
export type FactKind = Fact['kind'];
