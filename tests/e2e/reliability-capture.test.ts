// Nothing lost (reliability-checklist §5): every session is recorded to the data folder; a session
// killed mid-flood leaves a capture with everything up to the last second, which the next start
// offers to recover; a full disk suspends the recording, says so, and it resumes by itself.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workbench, VIRTUAL_PORT } from '../../electron/services/workbench';
import { createVirtualLink } from '../../electron/link/virtual-link';
import { VirtualModule } from '../../electron/sim/virtual-module';
import { systemScheduler } from '../../electron/platform/system-scheduler';
import { SecretMasker } from '../../electron/session/secret-mask';
import { DEFAULT_SERIAL } from '../../electron/link/types';
import { readCapture } from '../../electron/capture/capture-reader';
import type { CaptureFile } from '../../electron/capture/capture-writer';
import { latin1Decode } from '../../shared/bytes';
import type { Notice, StreamBatch } from '../../shared/contract';

const repoRoot = join(import.meta.dirname, '../..');
let dir: string;
const benches: Workbench[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(what: string, check: () => T | undefined | false | null, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

function bench(captureDir: string, openFile?: (path: string, flags: 'ax' | 'a') => Promise<CaptureFile>): { wb: Workbench; notices: () => Notice[] } {
  const batches: StreamBatch[] = [];
  const wb = new Workbench({
    scheduler: systemScheduler,
    masker: new SecretMasker(),
    listPorts: async () => [],
    openLink: async () => createVirtualLink(new VirtualModule({ timing: 'fast', bootDelayMs: 5 })),
    captureDir,
    captureOpenFile: openFile,
  });
  wb.onBatch((b) => batches.push(b));
  benches.push(wb);
  return { wb, notices: () => batches.flatMap((b) => b.notices) };
}

const sentCommands = (records: { dir: string; bytes: Uint8Array }[]) =>
  [...records.filter((r) => r.dir === 'tx').map((r) => latin1Decode(r.bytes)).join('').matchAll(/AT\+FLOOD=(\d+)/g)].map((m) => Number(m[1]));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'modemdeck-cap-'));
});

afterEach(async () => {
  for (const wb of benches.splice(0)) await wb.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('session capture', () => {
  it('a session killed with SIGKILL mid-flood keeps all but the last second, and the next start offers it for export', async () => {
    const captures = join(dir, 'captures');
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'tests/e2e/reliability-capture.child.ts'), captures], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    const sent: { seq: number; t: number }[] = [];
    let out = '';
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (text: string) => {
      out += text;
      const lines = out.split('\n');
      out = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^sent (\d+) (\d+)$/.exec(line);
        if (m) sent.push({ seq: Number(m[1]), t: Number(m[2]) });
      }
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await until('the flood', () => sent.length > 0 && Date.now() - sent[0].t > 2500, 20_000);
    child.kill('SIGKILL');
    const killedAt = Date.now();
    await exited;

    const files = readdirSync(captures);
    const capturePath = join(captures, files.find((f) => f.endsWith('.jsonl'))!);
    expect(files).toContain(`${files.find((f) => f.endsWith('.jsonl'))}.open`);
    const recorded = sentCommands((await readCapture(capturePath)).records);
    // In order, none missing, and everything sent more than a second (plus the fsync) before the kill.
    expect(recorded).toEqual(recorded.map((_, i) => i + 1));
    const due = sent.filter((s) => s.t < killedAt - 1500).map((s) => s.seq);
    expect(due.length).toBeGreaterThan(10);
    expect(recorded.length).toBeGreaterThanOrEqual(due[due.length - 1]);

    // The next start: the unfinished capture is listed and can be exported as a readable log.
    const { wb } = bench(captures);
    const unfinished = await wb.listUnfinishedCaptures();
    expect(unfinished).toMatchObject([{ path: capturePath, port: VIRTUAL_PORT }]);
    const logPath = join(dir, 'recovered.log');
    await wb.exportUnfinishedCapture(capturePath, logPath);
    const log = readFileSync(logPath, 'utf8');
    expect(log).toContain(`TX AT+FLOOD=${due[due.length - 1]}\\r\\n`);
    expect(await wb.listUnfinishedCaptures()).toEqual([]);
    // A path the listing did not offer is refused, not read.
    await expect(wb.exportUnfinishedCapture('/etc/passwd', join(dir, 'x.log'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  }, 40_000);

  it('a full disk suspends the recording with a notice, keeps the bytes, and resumes when space is back', async () => {
    let diskFull = false;
    const fullDisk = async (path: string, flags: 'ax' | 'a'): Promise<CaptureFile> => {
      const handle = await open(path, flags);
      const refuse = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      return {
        write: async (data) => {
          if (diskFull) throw refuse();
          return (await handle.write(data)).bytesWritten;
        },
        sync: () => handle.sync(),
        close: () => handle.close(),
      };
    };
    const captures = join(dir, 'captures');
    const { wb, notices } = bench(captures, fullDisk);
    await wb.openLink({ ...DEFAULT_SERIAL, path: VIRTUAL_PORT });
    diskFull = true;
    for (let seq = 1; seq <= 5; seq++) await wb.send(`AT+FLOOD=${seq}`, false, 'crlf');
    const suspended = await until('the suspended notice', () => notices().find((n) => n.code === 'capture.suspended'), 3000);
    expect(suspended.level).toBe('error');
    expect(suspended.detail).toContain('free some disk space');
    // The session itself goes on while the disk is full.
    await wb.send('AT+FLOOD=6', false, 'crlf');
    diskFull = false;
    await until('the resumed notice', () => notices().find((n) => n.code === 'capture.resumed'), 3000);
    await wb.closeLink();
    const file = readdirSync(captures).find((f) => f.endsWith('.jsonl'))!;
    expect(sentCommands((await readCapture(join(captures, file))).records)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
