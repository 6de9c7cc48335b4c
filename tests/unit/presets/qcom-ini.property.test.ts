import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseQcomIni, QcomIniError, writeQcomIni, type QcomRow, type QcomScript } from '../../../electron/presets/qcom-ini';
import { scriptFromJson, scriptToJson } from '../../../electron/presets/qcom-json';
import { readFixture } from '../../support/fixtures';

// What people type into QCOM rows: AT commands, quotes, JSON, '=', INI punctuation, Chinese text.
const rowChar = fc.constantFrom(
  ...'AT+QMTPUBEX=0,"/sys/pk/dn"{}:[];#= \t\\\'_-.?1234567890abcxyz'.split(''),
  ...'温度湿度发布消息设备属性上报开关阿里云℃：，。'.split(''),
);
const rowText = fc.array(rowChar, { maxLength: 60 }).map((chars) => chars.join(''));
const delay = fc.integer({ min: 0, max: 86_400_000 });

const row = (index: number): fc.Arbitrary<QcomRow> =>
  fc.record({
    index: fc.constant(index),
    selected: fc.boolean(),
    text: rowText,
    hex: fc.boolean(),
    enter: fc.boolean(),
    delayMs: fc.option(delay, { nil: null }),
  });

const script: fc.Arbitrary<QcomScript> = fc
  .record({
    indexes: fc.uniqueArray(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 30 }),
    settings: fc.record({ runTimes: fc.integer({ min: 0, max: 1_000_000 }), delayMs: delay }),
    encoding: fc.constantFrom('utf-8' as const, 'gbk' as const),
    bom: fc.boolean(),
    lineEnding: fc.constantFrom('crlf' as const, 'lf' as const),
    finalNewline: fc.boolean(),
    comments: fc.array(rowText.map((t) => `; ${t}`), { maxLength: 3 }),
  })
  .chain(({ indexes, encoding, bom, finalNewline, comments, ...rest }) =>
    fc.tuple(...[...indexes].sort((a, b) => a - b).map(row)).map(
      (rows): QcomScript => ({
        ...rest,
        rows,
        encoding,
        bom: encoding === 'utf-8' && bom,
        preserved: { preamble: comments, settings: [], sections: [], finalNewline },
      }),
    ),
  );

const isUtf8 = (bytes: Uint8Array) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

describe('write → parse round trip of arbitrary scripts', () => {
  it('gives back the script (GBK/UTF-8, BOM, CRLF/LF) and the same bytes', () => {
    fc.assert(
      fc.property(script, (s) => {
        const bytes = writeQcomIni(s);
        const back = parseQcomIni(bytes);
        expect(Buffer.from(writeQcomIni(back)).equals(Buffer.from(bytes))).toBe(true);
        // GBK bytes that are also valid UTF-8 (pure ASCII, or a lucky pair like 去 = C8 A5) read as UTF-8 by
        // design; the user can force the encoding, and then the script comes back exactly.
        const detected = s.encoding === 'gbk' && isUtf8(bytes) ? parseQcomIni(bytes, { encoding: 'gbk' }) : back;
        expect(detected).toEqual(s);
      }),
      { numRuns: 300 },
    );
  });

  it('survives the JSON form too', () => {
    fc.assert(
      fc.property(script, (s) => {
        expect(scriptFromJson(JSON.parse(JSON.stringify(scriptToJson(s))))).toEqual(s);
      }),
      { numRuns: 100 },
    );
  });
});

/** Parsing must end in a script or a QcomIniError, nothing else, and never touch a prototype. */
function onlyQcomIniError(bytes: Uint8Array): void {
  try {
    parseQcomIni(bytes);
  } catch (err) {
    if (!(err instanceof QcomIniError)) throw err;
    expect(err.line === null || (Number.isInteger(err.line) && err.line >= 1)).toBe(true);
  }
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

describe('garbage never throws anything but QcomIniError', () => {
  it('random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 4000 }), onlyQcomIniError), { numRuns: 500 });
  });

  it('INI-shaped text made of the pieces that matter', () => {
    const piece = fc.constantFrom('[', ']', '=', '\n', '\r\n', '\r', ';', '#', ' ', 'SET', 'Cho', 'CMD', 'Delay', 'HEX', 'Enter', 'RunTimes', 'DelayTime', '__proto__', 'constructor', 'polluted', '0', '1', '-1', '29', '99999999999', '温度', '\uFEFF', '\u001A');
    fc.assert(fc.property(fc.array(piece, { maxLength: 80 }), (pieces) => onlyQcomIniError(new TextEncoder().encode(pieces.join('')))), { numRuns: 1000 });
  });

  it('a real script with random bytes changed', () => {
    const original = new Uint8Array(readFixture('qcom-ini', 'ma_MQTT.ini'));
    const edit = fc.record({ at: fc.nat({ max: original.length - 1 }), byte: fc.integer({ min: 0, max: 255 }) });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 8 }), (edits) => {
        const bytes = original.slice();
        for (const { at, byte } of edits) bytes[at] = byte;
        onlyQcomIniError(bytes);
      }),
      { numRuns: 500 },
    );
  });

  it('JSON values of any shape', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        try {
          scriptFromJson(value);
        } catch (err) {
          if (!(err instanceof QcomIniError)) throw err;
        }
      }),
      { numRuns: 500 },
    );
  });
});
