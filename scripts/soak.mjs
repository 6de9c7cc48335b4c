#!/usr/bin/env node
// `npm run soak -- --minutes N [--interval S] [--unplug S] [--reboot S] [--json out.json]`: drives
// the virtual EC600S over a socat pty with random traffic, unplugs and reboots (tests/soak/soak.ts),
// prints a table each interval and a JSON summary at the end. Exit 1 when bytes were lost.
// Run node with --expose-gc for heap figures after GC: node --expose-gc scripts/soak.mjs ...
import { register } from 'tsx/esm/api';
import { writeFile } from 'node:fs/promises';

register();
const args = new Map();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
const number = (name, fallback) => {
  const v = Number(args.get(name) ?? fallback);
  if (!Number.isFinite(v) || v < 0) {
    console.error(`soak: --${name} must be a number >= 0, got "${args.get(name)}"`);
    process.exit(2);
  }
  return v;
};
const minutes = number('minutes', 1);
const { runSoak } = await import('../tests/soak/soak.ts');

const columns = ['elapsedS', 'rssMB', 'heapMB', 'fds', 'txBytes', 'rxBytes', 'commands', 'unplugs', 'reboots', 'reconnects'];
console.log(columns.map((c) => c.padStart(10)).join(' '));
const summary = await runSoak({
  durationMs: minutes * 60_000,
  intervalMs: number('interval', 5) * 1000,
  unplugEveryMs: number('unplug', 20) * 1000,
  rebootEveryMs: number('reboot', 15) * 1000,
  onSample: (s) => console.log(columns.map((c) => String(s[c]).padStart(10)).join(' ')),
});
const { samples: _samples, ...totals } = summary;
console.log(JSON.stringify(totals, null, 2));
if (args.get('json')) await writeFile(args.get('json'), JSON.stringify(summary, null, 2));
process.exitCode = summary.lostBytes === 0 ? 0 : 1;
