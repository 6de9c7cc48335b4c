// What a user reads when the module says no: every code of the reference tables
// (quectel-at.md §2.1–2.4, §3.6.12, §3.6.13; cloud-protocols.md §1.7) decodes to a meaning and a
// remedy in both languages, and the decodes the UI leans on say the right thing.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Decoded } from '../../../shared/facts';
import {
  decodeCme,
  decodeCms,
  decodeConnack,
  decodeDeferred,
  decodeFinal,
  decodeHttpError,
  decodeNoUrc,
  decodeQiurc,
  decodeQmtStat,
  decodeTcpIpError,
  isSuccessResult,
} from '../../../electron/at/error-codes';

// The code columns of the reference tables, copied from the documents.
const CME_CODES = [0, 1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15, 16, 17, 18, 20, 21, 22, 23, 24, 25, 26, 27, 30, 31, 32,
  40, 41, 42, 43, 44, 45, 46, 47, 901, 902, 903, 904];
const CMS_CODES = [300, 301, 302, 303, 304, 305, 310, 311, 312, 313, 314, 315, 316, 317, 318, 320, 321, 322, 330, 331, 332,
  500, 512, 513, 514, 515, 517, 528, 529, 530, 531];
const TCPIP_CODES = Array.from({ length: 574 - 550 + 1 }, (_, i) => 550 + i);
const HTTP_CODES = Array.from({ length: 730 - 701 + 1 }, (_, i) => 701 + i);

const CJK = /[\u4e00-\u9fff]/;

function expectReadable(d: Decoded | undefined, code: string): asserts d is Decoded {
  expect(d, code).toBeDefined();
  expect(d!.code).toBe(code);
  expect(d!.meaning.en.trim(), code).not.toBe('');
  expect(d!.meaning.zh, code).toMatch(CJK);
  expect(d!.meaning.en, code).not.toMatch(/^Unknown .* code/);
  if (d!.remedy) {
    expect(d!.remedy.en.trim(), code).not.toBe('');
    expect(d!.remedy.zh, code).toMatch(CJK);
  }
}

const everything = (d: Decoded | undefined): string => JSON.stringify(d ?? null);

