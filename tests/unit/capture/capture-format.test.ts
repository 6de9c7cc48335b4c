// The capture writer encodes records straight into its batch buffer; those bytes must be exactly
// the JSON line the format (shared/fixtures/README.md) and every reader expect.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeRecordLine, recordLineRoom, writeRecordLine } from '../../../electron/capture/capture-format';
import { parseCapture } from '../../../electron/capture/capture-reader';

describe('writeRecordLine', () => {
  it('writes the bytes of JSON.stringify({ t, dir, b64 }) + "\\n" for any time and any chunk, within the room it asks for', () => {
    const time = fc.oneof(fc.integer({ min: 0, max: 2 ** 45 }), fc.double(), fc.constantFrom(-0, Number.MIN_VALUE, -Number.MAX_VALUE, 1e21, -1.234567890123456e-7));
    fc.assert(
      fc.property(time, fc.constantFrom('tx' as const, 'rx' as const), fc.uint8Array({ maxLength: 300 }), fc.nat(16), (t, dir, bytes, offset) => {
        const target = Buffer.alloc(offset + recordLineRoom(bytes.length), 0xee);
        const n = writeRecordLine(target, offset, t, dir, bytes);
        const line = `${JSON.stringify({ t, dir, b64: Buffer.from(bytes).toString('base64') })}\n`;
        expect(target.subarray(offset, offset + n).toString('latin1')).toBe(line);
        expect(encodeRecordLine(t, dir, bytes)).toBe(line);
      }),
    );
  });

  it('makes lines the reader gives back as written', () => {
    const header = '{"format":"serial-capture","version":1}\n';
    const bytes = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7) & 0xff);
    const target = Buffer.alloc(header.length + recordLineRoom(bytes.length) + recordLineRoom(1));
    let at = target.write(header, 0, 'latin1');
    at += writeRecordLine(target, at, 1_700_000_000_123, 'rx', bytes);
    at += writeRecordLine(target, at, 1_700_000_000_124.5, 'tx', Uint8Array.of(0x41));
    expect(parseCapture(target.subarray(0, at)).records).toEqual([
      { t: 1_700_000_000_123, dir: 'rx', bytes },
      { t: 1_700_000_000_124.5, dir: 'tx', bytes: Uint8Array.of(0x41) },
    ]);
  });
});
