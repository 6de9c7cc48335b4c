// CaptureWriter on real files: append-only opening, a real full disk (/dev/full), secrets split
// across chunks, and a writer killed with SIGKILL in the middle of a stream.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaptureOpenError, CaptureWriter, type CaptureWriterStatus } from '../../electron/capture/capture-writer';
import { readCapture } from '../../electron/capture/capture-reader';
import { SecretMasker } from '../../electron/session/secret-mask';
import { concatBytes, utf8Decode, utf8Encode } from '../../shared/bytes';
import { repoRoot } from '../support/fixtures';

const SECRET = '7ab0c4b3532b5783df5fdc58a2895d7a';
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'modemdeck-capture-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const openMasked = (path: string, append = false) =>
  CaptureWriter.open({ path, port: '/dev/ttyUSB2', baudRate: 115200, masker: new SecretMasker(), append });

describe('CaptureWriter on disk', () => {
  it('never overwrites an existing file, and appends to a capture only when asked', async () => {
    const path = join(dir, 'session.jsonl');
    const first = await openMasked(path);
    first.record('tx', utf8Encode('AT\r'));
    await first.close();

    const refused = await openMasked(path).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CaptureOpenError);
    expect((refused as CaptureOpenError).code).toBe('EXISTS');
    expect((refused as CaptureOpenError).message).toBe(`${path} already exists: pick another name, or choose to append to it`);

    appendFileSync(path, '{"t":17,"dir":"rx","b64":"T0sN'); // a record cut off by a crash
    const second = await openMasked(path, true);
    second.record('rx', utf8Encode('\r\nOK\r\n'));
    await second.close();
    const capture = await readCapture(path);
    expect(capture.records.map((r) => utf8Decode(r.bytes))).toEqual(['AT\r', '\r\nOK\r\n']);
    expect(capture.truncatedLines).toBe(1);
    expect(readFileSync(path, 'utf8').match(/serial-capture/g)).toHaveLength(1);

    const raw = await CaptureWriter.open({ path, port: 'x', baudRate: 1, raw: true, append: true }).catch((e: unknown) => e);
    expect((raw as CaptureOpenError).code).toBe('MASKING_MISMATCH');
    writeFileSync(join(dir, 'notes.txt'), 'hello\n');
    const notCapture = await openMasked(join(dir, 'notes.txt'), true).catch((e: unknown) => e);
    expect((notCapture as CaptureOpenError).code).toBe('NOT_A_CAPTURE');
    const noFolder = await openMasked(join(dir, 'missing', 'x.jsonl')).catch((e: unknown) => e);
    expect((noFolder as CaptureOpenError).message).toMatch(/^cannot record to .*: its folder does not exist; pick another place$/);
  });

  it('keeps the DeviceSecret out of the file, split across chunks in both directions', async () => {
    const path = join(dir, 'aliauth.jsonl');
    const masker = new SecretMasker();
    const writer = await CaptureWriter.open({ path, port: '/dev/ttyUSB2', baudRate: 115200, masker });
    const command = utf8Encode(`AT+QMTCFG="aliauth",0,"a1wFylTxYeD","co_0001","${SECRET}"\r`);
    const readBack = utf8Encode(`\r\n+QMTCFG: "aliauth","a1wFylTxYeD","co_0001","${SECRET}"\r\n\r\nOK\r\n`);
    for (let i = 0; i < command.length; i += 7) writer.record('tx', command.subarray(i, i + 7));
    for (let i = 0; i < command.length; i += 11) writer.record('rx', command.subarray(i, i + 11)); // echo
    for (let i = 0; i < readBack.length; i += 5) writer.record('rx', readBack.subarray(i, i + 5));
    await writer.close();
    const capture = await readCapture(path);
    expect(capture.header.masked).toBe(true);
    const text = (dir: 'tx' | 'rx') => utf8Decode(concatBytes(capture.records.filter((r) => r.dir === dir).map((r) => r.bytes)));
    expect(text('tx')).toBe(utf8Decode(command).replace(SECRET, '*'.repeat(29) + 'd7a'));
    expect(text('rx')).not.toContain(SECRET);
    expect(capture.records.filter((r) => r.dir === 'rx').every((r) => r.bytes.length <= 11)).toBe(true);
    expect(readFileSync(path, 'utf8')).not.toContain(Buffer.from(SECRET.slice(0, 24)).toString('base64').slice(0, 16));
  });

  it.runIf(process.platform === 'linux')('suspends instead of failing when the disk is full (/dev/full)', async () => {
    const writer = await CaptureWriter.open({ path: '/dev/full', port: 'x', baudRate: 1, raw: true, append: true });
    const statuses: CaptureWriterStatus[] = [writer.state];
    writer.onStatus((s) => statuses.push(s));
    expect(() => writer.record('rx', utf8Encode('OK\r\n'))).not.toThrow();
    await writer.flush();
    await writer.close();
    expect(statuses[0]).toMatchObject({ state: 'suspended', code: 'ENOSPC' });
    expect(statuses.at(-1)).toMatchObject({ state: 'closed' });
  });

  it.each(['fast', 'slow'])('leaves a readable file covering all but the last second when killed mid-stream (%s)', async (rate) => {
    const path = join(dir, `crash-${rate}.jsonl`);
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'tests/integration/capture-crash.child.ts'), path, rate], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const progress: Array<{ at: number; seq: number }> = [];
    let partial = '';
    child.stdout!.on('data', (d: Buffer) => {
      const lines = (partial + d.toString()).split('\n');
      partial = lines.pop()!;
      for (const l of lines) {
        const [at, seq] = l.split(' ').map(Number);
        progress.push({ at, seq });
      }
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const deadline = Date.now() + 15_000;
    while (progress.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 2000));
    const killedAt = Date.now();
    child.kill('SIGKILL');
    await exited;

    const capture = await readCapture(path);
    const seqs = capture.records.map((r) => Number(/\+SEQ: (\d+)/.exec(utf8Decode(r.bytes))![1]));
    expect(seqs).toEqual(seqs.map((_, i) => i)); // nothing lost in between, nothing out of order
    expect(capture.truncatedLines).toBeLessThanOrEqual(1);
    // Everything handed over more than a second before the kill is on disk (plus 0.5 s for a busy 2-core machine).
    const due = progress.filter((p) => p.at <= killedAt - 1500).at(-1)?.seq ?? 0;
    expect(due).toBeGreaterThan(0);
    expect(seqs.length).toBeGreaterThanOrEqual(due);
  });
});
