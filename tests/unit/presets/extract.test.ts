import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseAtCommandLine } from '../../../electron/presets/at-command-line';
import { extractMqttSetup, findSecretRows, findSecrets, maskKeepingTail, maskScriptSecrets } from '../../../electron/presets/extract';
import { parseQcomIni, writeQcomIni, type QcomScript } from '../../../electron/presets/qcom-ini';
import { readFixture } from '../../support/fixtures';

// The seed article's public example triple (quectel-at.md §3.6.1 [SEED]).
const SECRET = '7ab0c4b3532b5783df5fdc58a2895d7a';
const mqtt = () => parseQcomIni(readFixture('qcom-ini', 'ma_MQTT.ini'));

function scriptOf(...commands: string[]): QcomScript {
  return parseQcomIni(new TextEncoder().encode(commands.map((c, i) => `[${i + 1}]\nCMD=${c}\n`).join('')));
}

describe('extractMqttSetup', () => {
  it('reads the Aliyun setup of the seed script ma_MQTT.ini', () => {
    expect(extractMqttSetup(mqtt())).toEqual({
      productKey: 'a1wFylTxYeD',
      deviceName: 'co_0001',
      deviceSecret: SECRET,
      host: 'iot-as-mqtt.cn-shanghai.aliyuncs.com',
      port: 1883,
      clientId: 'clientExample_0',
      clientIndex: 0,
      topics: ['/sys/a1wFylTxYeD/co_0001/thing/service/property/set', '/sys/a1wFylTxYeD/co_0001/thing/event/property/post'],
    });
  });

  it('gives nulls and no topics for a script without MQTT (ma_TCP.ini)', () => {
    expect(extractMqttSetup(parseQcomIni(readFixture('qcom-ini', 'ma_TCP.ini')))).toEqual({
      productKey: null,
      deviceName: null,
      deviceSecret: null,
      host: null,
      port: null,
      clientId: null,
      clientIndex: null,
      topics: [],
    });
  });

  it('reads several topics from one QMTSUB row, dedupes them in order, and is lenient about case and spaces', () => {
    const setup = extractMqttSetup(
      scriptOf(
        'at+qmtopen = 1 , "broker.local" , 8883',
        'AT+QMTSUB=1,1,"a/b",0,"c,d",1',
        'AT+QMTSUB=1,2, "a/b" ,1,"e/f",0',
        'AT+QMTSUB=2,3,"other/client",0',
        'AT+QMTCONN=1,"dev-1","user","pass"',
      ),
    );
    expect(setup).toMatchObject({ host: 'broker.local', port: 8883, clientIndex: 1, clientId: 'dev-1', productKey: null });
    expect(setup.topics).toEqual(['a/b', 'c,d', 'e/f']);
  });

  it('ignores hex rows, query forms and the QMTOPEN read response shape', () => {
    const s = scriptOf('AT+QMTOPEN?', 'AT+QMTOPEN=?', 'AT+QMTCONN?');
    s.rows.push({ index: 9, selected: false, text: 'AT+QMTOPEN=0,"hex.example",1', hex: true, enter: true, delayMs: null });
    expect(extractMqttSetup(s)).toMatchObject({ host: null, clientIndex: null, clientId: null });
  });
});

