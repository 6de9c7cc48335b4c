// The capture format (../shared/fixtures/README.md): JSON Lines, a header object first, then one
// record per chunk as it crossed the wire. Chunk boundaries are kept: real reads split lines
// anywhere, and replays must see the same splits.
import { z } from 'zod';

export const CAPTURE_FORMAT = 'serial-capture';
export const CAPTURE_VERSION = 1;

export type CaptureDirection = 'tx' | 'rx';

/** Fields older captures (the shared fixtures) lack are optional; unknown fields are kept. */
export const captureHeaderSchema = z.looseObject({
  format: z.literal(CAPTURE_FORMAT),
  version: z.number().int().positive(),
  port: z.string().optional(),
  baudRate: z.number().optional(),
  /** Milliseconds since the epoch. */
  startedAt: z.number().optional(),
  /** False when the recording was asked for raw: it may hold DeviceSecrets in clear. */
  masked: z.boolean().optional(),
  note: z.string().optional(),
});

export type CaptureHeader = z.infer<typeof captureHeaderSchema>;

export const captureRecordSchema = z.object({
  t: z.number().finite(),
  dir: z.enum(['tx', 'rx']),
  b64: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64'),
});

export interface CaptureRecord {
  /** Milliseconds since the epoch when the chunk crossed the wire. */
  t: number;
  dir: CaptureDirection;
  bytes: Uint8Array;
}

export function encodeHeaderLine(header: CaptureHeader): string {
  return `${JSON.stringify(header)}\n`;
}

export function encodeRecordLine(t: number, dir: CaptureDirection, bytes: Uint8Array): string {
  const b64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64');
  return `${recordLinePrefix(t, dir)}${b64}"}\n`;
}

/**
 * JSON.stringify({ t, dir, b64 }) up to the opening quote of the base64, without the escape scan of
 * a long string that needs none (base64 and 'tx'/'rx' are plain ASCII); a time that is not finite
 * is written as JSON writes it.
 */
function recordLinePrefix(t: number, dir: CaptureDirection): string {
  return `{"t":${Number.isFinite(t) ? t : 'null'},"dir":"${dir}","b64":"`;
}

/**
 * Room writeRecordLine needs for a chunk of `byteLength` bytes: its base64 and the rest of the
 * line, whose longest part is the time (a JS number prints in at most 25 characters).
 */
export function recordLineRoom(byteLength: number): number {
  return Math.ceil(byteLength / 3) * 4 + 64;
}

/**
 * encodeRecordLine's bytes written straight into `target` at `offset` (which has at least
 * recordLineRoom(bytes.length) bytes of room): no line string, no UTF-8 encoding of one, as every
 * character is ASCII. Returns the number of bytes written.
 */
export function writeRecordLine(target: Buffer, offset: number, t: number, dir: CaptureDirection, bytes: Uint8Array): number {
  let at = offset + target.write(recordLinePrefix(t, dir), offset, 'latin1');
  at += target.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64'), at, 'latin1');
  target[at++] = 0x22; // "
  target[at++] = 0x7d; // }
  target[at++] = 0x0a; // \n
  return at - offset;
}
