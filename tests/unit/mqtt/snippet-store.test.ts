// Saved publish snippets on disk: they come back as saved, and a damaged or hand-edited file never
// crashes the app or silently loses what was in it.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SnippetStore, type Snippet } from '../../../electron/mqtt/snippet-store';

const POST: Snippet = { name: 'power on', qos: 0, retain: false, draft: { kind: 'property-post', params: '{"PowerSwitch_1":1,"T":23.0}' } };
const CUSTOM: Snippet = { name: '温度', qos: 1, retain: false, draft: { kind: 'custom', topic: '/pk/dn/user/update', payload: '{"t":"21℃"}' } };

let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'modemdeck-snippets-'));
  file = join(dir, 'nested', 'snippets.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('SnippetStore', () => {
  it('starts empty, then keeps snippets across instances, replacing by name', async () => {
    expect(await new SnippetStore(file).load()).toEqual({ snippets: [] });
    await new SnippetStore(file).save(POST);
    await new SnippetStore(file).save(CUSTOM);
    await new SnippetStore(file).save({ ...POST, qos: 1 });
    expect((await new SnippetStore(file).load()).snippets).toEqual([CUSTOM, { ...POST, qos: 1 }]);
    expect(await new SnippetStore(file).remove('温度')).toEqual([{ ...POST, qos: 1 }]);
  });

  it('skips entries it cannot read and says so in both languages', async () => {
    const flat = join(dir, 'snippets.json');
    writeFileSync(flat, JSON.stringify({ version: 1, snippets: [POST, { name: '', qos: 3 }, 'junk', CUSTOM] }));
    const list = await new SnippetStore(flat).load();
    expect(list.snippets).toEqual([POST, CUSTOM]);
    expect(list.warning?.en).toMatch(/^2 saved snippet/);
    expect(list.warning?.zh).toMatch(/2 个片段/);
  });

  it('keeps an unreadable file as .bad before writing a new one', async () => {
    const flat = join(dir, 'snippets.json');
    writeFileSync(flat, '{"snippets": [ {"name": "half');
    const store = new SnippetStore(flat);
    const list = await store.load();
    expect(list.snippets).toEqual([]);
    expect(list.warning?.en).toMatch(/not valid JSON/);
    await store.save(POST);
    expect(readFileSync(`${flat}.bad`, 'utf8')).toBe('{"snippets": [ {"name": "half');
    expect((await new SnippetStore(flat).load()).snippets).toEqual([POST]);
    expect(existsSync(`${flat}.tmp`)).toBe(false);
  });

  it('refuses to save a snippet that would not load back', async () => {
    expect(await new SnippetStore(file).save({ ...POST, name: '' })).toMatchObject({ ok: false, zh: expect.stringContaining('名称') });
    expect(existsSync(file)).toBe(false);
  });
});
