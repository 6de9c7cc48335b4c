// The MQTT session model: a reducer over the AT engine's facts that knows what the module's MQTT
// clients are doing (quectel-at.md §3.6) and what the Alink traffic means (cloud-protocols.md §3).
// It sees only what crossed the link, so every way of driving the module updates it the same way.
import type {
  AlinkFact, AtDataFact, AtFact, AtFinalFact, AtResultFact, AtUrcFact, Decoded, MqttFact, MqttTopicGrant,
} from '../../shared/facts';
import type { MqttClientSnapshot, PropertyState, SessionSnapshot, SubscriptionState } from '../../shared/session-state';
import { describeCommand, type CommandInfo } from '../at/commands';
import { intParam, splitParams, type AtParam } from '../at/params';
import { decodeQmtStat } from '../at/error-codes';
import { makeRoom } from './bounded-map';
import { AlinkPairing, decodeAlinkPayload, pairingPrefix, parseAlinkTopic, propertyValue, type AlinkTopic } from './alink';
import { countedRecv, parseRecv, subTopics, urcIntFields, type RecvMessage } from './mqtt-urc-fields';

interface ClientState extends Omit<MqttClientSnapshot, 'subscriptions'> {
  subscriptions: Map<string, SubscriptionState>;
}

interface CommandRecord {
  text: string;
  name: string;
  params: AtParam[];
  data?: AtDataFact;
}

/** Bound on remembered commands: only ones with a deferred result need to be looked up later. */
const MAX_COMMANDS = 512;
/** Distinct command lines and topics remembered with their parsed form (a session repeats a few). */
const PARSE_CACHE_SIZE = 64;
/** What most facts imply: nothing. Shared, never written to. */
const NOTHING = Object.freeze([]) as unknown as MqttFact[];

export class SessionModel {
  private readonly clients = new Map<number, ClientState>();
  private readonly commands = new Map<number, CommandRecord>();
  private readonly properties = new Map<string, PropertyState>();
  private readonly pairing = new AlinkPairing();
  private restartedAt: number | null = null;
  /** describeCommand and parseAlinkTopic are pure and their results only read: parse each text once. */
  private readonly commandCache = new Map<string, CommandInfo>();
  private readonly topicCache = new Map<string, AlinkTopicKeys | null>();

  /** Feed one AT fact; returns the MQTT and Alink facts it implies, in order. */
  apply(fact: AtFact): MqttFact[] {
    switch (fact.kind) {
      case 'at.command':
        this.remember(fact.id, { text: fact.command, name: fact.name, params: cached(this.commandCache, fact.command, describeCommand).params });
        return NOTHING;
      case 'at.data': {
        const rec = this.commands.get(fact.id);
        if (rec) rec.data = fact;
        return NOTHING;
      }
      case 'at.final':
        return this.onFinal(fact);
      case 'at.result':
        return this.onResult(fact);
      case 'at.urc':
        return this.onUrc(fact);
      case 'at.restart':
        // A reboot loses every MQTT client (§7.2 reboot fault: "MQTT state lost").
        for (const c of this.clients.values()) this.reset(c);
        this.restartedAt = fact.t;
        return NOTHING;
      default:
        return NOTHING;
    }
  }

  snapshot(): Omit<SessionSnapshot, 'pending' | 'echo'> {
    return {
      clients: [...this.clients.values()].sort((a, b) => a.index - b.index).map((c) => ({ ...c, subscriptions: [...c.subscriptions.values()] })),
      // copies: the model updates its property states in place (trackProperties)
      properties: [...this.properties.values()].map((p) => ({ ...p })),
      restartedAt: this.restartedAt,
    };
  }

  private remember(id: number, rec: CommandRecord): void {
    makeRoom(this.commands, MAX_COMMANDS);
    this.commands.set(id, rec);
  }

  private client(index: number): ClientState {
    let c = this.clients.get(index);
    if (!c) {
      c = {
        index, state: 'closed', host: null, port: null, clientId: null, subscriptions: new Map(),
        recvMode: null, aliauth: null, keepaliveS: null,
      };
      this.clients.set(index, c);
    }
    return c;
  }

  private reset(c: ClientState): void {
    c.state = 'closed';
    c.subscriptions.clear();
  }

