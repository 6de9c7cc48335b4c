import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { parseQcomIni, QcomIniError, writeQcomIni, type QcomScript } from '../../../electron/presets/qcom-ini';
import { scriptFromJson, scriptToJson } from '../../../electron/presets/qcom-json';
import { readFixture } from '../../support/fixtures';

const FIXTURES = ['ma_MQTT.ini', 'ma_TCP.ini', 'ma_HTTP.ini'];
const utf8 = (text: string) => new TextEncoder().encode(text);
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** The QcomIniError that parsing `input` throws. */
function parseError(input: string | Uint8Array): QcomIniError {
  try {
    parseQcomIni(typeof input === 'string' ? utf8(input) : input);
  } catch (err) {
    if (err instanceof QcomIniError) return err;
    throw err;
  }
  throw new Error('expected the script to be refused');
}

function writeError(script: QcomScript): QcomIniError {
  try {
    writeQcomIni(script);
  } catch (err) {
    if (err instanceof QcomIniError) return err;
    throw err;
  }
  throw new Error('expected the script to be refused');
}

const ROW = 'Cho=0\nCMD=AT\nDelay=\nHEX=0\nEnter=1\n';

describe('QCOM .ini fixtures (Save As Script from QCOM V1.6)', () => {
  it.each(FIXTURES)('%s reads and writes back byte-identical', (name) => {
    const bytes = readFixture('qcom-ini', name);
    const script = parseQcomIni(bytes);
    expect(script.rows).toHaveLength(29);
    expect(script.rows.map((r) => r.index)).toEqual(Array.from({ length: 29 }, (_, i) => i + 1));
    expect(script).toMatchObject({ settings: { runTimes: 10, delayMs: 1000 }, encoding: 'utf-8', bom: false, lineEnding: 'lf' });
    expect(Buffer.from(writeQcomIni(script)).equals(bytes)).toBe(true);
  });

  it('reads the MQTT payload row with its quotes, JSON and Enter=0 intact', () => {
    const script = parseQcomIni(readFixture('qcom-ini', 'ma_MQTT.ini'));
    expect(script.rows[26].text).toBe('AT+QMTPUBEX=0,0,0,0,"/sys/a1wFylTxYeD/co_0001/thing/event/property/post",103');
    expect(script.rows[27]).toEqual({
      index: 28,
      selected: false,
      text: '{"method":"thing.event.property.post","id":"1142523359","params":{"PowerSwitch_1":0},"version":"1.0.0"}',
      hex: false,
      enter: false,
      delayMs: null,
    });
    expect(script.rows[27].text).toHaveLength(103);
    // CMD values split on the first '=' only; empty separator rows stay empty
    expect(script.rows[5].text).toBe('AT+QICSGP=1');
    expect(script.rows[9].text).toBe('');
  });

  it('keeps the TCP script\'s data rows (an api-key with "=" in it, +++ with Enter=0)', () => {
    const script = parseQcomIni(readFixture('qcom-ini', 'ma_TCP.ini'));
    const apiKey = script.rows.find((r) => r.text.startsWith('api-key:'));
    expect(apiKey?.text).toBe('api-key:gXmRJ0eTdHa7dn7=HQ2a95nt7pg=');
    expect(script.rows.find((r) => r.text === '+++')?.enter).toBe(false);
  });
});

