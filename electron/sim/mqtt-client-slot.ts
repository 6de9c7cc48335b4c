// One MQTT client (<client_idx> 0–5) of the virtual EC600S, with a real network side: AT+QMTOPEN
// opens a TCP connection, AT+QMTCONN runs mqtt.js over that same socket, and everything the network
// does comes back as the URCs of quectel-at.md §3.6.11–§3.6.13. States follow §3.6.14.
import { connect as tcpConnect, type Socket } from 'node:net';
import { MqttClient, type IClientOptions, type IPublishPacket } from 'mqtt';
import type { Scheduler } from '../../shared/clock';
import { concatBytes, utf8Encode } from '../../shared/bytes';
import { signAliyun, type SigningVariant } from '../cloud/aliyun-sign';
import { MqttClientConfig } from './mqtt-config';
import type { OutputLine } from './output-channel';

/** §3.6.14, plus 'closing': AT+QMTCLOSE answered OK and its URC is on its way. */
export type SlotState = 'closed' | 'opening' | 'opened' | 'connecting' | 'connected' | 'disconnecting' | 'closing';

/** `<state>` of AT+QMTCONN? (§3.6.4). */
export const CONNECTION_STATE: Partial<Record<SlotState, number>> = { opened: 1, connecting: 2, connected: 3, disconnecting: 4 };

export interface BrokerAddress {
  host: string;
  port: number;
}

export interface SlotEnvironment {
  scheduler: Scheduler;
  urc(line: OutputLine): void;
  /** Delay added before a deferred result URC (timing profile). */
  urcDelay(): number;
  /** Where AT+QMTOPEN's host really goes (offline: the local hub). */
  resolveBroker(host: string, port: number): BrokerAddress;
  signing: SigningVariant;
}

/** A message kept by recv/mode 1 until AT+QMTRECV reads it. */
export interface StoredMessage {
  msgid: number;
  topic: string;
  payload: Uint8Array;
}

/** Slots of recv/mode 1 (§3.6.10: <recv_id> 0–4). */
export const RECV_SLOTS = 5;
/** §3.6.8: at most 5 publishes in flight. */
export const PUBLISH_WINDOW = 5;
/** §4: AT+QMTOPEN answers within 120 s. */
const OPEN_TIMEOUT_MS = 120_000;

/**
 * `+QMTRECV: <idx>,<msgid>,"<topic>"[,<len>],"<payload>"`: the payload raw, inner quotes not escaped,
 * the length in bytes when msg_len_enable=1 (the seed form, §3.6.11).
 */
export function qmtrecvLine(index: number, msg: StoredMessage, withLength: boolean): Uint8Array {
  const length = withLength ? `,${msg.payload.length}` : '';
  return concatBytes([utf8Encode(`+QMTRECV: ${index},${msg.msgid},"${msg.topic}"${length},"`), msg.payload, utf8Encode('"')]);
}

/** +QMTOPEN <result> for a failed TCP connect: 4 when the name does not resolve, else −1. */
function openFailure(err: NodeJS.ErrnoException): number {
  return err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN' ? 4 : -1;
}

export class MqttClientSlot {
  readonly config = new MqttClientConfig();
  state: SlotState = 'closed';
  /** Host and port as given to AT+QMTOPEN (what AT+QMTOPEN? shows). */
  host = '';
  port = 0;
  readonly stored: (StoredMessage | null)[] = new Array<StoredMessage | null>(RECV_SLOTS).fill(null);
  private socket: Socket | null = null;
  private client: MqttClient | null = null;
  private inflight = 0;
  /** Bumped whenever the link is torn down, so callbacks of an old link do nothing. */
  private link = 0;
  /** AT+QMTDISC is ending the link: its close is no loss, so no +QMTSTAT. */
  private closingOnPurpose = false;
  /** +QMTSTAT code for the next unexpected close (2 after a keepalive failure). */
  private closeReason = 1;
  private readonly timers = new Set<() => void>();
  private disposed = false;

  constructor(
    readonly index: number,
    private readonly env: SlotEnvironment,
  ) {}

  get publishWindowFull(): boolean {
    return this.inflight >= PUBLISH_WINDOW;
  }

  /** Opens the TCP link; reports `+QMTOPEN: <idx>,<result>`. */
  open(host: string, port: number): void {
    this.state = 'opening';
    this.closingOnPurpose = false;
    this.host = host;
    this.port = port;
    const link = this.link;
    const target = this.env.resolveBroker(host, port);
    const socket = tcpConnect({ host: target.host, port: target.port });
    socket.setNoDelay(true);
    this.socket = socket;
    const fail = (result: number) => {
      if (link !== this.link) return;
      this.teardown();
      this.deferred(() => this.report('closed', `+QMTOPEN: ${this.index},${result}`));
    };
    const cancelTimeout = this.after(OPEN_TIMEOUT_MS, () => fail(-1));
    socket.once('connect', () => {
      cancelTimeout();
      if (link === this.link) this.deferred(() => this.report('opened', `+QMTOPEN: ${this.index},0`));
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (this.state === 'opening') fail(openFailure(err));
    });
    socket.once('close', () => {
      if (link === this.link && this.state !== 'opening' && !this.closingOnPurpose) this.lost(this.closeReason);
    });
  }

