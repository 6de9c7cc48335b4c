// The terminal's lines do not depend on how the port chunked the bytes, carry the time of their
// first byte, and the module's <CR><LF> framing never shows as blank rows.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LineAssembler, RX_IDLE_FLUSH_MS } from '../../../electron/services/log-lines';
import { DIR_RX, DIR_TX } from '../../../shared/log-store';
import { latin1Decode, latin1Encode } from '../../../shared/bytes';
import { ManualClock } from '../../support/manual-clock';

function collect() {
  const clock = new ManualClock();
  const lines: { dir: number; t: number; text: string }[] = [];
  const a = new LineAssembler(clock, (dir, t, bytes) => lines.push({ dir, t, text: latin1Decode(bytes) }));
  return { clock, lines, a };
}

describe('LineAssembler', () => {
  it('cuts the same lines whatever the chunk boundaries', () => {
    const stream = '\r\nRDY\r\n\r\n+CPIN: READY\r\nAT+CSQ\r\r\n+CSQ: 28,99\r\n\r\nOK\r\n';
    fc.assert(
      fc.property(fc.array(fc.nat({ max: stream.length }), { maxLength: 12 }), (cuts) => {
        const { lines, a } = collect();
        const points = [...new Set([0, ...cuts, stream.length])].sort((x, y) => x - y);
        for (let i = 1; i < points.length; i++) a.rx(latin1Encode(stream.slice(points[i - 1], points[i])));
        a.flushRx(true);
        expect(lines.map((l) => l.text.trim())).toEqual(['RDY', '+CPIN: READY', 'AT+CSQ', '+CSQ: 28,99', 'OK']);
        expect(lines.map((l) => l.text).join('')).toBe(stream);
      }),
    );
  });

  it('stamps a line with the time its text began, and shows a silent partial line (the > prompt)', () => {
    const { clock, lines, a } = collect();
    a.rx(latin1Encode('\r\n'));
    clock.advance(500);
    a.rx(latin1Encode('OK\r\n'));
    expect(lines).toEqual([{ dir: DIR_RX, t: clock.now(), text: '\r\nOK\r\n' }]);
    a.rx(latin1Encode('\r\n> '));
    expect(lines).toHaveLength(1);
    clock.advance(RX_IDLE_FLUSH_MS);
    expect(lines[1]).toEqual({ dir: DIR_RX, t: clock.now() - RX_IDLE_FLUSH_MS, text: '\r\n> ' });
  });

  it('puts what the module said before the host spoke above the host line', () => {
    const { lines, a } = collect();
    a.rx(latin1Encode('+QMTSTAT: 0,1'));
    a.tx(latin1Encode('AT+QMTOPEN?\r\n'));
    expect(lines.map((l) => [l.dir, l.text])).toEqual([
      [DIR_RX, '+QMTSTAT: 0,1'],
      [DIR_TX, 'AT+QMTOPEN?\r\n'],
    ]);
  });
});