  private onFinal(f: AtFinalFact): MqttFact[] {
    const rec = this.commands.get(f.id);
    if (!rec) return NOTHING;
    const p = rec.params;
    // Most finals answer a command that is not about MQTT (AT+CSQ, read commands): nothing follows.
    if (!rec.name.startsWith('+QMT')) return NOTHING;
    const idx = intParam(p[0]);
    const out: MqttFact[] = [];
    // Read-backs tell the state too (AT+QMTCFG="aliauth",0 and friends; stored messages).
    if (rec.name === '+QMTCFG' || rec.name === '+QMTRECV') for (const line of f.info) out.push(...this.onInfoLine(line, rec, f.t));
    if (rec.name === '+QMTCFG' && f.ok && p.length >= 2) {
      const option = p[0].value.toLowerCase();
      const cidx = intParam(p[1]);
      if (cidx !== null && p.length > 2) {
        const c = this.client(cidx);
        const vals = p.slice(2).map((x) => x.value);
        if (option === 'recv/mode') c.recvMode = { mode: Number(vals[0] ?? 0), lengthEnabled: vals[1] === '1' };
        if (option === 'aliauth' && vals.length >= 3) c.aliauth = { productKey: vals[0], deviceName: vals[1], secretSet: vals[2] !== '' };
        if (option === 'keepalive') c.keepaliveS = Number(vals[0]);
        out.push({ kind: 'mqtt.config', t: f.t, client: cidx, option, values: vals });
      }
      return out;
    }
    if (idx === null) return out;
    const failed = !f.ok;
    switch (rec.name) {
      case '+QMTOPEN':
        if (p.length >= 3) {
          const c = this.client(idx);
          if (failed) out.push({ kind: 'mqtt.open', t: f.t, client: idx, result: null, ok: false, host: p[1].value, port: Number(p[2].value), latencyMs: f.latencyMs, error: f.error });
          else c.state = 'opening';
        }
        break;
      case '+QMTCONN':
        if (p.length >= 2) {
          const c = this.client(idx);
          if (failed) out.push({ kind: 'mqtt.connect', t: f.t, client: idx, clientId: p[1].value, result: null, returnCode: null, ok: false, latencyMs: f.latencyMs, error: f.error });
          else c.state = 'connecting';
        }
        break;
      case '+QMTSUB':
        if (failed && p.length >= 4) out.push(this.subscribeFact(idx, p, null, [], false, f.latencyMs, f.t, f.error));
        else if (p.length >= 4) for (const g of subTopics(p)) this.client(idx).subscriptions.set(g.topic, { ...g, grantedQos: null, state: 'subscribing' });
        break;
      case '+QMTUNS':
        if (failed && p.length >= 3) out.push(this.unsubscribeFact(idx, p, null, false, f.latencyMs, f.t, f.error));
        break;
      case '+QMTPUBEX':
      case '+QMTPUB':
        if (failed && p.length >= 5) out.push(...this.publishFact(idx, rec, null, false, f.latencyMs, f.t, f.error));
        break;
      case '+QMTDISC':
      case '+QMTCLOSE':
        if (failed) out.push({ kind: 'mqtt.disconnect', t: f.t, client: idx, result: null, ok: false, via: rec.name === '+QMTDISC' ? 'disc' : 'close' });
        else this.client(idx).state = rec.name === '+QMTDISC' ? 'disconnecting' : this.client(idx).state;
        break;
    }
    return out;
  }

  private onInfoLine(line: string, rec: CommandRecord, t: number): MqttFact[] {
    const m = /^\+QMTCFG:\s*"aliauth"\s*,(.*)$/i.exec(line);
    if (m && rec.name === '+QMTCFG') {
      const v = splitParams(m[1]).map((x) => x.value);
      const idx = intParam(rec.params[1]);
      if (idx !== null && v.length >= 2) this.client(idx).aliauth = { productKey: v[0], deviceName: v[1], secretSet: (v[2] ?? '') !== '' };
      return NOTHING;
    }
    if (rec.name === '+QMTRECV' && line.startsWith('+QMTRECV:')) {
      const msg = parseRecv(line.slice('+QMTRECV:'.length), null);
      if (msg) return this.message(msg, t);
    }
    return NOTHING;
  }

