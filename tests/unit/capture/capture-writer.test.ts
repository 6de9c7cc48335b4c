// CaptureWriter's buffering, masking and disk-error handling, against a file the test controls and
// a clock it moves by hand. Real files and a real crash are in tests/integration/capture.test.ts.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CaptureWriter, type CaptureFile, type CaptureWriterStatus } from '../../../electron/capture/capture-writer';
import { parseCapture } from '../../../electron/capture/capture-reader';
import { SecretMasker } from '../../../electron/session/secret-mask';
import { concatBytes, utf8Decode, utf8Encode } from '../../../shared/bytes';
import { ManualClock } from '../../support/manual-clock';

const SECRET = '7ab0c4b3532b5783df5fdc58a2895d7a';

/** A file in memory that can be told to fail like a full disk. */
class MemoryFile implements CaptureFile {
  readonly written: Uint8Array[] = [];
  syncs = 0;
  closed = false;
  failWith: string | null = null;
  /** Accept at most this many bytes per write call (a short write). */
  maxPerWrite = Infinity;
  async write(data: Uint8Array): Promise<number> {
    if (this.failWith) throw Object.assign(new Error(`${this.failWith}: no space left on device, write`), { code: this.failWith });
    const n = Math.min(data.length, this.maxPerWrite);
    this.written.push(data.slice(0, n));
    return n;
  }
  async sync(): Promise<void> {
    this.syncs++;
  }
  async close(): Promise<void> {
    this.closed = true;
  }
  get bytes(): Uint8Array {
    return concatBytes(this.written);
  }
  get text(): string {
    return utf8Decode(this.bytes);
  }
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};

/** A file whose writes finish only when the test lets them (a slow disk that reads `data` late, as the OS may). */
class GatedFile extends MemoryFile {
  private gates: Array<() => void> = [];
  override async write(data: Uint8Array): Promise<number> {
    await new Promise<void>((open) => this.gates.push(open));
    return super.write(data);
  }
  get waiting(): number {
    return this.gates.length;
  }
  release(): void {
    for (const open of this.gates.splice(0)) open();
  }
}

async function setup(opts: { raw?: boolean; maxBufferedBytes?: number; flushThresholdBytes?: number; file?: MemoryFile } = {}) {
  const clock = new ManualClock(1_700_000_000_000);
  const file = opts.file ?? new MemoryFile();
  const masker = new SecretMasker();
  const common = { path: '/captures/s.jsonl', port: '/dev/ttyUSB2', baudRate: 115200, scheduler: clock, openFile: async () => file, maxBufferedBytes: opts.maxBufferedBytes, flushThresholdBytes: opts.flushThresholdBytes };
  const writer = opts.raw ? await CaptureWriter.open({ ...common, raw: true }) : await CaptureWriter.open({ ...common, masker });
  const statuses: CaptureWriterStatus[] = [];
  writer.onStatus((s) => statuses.push(s));
  const tick = async (ms = 1000) => {
    clock.advance(ms);
    await settle();
  };
  return { clock, file, masker, writer, statuses, tick, records: () => parseCapture(file.bytes).records };
}