describe('every code of the reference tables decodes in en and zh', () => {
  it('§2.1 +CME ERROR', () => {
    for (const c of CME_CODES) expectReadable(decodeCme(c), `CME ${c}`);
  });
  it('§2.2 +CMS ERROR', () => {
    for (const c of CMS_CODES) expectReadable(decodeCms(c), `CMS ${c}`);
  });
  it('§2.3 TCP/IP <err>, also when it comes from +QIOPEN', () => {
    for (const c of TCPIP_CODES) {
      expectReadable(decodeTcpIpError(c), `TCPIP ${c}`);
      expect(decodeDeferred('+QIOPEN', [c])).toEqual(decodeTcpIpError(c));
    }
    expect(decodeTcpIpError(0)).toBeUndefined();
    expect(decodeDeferred('+QIOPEN', [0])).toBeUndefined();
  });
  it('§2.4 HTTP(S) <err>, as +CME ERROR and as the first field of the HTTP URCs', () => {
    for (const c of HTTP_CODES) {
      expectReadable(decodeHttpError(c), `HTTP ${c}`);
      expect(decodeFinal(`+CME ERROR: ${c}`, 'AT+QHTTPGET=80')).toEqual(decodeHttpError(c));
      expect(decodeDeferred('+QHTTPGET', [c])).toEqual(decodeHttpError(c));
      expect(decodeDeferred('+QHTTPREAD', [c])).toEqual(decodeHttpError(c));
    }
    expect(decodeHttpError(0)).toBeUndefined();
  });
  it('§3.6.12 +QMTOPEN results −1 and 1–5, 0 is success', () => {
    expect(decodeDeferred('+QMTOPEN', [0])).toBeUndefined();
    for (const r of [-1, 1, 2, 3, 4, 5]) expectReadable(decodeDeferred('+QMTOPEN', [r]), `QMTOPEN ${r}`);
  });
  it('§3.6.12 +QMTCLOSE / +QMTDISC −1, 0 is success', () => {
    for (const name of ['QMTCLOSE', 'QMTDISC']) {
      expect(decodeDeferred(`+${name}`, [0])).toBeUndefined();
      expectReadable(decodeDeferred(`+${name}`, [-1]), `${name} -1`);
    }
  });
  it('§3.6.12 +QMTCONN results 1, 2 and CONNACK 1–5', () => {
    expect(decodeDeferred('+QMTCONN', [0, 0])).toBeUndefined();
    expect(decodeDeferred('+QMTCONN', [0])).toBeUndefined();
    expectReadable(decodeDeferred('+QMTCONN', [1]), 'QMTCONN 1');
    expectReadable(decodeDeferred('+QMTCONN', [2]), 'QMTCONN 2');
    expect(decodeConnack(0)).toBeUndefined();
    for (const c of [1, 2, 3, 4, 5]) {
      expectReadable(decodeConnack(c), `CONNACK ${c}`);
      expect(decodeDeferred('+QMTCONN', [0, c])).toEqual(decodeConnack(c));
    }
  });
  it('§3.6.12 +QMTSUB / +QMTUNS / +QMTPUBEX results 1 and 2, 0 is success', () => {
    for (const name of ['QMTSUB', 'QMTUNS', 'QMTPUBEX']) {
      expect(decodeDeferred(`+${name}`, [7, 0, 1])).toBeUndefined();
      expectReadable(decodeDeferred(`+${name}`, [7, 1, 3]), `${name} 1`);
      expectReadable(decodeDeferred(`+${name}`, [7, 2]), `${name} 2`);
    }
  });
  it('§3.6.13 +QMTSTAT 1–8, and 9–255 reserved', () => {
    for (let c = 1; c <= 8; c++) expectReadable(decodeQmtStat(c), `QMTSTAT ${c}`);
    for (const c of [9, 100, 255]) {
      const d = decodeQmtStat(c);
      expect(d.code).toBe(`QMTSTAT ${c}`);
      expect(d.meaning.en).toMatch(/reserved/i);
      expect(d.meaning.zh).toContain('保留');
    }
    expect(decodeDeferred('+QMTSTAT', [2])).toEqual(decodeQmtStat(2));
  });
  it('§3.6.11 +QMTPING 1', () => {
    expectReadable(decodeDeferred('+QMTPING', [1]), 'QMTPING 1');
  });
});

