// Byte helpers both sides use. Uint8Array only (no Buffer), so this file runs in the renderer too.

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Decodes UTF-8; invalid sequences become U+FFFD instead of throwing. */
export function utf8Decode(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** Byte length of a string in UTF-8: what AT+QMTPUBEX's <length> must say. */
export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

/** Latin-1 view of bytes: one char per byte, lossless, used for framing. */
export function latin1Decode(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let out = '';
  for (let i = start; i < end; i++) out += String.fromCharCode(bytes[i]);
  return out;
}

export function latin1Encode(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

/** "41 54 0D" for display. */
export function toHex(bytes: Uint8Array, sep = ' '): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    if (i > 0) out += sep;
    out += bytes[i].toString(16).padStart(2, '0').toUpperCase();
  }
  return out;
}

export class HexParseError extends Error {}

/**
 * Parses a QCOM-style hex string ("41 54 0D", "41540d", "0x1A"). Whitespace and commas separate
 * bytes; an odd number of digits in one group is an error, never silently padded.
 */
export function parseHex(text: string): Uint8Array {
  const groups = text.trim().split(/[\s,]+/).filter(Boolean);
  const out: number[] = [];
  for (const raw of groups) {
    const g = raw.replace(/^0x/i, '');
    if (!/^[0-9a-fA-F]*$/.test(g)) throw new HexParseError(`not a hex byte: "${raw}"`);
    if (g.length % 2 !== 0) throw new HexParseError(`odd number of hex digits in "${raw}"`);
    for (let i = 0; i < g.length; i += 2) out.push(parseInt(g.slice(i, i + 2), 16));
  }
  return Uint8Array.from(out);
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function toBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += B64[n >> 18] + B64[(n >> 12) & 63] + '==';
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + '=';
  }
  return out;
}

export function fromBase64(text: string): Uint8Array {
  const clean = text.replace(/[^A-Za-z0-9+/]/g, '');
  const out: number[] = [];
  let buf = 0;
  let bits = 0;
  for (const ch of clean) {
    buf = (buf << 6) | B64.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((buf >> bits) & 0xff);
    }
  }
  return Uint8Array.from(out);
}
