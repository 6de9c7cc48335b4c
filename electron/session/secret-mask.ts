// Hides device secrets wherever the byte stream carries them: by structure (the secret fields of
// AT+QMTCFG and AT+QMTCONN, sent or read back) and by value (every secret learned or added, in any
// text). Replacement keeps the length and the last 3 characters, Signal-style, so AT lengths and
// byte offsets stay right and support can still tell two secrets apart (reliability-checklist §2.4).
import { latin1Decode, latin1Encode, utf8Decode, utf8Encode } from '../../shared/bytes';

/** Shorter strings are not treated as secrets: masking them would hide ordinary words and digits. */
export const MIN_SECRET_LENGTH = 6;
const KEEP_LAST = 3;
const MASK_CHAR = '*';
/** A partial line that may still turn into a secret-carrying command is held back at most this long. */
const MAX_HELD_LINE = 4096;

/**
 * Index of the secret field among the comma-separated parameters, per QMTCFG option, in the set
 * command (`AT+QMTCFG="aliauth",<idx>,<pk>,<dn>,<secret>`) and in the query response, which has no
 * <client_idx> (`+QMTCFG: "aliauth",<pk>,<dn>,<secret>`). quectel-at.md §3.6.1.
 */
const QMTCFG_SECRET_FIELD: Record<string, { set: number; query: number }> = {
  aliauth: { set: 4, query: 3 },
  onenet: { set: 3, query: 2 },
  hwauth: { set: 3, query: 2 },
  hwprodid: { set: 3, query: 2 },
};
/** `AT+QMTCONN=<idx>,<clientid>,<username>,<password>` (quectel-at.md §3.6.4). */
const QMTCONN_USERNAME = 2;
const QMTCONN_PASSWORD = 3;

const MARKER = /\+QMT(CFG|CONN)\s*([=:])/gi;
/** MARKER as a yes/no test: almost no line has one, and then there is no structure to look at. */
const ANY_MARKER = /\+QMT(CFG|CONN)\s*[=:]/i;
const MARKER_WORDS = ['+QMTCFG', '+QMTCONN'];
/** MARKER_WORDS after their "+", in lower case, as bytes. */
const MARKER_WORDS_AFTER_PLUS = MARKER_WORDS.map((w) => Array.from(w.slice(1).toLowerCase(), (c) => c.charCodeAt(0)));

export interface Field {
  start: number;
  end: number;
  /** Quoted and the closing quote is present (the value is complete). */
  closed: boolean;
  quoted: boolean;
}

export interface SecretField extends Field {
  /** A secret worth learning as a value (not the username, which is only masked in place). */
  learnable: boolean;
}

/** Splits the parameters after `=` or `:` up to the end of the line; quotes protect commas. */
function parseFields(text: string, from: number): Field[] {
  const fields: Field[] = [];
  let i = from;
  const atLineEnd = (k: number) => k >= text.length || text[k] === '\r' || text[k] === '\n';
  for (;;) {
    while (!atLineEnd(i) && text[i] === ' ') i++;
    if (text[i] === '"') {
      const start = i + 1;
      let end = start;
      while (!atLineEnd(end) && text[end] !== '"') end++;
      const closed = text[end] === '"';
      fields.push({ start, end, closed, quoted: true });
      i = closed ? end + 1 : end;
      while (!atLineEnd(i) && text[i] !== ',') i++;
    } else {
      const start = i;
      while (!atLineEnd(i) && text[i] !== ',') i++;
      let end = i;
      while (end > start && text[end - 1] === ' ') end--;
      fields.push({ start, end, closed: true, quoted: false });
    }
    if (atLineEnd(i)) return fields;
    i++; // the comma
  }
}

/**
 * The secret-carrying fields of every QMTCFG/QMTCONN command or response in `text`. Lenient on
 * purpose (a quoted value ends at its closing quote whatever follows it): a credential in a
 * malformed line is still a credential. presets/extract.ts falls back on it for script rows.
 */
