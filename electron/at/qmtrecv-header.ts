// +QMTRECV headers (`+QMTRECV: <idx>,<msgid>,"<topic>",<len>,` before a counted payload,
// quectel-at.md §3.6.11): messages on the same topic repeat the same header up to its third comma,
// so the framer remembers the last few of these prefixes and compares bytes instead of reading them.
import { decodeBytes } from './frames';

/** "+QMTRECV:" */
export const QMTRECV = [0x2b, 0x51, 0x4d, 0x54, 0x52, 0x45, 0x43, 0x56, 0x3a];

/**
 * `+QMTRECV: 0,0,"topic",` — a payload header up to and including its third comma; the length field
 * and the fourth comma follow (`\s*(\d+)\s*,`, checked on the bytes).
 */
const QMTRECV_UP_TO_LENGTH = /^\+QMTRECV:\s*\d+\s*,\s*\d+\s*,\s*("[^"]*"|[^,"]*)\s*,$/;
/** Prefixes remembered: one per topic the device is subscribed to, usually a few. */
const KNOWN_PREFIXES = 8;

const SPACE = 0x20;
const ZERO = 0x30;

/** The header's length field buf[from, to): digits with spaces around them allowed; -1 when it is not one. */
export function lengthField(buf: Uint8Array, from: number, to: number): number {
  let length = 0;
  let digits = 0;
  let spaceAfterDigits = false;
  for (let k = from; k < to; k++) {
    const c = buf[k];
    if (c >= ZERO && c <= 0x39) {
      if (spaceAfterDigits) return -1;
      length = length * 10 + (c - ZERO);
      digits++;
    } else if (c === SPACE) spaceAfterDigits = digits > 0;
    else return -1;
  }
  return digits === 0 ? -1 : length;
}

/** The length field as the header shows it: a plain one ("103") reads back as the number, any other spelling is decoded as sent. */
export function lengthFieldText(buf: Uint8Array, from: number, to: number, length: number): string {
  const plain = to - from <= 15 && buf[from] !== SPACE && buf[to - 1] !== SPACE && (to - from === 1 || buf[from] !== ZERO);
  return plain ? String(length) : decodeBytes(buf, from, to);
}

export interface KnownPrefix {
  bytes: Uint8Array;
  /** The prefix as text; null when it is not a valid header prefix. */
  text: string | null;
}

export class HeaderPrefixes {
  private readonly list: KnownPrefix[] = [];
  private next = 0;

  /**
   * buf[start, end) — a header up to its third comma — as text, or null when it is not a +QMTRECV
   * header. Remembered, valid or not.
   */
  text(buf: Uint8Array, start: number, end: number): string | null {
    const length = end - start;
    for (const known of this.list) {
      const bytes = known.bytes;
      if (bytes.length !== length) continue;
      let k = length - 1; // topics differ near their end
      while (k >= 0 && bytes[k] === buf[start + k]) k--;
      if (k < 0) return known.text;
    }
    const text = decodeBytes(buf, start, end);
    const valid = QMTRECV_UP_TO_LENGTH.test(text) ? text : null;
    this.list[this.next] = { bytes: buf.slice(start, end), text: valid };
    this.next = (this.next + 1) % KNOWN_PREFIXES;
    return valid;
  }

  /**
   * A remembered valid prefix that chunk[i, end) starts with — or, when `partial`, that chunk[i, end)
   * is the beginning of — if any. Only valid prefixes: their third comma is a header's.
   */
  at(chunk: Uint8Array, i: number, end: number, partial: boolean): KnownPrefix | null {
    for (const known of this.list) {
      const bytes = known.bytes;
      if (known.text === null) continue;
      if (bytes.length > end - i) {
        if (!partial) continue;
        let k = 0;
        while (i + k < end && bytes[k] === chunk[i + k]) k++;
        if (i + k === end) return known;
        continue;
      }
      let k = bytes.length - 1; // topics differ near their end
      while (k >= 0 && bytes[k] === chunk[i + k]) k--;
      if (k < 0) return known;
    }
    return null;
  }
}
