import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SecretMasker } from '../../electron/session/secret-mask';
import { concatBytes, fromBase64, latin1Decode, latin1Encode, utf8Decode } from '../../shared/bytes';
import { readFixture } from '../support/fixtures';

// The seed article's device triple (a public example, quectel-at.md §3.6.1 [SEED]).
const SECRET = '7ab0c4b3532b5783df5fdc58a2895d7a';
const MASKED = '*'.repeat(SECRET.length - 3) + 'd7a';
const ALIAUTH = `AT+QMTCFG="aliauth",0,"a1wFylTxYeD","co_0001","${SECRET}"`;

describe('SecretMasker.maskText', () => {
  it('hides the DeviceSecret of an aliauth command, keeping its length and last 3 characters', () => {
    const out = new SecretMasker().maskText(ALIAUTH + '\r');
    expect(out).toBe(`AT+QMTCFG="aliauth",0,"a1wFylTxYeD","co_0001","${MASKED}"\r`);
  });

  it('hides the secret in the read-back, which carries no client index', () => {
    const out = new SecretMasker().maskText(`+QMTCFG: "aliauth","a1wFylTxYeD","co_0001","${SECRET}"`);
    expect(out).toBe(`+QMTCFG: "aliauth","a1wFylTxYeD","co_0001","${MASKED}"`);
  });

  it('matches commands in any letter case and with spaces after commas', () => {
    const out = new SecretMasker().maskText(`at+qmtcfg="ALIAUTH", 0, "pk", "dn", "${SECRET}"`);
    expect(out).not.toContain(SECRET);
    expect(out.length).toBe(`at+qmtcfg="ALIAUTH", 0, "pk", "dn", "${SECRET}"`.length);
  });

  it('hides username and password of QMTCONN but leaves the client id and a bare QMTCONN alone', () => {
    const m = new SecretMasker();
    expect(m.maskText('AT+QMTCONN=0,"clientExample_0"')).toBe('AT+QMTCONN=0,"clientExample_0"');
    expect(m.maskText('AT+QMTCONN=0,"cid","co_0001&a1wFylTxYeD","0123456789abcdef"')).toBe(
      'AT+QMTCONN=0,"cid","****************YeD","*************def"',
    );
    expect(m.maskText('+QMTCONN: 0,0,0')).toBe('+QMTCONN: 0,0,0');
  });

  it('finds a credential command behind other +QMT and + words in the same text, in any letter case', () => {
    const m = new SecretMasker();
    const text = `+QMTRECV: 0,1,"t",9,"+1 +QMTC +QMTCF +QMTCO AT+QmTcOnN=0,"cid","user_name","0123456789abcdef""`;
    expect(m.maskText(text)).toBe(text.replace('"user_name","0123456789abcdef"', '"******ame","*************def"'));
    expect(m.learnFromCommand(`AT+QMTPUBEX=0,0,0,0,"t",3;+qMtCfG="aliauth",0,"pk","dn","${SECRET}"`)).toBe(true);
    expect(m.maskText(`+QMTPUBEX: ${SECRET}`)).toBe(`+QMTPUBEX: ${MASKED}`);
  });

  it('leaves the placeholders of AT+QMTCFG=? and other options untouched', () => {
    const m = new SecretMasker();
    const test = '+QMTCFG: "aliauth",(0-5),"productkey","devicename","devicesecret"';
    expect(m.maskText(test)).toBe(test);
    expect(m.maskText('AT+QMTCFG="recv/mode",0,0,1')).toBe('AT+QMTCFG="recv/mode",0,0,1');
    expect(m.maskText('AT+QMTCFG="aliauth",0')).toBe('AT+QMTCFG="aliauth",0');
  });

  it('hides the credentials of the other clouds the module supports', () => {
    const m = new SecretMasker();
    expect(m.maskText('AT+QMTCFG="hwauth",0,"prod","accesskey42"')).toBe('AT+QMTCFG="hwauth",0,"prod","********y42"');
    expect(m.maskText('+QMTCFG: "onenet","prod","accesskey42"')).toBe('+QMTCFG: "onenet","prod","********y42"');
  });

  it('hides all of a value cut off before its closing quote', () => {
    expect(new SecretMasker().maskText(`AT+QMTCFG="aliauth",0,"pk","dn","${SECRET.slice(0, 20)}`)).toBe(
      `AT+QMTCFG="aliauth",0,"pk","dn","${'*'.repeat(20)}`,
    );
  });

  it('hides an added secret anywhere, and ignores strings too short to be secrets', () => {
    const m = new SecretMasker();
    m.add('abc12');
    expect(m.size).toBe(0);
    m.add('hunter2hunter2');
    expect(m.size).toBe(1);
    expect(m.maskText('password is hunter2hunter2, right?')).toBe('password is ***********er2, right?');
  });

  it('learns the secret from the command so it is hidden in free text afterwards', () => {
    const m = new SecretMasker();
    expect(m.learnFromCommand(ALIAUTH)).toBe(true);
    expect(m.learnFromCommand(ALIAUTH)).toBe(false);
    expect(m.learnFromCommand('AT+QMTCONN=0,"cid","user&pk","hmacpassword01"')).toBe(true);
    expect(m.size).toBe(2);
    expect(m.maskText(`secret=${SECRET} pw=hmacpassword01`)).toBe(`secret=${MASKED} pw=***********d01`);
  });
});

const enc = (s: string) => latin1Encode(s);

function runStream(m: SecretMasker, chunks: Uint8Array[]): Uint8Array[] {
  const stream = m.createStream();
  const out: Uint8Array[] = [];
  for (const c of chunks) out.push(...stream.push(c));
  out.push(...stream.flush());
  return out;
}