  /** Sends CONNECT over the open link; reports `+QMTCONN: <idx>,<result>[,<ret_code>]`. */
  connect(clientId: string, username?: string, password?: string): void {
    const socket = this.socket!;
    const link = this.link;
    this.state = 'connecting';
    const { config } = this;
    const triplet = config.get('aliauth').map(String);
    // With aliauth set and no username given, the module signs the login itself (cloud-protocols.md §2.1).
    const credentials =
      username === undefined && triplet[0]
        ? signAliyun({ productKey: triplet[0], deviceName: triplet[1], deviceSecret: triplet[2] }, { clientIdPrefix: clientId, variant: this.env.signing })
        : { clientId, username, password };
    const version = config.int('version') === 3 ? 3 : 4;
    const pktTimeoutMs = config.int('timeout') * 1000;
    const options: IClientOptions = {
      clientId: credentials.clientId,
      username: credentials.username,
      password: credentials.password,
      keepalive: config.int('keepalive'),
      clean: config.int('session') === 1,
      protocolVersion: version,
      protocolId: version === 3 ? 'MQIsdp' : 'MQTT',
      reconnectPeriod: 0,
      connectTimeout: pktTimeoutMs * 2,
      resubscribe: false,
      will: this.lastWill(),
    };
    // §3.6.13 code 4: no CONNACK in time.
    const cancelTimeout = this.after(pktTimeoutMs, () => {
      if (link === this.link && this.state === 'connecting') this.lost(4);
    });
    const client = new MqttClient(() => socket, options);
    this.client = client;
    client.on('connect', () => {
      cancelTimeout();
      if (link === this.link) this.deferred(() => this.report('connected', `+QMTCONN: ${this.index},0,0`));
    });
    client.on('error', (err: Error & { code?: unknown }) => {
      if (link !== this.link) return;
      if (this.state === 'connecting' && typeof err.code === 'number' && err.code >= 1 && err.code <= 5) {
        // CONNACK refused: the server closes the link; the module reports the return code (§3.6.4).
        cancelTimeout();
        const returnCode = err.code;
        this.teardown();
        this.deferred(() => this.report('closed', `+QMTCONN: ${this.index},0,${returnCode}`));
      } else if (err.message === 'Keepalive timeout') {
        this.closeReason = 2;
      }
    });
    client.on('message', (topic: string, payload: Buffer, packet: IPublishPacket) => {
      if (link === this.link) this.deliver({ msgid: packet.qos > 0 ? (packet.messageId ?? 0) : 0, topic, payload: new Uint8Array(payload) });
    });
  }

  subscribe(msgid: number, topics: { topic: string; qos: 0 | 1 | 2 }[]): void {
    const link = this.link;
    const fail = this.packetTimer(() => this.env.urc(`+QMTSUB: ${this.index},${msgid},2`));
    const map = Object.fromEntries(topics.map((t) => [t.topic, { qos: t.qos }]));
    this.client!.subscribe(map, (_err, grants, suback) => {
      if (link !== this.link || !fail()) return;
      const granted = suback?.granted ?? grants?.map((g) => g.qos);
      // §3.6.6: result 0 carries the granted QoS per topic (0x80 = refused).
      this.deferred(() => this.env.urc(granted ? `+QMTSUB: ${this.index},${msgid},0,${granted.join(',')}` : `+QMTSUB: ${this.index},${msgid},2`));
    });
  }

  unsubscribe(msgid: number, topics: string[]): void {
    const link = this.link;
    const fail = this.packetTimer(() => this.env.urc(`+QMTUNS: ${this.index},${msgid},2`));
    this.client!.unsubscribe(topics, (err) => {
      if (link !== this.link || !fail()) return;
      this.deferred(() => this.env.urc(`+QMTUNS: ${this.index},${msgid},${err ? 2 : 0}`));
    });
  }

  publish(msgid: number, qos: 0 | 1 | 2, retain: boolean, topic: string, payload: Uint8Array): void {
    const link = this.link;
    this.inflight++;
    const done = (result: number) => {
      this.inflight--;
      this.env.urc(`+QMTPUBEX: ${this.index},${msgid},${result}`);
    };
    const fail = this.packetTimer(() => done(2));
    this.client!.publish(topic, Buffer.from(payload), { qos, retain }, (err) => {
      if (link !== this.link || !fail()) return;
      // §4: for QoS 0 the URC follows the OK at once; QoS 1/2 wait for the broker's acknowledgement.
      if (qos === 0) done(err ? 2 : 0);
      else this.deferred(() => done(err ? 2 : 0));
    });
  }