describe('secrets in scripts', () => {
  it('finds the aliauth row of the seed script, and nothing in the TCP and HTTP scripts', () => {
    expect(findSecretRows(mqtt())).toEqual([16]);
    expect(findSecrets(mqtt())).toMatchObject([{ row: 16, kind: 'DeviceSecret', value: SECRET }]);
    expect(findSecretRows(parseQcomIni(readFixture('qcom-ini', 'ma_TCP.ini')))).toEqual([]);
    expect(findSecretRows(parseQcomIni(readFixture('qcom-ini', 'ma_HTTP.ini')))).toEqual([]);
  });

  it('finds QMTCONN passwords and the other credential options, not a QMTCONN without one', () => {
    const s = scriptOf('AT+QMTCONN=0,"cid"', 'AT+QMTCONN=0,"cid","dn&pk","0123456789abcdef"', 'AT+QMTCFG="onenet",0,"pid","accesskey123"', 'AT+QMTCFG="aliauth",0');
    expect(findSecrets(s).map(({ row, kind, value }) => ({ row, kind, value }))).toEqual([
      { row: 2, kind: 'MqttPassword', value: '0123456789abcdef' },
      { row: 3, kind: 'AccessKey', value: 'accesskey123' },
    ]);
  });

  it('finds the credential of a malformed row too (text after a closing quote), and masks it', () => {
    const s = scriptOf('AT+QMTCONN=0,"cid"x,"u","secretpw1"', 'AT+QMTCFG="aliauth",0,"pk"z,"dn","secret-device-1"');
    expect(findSecrets(s).map(({ row, kind, value }) => ({ row, kind, value }))).toEqual([
      { row: 1, kind: 'MqttPassword', value: 'secretpw1' },
      { row: 2, kind: 'DeviceSecret', value: 'secret-device-1' },
    ]);
    const out = new TextDecoder().decode(writeQcomIni(maskScriptSecrets(s, (secret) => `<${secret.kind}>`)));
    expect(out).toContain('CMD=AT+QMTCONN=0,"cid"x,"u","<MqttPassword>"');
    expect(out).not.toMatch(/secretpw1|secret-device-1/);
  });

  it('replaces the DeviceSecret with a placeholder for export, and nothing else', () => {
    const original = mqtt();
    const masked = maskScriptSecrets(original, '<DeviceSecret>');
    expect(masked.rows[15].text).toBe('AT+QMTCFG="aliauth",0,"a1wFylTxYeD","co_0001","<DeviceSecret>"');
    expect(masked.rows.filter((r) => r.index !== 16)).toEqual(original.rows.filter((r) => r.index !== 16));
    expect(new TextDecoder().decode(writeQcomIni(masked))).not.toContain(SECRET);
    expect(original.rows[15].text).toContain(SECRET); // the input is not changed
  });

  it('also replaces the same secret where it appears again (a note row, a kept line)', () => {
    const s = scriptOf(`AT+QMTCFG="aliauth",0,"pk","dn","${SECRET}"`, `echo ${SECRET}`);
    s.rows[1].extraLines = [`Note=${SECRET}`];
    const masked = maskScriptSecrets(s, (secret) => maskKeepingTail(secret.value));
    const out = new TextDecoder().decode(writeQcomIni(masked));
    expect(out).not.toContain(SECRET);
    expect(out).toContain(`echo ${'*'.repeat(29)}d7a`);
  });

  it('masks keeping the length and the last 3 characters; short values entirely', () => {
    expect(maskKeepingTail(SECRET)).toBe(`${'*'.repeat(29)}d7a`);
    expect(maskKeepingTail('abc123')).toBe('******');
    expect(maskKeepingTail('')).toBe('');
  });
});

describe('parseAtCommandLine', () => {
  it('tells the forms apart', () => {
    expect(parseAtCommandLine('AT')).toEqual({ name: '', form: 'execute', params: [] });
    expect(parseAtCommandLine('AT+CPIN?')).toEqual({ name: '+CPIN', form: 'read', params: [] });
    expect(parseAtCommandLine('AT+QMTOPEN=?')).toEqual({ name: '+QMTOPEN', form: 'test', params: [] });
    expect(parseAtCommandLine('  at+qistate')).toEqual({ name: '+QISTATE', form: 'execute', params: [] });
    expect(parseAtCommandLine('{"method":"thing.event.property.post"}')).toBeNull();
    expect(parseAtCommandLine('+++')).toBeNull();
  });

  it('keeps commas inside quotes, trims bare values, tolerates a missing closing quote', () => {
    const cmd = parseAtCommandLine('AT+QICSGP=1, 1 ,"CMNET","","",1');
    expect(cmd?.params.map((p) => p.value)).toEqual(['1', '1', 'CMNET', '', '', '1']);
    expect(parseAtCommandLine('AT+X="a,b",2')?.params.map((p) => p.value)).toEqual(['a,b', '2']);
    expect(parseAtCommandLine('AT+X=0,"open')?.params.map((p) => p.value)).toEqual(['0', 'open']);
  });

  it('points each parameter at its place in the text (what in-place masking relies on)', () => {
    const param = fc.oneof(
      fc.string({ maxLength: 12 }).filter((s) => !s.includes('"')).map((v) => ({ v, text: `"${v}"` })),
      fc.stringMatching(/^[0-9a-z_]{1,8}$/).map((v) => ({ v, text: v })),
    );
    fc.assert(
      fc.property(fc.array(param, { minLength: 1, maxLength: 8 }), fc.constantFrom('', ' '), (params, space) => {
        const text = `AT+QTEST=${params.map((p) => space + p.text + space).join(',')}`;
        const cmd = parseAtCommandLine(text);
        expect(cmd?.params.map((p) => p.value)).toEqual(params.map((p) => p.v));
        for (const p of cmd?.params ?? []) expect(text.slice(p.start, p.end)).toBe(p.value);
      }),
    );
  });
});
