import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseCommandLine, type AtCommand, type AtParam } from '../../../electron/sim/at-command-line';

describe('parseCommandLine', () => {
  it('reads the seed script rows', () => {
    expect(parseCommandLine('AT')).toEqual([]);
    expect(parseCommandLine('AT+CPIN?')).toEqual([{ name: '+CPIN', form: 'read', params: [] }]);
    expect(parseCommandLine('AT+QICSGP=1,1,"CMNET","","",1')).toEqual([
      {
        name: '+QICSGP',
        form: 'write',
        params: [
          { text: '1', quoted: false },
          { text: '1', quoted: false },
          { text: 'CMNET', quoted: true },
          { text: '', quoted: true },
          { text: '', quoted: true },
          { text: '1', quoted: false },
        ],
      },
    ]);
    expect(parseCommandLine('AT+QMTSUB=0,1,"/sys/a1wFylTxYeD/co_0001/thing/service/property/set",0')?.[0].params[2]).toEqual({
      text: '/sys/a1wFylTxYeD/co_0001/thing/service/property/set',
      quoted: true,
    });
  });

  it('knows the four extended forms, case-insensitively', () => {
    expect(parseCommandLine('at+cmee=?')).toEqual([{ name: '+CMEE', form: 'test', params: [] }]);
    expect(parseCommandLine('AT+CSQ')).toEqual([{ name: '+CSQ', form: 'execute', params: [] }]);
  });

  it('reads basic commands, S-registers and chains', () => {
    expect(parseCommandLine('ATE0')).toEqual([{ name: 'E', form: 'execute', params: [{ text: '0', quoted: false }] }]);
    expect(parseCommandLine('ATE0V1')?.map((c) => c.name)).toEqual(['E', 'V']);
    expect(parseCommandLine('AT&F')).toEqual([{ name: '&F', form: 'execute', params: [] }]);
    expect(parseCommandLine('ATS3?')).toEqual([{ name: 'S3', form: 'read', params: [] }]);
    expect(parseCommandLine('ATS0=2')).toEqual([{ name: 'S0', form: 'write', params: [{ text: '2', quoted: false }] }]);
    // [ATM] 3.4's example
    expect(parseCommandLine('AT+IPR=115200;&W')?.map((c) => c.name)).toEqual(['+IPR', '&W']);
    expect(parseCommandLine('AT+CMEE=2;+CPIN?')?.map((c) => `${c.name}/${c.form}`)).toEqual(['+CMEE/write', '+CPIN/read']);
  });

  it('keeps commas, semicolons and equals signs inside quotes, and tolerates spaces around commas', () => {
    const [cmd] = parseCommandLine('AT+QMTPUBEX=0, 0 ,0,0,"a,b;c=d",3')!;
    expect(cmd.params.map((p) => p.text)).toEqual(['0', '0', '0', '0', 'a,b;c=d', '3']);
  });

  it('keeps empty parameters', () => {
    expect(parseCommandLine('AT+X=1,,2')?.[0].params.map((p) => p.text)).toEqual(['1', '', '2']);
  });

  it('refuses broken syntax', () => {
    for (const bad of ['AT+QMTCFG="aliauth,0', 'AT+X="a"b', 'AT+X=a"b', 'AT&', 'ATS=1', 'AT+', 'AT+X?Y', 'hello', 'AT#']) {
      expect(parseCommandLine(bad), bad).toBeNull();
    }
  });
});

describe('parseCommandLine, properties', () => {
  const name = fc.stringMatching(/^[A-Z][A-Z0-9]{0,7}$/);
  const param: fc.Arbitrary<AtParam> = fc.oneof(
    fc.record({ text: fc.string({ maxLength: 12 }).filter((s) => !s.includes('"')), quoted: fc.constant(true) }),
    fc.record({ text: fc.stringMatching(/^[A-Za-z0-9./_-]{0,8}$/), quoted: fc.constant(false) }),
  );
  const command: fc.Arbitrary<AtCommand> = fc.oneof(
    fc.record({ name: name.map((n) => `+${n}`), form: fc.constantFrom('execute' as const, 'test' as const, 'read' as const), params: fc.constant<AtParam[]>([]) }),
    fc.record({ name: name.map((n) => `+${n}`), form: fc.constant('write' as const), params: fc.array(param, { minLength: 1, maxLength: 6 }) }),
  );
  const render = (c: AtCommand) =>
    c.name +
    { execute: '', test: '=?', read: '?', write: `=${c.params.map((p) => (p.quoted ? `"${p.text}"` : p.text)).join(',')}` }[c.form];

  it('reads back any line of extended commands it could be sent', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 4 }), (commands) => {
        expect(parseCommandLine(`AT${commands.map(render).join(';')}`)).toEqual(commands);
      }),
    );
  });

  it('never throws, whatever the line', () => {
    fc.assert(
      fc.property(fc.string(), (tail) => {
        const parsed = parseCommandLine(`AT${tail}`);
        expect(parsed === null || Array.isArray(parsed)).toBe(true);
      }),
    );
  });
});