describe('encodings and line endings QCOM writes on Chinese Windows', () => {
  const mqtt = () => text(readFixture('qcom-ini', 'ma_MQTT.ini'));
  const chinese = (t: string) => t.replace('CMD=AT+CPIN?', 'CMD=AT+CPIN?').replace('[SET]', '; 阿里云 MQTT 测试脚本\n[SET]').replace('CMD=\n', 'CMD=发布温度：25℃\n');

  it('reads GBK with CRLF (the ANSI code page) and writes the same bytes back', () => {
    const bytes = iconv.encode(chinese(mqtt()).replace(/\n/g, '\r\n'), 'gbk');
    const script = parseQcomIni(bytes);
    expect(script).toMatchObject({ encoding: 'gbk', bom: false, lineEnding: 'crlf' });
    expect(script.rows[9].text).toBe('发布温度：25℃');
    expect(script.preserved.preamble).toEqual(['; 阿里云 MQTT 测试脚本']);
    expect(Buffer.from(writeQcomIni(script)).equals(bytes)).toBe(true);
  });

  it('reads GBK with LF and UTF-8 with CRLF byte-identical', () => {
    for (const bytes of [iconv.encode(chinese(mqtt()), 'gbk'), utf8(chinese(mqtt()).replace(/\n/g, '\r\n'))]) {
      expect(Buffer.from(writeQcomIni(parseQcomIni(bytes))).equals(Buffer.from(bytes))).toBe(true);
    }
  });

  it('reads UTF-8 with a BOM and keeps the BOM', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(chinese(mqtt()))]);
    const script = parseQcomIni(bytes);
    expect(script).toMatchObject({ encoding: 'utf-8', bom: true });
    expect(script.rows[9].text).toBe('发布温度：25℃');
    expect(Buffer.from(writeQcomIni(script)).equals(bytes)).toBe(true);
  });

  it('lets the user override detection', () => {
    const bytes = iconv.encode(`[1]\nCMD=去\n`, 'gbk'); // C8 A5: valid UTF-8 too ("ȥ"), so detection says UTF-8
    expect(parseQcomIni(bytes).rows[0].text).toBe('ȥ');
    expect(parseQcomIni(bytes, { encoding: 'gbk' }).rows[0].text).toBe('去');
  });

  it('writes GBK when the script says so, and refuses characters GBK cannot hold', () => {
    const script = parseQcomIni(utf8(`[1]\nCMD=温度\n`));
    const gbk = writeQcomIni({ ...script, encoding: 'gbk', lineEnding: 'crlf' });
    expect(Buffer.from(gbk).equals(iconv.encode('[SET]\r\nRunTimes=10\r\nDelayTime=1000\r\n[1]\r\nCho=0\r\nCMD=温度\r\nDelay=\r\nHEX=0\r\nEnter=1\r\n', 'gbk'))).toBe(true);
    const err = writeError({ ...script, encoding: 'gbk', rows: [{ ...script.rows[0], text: 'temp 🌡' }] });
    expect(err.message).toMatch(/row 1 contains "🌡", which GBK cannot hold: save the script as UTF-8/);
  });
});

describe('what the format allows', () => {
  it('keeps unknown keys, comments, blank lines and sections through a write-back', () => {
    const file = [
      '; saved by QCOM',
      '[SET]',
      'RunTimes=3',
      'DelayTime=200',
      'Version=1.6',
      '[1]',
      'Cho=1',
      'CMD=AT+CSQ',
      'Delay=50',
      'HEX=0',
      'Enter=1',
      'Note=signal',
      '',
      '[Config]',
      'ComPort=COM7',
      'Baudrate=115200',
      '',
    ].join('\r\n');
    const script = parseQcomIni(utf8(file));
    expect(script.settings).toEqual({ runTimes: 3, delayMs: 200 });
    expect(script.rows[0]).toMatchObject({ selected: true, delayMs: 50, extraLines: ['Note=signal', ''] });
    expect(script.preserved.sections).toEqual([{ name: 'Config', lines: ['ComPort=COM7', 'Baudrate=115200'] }]);
    expect(text(writeQcomIni(script))).toBe(file);
  });

  it('reads keys and section names in any case, spaces around them, and defaults for what is absent', () => {
    const script = parseQcomIni(utf8('[set]\nruntimes = 2\n[3]\n cmd=AT+CPIN?\nHEX = 0\n[2]\nCMD=0D 0A\nHEX=1\nEnter=0\n'));
    expect(script.settings).toEqual({ runTimes: 2, delayMs: 1000 });
    // rows come out in number order, whatever the file order
    expect(script.rows).toEqual([
      { index: 2, selected: false, text: '0D 0A', hex: true, enter: false, delayMs: null },
      { index: 3, selected: false, text: 'AT+CPIN?', hex: false, enter: true, delayMs: null },
    ]);
    expect(script.lineEnding).toBe('lf');
  });

  it('gives QCOM defaults (Run Times 10, Delay Time 1000) to a file without [SET]', () => {
    expect(parseQcomIni(utf8(`[1]\n${ROW}`)).settings).toEqual({ runTimes: 10, delayMs: 1000 });
  });

  it('keeps a missing final newline', () => {
    const file = `[SET]\nRunTimes=1\nDelayTime=5\n[1]\n${ROW}`.trimEnd();
    expect(text(writeQcomIni(parseQcomIni(utf8(file))))).toBe(file);
  });
});

