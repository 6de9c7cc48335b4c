// Alink (Aliyun Thing Model) decoding: what a topic and its JSON payload mean, and which reply
// answers which request (cloud-protocols.md §3). Payloads are untrusted: parsing never throws, and
// method/sys/message/version are all optional (§3.2, "the parser must treat them as optional").
import { makeRoom } from './bounded-map';

export interface AlinkTopic {
  productKey: string;
  deviceName: string;
  /** 'thing.event.property.post', 'thing.service.property.set_reply'... from the topic path. */
  topicMethod: string | null;
  /** For a reply topic, the method of the request it answers. */
  replyTo: string | null;
  custom: boolean;
}

/** `/sys/<pk>/<dn>/thing/...`, `/<pk>/<dn>/user/...`, `/ext/.../<pk>/<dn>`... or null when not Alink. */
export function parseAlinkTopic(topic: string): AlinkTopic | null {
  const parts = topic.split('/');
  if (parts[0] !== '') return null;
  if (parts[1] === 'sys' && parts.length >= 5) {
    const rest = parts.slice(4);
    const topicMethod = rest.join('.');
    const replyTo = topicMethod.endsWith('_reply') ? topicMethod.slice(0, -'_reply'.length) : null;
    return { productKey: parts[2], deviceName: parts[3], topicMethod, replyTo, custom: false };
  }
  if (parts.length >= 4 && parts[3] === 'user') {
    return { productKey: parts[1], deviceName: parts[2], topicMethod: null, replyTo: null, custom: true };
  }
  return null;
}

export interface AlinkMessage {
  method: string | null;
  id: string | null;
  params: unknown;
  code: number | null;
  /** The JSON carried a reply shape (a numeric code). */
  isReply: boolean;
}

export function decodeAlinkPayload(payload: string): AlinkMessage | null {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return null;
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return null;
  const o = json as Record<string, unknown>;
  const id = typeof o.id === 'string' || typeof o.id === 'number' ? String(o.id) : null;
  const code = typeof o.code === 'number' ? o.code : typeof o.code === 'string' && /^\d+$/.test(o.code) ? Number(o.code) : null;
  return {
    method: typeof o.method === 'string' ? o.method : null,
    id,
    params: o.params !== undefined ? o.params : o.data,
    code,
    isReply: code !== null,
  };
}

/** The value of one property: `{"Power":1}` and `{"Power":{"value":1,"time":…}}` both mean Power = 1 (§3.2). */
export function propertyValue(v: unknown): unknown {
  return v && typeof v === 'object' && !Array.isArray(v) && 'value' in (v as Record<string, unknown>) ? (v as Record<string, unknown>).value : v;
}

/** The part of a pairing key that depends on the topic alone: device and request method. */
export function pairingPrefix(device: string, method: string): string {
  return `${device}|${method}|`;
}

/**
 * Requests waiting for their reply. A reply pairs with the request whose `device|method|id` text is
 * the same. That text is not the key: hashing and keeping a fresh ~60-character string per message
 * cost more than the rest of the pairing. The key is a short number for the text up to its last "|"
 * (a handful per session) and the id after it: the same text always gives the same key and different
 * texts different keys, so pairing and eviction order are exactly those of the text.
 */
export class AlinkPairing {
  private readonly open = new Map<string, number>();
  /** `device|method|` texts (up to and including their last "|") and their numbers as "<n>|". */
  private readonly numbered = new Map<string, string>();
  /** Bound on remembered requests: a device that never replies must not grow this forever. */
  private static readonly MAX = 2048;
  /** Bound on numbered prefixes; texts beyond it are keyed by themselves ("-" and the text), as ever. */
  private static readonly MAX_PREFIXES = 256;

  request(device: string, method: string, id: string, t: number): void {
    this.requestFor(pairingPrefix(device, method), id, t);
  }

  /** The latency from the request this reply answers, or null. */
  reply(device: string, requestMethod: string, id: string, t: number): number | null {
    return this.replyFor(pairingPrefix(device, requestMethod), id, t);
  }

  /** request() with the pairingPrefix made by the caller (the session model keeps one per topic). */
  requestFor(prefix: string, id: string, t: number): void {
    const key = this.key(prefix, id);
    makeRoom(this.open, AlinkPairing.MAX);
    this.open.set(key, t);
  }

  replyFor(prefix: string, id: string, t: number): number | null {
    const key = this.key(prefix, id);
    const at = this.open.get(key);
    if (at === undefined) return null;
    this.open.delete(key);
    return t - at;
  }

  /** The key of the text `prefix + id` (prefix ends with "|"): "<n>|<rest>", or "-<text>" once numbers run out. */
  private key(prefix: string, id: string): string {
    // Cut the text at its last "|", so that one text always gives one key whatever the id holds.
    const bar = id.lastIndexOf('|');
    if (bar >= 0) {
      prefix += id.slice(0, bar + 1);
      id = id.slice(bar + 1);
    }
    let n = this.numbered.get(prefix);
    if (n === undefined && this.numbered.size < AlinkPairing.MAX_PREFIXES) {
      n = `${this.numbered.size}|`;
      this.numbered.set(prefix, n);
    }
    return n !== undefined ? n + id : `-${prefix}${id}`;
  }
}
