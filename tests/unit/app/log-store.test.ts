// The packed log both sides keep: whatever way lines are appended (one by one in main, as packed
// batches in the renderer), every line reads back as it went in, and ranges pack losslessly.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DIR_NOTE, DIR_RX, DIR_TX, LogStore, packedCount, type LogDir } from '../../../shared/log-store';

const lineArb = fc.record({
  dir: fc.constantFrom<LogDir>(DIR_RX, DIR_TX, DIR_NOTE),
  t: fc.integer({ min: 0, max: 2 ** 45 }),
  bytes: fc.uint8Array({ maxLength: 40 }),
});

describe('LogStore', () => {
  it('reads back every line appended, and packs any range of them', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 300 }), fc.nat(), fc.nat(), (lines, a, b) => {
        const main = new LogStore();
        for (const l of lines) main.append(l.dir, l.t, l.bytes);
        expect(main.length).toBe(lines.length);
        lines.forEach((l, i) => {
          const got = main.line(i)!;
          expect([got.dir, got.t, [...got.bytes]]).toEqual([l.dir, l.t, [...l.bytes]]);
        });
        const from = lines.length ? a % lines.length : 0;
        const to = lines.length ? from + (b % (lines.length - from + 1)) : 0;
        const p = main.pack(from, to);
        expect(p.first).toBe(from);
        expect(packedCount(p)).toBe(to - from);

        // The renderer's copy, built from packed batches, holds the same lines.
        const renderer = new LogStore();
        for (let i = 0; i < lines.length; i += 7) renderer.appendPacked(main.pack(i, i + 7));
        expect(renderer.end).toBe(main.end);
        for (let i = 0; i < lines.length; i++) expect([...renderer.line(i)!.bytes]).toEqual([...main.line(i)!.bytes]);
      }),
      { numRuns: 100 },
    );
  });

  it('ignores a batch it already holds and keeps only the new part of an overlapping one', () => {
    const main = new LogStore();
    for (let i = 0; i < 10; i++) main.append(DIR_RX, i, Uint8Array.of(i));
    const copy = new LogStore();
    copy.appendPacked(main.pack(0, 6));
    copy.appendPacked(main.pack(2, 4));
    copy.appendPacked(main.pack(4, 10));
    expect(copy.length).toBe(10);
    for (let i = 0; i < 10; i++) expect(copy.line(i)!.bytes[0]).toBe(i);
  });

  it('drops the oldest lines beyond its cap but keeps numbering', () => {
    const s = new LogStore(20_000);
    for (let i = 0; i < 60_000; i++) s.append(DIR_RX, i, Uint8Array.of(i & 0xff));
    expect(s.end).toBe(60_000);
    expect(s.length).toBeLessThanOrEqual(20_000 + 16_384);
    expect(s.line(s.first - 1)).toBeNull();
    expect(s.line(59_999)!.t).toBe(59_999);
  });

  it('clears and continues numbering after the old lines', () => {
    const s = new LogStore();
    s.append(DIR_TX, 1, Uint8Array.of(65));
    s.reset();
    expect(s.length).toBe(0);
    expect(s.append(DIR_RX, 2, Uint8Array.of(66))).toBe(1);
  });
});