export function structuralSecretFields(text: string): SecretField[] {
  const found: SecretField[] = [];
  for (const m of text.matchAll(MARKER)) {
    const fields = parseFields(text, (m.index ?? 0) + m[0].length);
    const isSet = m[2] === '=';
    if (m[1].toUpperCase() === 'CONN') {
      if (!isSet) continue; // +QMTCONN: URCs and read responses carry no credentials
      if (fields[QMTCONN_USERNAME]) found.push({ ...fields[QMTCONN_USERNAME], learnable: false });
      if (fields[QMTCONN_PASSWORD]) found.push({ ...fields[QMTCONN_PASSWORD], learnable: true });
      continue;
    }
    const option = fields[0]?.quoted ? text.slice(fields[0].start, fields[0].end).toLowerCase() : '';
    const where = QMTCFG_SECRET_FIELD[option];
    // `+QMTCFG: "aliauth",(0-5),"productkey",...` answers AT+QMTCFG=? with placeholders, not values.
    if (!where || text[fields[1]?.start] === '(') continue;
    const field = fields[isSet ? where.set : where.query];
    if (field) found.push({ ...field, learnable: true });
  }
  return found;
}

/** Positions of a text to hide, made only when there is something to hide (most text has nothing). */
class HiddenSpans {
  hide: Uint8Array | null = null;

  constructor(private readonly length: number) {}

  span(start: number, end: number, keepLast: number): void {
    if (end - keepLast <= start) return;
    this.hide ??= new Uint8Array(this.length);
    this.hide.fill(1, start, end - keepLast);
  }
}

/**
 * Whether `text` holds "+QMTCFG" or "+QMTCONN" in any case (MARKER_WORDS): a scan for "+" that lets
 * nearly every text skip the marker regex. A fact's text rarely names them, and this runs for all
 * of them, the many that name +QMTRECV or +QMTPUBEX included.
 */
function hasMarkerWord(text: string): boolean {
  for (let at = text.indexOf('+'); at >= 0; at = text.indexOf('+', at + 1)) {
    // `| 0x20` folds ASCII upper case to lower case ("qmtc", then "fg" or "onn")
    if ((text.charCodeAt(at + 1) | 0x20) !== 0x71 || (text.charCodeAt(at + 2) | 0x20) !== 0x6d || (text.charCodeAt(at + 3) | 0x20) !== 0x74 || (text.charCodeAt(at + 4) | 0x20) !== 0x63) continue;
    const c5 = text.charCodeAt(at + 5) | 0x20;
    if (c5 === 0x66 && (text.charCodeAt(at + 6) | 0x20) === 0x67) return true;
    if (c5 === 0x6f && (text.charCodeAt(at + 6) | 0x20) === 0x6e && (text.charCodeAt(at + 7) | 0x20) === 0x6e) return true;
  }
  return false;
}

/** Whether `text` holds a credential marker (MARKER): the structural part of masking has work to do. */
function hasMarker(text: string): boolean {
  return hasMarkerWord(text) && ANY_MARKER.test(text);
}

/**
 * Marks the positions of `text` to hide; null when none. With `hideTailPrefix` (a stream that ends
 * here for good), a tail that starts a secret is hidden as well, as a precaution.
 */
function hiddenPositions(text: string, secrets: Iterable<string>, hideTailPrefix: boolean): Uint8Array | null {
  const hidden = new HiddenSpans(text.length);
  if (hasMarker(text)) {
    for (const f of structuralSecretFields(text)) {
      const length = f.end - f.start;
      // An unterminated value may be cut anywhere: its last characters are not its real tail.
      hidden.span(f.start, f.end, f.closed && length >= MIN_SECRET_LENGTH ? KEEP_LAST : 0);
    }
  }
  for (const secret of secrets) {
    for (let at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + 1)) {
      hidden.span(at, at + secret.length, KEEP_LAST);
    }
    if (hideTailPrefix) {
      const k = secretPrefixAtEnd(text, secret);
      if (k > KEEP_LAST) hidden.span(text.length - k, text.length, 0);
    }
  }
  return hidden.hide;
}