describe('the decodes the UI relies on', () => {
  it('CME 10 is "SIM not inserted", numeric or verbose (AT+CMEE=2)', () => {
    const numeric = decodeFinal('+CME ERROR: 10', 'AT+CPIN?');
    expect(numeric?.code).toBe('CME 10');
    expect(numeric?.meaning.en).toBe('SIM not inserted');
    expect(numeric?.meaning.zh).toContain('SIM 卡');
    expect(numeric?.remedy?.en).toMatch(/SIM/);
    expect(decodeFinal('+CME ERROR: SIM not inserted', 'AT+CPIN?')).toEqual(numeric);
  });

  it('QMTOPEN 3 says PDP activation failed and how to activate it', () => {
    const d = decodeDeferred('+QMTOPEN', [3]);
    expect(d?.meaning.en).toMatch(/PDP activation failed/);
    expect(d?.meaning.zh).toContain('PDP 激活失败');
    expect(d?.remedy?.en).toContain('AT+QICSGP');
    expect(d?.remedy?.en).toContain('AT+QIACT=1');
    expect(d?.remedy?.en).toContain('AT+QIACT?');
    expect(d?.remedy?.zh).toContain('AT+QIACT=1');
  });

  it('CONNACK 4 blames the Aliyun triplet; CONNACK 2 the clientId or keepalive', () => {
    const four = decodeDeferred('+QMTCONN', [0, 4]);
    expect(four?.code).toBe('CONNACK 4');
    expect(four?.meaning.en).toMatch(/user name or password/);
    expect(four?.meaning.en).toMatch(/ProductKey\/DeviceName\/DeviceSecret/);
    expect(four?.meaning.zh).toContain('三元组');
    expect(four?.remedy?.en).toContain('AT+QMTCFG="aliauth"');
    const two = decodeConnack(2);
    expect(two?.meaning.en).toMatch(/clientId/);
    expect(two?.remedy?.en).toMatch(/30–1200/);
  });

  it('QMTCONN 2 is "sending CONNECT failed"', () => {
    expect(decodeDeferred('+QMTCONN', [2])?.meaning.en).toMatch(/Sending CONNECT failed/i);
  });

  it('QMTSTAT 1 and 2 carry the vendor remedies', () => {
    expect(decodeQmtStat(1).meaning.en).toMatch(/server closed or reset/i);
    expect(decodeQmtStat(1).remedy?.en).toContain('AT+QMTOPEN');
    expect(decodeQmtStat(2).meaning.en).toMatch(/PINGREQ/);
    expect(decodeQmtStat(2).remedy?.en).toMatch(/AT\+QIDEACT.*AT\+QIACT.*AT\+QMTOPEN/);
    expect(decodeQmtStat(5).remedy?.en).toMatch(/nothing to do/i);
  });

  it('TCPIP 565 is a DNS failure with the DNS fix', () => {
    const d = decodeDeferred('+QIOPEN', [565]);
    expect(d?.code).toBe('TCPIP 565');
    expect(d?.meaning.en).toMatch(/DNS parse failed/);
    expect(d?.meaning.zh).toContain('域名解析失败');
    expect(d?.remedy?.en).toContain('AT+QIDNSCFG');
  });

  it('HTTP 714 is a DNS error, from +CME ERROR and from +QHTTPGET', () => {
    const d = decodeFinal('+CME ERROR: 714', 'AT+QHTTPGET=80');
    expect(d?.code).toBe('HTTP 714');
    expect(d?.meaning.en).toMatch(/DNS/);
    expect(d?.remedy?.en).toMatch(/0\.0\.0\.0/);
    expect(decodeDeferred('+QHTTPGET', [714])).toEqual(d);
  });

  it('an HTTP request that worked is success; a 404 from the server is not', () => {
    expect(decodeDeferred('+QHTTPGET', [0, 200, 601710])).toBeUndefined();
    expect(decodeDeferred('+QHTTPPOST', [0, 404])?.code).toBe('HTTP STATUS 404');
    expect(decodeDeferred('+QHTTPGET', [0, 502])?.code).toBe('HTTP STATUS 502');
  });

  it('a bare ERROR after AT+QIACT=1 is explained as probably harmless (Q11)', () => {
    const d = decodeFinal('ERROR', 'AT+QIACT=1');
    expect(d?.code).toBe('ERROR');
    expect(d?.remedy?.en).toMatch(/may already be active/);
    expect(d?.remedy?.en).toMatch(/harmless/);
    expect(d?.remedy?.en).toContain('AT+QIACT?');
    expect(d?.remedy?.zh).toContain('已经激活');
  });

  it('a bare ERROR gets the remedy of its command', () => {
    expect(decodeFinal('ERROR', 'AT+QMTCFG="keepalive",0,120')?.remedy?.en).toMatch(/before AT\+QMTOPEN/);
    for (const cmd of ['AT+QMTCONN=0,"c"', 'AT+QMTSUB=0,1,"t",1', 'AT+QMTDISC=0', 'AT+QMTUNS=0,2,"t"']) {
      expect(decodeFinal('ERROR', cmd)?.remedy?.en, cmd).toMatch(/AT\+QMTOPEN\?.*AT\+QMTCONN\?/);
    }
    const pub = decodeFinal('ERROR', 'AT+QMTPUBEX=0,0,0,0,"t",5');
    expect(pub?.remedy?.en).toMatch(/AT\+QMTCONN\?/);
    expect(pub?.remedy?.en).toMatch(/more than 5/);
    for (const cmd of ['AT+QIOPEN=1,0,"TCP","1.2.3.4",80,0,0', 'AT+QISEND=0,5', 'AT+QICLOSE=0']) {
      expect(decodeFinal('ERROR', cmd)?.remedy?.en, cmd).toContain('AT+QIGETERROR');
    }
    expect(decodeFinal('ERROR', 'AT+QMTPUB=0,1,1,0,"t",3')?.remedy?.en).toContain('AT+QMTPUBEX');
    expect(decodeFinal('ERROR', 'AT+QMTPUB=0,1,1,0,"t",3')?.meaning.en).toMatch(/not supported/);
    expect(decodeFinal('ERROR', 'AT+FOOBAR=1')?.remedy?.en).toMatch(/does not know this command or a parameter is wrong/);
    expect(decodeFinal('ERROR')?.remedy?.en).toMatch(/does not know this command/);
    expect(decodeFinal('ERROR', 'AT+CPIN?')?.remedy).toBeDefined();
    expect(decodeFinal('ERROR', 'AT+CGATT=1')?.remedy?.en).toContain('AT+CMEE');
  });

  it('NO URC points at the URC port (AT+QURCCFG, Q14) and names the missing result', () => {
    const d = decodeNoUrc('+QMTOPEN');
    expect(d.code).toBe('NO URC');
    expect(d.meaning.en).toContain('+QMTOPEN');
    expect(d.remedy?.en).toContain('AT+QURCCFG');
    expect(d.remedy?.en).toContain('uart1');
    expect(d.remedy?.zh).toContain('AT+QURCCFG');
    expect(decodeNoUrc('AT+QMTCONN=0,"c"').meaning.en).toContain('AT+QMTCONN');
  });

  it('engine outcomes decode: TIMEOUT, RESTARTED, LINK LOST', () => {
    expect(decodeFinal('TIMEOUT', 'AT+CSQ')?.code).toBe('TIMEOUT');
    expect(decodeFinal('RESTARTED', 'AT+QIACT=1')?.meaning.en).toMatch(/restarted/);
    expect(decodeFinal('LINK LOST')?.remedy?.zh).toMatch(CJK);
  });

  it('retransmissions are reported with their count, SUBACK refusals as failures', () => {
    expect(decodeDeferred('+QMTPUBEX', [3, 1, 2])?.meaning.en).toMatch(/2 time/);
    expect(decodeDeferred('+QMTSUB', [1, 0, 1])).toBeUndefined(); // granted 1 for 0 requested: Q4, not an error
    expect(decodeDeferred('+QMTSUB', [1, 0, 128])?.code).toBe('SUBACK 128');
  });

  it('+QIURC "pdpdeact" tells how to recover', () => {
    expect(decodeQiurc('"pdpdeact"')?.remedy?.en).toContain('AT+QIACT=1');
    expect(decodeQiurc('recv')).toBeUndefined();
  });
});