describe('bad files give one clear QcomIniError with the line', () => {
  it('binary content (a NUL byte)', () => {
    const err = parseError(utf8(`[SET]\nRunTimes=1\n[1]\nCMD=A\u0000T\n`));
    expect(err).toMatchObject({ code: 'binary', line: 4 });
    expect(err.message).toMatch(/binary content/);
    expect(err.messageZh).toMatch(/二进制/);
  });

  it('mostly control characters', () => {
    expect(parseError(Uint8Array.from([0x5b, 0x31, 0x5d, 0x0a, 1, 2, 3, 4, 5, 6]))).toMatchObject({ code: 'binary', line: 2 });
  });

  it('UTF-16', () => {
    expect(parseError(Uint8Array.from([0xff, 0xfe, 0x5b, 0x00]))).toMatchObject({ code: 'encoding', line: 1 });
  });

  it('bytes that are neither UTF-8 nor GBK', () => {
    const err = parseError(Uint8Array.from([...utf8('[1]\nCMD=AT\nCMD2='), 0xff, 0x0a]));
    expect(err).toMatchObject({ code: 'encoding', line: 3 });
    expect(err.message).toMatch(/neither UTF-8 nor GBK/);
  });

  it('over 1 MiB', () => {
    const big = new Uint8Array(1024 * 1024 + 1).fill(0x3b); // ';' — a comment, but far too long
    expect(parseError(big)).toMatchObject({ code: 'too-large', line: null });
  });

  it('no rows at all', () => {
    expect(parseError('[SET]\nRunTimes=10\nDelayTime=1000\n')).toMatchObject({ code: 'no-rows', line: null });
    expect(parseError('')).toMatchObject({ code: 'no-rows' });
  });

  it('a line that is neither section, key=value, blank nor comment', () => {
    const err = parseError(`[SET]\nRunTimes=10\n[1]\n${ROW}AT+CPIN?\n`);
    expect(err).toMatchObject({ code: 'bad-line', line: 9 });
    expect(err.message).toMatch(/neither a \[section\], a key=value line, a comment nor blank/);
    // a command line typed without CMD= is a key=value line to the profile format: kept, not lost
    const kept = parseQcomIni(utf8(`[1]\nCMD=AT\nAT+QICSGP=1\n`));
    expect(kept.rows[0].extraLines).toEqual(['AT+QICSGP=1']);
  });

  it.each([
    ['Cho=yes', 'Cho=yes must be 0 or 1'],
    ['Delay=-5', 'Delay=-5 must be a whole number'],
    ['Delay=1e9', 'Delay=1e9 must be a whole number'],
    ['Delay=99999999999', 'must be a whole number from 0 to 86400000'],
  ])('a bad value: %s', (line, message) => {
    const err = parseError(`[1]\nCMD=AT\n${line}\n`);
    expect(err).toMatchObject({ code: 'bad-value', line: 3 });
    expect(err.message).toContain(message);
  });

  it('rows numbered 0 or twice, keys given twice', () => {
    expect(parseError(`[0]\n${ROW}`)).toMatchObject({ code: 'bad-value', line: 1 });
    expect(parseError(`[1]\n${ROW}[1]\n${ROW}`)).toMatchObject({ code: 'duplicate', line: 7 });
    const twice = parseError(`[1]\nCMD=AT\nCMD=ATI\n`);
    expect(twice).toMatchObject({ code: 'duplicate', line: 3 });
    expect(twice.message).toContain('lines 2 and 3');
  });
});