describe('CaptureWriter', () => {
  it('writes the header at once and the records within a second, in the order they crossed the wire', async () => {
    const t = await setup();
    expect(JSON.parse(t.file.text)).toEqual({ format: 'serial-capture', version: 1, port: '/dev/ttyUSB2', baudRate: 115200, startedAt: 1_700_000_000_000, masked: true });
    t.writer.record('tx', utf8Encode('AT\r'), 5);
    t.writer.record('rx', utf8Encode('AT\r\r\nOK\r\n'), 6);
    await settle();
    expect(t.records()).toEqual([]); // buffered, not yet written
    await t.tick();
    expect(t.records().map((r) => [r.t, r.dir, utf8Decode(r.bytes)])).toEqual([
      [5, 'tx', 'AT\r'],
      [6, 'rx', 'AT\r\r\nOK\r\n'],
    ]);
    expect(t.file.syncs).toBeGreaterThan(0);
  });

  it('keeps records in memory for up to a second, then writes and fsyncs them', async () => {
    const t = await setup();
    const syncsAfterOpen = t.file.syncs;
    await t.tick(10);
    t.writer.record('rx', utf8Encode('+CSQ: 24,99\r\n'), 7);
    await t.tick(989); // the timer is due 1000 ms after the writer opened
    expect(t.records()).toEqual([]);
    expect(t.file.syncs).toBe(syncsAfterOpen);
    await t.tick(1);
    expect(t.records().map((r) => [r.t, utf8Decode(r.bytes)])).toEqual([[7, '+CSQ: 24,99\r\n']]);
    expect(t.file.syncs).toBe(syncsAfterOpen + 1);
    await t.tick(); // nothing new: no write, no fsync
    expect(t.file.syncs).toBe(syncsAfterOpen + 1);
  });

  it('writes a chunk far larger than a batch as one whole record, masked or raw', async () => {
    const big = Uint8Array.from({ length: 1024 * 1024 + 1 }, (_, i) => (i * 31 + (i >> 9)) & 0xff);
    for (const raw of [false, true]) {
      const t = await setup({ raw, flushThresholdBytes: 4096 });
      t.writer.record('tx', utf8Encode('AT\r'), 1);
      t.writer.record('rx', big, 2);
      t.writer.record('rx', utf8Encode('OK\r\n'), 3);
      await t.writer.close();
      const records = t.records();
      expect(records.map((r) => r.t)).toEqual([1, 2, 3]);
      expect(Buffer.from(records[1].bytes).equals(Buffer.from(big))).toBe(true);
    }
  });

  it('keeps recording into fresh room while a slow disk takes earlier batches, and loses or mixes up nothing', async () => {
    const file = new GatedFile();
    const openWriter = setup({ file, flushThresholdBytes: 1024 });
    while (file.waiting === 0) await settle();
    file.release(); // the header
    const t = await openWriter;
    const sent: string[] = [];
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 40; i++) {
        const text = `+QIURC: "recv",${round},${i},${'x'.repeat((i * 13) % 200)}\r\n`;
        sent.push(text);
        t.writer.record('rx', utf8Encode(text));
      }
      await settle();
      expect(file.waiting).toBe(1); // one batch at a time goes to the disk
      file.release();
      await settle();
    }
    const closing = t.writer.close();
    while (t.writer.state.state !== 'closed') {
      file.release();
      await settle();
    }
    await closing;
    expect(t.records().map((r) => utf8Decode(r.bytes))).toEqual(sent);
    expect(parseCapture(file.bytes).truncatedLines).toBe(0);
  });

  it('keeps every chunk, in order and at its size, with the secret masked, however chunks, batches and ticks fall', async () => {
    const session = `AT+QMTCFG="aliauth",0,"a1wFylTxYeD","co_0001","${SECRET}"\r\r\nOK\r\n+QMTRECV: 0,1,"t",12,"${SECRET.slice(0, 12)}"\r\n${'+CEREG: 1\r\n'.repeat(30)}`;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ dir: fc.constantFrom('tx' as const, 'rx' as const), cut: fc.integer({ min: 1, max: 90 }), tick: fc.constantFrom(0, 0, 0, 300, 1000) }), { minLength: 1, maxLength: 40 }),
        fc.constantFrom(64, 512, 64 * 1024),
        async (steps, flushThresholdBytes) => {
          const t = await setup({ flushThresholdBytes });
          t.masker.add(SECRET);
          const sent: Array<[string, number, number]> = [];
          // Each direction carries the session on its own, cut at random places.
          const at = { tx: 0, rx: 0 };
          for (const [i, step] of steps.entries()) {
            const from = at[step.dir] % session.length;
            const text = session.slice(from, from + step.cut);
            at[step.dir] += text.length;
            sent.push([step.dir, text.length, i]);
            t.writer.record(step.dir, utf8Encode(text), i);
            if (step.tick) await t.tick(step.tick);
          }
          await t.writer.close();
          const records = t.records();
          expect(records.map((r) => [r.dir, r.bytes.length, r.t])).toEqual(sent);
          for (const dir of ['tx', 'rx']) {
            expect(records.filter((r) => r.dir === dir).map((r) => utf8Decode(r.bytes)).join('')).not.toContain(SECRET.slice(0, 29));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('writes without waiting for the timer once about 64 KiB are buffered', async () => {
    const t = await setup();
    for (let i = 0; i < 1200; i++) t.writer.record('rx', utf8Encode(`+QMTRECV: 0,${i},"topic",20,"{\\"v\\":${i}}"\r\n`.padEnd(40)));
    await settle();
    expect(t.records().length).toBeGreaterThan(1000);
  });

  it('masks the secret in every chunk and keeps each chunk as it came, even split and held back', async () => {
    const t = await setup();
    const command = `AT+QMTCFG="aliauth",0,"a1wFylTxYeD","co_0001","${SECRET}"\r`;
    t.writer.record('tx', utf8Encode(command.slice(0, 50)));
    t.writer.record('rx', utf8Encode(command.slice(0, 30))); // the echo, split elsewhere
    t.writer.record('tx', utf8Encode(command.slice(50)));
    t.writer.record('rx', utf8Encode(command.slice(30) + '\r\nOK\r\n'));
    await t.tick();
    const records = t.records();
    expect(records.map((r) => [r.dir, r.bytes.length])).toEqual([
      ['tx', 50],
      ['rx', 30],
      ['tx', command.length - 50],
      ['rx', command.length - 30 + 6],
    ]);
    const all = records.map((r) => utf8Decode(r.bytes)).join('');
    expect(all).not.toContain(SECRET);
    expect(all).toContain('*'.repeat(29) + 'd7a');
  });

  it('writes secrets in clear only when asked for raw', async () => {
    const t = await setup({ raw: true });
    t.writer.record('tx', utf8Encode(`AT+QMTCFG="aliauth",0,"pk","dn","${SECRET}"\r`));
    await t.tick();
    expect(parseCapture(t.file.bytes).header.masked).toBe(false);
    expect(utf8Decode(t.records()[0].bytes)).toContain(SECRET);
  });

  it('lets a chunk held back for a secret that never completes go out after a second', async () => {
    const t = await setup();
    t.masker.add(SECRET);
    await t.tick(500);
    t.writer.record('rx', utf8Encode(`junk ${SECRET.slice(0, 12)}`));
    t.writer.record('tx', utf8Encode('AT\r')); // waits behind it: the file keeps arrival order
    await t.tick(500); // the flush timer fires, but the chunk was held only half a second
    expect(t.records()).toEqual([]);
    await t.tick(1000);
    expect(t.records().map((r) => utf8Decode(r.bytes))).toEqual([`junk ${'*'.repeat(12)}`, 'AT\r']);
  });

  it('suspends on a full disk without throwing, keeps bounded memory, and resumes by itself', async () => {
    const t = await setup({ maxBufferedBytes: 4000 });
    t.file.failWith = 'ENOSPC';
    for (let i = 0; i < 50; i++) t.writer.record('rx', utf8Encode(`line ${i}\r\n`));
    await t.tick();
    expect(t.statuses).toHaveLength(1);
    expect(t.statuses[0]).toMatchObject({ state: 'suspended', code: 'ENOSPC' });
    expect((t.statuses[0] as { message: string }).message).toMatch(/^recording to \/captures\/s.jsonl is suspended \(ENOSPC: no space left on device, write\): free some disk space/);
    for (let i = 50; i < 200; i++) expect(() => t.writer.record('rx', utf8Encode(`line ${i}\r\n`))).not.toThrow();
    await t.tick();
    expect(t.statuses).toHaveLength(1); // told once, not every second
    const state = t.writer.state as Extract<CaptureWriterStatus, { state: 'suspended' }>;
    expect(state.bufferedBytes).toBeLessThanOrEqual(4000 + 64 * 1024);
    expect(state.droppedBytes).toBeGreaterThan(0);

    t.file.failWith = null;
    await t.tick();
    expect(t.statuses.at(-1)).toEqual({ state: 'writing' });
    const lines = t.records().map((r) => utf8Decode(r.bytes));
    expect(lines.at(-1)).toBe('line 199\r\n'); // the newest records survive, the oldest were dropped
    expect(lines[0]).toBe('line 0\r\n'); // the batch that failed first is kept whole
    // Whole records were dropped, the oldest first: what survives after that batch is the newest run.
    const firstAfterGap = lines.findIndex((line, i) => i > 0 && line !== `line ${i}\r\n`);
    expect(firstAfterGap).toBeGreaterThan(0);
    const newest = lines.slice(firstAfterGap).map((line) => Number(/line (\d+)/.exec(line)![1]));
    expect(newest).toEqual(Array.from({ length: newest.length }, (_, i) => 200 - newest.length + i));
    expect(parseCapture(t.file.bytes).truncatedLines).toBe(0);
    await t.writer.close();
    expect(t.statuses.at(-1)).toEqual({ state: 'closed', droppedBytes: state.droppedBytes });
  });

  it('finishes a short write where it stopped, so no record is split or doubled', async () => {
    const t = await setup();
    t.file.maxPerWrite = 7;
    for (let i = 0; i < 20; i++) t.writer.record(i % 2 ? 'rx' : 'tx', utf8Encode(`chunk ${i}`));
    await t.writer.close();
    expect(t.records().map((r) => utf8Decode(r.bytes))).toEqual(Array.from({ length: 20 }, (_, i) => `chunk ${i}`));
    expect(t.file.closed).toBe(true);
  });

  it('flushes what the masking streams still hold on close, and ignores records after it', async () => {
    const t = await setup();
    t.writer.record('tx', utf8Encode('AT+QMTCFG="aliauth",0,"pk","dn","abc')); // an unfinished credential line
    await t.writer.close();
    t.writer.record('tx', utf8Encode('AT\r'));
    const records = t.records();
    expect(records.map((r) => utf8Decode(r.bytes))).toEqual(['AT+QMTCFG="aliauth",0,"pk","dn","***']);
    expect(t.writer.state).toEqual({ state: 'closed', droppedBytes: 0 });
  });
});
