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
  // JSON.stringify({ t, dir, b64 }) without the escape scan of a long string that needs none
  // (base64 and 'tx'/'rx' are plain ASCII); a time that is not finite is written as JSON writes it.
  return `{"t":${Number.isFinite(t) ? t : 'null'},"dir":"${dir}","b64":"${b64}"}\n`;
}