/** Length of the longest proper prefix of `secret` that `text` ends with (0 if none). */
function secretPrefixAtEnd(text: string, secret: string): number {
  for (let k = Math.min(secret.length - 1, text.length); k > 0; k--) {
    // text.endsWith(secret.slice(0, k)), without making the slice
    const from = text.length - k;
    let j = 0;
    while (j < k && text.charCodeAt(from + j) === secret.charCodeAt(j)) j++;
    if (j === k) return k;
  }
  return 0;
}

function applyMask(text: string, hide: Uint8Array | null): string {
  if (hide === null) return text;
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    if (!hide[i]) continue;
    out += text.slice(from, i) + MASK_CHAR;
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** Where the held-back part of a pending stream text starts (text.length: nothing to hold). */
function holdFrom(text: string, secrets: Iterable<string>): number {
  let hold = text.length;
  for (const secret of secrets) hold = Math.min(hold, text.length - secretPrefixAtEnd(text, secret));
  const lineStart = Math.max(text.lastIndexOf('\r'), text.lastIndexOf('\n')) + 1;
  const line = text.slice(lineStart).toUpperCase();
  if (line.length <= MAX_HELD_LINE && MARKER_WORDS.some((w) => line.includes(w) || secretPrefixAtEnd(line, w) > 0)) {
    hold = Math.min(hold, lineStart);
  }
  return hold;
}

/** Whether `bytes` contain `secret` (one char per byte) or end with a proper prefix of it. */
function holdsWire(bytes: Uint8Array, secret: string): boolean {
  const n = bytes.length;
  const first = secret.charCodeAt(0);
  for (let i = 0; i < n; i++) {
    if (bytes[i] !== first) continue;
    let k = 1;
    while (k < secret.length && i + k < n && bytes[i + k] === secret.charCodeAt(k)) k++;
    // the whole secret, or the chunk ended while it still matched
    if (k === secret.length || i + k === n) return true;
  }
  return false;
}

/** latin1Decode (one char per byte) in blocks: the byte-at-a-time version dominates a busy stream. */
function wireText(bytes: Uint8Array): string {
  const BLOCK = 8192;
  if (bytes.length <= BLOCK) return String.fromCharCode.apply(null, bytes as unknown as number[]);
  let text = '';
  for (let at = 0; at < bytes.length; at += BLOCK) text += String.fromCharCode.apply(null, bytes.subarray(at, at + BLOCK) as unknown as number[]);
  return text;
}

/** A masking stream for one direction's raw chunks; see SecretMasker.createStream. */
export interface SecretMaskStream {
  /** Returns the chunks that are now safe to pass on, masked, with their original sizes. */
  push(chunk: Uint8Array): Uint8Array[];
  /** Returns everything still held back, masked as well as can be without what follows. */
  flush(): Uint8Array[];
}

export class SecretMasker {
  /** Each secret as text, for maskText. */
  private readonly texts = new Set<string>();
  /** Each secret as its UTF-8 bytes read one char per byte, for the byte streams. */
  private readonly wire = new Set<string>();

  /** Start hiding a secret wherever it appears (a DeviceSecret, an HMAC password). Ignores strings shorter than 6. */
  add(secret: string): void {
    if (secret.length < MIN_SECRET_LENGTH || this.texts.has(secret)) return;
    this.texts.add(secret);
    this.wire.add(latin1Decode(utf8Encode(secret)));
  }

  get size(): number {
    return this.texts.size;
  }

  /**
   * Structural and value masking of one text line: the secret of AT+QMTCFG="aliauth" (and the other
   * credential options) sent or read back, username and password of AT+QMTCONN, and every added
   * secret anywhere. Same length out as in.
   */
  maskText(text: string): string {
    // Too short for a secret (MIN_SECRET_LENGTH) or a marker with its value: kinds, names, numbers.
    if (text.length < MIN_SECRET_LENGTH) return text;
    // Nearly every text holds neither a marker nor a secret: nothing to hide, nothing to allocate.
    if (!hasMarker(text) && !this.holdsSecret(text)) return text;
    return applyMask(text, hiddenPositions(text, this.texts, false));
  }

  private holdsSecret(text: string): boolean {
    for (const secret of this.texts) if (text.includes(secret)) return true;
    return false;
  }

  /**
   * Learns secrets from a line: the credential of AT+QMTCFG="aliauth" (and its read-back), the
   * AT+QMTCONN password. Call before masking that line. Returns true if it learned a new one.
   */
  learnFromCommand(text: string): boolean {
    if (!hasMarkerWord(text)) return false; // every command passes here; few are +QMTCFG / +QMTCONN
    const before = this.size;
    for (const f of structuralSecretFields(text)) {
      if (f.learnable) this.add(text.slice(f.start, f.end));
    }
    return this.size > before;
  }

  /**
   * A streaming masker for one direction's raw chunks: same-length replacement, so chunk sizes and
   * byte offsets never change. A chunk whose tail could start a secret, or a line that could still
   * become a credential command, is held back until the next push or flush, so a secret split
   * across chunks is still masked. Complete lines teach it their structural secrets.
   */
  createStream(): SecretMaskStream {
    let chunks: Uint8Array[] = [];
    let text = '';
    let learnedUpTo = 0;

    // `learnedUpTo` is always at a line start: whole lines are learned once, when they end.
    const release = (upTo: number, final: boolean): Uint8Array[] => {
      const learnEnd = final ? text.length : Math.max(text.lastIndexOf('\r'), text.lastIndexOf('\n')) + 1;
      if (learnEnd > learnedUpTo) {
        this.learnWire(text.slice(learnedUpTo, learnEnd));
        learnedUpTo = learnEnd;
      }
      const masked = applyMask(text, hiddenPositions(text, this.wire, final));
      const out: Uint8Array[] = [];
      let offset = 0;
      while (chunks.length > 0 && offset + chunks[0].length <= upTo) {
        const chunk = chunks.shift()!;
        const n = chunk.length;
        // Nothing masked: the chunk as it came (the caller handed it over).
        out.push(masked === text ? chunk : latin1Encode(masked.slice(offset, offset + n)));
        offset += n;
      }
      text = text.slice(offset);
      learnedUpTo = Math.max(0, learnedUpTo - offset);
      return out;
    };

    return {
      push: (chunk) => {
        // Nothing held and nothing in this chunk to learn, hide or hold back: it goes out as it came,
        // without making its text (the common case, and the stream sees every byte of a session).
        if (text === '' && this.plainOnWire(chunk)) return [chunk];
        chunks.push(chunk);
        text += wireText(chunk);
        return release(holdFrom(text, this.wire), false);
      },
      flush: () => {
        const out = release(text.length, true);
        chunks = [];
        text = '';
        learnedUpTo = 0;
        return out;
      },
    };
  }

  /**
   * True when the stream's slow path would pass `bytes` on unchanged and hold nothing back: no
   * "+QMT" (in any case) that could start a credential line or be one, no "+" so close to the end
   * that a marker could follow in the next chunk, and no known secret in it or begun at its end.
   */
  private plainOnWire(bytes: Uint8Array): boolean {
    const n = bytes.length;
    for (let i = 0; i < n; i++) {
      if (bytes[i] !== 0x2b) continue;
      for (const word of MARKER_WORDS_AFTER_PLUS) {
        let k = 0;
        // `| 0x20` folds ASCII upper case to lower case
        while (k < word.length && i + 1 + k < n && (bytes[i + 1 + k] | 0x20) === word[k]) k++;
        // the marker, or the chunk ended while it still matched
        if (k === word.length || i + 1 + k === n) return false;
      }
    }
    for (const secret of this.wire) if (holdsWire(bytes, secret)) return false;
    return true;
  }

  /** learnFromCommand for text read off the wire one char per byte. */
  private learnWire(wireText: string): void {
    for (const f of structuralSecretFields(wireText)) {
      if (f.learnable) this.add(utf8Decode(latin1Encode(wireText.slice(f.start, f.end))));
    }
  }
}
