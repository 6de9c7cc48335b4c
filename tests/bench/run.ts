// `npm run bench [-- --quick]`: runs the benchmark rows, prints a table and writes
// bench/results.json with the machine it ran on. Speed goals live here, never in timed tests.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { runFramingBench } from './framing';
import { runSerialIngestBench } from './serial-ingest';
import { runRendererBench } from './renderer';
import type { BenchRow } from './types';

function chromiumVersion(): string | null {
  try {
    return execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim();
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const rows: BenchRow[] = [];
  rows.push(...runFramingBench(quick));
  rows.push(...(await runSerialIngestBench(quick)));
  rows.push(...(await runRendererBench(quick)));
  const machine = {
    node: process.version,
    chromium: chromiumVersion(),
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    date: new Date().toISOString(),
    quick,
  };
  const out = resolve(process.cwd(), 'bench/results.json');
  mkdirSync(resolve(process.cwd(), 'bench'), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ machine, rows }, null, 2)}\n`);
  console.table(rows.map((r) => ({ '#': r.id, what: r.what, ours: `${r.ours} ${r.unit}`, peer: r.peer ?? '—', ratio: r.ratio ?? '—', target: r.target, met: r.met ? 'yes' : 'NO' })));
  console.log(`results: ${out}`);
}

await main();