  private onResult(r: AtResultFact): MqttFact[] {
    const rec = this.commands.get(r.id);
    if (!rec) return NOTHING;
    const p = rec.params;
    const idx = intParam(p[0]);
    if (idx === null) return NOTHING;
    const c = this.client(idx);
    const colon = r.urc.indexOf(':');
    const fields = colon >= 0 ? urcIntFields(r.urc, colon + 1) : [];
    const result = fields.length >= 2 ? fields[1] : null;
    const error = r.error;
    switch (rec.name) {
      case '+QMTOPEN': {
        const ok = r.ok && result === 0;
        if (ok) {
          c.state = 'open';
          c.host = p[1]?.value ?? null;
          c.port = Number(p[2]?.value ?? 0);
        } else c.state = 'closed';
        return [{ kind: 'mqtt.open', t: r.t, client: idx, result, ok, host: p[1]?.value ?? '', port: Number(p[2]?.value ?? 0), latencyMs: r.totalMs, error }];
      }
      case '+QMTCONN': {
        const returnCode = fields.length >= 3 ? fields[2] : null;
        const ok = r.ok && result === 0 && (returnCode === null || returnCode === 0);
        c.state = ok ? 'connected' : c.state === 'connecting' ? 'open' : c.state;
        if (ok) c.clientId = p[1]?.value ?? null;
        return [{ kind: 'mqtt.connect', t: r.t, client: idx, clientId: p[1]?.value ?? '', result, returnCode, ok, latencyMs: r.totalMs, error }];
      }
      case '+QMTSUB': {
        const subResult = fields.length >= 3 ? fields[2] : null;
        const granted = subResult === 0 ? fields.slice(3) : [];
        return [this.subscribeFact(idx, p, subResult, granted, r.ok && subResult !== 2, r.totalMs, r.t, error)];
      }
      case '+QMTUNS': {
        const unsResult = fields.length >= 3 ? fields[2] : null;
        return [this.unsubscribeFact(idx, p, unsResult, r.ok && unsResult !== 2, r.totalMs, r.t, error)];
      }
      case '+QMTPUBEX':
      case '+QMTPUB': {
        const pubResult = fields.length >= 3 ? fields[2] : null;
        return this.publishFact(idx, rec, pubResult, r.ok && pubResult !== 2, r.totalMs, r.t, error);
      }
      case '+QMTDISC':
      case '+QMTCLOSE': {
        const ok = r.ok && result === 0;
        if (ok) this.reset(c);
        return [{ kind: 'mqtt.disconnect', t: r.t, client: idx, result, ok, via: rec.name === '+QMTDISC' ? 'disc' : 'close' }];
      }
      default:
        return NOTHING;
    }
  }

  private onUrc(u: AtUrcFact): MqttFact[] {
    if (u.name === '+QMTRECV') {
      const from = u.text.indexOf(':') + 1;
      const msg = (u.payload !== undefined ? countedRecv(u.text, from, u.payload) : undefined) ?? parseRecv(u.text.slice(from), u.payload ?? null);
      return msg ? this.message(msg, u.t) : [];
    }
    if (u.name === '+QMTSTAT') {
      const f = splitParams(u.text.slice(u.text.indexOf(':') + 1)).map((x) => intParam(x));
      if (f[0] === null || f[0] === undefined || f[1] === null || f[1] === undefined) return NOTHING;
      this.reset(this.client(f[0]));
      return [{ kind: 'mqtt.stat', t: u.t, client: f[0], code: f[1], meaning: u.decoded ?? decodeQmtStat(f[1]) }];
    }
    if (u.name === '+QMTPING') {
      const f = splitParams(u.text.slice(u.text.indexOf(':') + 1)).map((x) => intParam(x));
      if (f[0] === null || f[0] === undefined || f[1] === null || f[1] === undefined) return NOTHING;
      if (f[1] !== 0) this.reset(this.client(f[0]));
      return [{ kind: 'mqtt.ping', t: u.t, client: f[0], result: f[1] }];
    }
    return NOTHING;
  }

  private subscribeFact(idx: number, p: AtParam[], result: number | null, granted: Array<number | null>, ok: boolean, latencyMs: number, t: number, error?: Decoded): MqttFact {
    const c = this.client(idx);
    const topics: MqttTopicGrant[] = subTopics(p).map((g, i) => ({ ...g, grantedQos: ok ? (granted[i] ?? null) : null }));
    for (const g of topics) {
      const failed = !ok || (g.grantedQos !== null && g.grantedQos >= 0x80);
      c.subscriptions.set(g.topic, { topic: g.topic, qos: g.qos, grantedQos: g.grantedQos, state: failed ? 'failed' : 'subscribed' });
    }
    return { kind: 'mqtt.subscribe', t, client: idx, msgId: Number(p[1]?.value ?? 0), topics, result, ok, latencyMs, error };
  }

  private unsubscribeFact(idx: number, p: AtParam[], result: number | null, ok: boolean, latencyMs: number, t: number, error?: Decoded): MqttFact {
    const topics = p.slice(2).map((x) => x.value);
    if (ok) for (const topic of topics) this.client(idx).subscriptions.delete(topic);
    return { kind: 'mqtt.unsubscribe', t, client: idx, msgId: Number(p[1]?.value ?? 0), topics, result, ok, latencyMs, error };
  }