describe('final result lines', () => {
  it('success lines are not errors', () => {
    for (const ok of ['OK', 'CONNECT', 'CONNECT 115200', 'SEND OK', ' OK\r', '0', '1']) {
      expect(isSuccessResult(ok), ok).toBe(true);
      expect(decodeFinal(ok), ok).toBeUndefined();
    }
  });

  it('every documented failure is decoded, ATV0 digits included', () => {
    const codes: Record<string, string> = {
      ERROR: 'ERROR', '4': 'ERROR', 'NO CARRIER': 'NO CARRIER', '3': 'NO CARRIER', BUSY: 'BUSY', '7': 'BUSY',
      'NO ANSWER': 'NO ANSWER', 'NO DIALTONE': 'NO DIALTONE', 'SEND FAIL': 'SEND FAIL',
      '+CMS ERROR: 500': 'CMS 500', '+CME ERROR: 3': 'CME 3', '+cme error:13': 'CME 13',
    };
    for (const [line, code] of Object.entries(codes)) {
      expect(isSuccessResult(line), line).toBe(false);
      expectReadable(decodeFinal(line, 'AT+CGACT=1,1'), code);
    }
  });

  it('verbose CME and CMS texts map back to their codes, whatever the case and spacing', () => {
    for (const c of CME_CODES) {
      expect(decodeFinal(`+CME ERROR: ${decodeCme(c).meaning.en}`), `CME ${c}`).toEqual(decodeCme(c));
    }
    expect(decodeFinal('+CME ERROR: network not allowed -  emergency calls ONLY')?.code).toBe('CME 32');
    expect(decodeFinal('+CME ERROR: incorrect password')?.code).toBe('CME 16');
    expect(decodeFinal('+CMS ERROR: SMSC address unknown')?.code).toBe('CMS 330');
  });

  it('an unknown code or text is still an error, and says so', () => {
    expect(decodeFinal('+CME ERROR: 3517')?.code).toBe('CME 3517');
    expect(decodeFinal('+CME ERROR: 3517')?.meaning.zh).toContain('3517');
    expect(decodeFinal('+CME ERROR: Frobnicator jammed')?.meaning.en).toContain('Frobnicator jammed');
    expect(decodeFinal('WHATEVER')?.code).toBe('UNKNOWN RESULT');
    expect(decodeDeferred('+QMTOPEN', [9])?.code).toBe('QMTOPEN 9');
    expect(decodeDeferred('+QMTOPEN', [])?.code).toBe('QMTOPEN ?');
  });

  it('the command text never leaks into a decode (it may hold the DeviceSecret)', () => {
    const secret = '7ab0c4b3532b5783df5fdc58a2895d7a';
    const cmd = `AT+QMTCFG="aliauth",0,"a1wFylTxYeD","co_0001","${secret}"`;
    for (const result of ['ERROR', 'TIMEOUT', '+CME ERROR: 3', 'NO CARRIER']) {
      expect(everything(decodeFinal(result, cmd))).not.toContain(secret);
    }
    expect(everything(decodeNoUrc(cmd))).not.toContain(secret);
  });
});

