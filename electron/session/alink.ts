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

/** What pairs a reply with its request: device, request method and id. */
export function pairingKey(device: string, method: string, id: string): string {
  return `${device}|${method}|${id}`;
}

/** Requests waiting for their reply, keyed by pairingKey (device, request method and id). */
export class AlinkPairing {
  private readonly open = new Map<string, number>();
  /** Bound on remembered requests: a device that never replies must not grow this forever. */
  private static readonly MAX = 2048;

  request(device: string, method: string, id: string, t: number): void {
    this.requestByKey(pairingKey(device, method, id), t);
  }

  /** The latency from the request this reply answers, or null. */
  reply(device: string, requestMethod: string, id: string, t: number): number | null {
    return this.replyByKey(pairingKey(device, requestMethod, id), t);
  }

  /** request() with its pairingKey made by the caller (the session model keeps each topic's prefix). */
  requestByKey(key: string, t: number): void {
    makeRoom(this.open, AlinkPairing.MAX);
    this.open.set(key, t);
  }

  replyByKey(key: string, t: number): number | null {
    const at = this.open.get(key);
    if (at === undefined) return null;
    this.open.delete(key);
    return t - at;
  }
}
