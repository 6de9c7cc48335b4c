// The paced writer of the serial ingest bench (row 3): writes a file into a pty at a fixed byte rate
// the way a UART bridge delivers it, 32–64 bytes per write on a 1 ms tick (a pty ignores baud, so
// pacing is the writer's job: performance-plan.md §8.1). Catches up with extra writes when a tick
// comes late. Prints {"sent":N,"ms":M} when done; exits early if its parent goes away.
//   node --import tsx tests/bench/pty-pacer.ts <pty> <file> <bytes per second>
import { closeSync, constants, openSync, readFileSync, writeSync } from 'node:fs';

const [path, file, rateText] = process.argv.slice(2);
const rate = Number(rateText);
if (!path || !file || !(rate > 0)) {
  process.stderr.write('usage: pty-pacer <pty> <file> <bytes per second>\n');
  process.exit(2);
}
const data = readFileSync(file);
const fd = openSync(path, constants.O_WRONLY | constants.O_NOCTTY);
process.stdin.on('close', () => process.exit(0));
process.stdin.resume();

/** Piece sizes from a fixed-seed generator, so every run writes the same pieces. */
let seed = 0x9e3779b9;
const pieceSize = () => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return 32 + (seed % 33);
};

const start = performance.now();
let sent = 0;
let next = pieceSize();
const tick = () => {
  const due = Math.min(data.length, Math.floor(((performance.now() - start) / 1000) * rate));
  while (sent < data.length && due - sent >= Math.min(next, data.length - sent)) {
    const size = Math.min(next, data.length - sent);
    sent += writeSync(fd, data, sent, size);
    next = pieceSize();
  }
  if (sent < data.length) setTimeout(tick, 1);
  else {
    closeSync(fd);
    process.stdout.write(`${JSON.stringify({ sent, ms: performance.now() - start })}\n`);
    process.exit(0);
  }
};
tick();
