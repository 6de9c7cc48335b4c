// The browser host's JSON carries the contract's typed arrays intact.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeWire, encodeWire, WireError } from '../../../shared/wire';

describe('wire codec', () => {
  it('round-trips packed log batches and file bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array(), fc.array(fc.nat(), { maxLength: 20 }), fc.array(fc.double({ noNaN: true }), { maxLength: 20 }), (bytes, offs, times) => {
        const value = { seq: 3, log: { bytes, offsets: Uint32Array.from(offs), times: Float64Array.from(times), dirs: bytes.subarray(1) }, text: 'AT' };
        const back = decodeWire(encodeWire(value)) as typeof value;
        expect(back.log.bytes).toBeInstanceOf(Uint8Array);
        expect([...back.log.bytes]).toEqual([...bytes]);
        expect([...back.log.offsets]).toEqual(offs.map((n) => n >>> 0));
        expect([...back.log.times]).toEqual(times.map((n) => (Object.is(n, -0) ? -0 : n)));
        expect([...back.log.dirs]).toEqual([...bytes.subarray(1)]);
        expect(back.text).toBe('AT');
      }),
    );
  });

  it('copes with a frame at an odd offset, and refuses a broken one instead of misreading it', () => {
    const frame = encodeWire({ times: Float64Array.of(1.5, 2.5) });
    const shifted = new Uint8Array(frame.length + 1);
    shifted.set(frame, 1);
    expect([...(decodeWire(shifted.subarray(1)) as { times: Float64Array }).times]).toEqual([1.5, 2.5]);
    expect(() => decodeWire(frame.subarray(0, frame.length - 4))).toThrow(WireError);
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (junk) => {
      try {
        decodeWire(junk);
      } catch (err) {
        expect(err instanceof WireError || err instanceof SyntaxError).toBe(true);
      }
    }));
  });
});
