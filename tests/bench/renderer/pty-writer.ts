// A paced writer into one end of a socat pty pair (performance-plan.md §8.1): lines
// `+BENCH: <seq>,<epoch ms>,<padding>` written in 1 ms ticks at `rate` bytes/s for `ms`, each
// stamped with the wall clock just before it is written, so the page can tell how long a line took
// to reach the screen. Prints `wrote <lines> <bytes>` when done. Usage: pty-writer <tty> <rate> <ms> [first seq]
import { openSync, writeSync, closeSync } from 'node:fs';

const [tty, rateArg, msArg, firstArg] = process.argv.slice(2);
const rate = Number(rateArg);
const duration = Number(msArg);
if (!tty || !(rate > 0) || !(duration > 0)) {
  process.stderr.write('usage: pty-writer <tty> <bytes per second> <milliseconds>\n');
  process.exit(2);
}

const fd = openSync(tty, 'w');
const PAD = 'x'.repeat(8);
const now = () => performance.timeOrigin + performance.now();
let seq = Number(firstArg ?? 0);
const first = seq;
let sent = 0;
const t0 = performance.now();

function tick(): void {
  const elapsed = performance.now() - t0;
  const due = Math.min(elapsed, duration) * (rate / 1000);
  let out = '';
  while (sent + out.length < due) out += `+BENCH: ${seq++},${now().toFixed(1)},${PAD}\r\n`;
  if (out) {
    writeSync(fd, out, null, 'latin1');
    sent += out.length;
  }
  if (elapsed < duration) setTimeout(tick, 1);
  else {
    closeSync(fd);
    process.stdout.write(`wrote ${seq - first} ${sent}\n`);
  }
}
tick();