  /** AT+QMTDISC: DISCONNECT, then `+QMTDISC: <idx>,0`; the client is left closed ([INF] §3.6.5). */
  disconnect(): void {
    const link = this.link;
    this.state = 'disconnecting';
    this.closingOnPurpose = true;
    this.client!.end(false, {}, () => {
      if (link !== this.link) return;
      this.teardown();
      this.deferred(() => this.report('closed', `+QMTDISC: ${this.index},0`));
    });
  }

  /** AT+QMTCLOSE: drops the TCP link, then `+QMTCLOSE: <idx>,0`. */
  close(): void {
    this.state = 'closing';
    this.teardown();
    this.deferred(() => this.report('closed', `+QMTCLOSE: ${this.index},0`));
  }

  /** The network went away under the link (AT+CFUN=0): `+QMTSTAT: <idx>,1`. */
  networkLost(): void {
    if (this.state !== 'closed') this.lost(1);
  }

  /** Reboot or power off: the link vanishes without a word. */
  dispose(): void {
    this.disposed = true;
    this.teardown();
  }

  /** Reads and frees stored messages (recv/mode 1); all of them when `recvId` is undefined. */
  take(recvId?: number): StoredMessage[] {
    const ids = recvId === undefined ? [...this.stored.keys()] : [recvId];
    const out: StoredMessage[] = [];
    for (const id of ids) {
      const msg = this.stored[id];
      if (msg) out.push(msg);
      this.stored[id] = null;
    }
    return out;
  }

  /** The will of AT+QMTCFG="will", or of "willex" with the message read after its prompt. */
  private lastWill(): IClientOptions['will'] {
    const { config } = this;
    for (const option of ['will', 'willex']) {
      const [flag, qos, retain, topic, message] = config.get(option);
      if (flag !== 1) continue;
      const payload = option === 'will' ? Buffer.from(String(message)) : Buffer.from(config.willexMessage);
      return { topic: String(topic), payload, qos: Number(qos) as 0 | 1 | 2, retain: retain === 1 };
    }
    return undefined;
  }

  private deliver(msg: StoredMessage): void {
    const withLength = this.config.int('recv/mode', 1) === 1;
    if (this.config.int('recv/mode') === 0) {
      this.env.urc(qmtrecvLine(this.index, msg, withLength));
      return;
    }
    const recvId = this.stored.indexOf(null);
    if (recvId < 0) return; // [INF] all 5 slots full: undocumented, the message is lost
    this.stored[recvId] = msg;
    this.env.urc(`+QMTRECV: ${this.index},${recvId}`);
  }

  /** The link dropped without being asked to: `+QMTSTAT` (§3.6.13), and `+QMTPING` for a ping failure. */
  private lost(code: number): void {
    this.teardown();
    this.state = 'closed';
    if (code === 2) this.env.urc(`+QMTPING: ${this.index},1`);
    this.env.urc(`+QMTSTAT: ${this.index},${code}`);
  }

  private teardown(): void {
    this.link++;
    for (const cancel of this.timers) cancel();
    this.timers.clear();
    this.client?.removeAllListeners();
    this.client?.on('error', () => undefined); // mqtt.js may still report the dying stream
    this.client?.end(true);
    this.socket?.destroy();
    this.client = null;
    this.socket = null;
    this.inflight = 0;
    this.stored.fill(null);
    this.closeReason = 1;
  }

  /** Sets the state and emits the URC that reports it, at the same moment. */
  private report(state: SlotState, line: string): void {
    this.state = state;
    this.env.urc(line);
  }

  /** Runs `fn` after the profile's URC delay, unless the module rebooted meanwhile. */
  private deferred(fn: () => void): void {
    this.after(this.env.urcDelay(), fn);
  }

  private after(ms: number, fn: () => void): () => void {
    const cancel = this.env.scheduler.after(ms, () => {
      this.timers.delete(cancel);
      if (!this.disposed) fn();
    });
    this.timers.add(cancel);
    return () => {
      cancel();
      this.timers.delete(cancel);
    };
  }

  /**
   * Arms the packet timer (<pkt_timeout> × <retry_times>, §3.6.1) for an acknowledged packet; `onTimeout`
   * reports failure. Returns a function that disarms it and says whether the answer is still in time.
   */
  private packetTimer(onTimeout: () => void): () => boolean {
    let pending = true;
    const ms = this.config.int('timeout') * Math.max(1, this.config.int('timeout', 1)) * 1000;
    const cancel = this.after(ms, () => {
      pending = false;
      onTimeout();
    });
    return () => {
      cancel();
      const wasPending = pending;
      pending = false;
      return wasPending;
    };
  }
}