describe('properties', () => {
  const resultLine = fc.oneof(
    fc.string(),
    fc.constantFrom('OK', 'ERROR', 'SEND OK', 'CONNECT', 'NO CARRIER', 'constructor', '__proto__', 'toString'),
    fc.string().map((s) => `+CME ERROR: ${s}`),
    fc.string().map((s) => `+CMS ERROR:${s}`),
    fc.integer().map((n) => `+CME ERROR: ${n}`),
  );
  const command = fc.option(fc.oneof(fc.string(), fc.string().map((s) => `AT+${s}`), fc.string().map((s) => `AT${s}`)), { nil: undefined });

  it('decodeFinal never throws, and a line is either a success or a decoded error', () => {
    fc.assert(
      fc.property(resultLine, command, (line, cmd) => {
        const d = decodeFinal(line, cmd);
        if (isSuccessResult(line)) return d === undefined;
        return d !== undefined && d.code.length > 0 && d.meaning.en.length > 0 && CJK.test(d.meaning.zh);
      }),
      { numRuns: 2000 },
    );
  });

  it('decodeDeferred and decodeNoUrc never throw, and name the code they decoded', () => {
    const name = fc.oneof(
      fc.string(),
      fc.constantFrom('+QMTOPEN', '+QMTCONN', '+QMTSUB', '+QMTUNS', '+QMTPUBEX', '+QMTDISC', '+QMTCLOSE', '+QIOPEN',
        '+QHTTPGET', '+QHTTPPOST', '+QHTTPREAD', '+QPING', '+QNTP', '+QMTSTAT', '+QMTPING'),
    );
    const fields = fc.array(fc.oneof(fc.integer({ min: -2, max: 800 }), fc.double()), { maxLength: 4 });
    fc.assert(
      fc.property(name, fields, (n, f) => {
        const d = decodeDeferred(n, f);
        const none = decodeNoUrc(n);
        return (d === undefined || (d.code.length > 0 && CJK.test(d.meaning.zh))) && none.remedy !== undefined;
      }),
      { numRuns: 2000 },
    );
  });
});