  /** The publish fact, followed by its Alink decode when the cloud got it. */
  private publishFact(idx: number, rec: CommandRecord, result: number | null, ok: boolean, latencyMs: number, t: number, error?: Decoded): MqttFact[] {
    const p = rec.params;
    const declaredLength = Number(p[5]?.value ?? rec.data?.declaredLength ?? 0);
    const sentLength = rec.data?.sentLength ?? 0;
    const payload = rec.data?.accepted ?? '';
    const topic = p[4]?.value ?? '';
    const fact: MqttFact = {
      kind: 'mqtt.publish', t, client: idx, msgId: Number(p[1]?.value ?? 0), topic, qos: Number(p[2]?.value ?? 0),
      retain: p[3]?.value === '1', declaredLength, sentLength, truncated: sentLength > 0 && sentLength !== declaredLength, payload, result, ok, latencyMs, error,
    };
    const alink = ok ? this.alink('up', topic, payload, t) : null;
    return alink ? [fact, alink] : [fact];
  }

  private message(msg: RecvMessage, t: number): MqttFact[] {
    const out: MqttFact[] = [{ kind: 'mqtt.message', t, client: msg.client, msgId: msg.msgId, topic: msg.topic, payload: msg.payload, length: msg.length }];
    const a = this.alink('down', msg.topic, msg.payload, t);
    if (a) out.push(a);
    return out;
  }

  private alink(direction: 'up' | 'down', topic: string, payload: string, t: number): AlinkFact | null {
    const known = cached(this.topicCache, topic, alinkTopicKeys);
    if (!known) return null;
    const msg = decodeAlinkPayload(payload);
    if (!msg) return null;
    const tp = known.topic;
    let pairedLatencyMs: number | null = null;
    let method = msg.method ?? tp.topicMethod;
    if (tp.replyTo) {
      method = tp.topicMethod;
      if (msg.id !== null) pairedLatencyMs = this.pairing.replyFor(known.replyPrefix, msg.id, t);
    } else if (msg.id !== null && method) {
      this.pairing.requestFor(known.requestPrefix ?? pairingPrefix(known.device, method), msg.id, t);
      this.trackProperties(direction, method, msg.params, t);
    }
    return {
      kind: 'alink', t, direction, topic, method, id: msg.id, params: msg.params, code: msg.code, pairedLatencyMs,
      replyTo: tp.replyTo, productKey: tp.productKey, deviceName: tp.deviceName,
    };
  }

  private trackProperties(direction: 'up' | 'down', method: string, params: unknown, t: number): void {
    const isSet = method === 'thing.service.property.set';
    const isPost = method === 'thing.event.property.post';
    if (!isSet && !isPost) return;
    if (!params || typeof params !== 'object' || Array.isArray(params)) return;
    // for-in, as in Object.entries order (params is parsed JSON: a plain object, own keys only), without the pairs
    const named = params as Record<string, unknown>;
    for (const name in named) {
      const value = propertyValue(named[name]);
      const state = this.properties.get(name);
      if (state === undefined) {
        this.properties.set(name, isSet ? { name, value, direction, t, desired: value, desiredAt: t } : { name, value, direction, t, reported: value, reportedAt: t });
        continue;
      }
      // Updated in place: the keys keep their order and a pair seen for the first time goes last, as
      // in `{ ...state, name, value, direction, t, desired/reported }`. Only snapshot() lets these
      // objects out, and it copies them.
      state.value = value;
      state.direction = direction;
      state.t = t;
      if (isSet) {
        state.desired = value;
        state.desiredAt = t;
      } else {
        state.reported = value;
        state.reportedAt = t;
      }
    }
  }
}

/** An Alink topic with the parts of its pairing keys that depend on the topic alone (made once per topic, not per message). */
interface AlinkTopicKeys {
  topic: AlinkTopic;
  device: string;
  /** pairingPrefix(device, topicMethod) when the topic names its method (what a request pairs by). */
  requestPrefix: string | null;
  /** pairingPrefix(device, replyTo) for a reply topic. */
  replyPrefix: string;
}

function alinkTopicKeys(text: string): AlinkTopicKeys | null {
  const topic = parseAlinkTopic(text);
  if (!topic) return null;
  const device = `${topic.productKey}/${topic.deviceName}`;
  return {
    topic, device,
    requestPrefix: topic.topicMethod !== null ? pairingPrefix(device, topic.topicMethod) : null,
    replyPrefix: pairingPrefix(device, topic.replyTo ?? ''),
  };
}

/** parse(key) (never undefined), remembered; the cache is emptied when full (what a session repeats comes back at once). */
function cached<T>(cache: Map<string, T>, key: string, parse: (key: string) => T): T {
  const known = cache.get(key);
  if (known !== undefined) return known;
  if (cache.size >= PARSE_CACHE_SIZE) cache.clear();
  const value = parse(key);
  cache.set(key, value);
  return value;
}
