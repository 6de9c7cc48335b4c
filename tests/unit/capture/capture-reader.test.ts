import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeHeaderLine, encodeRecordLine, type CaptureRecord } from '../../../electron/capture/capture-format';
import { CaptureParseError, parseCapture, readCapture } from '../../../electron/capture/capture-reader';
import { latin1Decode, utf8Encode } from '../../../shared/bytes';
import { fixturePath, readFixture } from '../../support/fixtures';

const HEADER = encodeHeaderLine({ format: 'serial-capture', version: 1, port: 'COM3', baudRate: 115200, startedAt: 1, masked: true });
const file = (...lines: string[]) => utf8Encode(lines.join(''));
const rec = (t: number, dir: 'tx' | 'rx', text: string) => encodeRecordLine(t, dir, utf8Encode(text));

describe('readCapture', () => {
  it('reads the seed session fixture, whose header predates startedAt and masked', async () => {
    const capture = await readCapture(fixturePath('captures', 'seed-session.jsonl'));
    expect(capture.header).toMatchObject({ format: 'serial-capture', version: 1, port: 'COM3', baudRate: 115200 });
    expect(capture.records).toHaveLength(62);
    expect(capture.records[0]).toEqual({ t: 1611135000000, dir: 'rx', bytes: utf8Encode('\r\nRDY\r\n') });
    expect(capture.records[1].dir).toBe('tx');
    expect(capture.truncatedLines).toBe(0);
  });

  it('treats a .bin file, or bytes without a capture header, as one raw RX record', () => {
    const raw = utf8Encode('\r\nRDY\r\n+CPIN: READY\r\n');
    const capture = parseCapture(raw);
    expect(capture.records).toEqual([{ t: 0, dir: 'rx', bytes: raw }]);
    expect(capture.header.masked).toBe(false);
    expect(parseCapture(readFixture('captures', 'seed-session.jsonl'), 'bin').records).toHaveLength(1);
  });

  it('skips a record cut off by a crash at the end, and one left unclosed mid-file by appending after it', () => {
    const cut = rec(3, 'rx', 'OK\r\n').slice(0, 20);
    const capture = parseCapture(file(HEADER, rec(1, 'tx', 'AT\r'), `${cut}\n`, rec(2, 'rx', 'OK\r\n'), cut));
    expect(capture.records.map((r) => r.t)).toEqual([1, 2]);
    expect(capture.truncatedLines).toBe(2);
  });

  it('names the line of a damaged record and the fix for a header it cannot read', () => {
    const damaged = () => parseCapture(file(HEADER, rec(1, 'tx', 'AT\r'), '{"t":2,"dir":"up","b64":"QQ=="}\n', rec(3, 'rx', 'OK')), 'jsonl');
    expect(damaged).toThrow(CaptureParseError);
    expect(damaged).toThrow('capture line 3: not a record (expected {"t":<ms>,"dir":"tx"|"rx","b64":"..."}): the file is damaged here');
    expect(() => parseCapture(file('hello\n'), 'jsonl')).toThrow(/capture line 1: not a capture header .*is this a ModemDeck capture\?/);
    expect(() => parseCapture(file('{"format":"serial-capture","version":2}\n'))).toThrow(/version 2 is newer than this ModemDeck reads \(1\): update ModemDeck/);
  });

  const recordArb: fc.Arbitrary<CaptureRecord> = fc.record({
    t: fc.integer({ min: 0, max: 2 ** 45 }),
    dir: fc.constantFrom('tx' as const, 'rx' as const),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }),
  });
  const encode = (records: CaptureRecord[]) => HEADER + records.map((r) => encodeRecordLine(r.t, r.dir, r.bytes)).join('');

  it('gives back exactly the records written, whatever their bytes', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 20 }), (records) => {
        expect(parseCapture(utf8Encode(encode(records))).records).toEqual(records);
      }),
    );
  });

  it('reads a file cut at any byte as the records that were complete, never an error', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { minLength: 1, maxLength: 20 }), fc.nat(), (records, cutAt) => {
        const text = encode(records);
        const cut = HEADER.length + (cutAt % (text.length - HEADER.length + 1));
        const { records: got } = parseCapture(utf8Encode(text.slice(0, cut)), 'jsonl');
        expect(got).toEqual(records.slice(0, got.length));
        const complete = latin1Decode(utf8Encode(text.slice(HEADER.length, cut))).split('\n').length - 1;
        expect(got.length).toBeGreaterThanOrEqual(complete);
      }),
    );
  });
});
