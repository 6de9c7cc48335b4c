// The renderer stays in step with main: it hydrates from a snapshot, applies batches in order,
// drops stale ones, resynchronises when it sees a gap, and never lets main's echo overwrite an
// edit the user is still making.
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { batch, createFakeApi, packedLines, snapshot } from './fake-api';

const fake = createFakeApi();
const memory = new Map<string, string>();
const localStorage = { getItem: (k: string) => memory.get(k) ?? null, setItem: (k: string, v: string) => memory.set(k, v), removeItem: (k: string) => memory.delete(k) };
vi.stubGlobal('localStorage', localStorage);
vi.stubGlobal('window', { modemdeck: fake.api, localStorage });

const { startSync } = await import('../../../renderer/store/sync');
const { useAppStore, initialState, editScript } = await import('../../../renderer/store/app-store');
const { terminalLog } = await import('../../../renderer/store/terminal-log');

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('renderer sync', () => {
  let stop: () => void = () => {};
  beforeAll(() => () => stop());
  beforeEach(async () => {
    stop();
    useAppStore.setState(initialState());
    fake.calls.length = 0;
    fake.answers.snapshot = () => snapshot(5, packedLines(0, ['RDY', 'OK']));
    stop = startSync(fake.api);
    await flush();
  });

  it('hydrates from the snapshot, and remembers only preferences', () => {
    expect(useAppStore.getState().synced).toBe(true);
    expect(Object.keys(JSON.parse(memory.get('modemdeck.prefs') ?? '{}').state)).toEqual(['prefs']);
    expect(terminalLog.end).toBe(2);
    expect(fake.calls.map((c) => c.name)).toEqual(['snapshot']);
  });

  it('applies the next batches in order and ignores ones the snapshot already had', () => {
    fake.push(batch(5, { log: packedLines(1, ['OK']) }));
    fake.push(batch(6, { log: packedLines(2, ['AT']) }));
    fake.push(batch(7, { log: packedLines(3, ['OK']), link: { ...snapshot(0).link, phase: 'open', name: 'COM7' } }));
    expect(terminalLog.end).toBe(4);
    expect(useAppStore.getState().link.name).toBe('COM7');
    expect(fake.calls.filter((c) => c.name === 'snapshot')).toHaveLength(1);
  });

  it('redraws the log once for batches that queued up, with every line in the store at once', async () => {
    const v0 = useAppStore.getState().logVersion;
    fake.push(batch(6, { log: packedLines(2, ['A']) }));
    fake.push(batch(7, { log: packedLines(3, ['B']) }));
    fake.push(batch(8, { log: packedLines(4, ['C']) }));
    expect(terminalLog.end).toBe(5);
    // The first redraws at once; the two behind it in one redraw at the next frame.
    expect(useAppStore.getState().logVersion).toBe(v0 + 1);
    await new Promise((r) => setTimeout(r, 40));
    expect(useAppStore.getState().logVersion).toBe(v0 + 2);
  });

  it('takes a new snapshot when a batch number is skipped', async () => {
    fake.answers.snapshot = () => snapshot(9, packedLines(0, ['RDY', 'OK', 'AT', 'OK', 'ATI']));
    fake.push(batch(8, { log: packedLines(4, ['ATI']) }));
    await flush();
    expect(fake.calls.filter((c) => c.name === 'snapshot')).toHaveLength(2);
    expect(terminalLog.end).toBe(5);
    fake.push(batch(10, { log: packedLines(5, ['OK']) }));
    expect(terminalLog.end).toBe(6);
  });

  it('clears when main cleared', () => {
    fake.push(batch(6, { cleared: true, log: packedLines(2, ['fresh']) }));
    expect(terminalLog.end - terminalLog.first).toBe(1);
  });

  it('sends list edits after a pause and keeps typing safe from main echoes', async () => {
    vi.useFakeTimers();
    try {
      fake.answers.setScript = (req) => ({ name: '', ...(req as object), maskedRowIds: [] });
      const row = { id: 0, selected: true, text: 'AT', hex: false, enter: true, delayMs: null, waitForResult: false };
      editScript([row]);
      // An echo of an older list arrives while the user is typing: ignored.
      fake.push(batch(6, { script: { name: '', rows: [], settings: { runTimes: 1, delayMs: 1000 } } }));
      expect(useAppStore.getState().script.rows).toHaveLength(1);
      editScript([{ ...row, text: 'AT+CSQ' }]);
      await vi.advanceTimersByTimeAsync(400);
      const sent = fake.calls.filter((c) => c.name === 'setScript');
      expect(sent).toHaveLength(1);
      expect((sent[0].req as { rows: { text: string }[] }).rows[0].text).toBe('AT+CSQ');
      const s = useAppStore.getState();
      expect(s.confirmedEdit).toBe(s.editVersion);
    } finally {
      vi.useRealTimers();
    }
  });
});
