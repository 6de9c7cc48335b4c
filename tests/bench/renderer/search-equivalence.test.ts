// The in-place search (LogStore.findLines, used by the terminal's find, count and filter) must hit
// exactly the lines the per-line scan did: same lines for any text, case, chunking and wrap.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DIR_RX, LogStore } from '../../../shared/log-store';
import { TerminalLog, contains } from '../../../renderer/store/terminal-log';

const enc = new TextEncoder();
const lower = (s: string) => enc.encode(s.replace(/[A-Z]/g, (c) => c.toLowerCase()));

const lineArb = fc.string({ unit: fc.constantFrom('A', 'a', 'T', 't', '+', ':', ' ', '\r', 'Q', 'q', '1', 'é'), maxLength: 12 }).map((s) => `${s}\r\n`);

describe('searching the log in place', () => {
  it('finds the same lines as a per-line scan, across chunks and the tail', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 60 }), fc.string({ unit: fc.constantFrom('A', 't', '+', ':', '\r', 'q', '1', '\n'), minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 7 }), (lines, text, per) => {
        const store = new LogStore();
        const src = new LogStore();
        lines.forEach((l, i) => src.append(DIR_RX, i, enc.encode(l)));
        for (let at = 0; at < lines.length; at += per) store.appendPacked(src.pack(at, at + per));
        store.append(DIR_RX, 0, enc.encode('tail AT+Q\r\n'));
        const needle = lower(text);
        const got: number[] = [];
        store.findLines(needle, store.first, store.end, (i) => (got.push(i), true));
        const want: number[] = [];
        for (let i = store.first; i < store.end; i++) if (contains(store.line(i)?.bytes ?? new Uint8Array(0), needle)) want.push(i);
        expect(got).toEqual(want);
      }),
    );
  });

  it('find wraps around in both directions and count stops at its cap', () => {
    const log = new TerminalLog();
    const src = new LogStore();
    for (let i = 0; i < 1000; i++) src.append(DIR_RX, i, enc.encode(i % 100 === 7 ? `+QMTSTAT: 0,${i}\r\n` : `OK ${i}\r\n`));
    log.replace(src.pack(0));
    expect(log.find('+qmtstat', 0, 1)).toBe(7);
    expect(log.find('+QMTSTAT', 8, 1)).toBe(107);
    expect(log.find('+QMTSTAT', 990, 1)).toBe(7);
    expect(log.find('+QMTSTAT', 100, -1)).toBe(7);
    expect(log.find('+QMTSTAT', 5, -1)).toBe(907);
    expect(log.find('NOPE', 5, -1)).toBe(-1);
    expect(log.countMatches('qmtstat')).toBe(10);
    expect(log.countMatches('qmtstat', 3)).toBe(3);
  });
});