describe('prototype pollution (CVE-2020-7788 shape) is impossible', () => {
  it.each([
    ['[__proto__]\npolluted=1\n[1]\nCMD=AT\n', 1],
    ['[1]\nCMD=AT\n__proto__=polluted\n', 3],
    ['[1]\nCMD=AT\n[constructor]\nprototype=1\n', 3],
    ['[SET]\nprototype=1\n[1]\nCMD=AT\n', 2],
    ['[1]\nCMD=AT\n[__PROTO__]\npolluted=1\n', 3],
  ])('refuses %j at line %i', (file, line) => {
    const err = parseError(file);
    expect(err).toMatchObject({ code: 'reserved-name', line });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('a JSON script with a __proto__ key pollutes nothing', () => {
    const value: unknown = JSON.parse('{"__proto__":{"polluted":1},"rows":[{"text":"AT","__proto__":{"polluted":2}}]}');
    expect(scriptFromJson(value).rows[0].text).toBe('AT');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('writing refuses what an .ini line cannot hold', () => {
  const base = () => parseQcomIni(utf8(`[1]\n${ROW}`));

  it('a row with a line break', () => {
    const s = base();
    expect(writeError({ ...s, rows: [{ ...s.rows[0], text: 'AT\r\nATI' }] }).message).toMatch(/row 1 contains a line break/);
  });

  it('duplicate row numbers and absurd delays', () => {
    const s = base();
    expect(writeError({ ...s, rows: [s.rows[0], s.rows[0]] }).message).toMatch(/row number 1 is not a unique/);
    expect(writeError({ ...s, rows: [{ ...s.rows[0], delayMs: -1 }] }).message).toMatch(/Delay of row 1 is -1/);
    expect(writeError({ ...s, settings: { runTimes: Number.NaN, delayMs: 1 } }).message).toMatch(/RunTimes is NaN/);
  });

  it('kept lines that would open a section or clash with a known key', () => {
    const s = base();
    expect(writeError({ ...s, rows: [{ ...s.rows[0], extraLines: ['[2]'] }] }).message).toMatch(/kept line "\[2\]" of row 1/);
    expect(writeError({ ...s, rows: [{ ...s.rows[0], extraLines: ['CMD=ATI'] }] }).code).toBe('not-writable');
    expect(writeError({ ...s, preserved: { ...s.preserved, sections: [{ name: '7', lines: [] }] } }).code).toBe('not-writable');
  });
});

describe('JSON form (ini convert)', () => {
  it.each(FIXTURES)('%s goes .ini → JSON → .ini byte-identical', (name) => {
    const bytes = readFixture('qcom-ini', name);
    const json = JSON.parse(JSON.stringify(scriptToJson(parseQcomIni(bytes))));
    expect(json.format).toBe('modemdeck.qcom-script');
    expect(Buffer.from(writeQcomIni(scriptFromJson(json))).equals(bytes)).toBe(true);
  });

  it('keeps GBK, BOM, CRLF and kept lines through JSON', () => {
    const bytes = iconv.encode('; 备注\r\n[SET]\r\nRunTimes=1\r\nDelayTime=1\r\n[1]\r\nCho=1\r\nCMD=温度\r\nDelay=\r\nHEX=0\r\nEnter=1\r\nX=1\r\n', 'gbk');
    const back = scriptFromJson(JSON.parse(JSON.stringify(scriptToJson(parseQcomIni(bytes)))));
    expect(Buffer.from(writeQcomIni(back)).equals(bytes)).toBe(true);
  });

  it('fills defaults for a hand-written script: UTF-8, CRLF, rows numbered by position', () => {
    const script = scriptFromJson({ rows: [{ text: 'AT' }, { text: 'ATI', selected: true, delayMs: 300 }] });
    expect(text(writeQcomIni(script))).toBe(
      '[SET]\r\nRunTimes=10\r\nDelayTime=1000\r\n[1]\r\nCho=0\r\nCMD=AT\r\nDelay=\r\nHEX=0\r\nEnter=1\r\n[2]\r\nCho=1\r\nCMD=ATI\r\nDelay=300\r\nHEX=0\r\nEnter=1\r\n',
    );
  });

  it.each([
    [{}, /rows/],
    [{ rows: [] }, /rows: a script needs at least one row/],
    [{ rows: [{ text: 'AT', delayMs: -1 }] }, /rows\.0\.delayMs/],
    [{ rows: [{ text: 'AT' }], encoding: 'utf-16' }, /encoding/],
    [[1, 2], /the document/],
  ])('refuses %j with the field named', (value, message) => {
    let err: unknown;
    try {
      scriptFromJson(value);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(QcomIniError);
    expect((err as QcomIniError).code).toBe('bad-json');
    expect((err as QcomIniError).message).toMatch(message);
  });
});
