// The one AT parameter tokenizer: the engine reads responses and command lines with it, and the
// script readers use its offsets to mask a secret in place.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { intFields, intParam, splitParams } from '../../../electron/at/params';
import { parseParams } from '../../../electron/sim/at-command-line';

describe('splitParams', () => {
  it('keeps commas inside quotes and groups parenthesised ranges', () => {
    expect(splitParams(' 0,"host, with comma",1883').map((p) => p.value)).toEqual(['0', 'host, with comma', '1883']);
    expect(splitParams('(0-5),"topic",(0,1)').map((p) => p.value)).toEqual(['(0-5)', 'topic', '(0,1)']);
    expect(splitParams('1,,2').map((p) => p.value)).toEqual(['1', '', '2']);
    // a comma at the very end is followed by one empty parameter, as with a space after it
    expect(splitParams('1,').map((p) => p.value)).toEqual(['1', '']);
    expect(splitParams('1, ').map((p) => p.value)).toEqual(['1', '']);
    expect(splitParams('"a",').map((p) => p.value)).toEqual(['a', '']);
    expect(splitParams(',').map((p) => p.value)).toEqual(['', '']);
    expect(splitParams('  ')).toEqual([]);
    expect(intParam(splitParams(' 0,-1')[1])).toBe(-1);
  });

  it('points each parameter at its place in the text, from any start offset', () => {
    const unit = fc.constantFrom('a', '1', ',', '"', ' ', '\t', '(', ')', ';');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 24 }), fc.string({ unit, maxLength: 6 }), (params, head) => {
        const text = head + params;
        const alone = splitParams(params);
        const within = splitParams(text, head.length);
        expect(within.map((p) => p.value)).toEqual(alone.map((p) => p.value));
        for (const p of within) expect(text.slice(p.start, p.end)).toBe(p.value);
        for (const p of within) expect(p.start).toBeGreaterThanOrEqual(head.length);
      }),
    );
  });

  it('reads any parameter list the module accepts as the virtual module does', () => {
    const param = fc.oneof(
      fc.string({ maxLength: 12 }).filter((s) => !s.includes('"')).map((v) => ({ text: v, quoted: true })),
      fc.stringMatching(/^[A-Za-z0-9./_-]{1,8}$/).map((v) => ({ text: v, quoted: false })),
    );
    fc.assert(
      fc.property(fc.array(param, { minLength: 1, maxLength: 6 }), fc.constantFrom('', ' '), (params, space) => {
        const line = `AT+QTEST=${params.map((p) => space + (p.quoted ? `"${p.text}"` : p.text) + space).join(',')}`;
        const module = parseParams(line, 'AT+QTEST='.length);
        expect(module?.params).toEqual(params);
        const ours = splitParams(line, 'AT+QTEST='.length);
        expect(ours.map(({ value, quoted }) => ({ text: value, quoted }))).toEqual(module?.params);
      }),
    );
  });
});

describe('intFields', () => {
  const viaParams = (text: string) => {
    const fields = splitParams(text).map(intParam);
    return fields.length === 0 || fields.some((f) => f === null) ? null : fields;
  };

  it('reads what splitParams and intParam read, or null when a field is no integer', () => {
    for (const text of ['0,0,0', ' 0, 1 ,2', '-0,5', '0,', ',', '', '  ', '1,"2"', '(1),2', '1 2', '-', '- 1', '\t7', '12345678901234567890,1', '007']) {
      expect(intFields(text)).toEqual(viaParams(text));
    }
  });

  it('agrees with splitParams and intParam on any text of digits, signs, separators, quotes and spaces', () => {
    const chars = fc.constantFrom('0', '1', '9', '-', ',', ' ', '\t', '"', '(', ')', 'a', '\u00a0');
    fc.assert(fc.property(fc.array(chars, { maxLength: 24 }).map((cs) => cs.join('')), (text) => {
      expect(intFields(text)).toEqual(viaParams(text));
    }), { numRuns: 3000 });
  });
});
