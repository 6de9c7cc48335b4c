// The app's main side for rows 8-9: the real composition (createAppServices) and browser host
// (startWebHost) on the built renderer, with the workbench's link opened on a pty. Prints
// `url: <url>`, then answers one command per stdin line with one JSON line:
//   eld-start            start sampling this process's event-loop delay
//   eld-stop             {p50, p99, max} in ms since eld-start
//   count                {lines, seqs, toBatchP50, toBatchP99}: +BENCH sequence numbers in main's
//                        log store; stamp → batch sent, since the last count
//   quit
// Usage: host-child <tty> <rendererDir>
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { createAppServices } from '../../../electron/services/app-services';
import { createHandlers, typedPathsOnly } from '../../../electron/ipc/handlers';
import { startWebHost } from '../../../electron/web-host';
import { latin1Decode } from '../../../shared/bytes';
import { DIR_RX } from '../../../shared/log-store';

const [tty, rendererDir] = process.argv.slice(2);
const services = createAppServices();
const host = await startWebHost({
  rendererDir,
  handlers: createHandlers(services.workbench, typedPathsOnly),
  subscribe: (_name, listener) => services.workbench.onBatch(listener),
});
await services.workbench.openLink({ path: tty, baudRate: 921_600, dataBits: 8, parity: 'none', stopBits: 1, flowControl: 'none' });
process.stdout.write(`url: ${host.url}\n`);

let eld: IntervalHistogram | null = null;
const ms = (ns: number) => Math.round(ns / 1e4) / 100;

// Stamp → batch leaving main, for the last bench line of each batch (splits row 8's latency).
const toBatch: number[] = [];
services.workbench.onBatch((b) => {
  const log = b.log;
  if (!log || log.offsets.length < 2) return;
  const n = log.offsets.length - 1;
  const m = /\+BENCH: \d+,(\d+\.\d),x/.exec(latin1Decode(log.bytes.subarray(log.offsets[n - 1], log.offsets[n])));
  if (m) toBatch.push(performance.timeOrigin + performance.now() - Number(m[1]));
});

/** Bench lines in main's log store: the received stream re-joined, so a line cut in two still counts. */
function countBench(): { lines: number; seqs: number[]; toBatchP50: number; toBatchP99: number } {
  const log = services.workbench.snapshot().log;
  const n = log.offsets.length - 1;
  let text = '';
  for (let i = 0; i < n; i++) if (log.dirs[i] === DIR_RX) text += latin1Decode(log.bytes.subarray(log.offsets[i], log.offsets[i + 1]));
  const seqs = Array.from(text.matchAll(/\+BENCH: (\d+),/g), (m) => Number(m[1]));
  const sorted = toBatch.slice().sort((a, b) => a - b);
  toBatch.length = 0;
  return { lines: n, seqs, toBatchP50: sorted[Math.floor(sorted.length / 2)] ?? -1, toBatchP99: sorted[Math.floor(sorted.length * 0.99)] ?? -1 };
}

for await (const line of createInterface({ input: process.stdin })) {
  const cmd = line.trim();
  if (cmd === 'eld-start') {
    eld = monitorEventLoopDelay({ resolution: 5 });
    eld.enable();
    process.stdout.write('{}\n');
  } else if (cmd === 'eld-stop') {
    eld?.disable();
    process.stdout.write(`${JSON.stringify(eld ? { p50: ms(eld.percentile(50)), p99: ms(eld.percentile(99)), max: ms(eld.max) } : {})}\n`);
  } else if (cmd === 'count') {
    process.stdout.write(`${JSON.stringify(countBench())}\n`);
  } else if (cmd === 'quit') {
    break;
  }
}
await host.close();
await services.dispose();
process.exit(0);
