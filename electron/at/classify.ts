// One line from the module → what kind of line it is, before any knowledge of what is pending.
// The transaction matcher (engine.ts) then decides echo vs response vs URC using the command in
// flight (quectel-at.md §1.9: same prefix for responses and URCs, Q10).

export type LineClass =
  | { t: 'final'; result: string; ok: boolean }
  | { t: 'prefixed'; prefix: string; rest: string }
  | { t: 'text'; text: string };

/** Final result codes (quectel-at.md §1.5, §7.1 item 3). CONNECT opens a data phase but ends the command's wait. */
const FINALS_OK = new Set(['OK', 'CONNECT', 'SEND OK']);
const FINALS_ERR = new Set(['ERROR', 'NO CARRIER', 'SEND FAIL', 'BUSY', 'NO ANSWER', 'NO DIALTONE']);
/** ATV0 numeric result codes (§1.3, §1.5). */
const NUMERIC: Record<string, string> = { '0': 'OK', '1': 'CONNECT', '3': 'NO CARRIER', '4': 'ERROR', '6': 'NO DIALTONE', '7': 'BUSY', '8': 'NO ANSWER' };

const PREFIX_NAME = /^[+^][A-Za-z0-9_]+$/;

export function classifyLine(text: string, numericResults = false): LineClass {
  const trimmed = text.charCodeAt(0) === 32 || text.charCodeAt(text.length - 1) === 32 ? text.trim() : text;
  const c0 = trimmed.charCodeAt(0);
  if (c0 === 0x2b /* + */ || c0 === 0x5e /* ^ */) {
    const colon = trimmed.indexOf(':');
    if (colon > 1) {
      const prefix = trimmed.slice(0, colon).trimEnd();
      if (prefix === '+CME ERROR' || prefix === '+CMS ERROR') {
        return { t: 'final', result: `${prefix}: ${trimmed.slice(colon + 1).trim()}`, ok: false };
      }
      if (PREFIX_NAME.test(prefix)) {
        const rest = trimmed.charCodeAt(colon + 1) === 32 ? trimmed.slice(colon + 2) : trimmed.slice(colon + 1);
        return { t: 'prefixed', prefix: prefix.toUpperCase(), rest };
      }
    }
    return { t: 'text', text: trimmed };
  }
  if (FINALS_OK.has(trimmed) || trimmed.startsWith('CONNECT ')) return { t: 'final', result: trimmed, ok: true };
  if (FINALS_ERR.has(trimmed)) return { t: 'final', result: trimmed, ok: false };
  if (numericResults && NUMERIC[trimmed]) {
    const result = NUMERIC[trimmed];
    return { t: 'final', result, ok: result === 'OK' || result === 'CONNECT' };
  }
  return { t: 'text', text: trimmed };
}

/** Text lines the module sends on its own (§1.9 boot URCs, §1.5). */
export const TEXT_URCS = new Set(['RDY', 'POWERED DOWN', 'RING', 'NORMAL POWER DOWN', 'UNDER-VOLTAGE POWER DOWN', 'OVER-VOLTAGE POWER DOWN']);

/** Byte-level first pass of the classifier, for the read path: no string is made. */
export const LineKind = { OK: 1, ERROR: 2, FINAL: 3, PREFIXED: 4, TEXT: 5 } as const;

const isNameByte = (b: number) => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f;

function bytesEqual(buf: Uint8Array, s: number, e: number, ascii: string): boolean {
  if (e - s !== ascii.length) return false;
  for (let i = 0; i < ascii.length; i++) if (buf[s + i] !== ascii.charCodeAt(i)) return false;
  return true;
}

function bytesStart(buf: Uint8Array, s: number, e: number, ascii: string): boolean {
  if (e - s < ascii.length) return false;
  for (let i = 0; i < ascii.length; i++) if (buf[s + i] !== ascii.charCodeAt(i)) return false;
  return true;
}

/** One of LineKind; for PREFIXED the offset of the colon is in the bits above the fourth. */
export function classifyBytes(buf: Uint8Array, s: number, e: number): number {
  const c0 = buf[s];
  if (c0 === 0x2b || c0 === 0x5e) {
    let k = s + 1;
    while (k < e && isNameByte(buf[k])) k++;
    if (k > s + 1 && k < e && buf[k] === 0x3a) return LineKind.PREFIXED | ((k - s) << 4);
    if (bytesStart(buf, s, e, '+CME ERROR') || bytesStart(buf, s, e, '+CMS ERROR')) return LineKind.FINAL;
    return LineKind.TEXT;
  }
  if (c0 === 0x4f && bytesEqual(buf, s, e, 'OK')) return LineKind.OK;
  if (c0 === 0x45 && bytesEqual(buf, s, e, 'ERROR')) return LineKind.ERROR;
  if (
    (c0 === 0x43 && bytesStart(buf, s, e, 'CONNECT')) ||
    (c0 === 0x4e && (bytesEqual(buf, s, e, 'NO CARRIER') || bytesEqual(buf, s, e, 'NO ANSWER') || bytesEqual(buf, s, e, 'NO DIALTONE'))) ||
    (c0 === 0x53 && (bytesEqual(buf, s, e, 'SEND OK') || bytesEqual(buf, s, e, 'SEND FAIL'))) ||
    (c0 === 0x42 && bytesEqual(buf, s, e, 'BUSY'))
  ) {
    return LineKind.FINAL;
  }
  return LineKind.TEXT;
}

/** Upper-case names of the prefixes seen lately, spelt upper-case on the line: a line's name without a new string. */
const knownPrefixes: string[] = [];
const KNOWN_PREFIXES_MAX = 32;

/** buf[s, e), a `+NAME` of ASCII name bytes, upper-cased as classifyLine does. */
export function prefixName(buf: Uint8Array, s: number, e: number): string {
  for (const name of knownPrefixes) if (bytesEqual(buf, s, e, name)) return name;
  let raw = '';
  for (let i = s; i < e; i++) raw += String.fromCharCode(buf[i]);
  const name = raw.toUpperCase();
  if (name === raw) {
    if (knownPrefixes.length >= KNOWN_PREFIXES_MAX) knownPrefixes.shift();
    knownPrefixes.push(name);
  }
  return name;
}
