// Reads a capture back: the JSON Lines format, or a raw RX dump (.bin: one record, t = 0, rx).
// A crash leaves at most one cut-off record at the end (and, after appending to such a file, in
// the middle): those are skipped and counted. Anything else that does not parse is an error that
// names the line.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import {
  CAPTURE_FORMAT,
  CAPTURE_VERSION,
  captureHeaderSchema,
  captureRecordSchema,
  type CaptureHeader,
  type CaptureRecord,
} from './capture-format';

export interface Capture {
  header: CaptureHeader;
  records: CaptureRecord[];
  /** Records cut off by a crash and skipped. */
  truncatedLines: number;
}

export type CaptureKind = 'jsonl' | 'bin';

export class CaptureParseError extends Error {
  constructor(
    /** 1-based line number, or null when the problem is the file as a whole. */
    readonly line: number | null,
    message: string,
  ) {
    super(line === null ? message : `capture line ${line}: ${message}`);
    this.name = 'CaptureParseError';
  }
}

/** Reads a capture file (kind from the extension, else from the content) or bytes already read. */
export async function readCapture(source: string | Uint8Array): Promise<Capture> {
  if (typeof source !== 'string') return parseCapture(source);
  const ext = extname(source).toLowerCase();
  const kind: CaptureKind | undefined = ext === '.bin' ? 'bin' : ext === '.jsonl' ? 'jsonl' : undefined;
  return parseCapture(await readFile(source), kind);
}

/** Parses capture bytes; without `kind`, JSON Lines when the first line is a capture header. */
export function parseCapture(bytes: Uint8Array, kind?: CaptureKind): Capture {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
  const lines = text.split('\n');
  const resolved = kind ?? (parseHeader(lines[0]) ? 'jsonl' : 'bin');
  if (resolved === 'bin') {
    return { header: { format: CAPTURE_FORMAT, version: CAPTURE_VERSION, masked: false }, records: [{ t: 0, dir: 'rx', bytes }], truncatedLines: 0 };
  }

  const header = parseHeader(lines[0]);
  if (!header) throw new CaptureParseError(1, `not a capture header (expected {"format":"${CAPTURE_FORMAT}","version":1,...}): is this a ModemDeck capture?`);
  if (header.version > CAPTURE_VERSION) {
    throw new CaptureParseError(1, `capture version ${header.version} is newer than this ModemDeck reads (${CAPTURE_VERSION}): update ModemDeck`);
  }
  const records: CaptureRecord[] = [];
  let truncatedLines = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    const record = parseRecord(line);
    if (record) {
      records.push(record);
      continue;
    }
    // Cut off mid-write: no newline after it (the end of the file), or an unclosed object.
    const isLast = i === lines.length - 1;
    if (isLast || (line.startsWith('{') && !line.endsWith('}'))) {
      truncatedLines++;
      continue;
    }
    throw new CaptureParseError(i + 1, 'not a record (expected {"t":<ms>,"dir":"tx"|"rx","b64":"..."}): the file is damaged here');
  }
  return { header, records, truncatedLines };
}

function parseHeader(line: string | undefined): CaptureHeader | null {
  const parsed = captureHeaderSchema.safeParse(parseJson(line?.replace(/^\uFEFF/, '').trim() ?? ''));
  return parsed.success ? parsed.data : null;
}

function parseRecord(line: string): CaptureRecord | null {
  const parsed = captureRecordSchema.safeParse(parseJson(line));
  if (!parsed.success) return null;
  const { t, dir, b64 } = parsed.data;
  return { t, dir, bytes: new Uint8Array(Buffer.from(b64, 'base64')) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
