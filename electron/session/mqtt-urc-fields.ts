// The fields of the MQTT URCs and command parameters the session model reads: +QMTRECV lines
// (quectel-at.md §3.6.11), the integer fields of deferred results (`+QMTPUBEX: 0,0,0`) and the
// topic list of AT+QMTSUB. Pure; the cheap readers handle what the module sends and fall back on
// the general ones for any other shape.
import { intFields, intParam, splitParams, type AtParam } from '../at/params';

export function subTopics(p: AtParam[]): Array<{ topic: string; qos: number }> {
  const out: Array<{ topic: string; qos: number }> = [];
  for (let i = 2; i + 1 < p.length; i += 2) out.push({ topic: p[i].value, qos: Number(p[i + 1].value) });
  if ((p.length - 2) % 2 === 1) out.push({ topic: p[p.length - 1].value, qos: 0 });
  return out;
}

/**
 * `splitParams(text.slice(from)).map(intParam)`: the fields of a URC such as `+QMTPUBEX: 0,0,0`. A
 * plain list of integers (what the module sends) is read without the parameter objects.
 */
export function urcIntFields(text: string, from: number): Array<number | null> {
  const rest = text.slice(from);
  return intFields(rest) ?? splitParams(rest).map((x) => intParam(x));
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

export interface RecvMessage {
  client: number;
  msgId: number;
  topic: string;
  payload: string;
  length: number | null;
}

/**
 * parseRecv(text.slice(from), counted) for the header the module sends with a counted payload,
 * `<idx>,<recv_id>,"<topic>",<length>,` (spaces before it only), read in place: neither the regexes'
 * scan to the end of the payload nor their substrings. Undefined for any other shape (parseRecv decides).
 */
export function countedRecv(text: string, from: number, counted: string): RecvMessage | undefined {
  const n = text.length;
  let i = from;
  while (i < n && text.charCodeAt(i) === 0x20) i++;
  const clientAt = i;
  while (i < n && isDigit(text.charCodeAt(i))) i++;
  const clientEnd = i;
  if (clientEnd === clientAt || text.charCodeAt(i) !== 0x2c) return undefined;
  const msgIdAt = ++i;
  while (i < n && isDigit(text.charCodeAt(i))) i++;
  const msgIdEnd = i;
  if (msgIdEnd === msgIdAt || text.charCodeAt(i) !== 0x2c || text.charCodeAt(i + 1) !== 0x22) return undefined;
  const topicAt = i + 2;
  const topicEnd = text.indexOf('"', topicAt);
  if (topicEnd < 0 || text.charCodeAt(topicEnd + 1) !== 0x2c) return undefined;
  i = topicEnd + 2;
  const lengthAt = i;
  while (i < n && isDigit(text.charCodeAt(i))) i++;
  if (i === lengthAt || text.charCodeAt(i) !== 0x2c) return undefined;
  return {
    client: Number(text.slice(clientAt, clientEnd)), msgId: Number(text.slice(msgIdAt, msgIdEnd)), topic: text.slice(topicAt, topicEnd),
    payload: counted, length: Number(text.slice(lengthAt, i)),
  };
}

/**
 * The fields of a `+QMTRECV:` line after the colon. With a counted payload (the framer cut it by
 * its length field) the payload is given; otherwise it is the rest of the line after the topic,
 * minus surrounding quotes (§3.6.11 engine rule). `<idx>,<recv_id>` alone is recv/mode 1.
 */
export function parseRecv(rest: string, counted: string | null): RecvMessage | null {
  const m = /^\s*(\d+)\s*,\s*(\d+)\s*,\s*("([^"]*)"|[^,]*)\s*,(.*)$/s.exec(rest);
  if (!m) return null;
  const topic = m[4] ?? m[3].trim();
  let tail = m[5];
  let length: number | null = null;
  const lenMatch = /^\s*(\d+)\s*,(.*)$/s.exec(tail);
  if (lenMatch && counted !== null) {
    length = Number(lenMatch[1]);
    return { client: Number(m[1]), msgId: Number(m[2]), topic, payload: counted, length };
  }
  if (lenMatch && /^\s*"/.test(lenMatch[2])) {
    // A read-back of a stored message with its length: cut by the length, in UTF-8 bytes.
    length = Number(lenMatch[1]);
    tail = lenMatch[2];
  }
  tail = tail.trim();
  if (tail.startsWith('"') && tail.endsWith('"') && tail.length >= 2) tail = tail.slice(1, -1);
  return { client: Number(m[1]), msgId: Number(m[2]), topic, payload: tail, length };
}
