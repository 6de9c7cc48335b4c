// The reader side of the serial ingest bench (row 3), run as its own process so that its CPU time is
// the app's read path alone: the real serial link on a pty, the AtClient + SessionPipeline the app
// builds (secrets masked), and a CaptureWriter recording to a file. With --bare it is the serial
// link alone, counting bytes: the floor the rest is built on. The parent drives it with JSON lines
// on stdin and reads JSON lines from stdout:
//   → {"cmd":"expect","records":N,"bytes":B,"timeoutMs":T}  ← {"event":"armed"}, later {"event":"done",...}
//   → {"cmd":"idle","ms":M}                        ← {"event":"idle","cpuMs":...,"wallMs":...}
//   → {"cmd":"close"}                              ← {"event":"closed","captureDroppedBytes":...}
// It exits when its stdin closes, so it never outlives the bench.
import { createInterface } from 'node:readline';
import { openSerialLink } from '../../electron/link/serial-link';
import { DEFAULT_SERIAL, type Link } from '../../electron/link/types';
import { SessionPipeline } from '../../electron/session/pipeline';
import { SecretMasker } from '../../electron/session/secret-mask';
import { AtClient } from '../../electron/services/at-client';
import { CaptureWriter } from '../../electron/capture/capture-writer';
import { systemScheduler } from '../../electron/platform/system-scheduler';
import { SequenceChecker, seqOf } from './seq-corpus';

export type ReaderCommand = { cmd: 'expect'; records: number; bytes: number; timeoutMs: number } | { cmd: 'idle'; ms: number } | { cmd: 'close' };

export type ReaderEvent =
  | { event: 'ready' }
  | { event: 'armed' }
  | {
      event: 'done';
      bytes: number;
      chunks: number;
      /** Epoch ms (performance.timeOrigin + performance.now()) of the first and the last byte. */
      firstAt: number;
      lastAt: number;
      /** CPU time of this process from the first byte to the last record's fact (--bare: the last byte). */
      cpuMs: number;
      /** Sequence numbers (--bare: none are checked). */
      seen: number;
      lost: number;
      misordered: number;
      timedOut: boolean;
    }
  | { event: 'idle'; cpuMs: number; wallMs: number }
  | { event: 'closed'; captureDroppedBytes: number }
  | { event: 'error'; message: string };

const send = (e: ReaderEvent) => process.stdout.write(`${JSON.stringify(e)}\n`);
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const epochMs = () => performance.timeOrigin + performance.now();

function arg(name: string): string {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0 || !process.argv[at + 1]) throw new Error(`serial-reader: --${name} is required`);
  return process.argv[at + 1];
}

interface Run {
  records: number;
  expectedBytes: number;
  checker: SequenceChecker;
  bytes: number;
  chunks: number;
  firstAt: number;
  cpuAtFirst: number;
  lastAt: number;
  timer: NodeJS.Timeout;
}

/** The app's read path: AtClient + SessionPipeline (masked) + CaptureWriter on the link. */
async function appReadPath(link: Link, port: string, onChunk: (bytes: Uint8Array) => void, onSeq: (seq: number) => void) {
  const masker = new SecretMasker();
  const pipeline = new SessionPipeline({ clock: systemScheduler, masker });
  const client = new AtClient({ link, pipeline, scheduler: systemScheduler });
  const capture = await CaptureWriter.open({ path: arg('capture'), port, baudRate: 921600, masker, note: 'serial ingest bench' });
  client.onRx((bytes, t) => {
    capture.record('rx', bytes, t);
    onChunk(bytes);
  });
  pipeline.onFact((fact) => {
    const seq = seqOf(fact);
    if (seq !== null) onSeq(seq);
  });
  return async () => {
    client.close();
    await capture.close();
    const status = capture.state;
    return status.state === 'closed' ? status.droppedBytes : -1;
  };
}

async function main(): Promise<void> {
  const port = arg('port');
  const bare = process.argv.includes('--bare');
  const link = await openSerialLink({ ...DEFAULT_SERIAL, path: port, baudRate: 921600 });
  let run: Run | null = null;

  const finish = (timedOut: boolean) => {
    if (!run) return;
    const r = run;
    run = null;
    clearTimeout(r.timer);
    const cpu = cpuMs() - r.cpuAtFirst;
    if (!bare) r.checker.finish(r.records);
    send({
      event: 'done', bytes: r.bytes, chunks: r.chunks, firstAt: r.firstAt, lastAt: r.lastAt, cpuMs: cpu,
      seen: r.checker.seen, lost: r.checker.lost, misordered: r.checker.misordered, timedOut,
    });
  };

  const onChunk = (bytes: Uint8Array) => {
    if (!run) return;
    if (run.chunks === 0) {
      run.firstAt = epochMs();
      run.cpuAtFirst = cpuMs();
    }
    run.chunks++;
    run.bytes += bytes.length;
    run.lastAt = epochMs();
    if (bare ? run.bytes >= run.expectedBytes : run.checker.reached(run.records)) finish(false);
  };
  let closeReadPath = async () => 0;
  if (bare) link.onData(onChunk);
  else closeReadPath = await appReadPath(link, port, onChunk, (seq) => run?.checker.see(seq));
  link.onClose((c) => {
    if (!c.unplugged) return;
    send({ event: 'error', message: c.message });
    process.exit(1);
  });

  const input = createInterface({ input: process.stdin });
  input.on('close', () => process.exit(0));
  input.on('line', (line) => {
    const command = JSON.parse(line) as ReaderCommand;
    if (command.cmd === 'expect') {
      const timer = setTimeout(() => finish(true), command.timeoutMs);
      run = { records: command.records, expectedBytes: command.bytes, checker: new SequenceChecker(), bytes: 0, chunks: 0, firstAt: 0, cpuAtFirst: cpuMs(), lastAt: 0, timer };
      send({ event: 'armed' });
    } else if (command.cmd === 'idle') {
      const cpu0 = cpuMs();
      const wall0 = performance.now();
      setTimeout(() => send({ event: 'idle', cpuMs: cpuMs() - cpu0, wallMs: performance.now() - wall0 }), command.ms);
    } else {
      void closeReadPath().then(async (captureDroppedBytes) => {
        await link.close();
        send({ event: 'closed', captureDroppedBytes });
        process.exit(0);
      });
    }
  });
  send({ event: 'ready' });
}

main().catch((err: unknown) => {
  send({ event: 'error', message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
