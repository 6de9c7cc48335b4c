// The publish editor's params rows become the JSON the module sends: valid JSON whatever is typed,
// JSON values kept verbatim (23.0 stays a float), other text sent as a string; the live byte count
// is the UTF-8 length main declares in AT+QMTPUBEX.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { paramsJson, previewDraft } from '../../../renderer/store/mqtt-draft';
import { DEFAULT_EDITOR } from '../../../renderer/store/mqtt-store';

const device = { productKey: 'a1wFylTxYeD', deviceName: 'co_0001' };

describe('paramsJson', () => {
  it('keeps JSON values verbatim and quotes other text', () => {
    expect(paramsJson([{ name: 'T', value: '23.0' }, { name: 'On', value: 'true' }, { name: 'Msg', value: '开关 on' }, { name: '', value: '1' }])).toBe('{"T":23.0,"On":true,"Msg":"开关 on"}');
  });

  it('always yields a JSON object with every named row, whatever is typed', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ name: fc.string({ minLength: 1 }).filter((n) => n.trim() !== ''), value: fc.string() }), { maxLength: 6 }), (rows) => {
        const parsed = JSON.parse(paramsJson(rows)) as Record<string, unknown>;
        expect(typeof parsed).toBe('object');
        for (const r of rows) expect(Object.keys(parsed)).toContain(r.name.trim());
      }),
    );
  });
});

describe('previewDraft', () => {
  it('counts UTF-8 bytes, not characters', () => {
    const p = previewDraft({ ...DEFAULT_EDITOR, rows: [{ name: 'Msg', value: '"温度"' }] }, device);
    expect(p.ok && p.topic).toBe('/sys/a1wFylTxYeD/co_0001/thing/event/property/post');
    expect(p.ok && p.bytes).toBe(new TextEncoder().encode(p.ok ? p.payload : '').length);
    expect(p.ok && p.bytes).toBeGreaterThan(p.ok ? p.payload.length : 0);
  });

  it('says where a raw JSON payload is broken', () => {
    const p = previewDraft({ ...DEFAULT_EDITOR, kind: 'custom', topic: '/a1wFylTxYeD/co_0001/user/update', text: '{"a":1,}' }, device);
    expect(p.ok && p.jsonError?.en).toMatch(/Line 1, column \d+/);
  });

  it('refuses event params that are not an object', () => {
    const p = previewDraft({ ...DEFAULT_EDITOR, kind: 'event-post', eventId: 'Error', text: '[1]' }, device);
    expect(p.ok).toBe(false);
  });
});