describe('SecretMasker.createStream', () => {
  it('passes ordinary traffic through at once, chunk for chunk', () => {
    const stream = new SecretMasker().createStream();
    expect(stream.push(enc('\r\nOK\r\n')).map((c) => latin1Decode(c))).toEqual(['\r\nOK\r\n']);
    expect(stream.push(enc('+CSQ: 28,99\r\n')).map((c) => latin1Decode(c))).toEqual(['+CSQ: 28,99\r\n']);
  });

  it('holds back a chunk that ends with the start of a known secret until the rest arrives', () => {
    const m = new SecretMasker();
    m.add(SECRET);
    const stream = m.createStream();
    expect(stream.push(enc(`key ${SECRET.slice(0, 10)}`))).toEqual([]);
    const out = stream.push(enc(`${SECRET.slice(10)} end\r\n`));
    expect(out.map((c) => c.length)).toEqual([14, SECRET.length - 10 + 6]);
    expect(latin1Decode(concatBytes(out))).toBe(`key ${MASKED} end\r\n`);
  });

  it('masks the seed session: the secret appears in no chunk, every chunk keeps its size', () => {
    const lines = readFixture('captures', 'seed-session.jsonl').toString('utf8').trim().split('\n').slice(1);
    const records = lines.map((l) => JSON.parse(l) as { dir: 'tx' | 'rx'; b64: string });
    const m = new SecretMasker();
    const streams = { tx: m.createStream(), rx: m.createStream() };
    const inputs = { tx: [] as Uint8Array[], rx: [] as Uint8Array[] };
    const outputs = { tx: [] as Uint8Array[], rx: [] as Uint8Array[] };
    for (const r of records) {
      const bytes = fromBase64(r.b64);
      inputs[r.dir].push(bytes);
      outputs[r.dir].push(...streams[r.dir].push(bytes));
    }
    for (const dir of ['tx', 'rx'] as const) {
      outputs[dir].push(...streams[dir].flush());
      expect(outputs[dir].map((c) => c.length)).toEqual(inputs[dir].map((c) => c.length));
      const text = utf8Decode(concatBytes(outputs[dir]));
      expect(text).not.toContain(SECRET);
      expect(text).toContain(`"co_0001","${MASKED}"`);
    }
    expect(utf8Decode(concatBytes(outputs.rx))).toContain('"params":{"PowerSwitch_1":1}'); // the rest is untouched
  });
});

// A secret, the AT dialogue that carries it, and an arbitrary split of that byte stream.
const secretArb = fc.stringMatching(/^[A-Za-z0-9]{6,40}$/);
const noiseArb = fc.stringMatching(/^[A-Za-z0-9 :,+\r\n]{0,30}$/);

function dialogue(secret: string, noise: string[]): string {
  const [a = '', b = '', c = ''] = noise;
  return (
    `${a}\r\nAT+QMTCFG="aliauth",0,"a1wFylTxYeD","co_0001","${secret}"\r` +
    `AT+QMTCFG="aliauth",0,"a1wFylTxYeD","co_0001","${secret}"\r\r\nOK\r\n${b}\r\n` +
    `AT+QMTCFG="aliauth",0\r\r\n+QMTCFG: "aliauth","a1wFylTxYeD","co_0001","${secret}"\r\n\r\nOK\r\n${c}\r\n`
  );
}

function split(text: string, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((x, y) => x - y);
  const parts: Uint8Array[] = [];
  let from = 0;
  for (const p of [...points, text.length]) {
    if (p > from) parts.push(enc(text.slice(from, p)));
    from = Math.max(from, p);
  }
  return parts;
}

/** Every position outside an occurrence of the secret is unchanged. */
function sameOutsideSecret(input: string, output: string, secret: string): boolean {
  const inside = new Uint8Array(input.length);
  for (let at = input.indexOf(secret); at >= 0; at = input.indexOf(secret, at + 1)) inside.fill(1, at, at + secret.length);
  for (let i = 0; i < input.length; i++) if (!inside[i] && input[i] !== output[i]) return false;
  return true;
}

describe('SecretMasker stream properties', () => {
  const property = (knownBefore: boolean) =>
    fc.property(secretArb, fc.array(noiseArb, { maxLength: 3 }), fc.array(fc.nat(), { maxLength: 12 }), (secret, noise, cuts) => {
      const input = dialogue(secret, noise);
      const chunks = split(input, cuts);
      const m = new SecretMasker();
      if (knownBefore) m.add(secret);
      const out = runStream(m, chunks);
      const output = latin1Decode(concatBytes(out));
      expect(out.map((c) => c.length)).toEqual(chunks.map((c) => c.length));
      expect(output.length).toBe(input.length);
      expect(output).not.toContain(secret);
      expect(sameOutsideSecret(input, output, secret)).toBe(true);
    });

  it('never lets an added secret through, whatever the chunk boundaries', () => {
    fc.assert(property(true), { numRuns: 300 });
  });

  it('never lets a secret through that it only learns from the aliauth command on the wire', () => {
    fc.assert(property(false), { numRuns: 300 });
  });

  it('maskText keeps the length and hides the secret in any line', () => {
    fc.assert(
      fc.property(secretArb, noiseArb, noiseArb, (secret, before, after) => {
        const m = new SecretMasker();
        m.add(secret);
        const line = before + secret + after;
        const out = m.maskText(line);
        expect(out.length).toBe(line.length);
        expect(out).not.toContain(secret);
        expect(sameOutsideSecret(line, out, secret)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
