// `npm run bench [-- --quick]`: runs the benchmark rows, prints a table and writes
// bench/results.json with the machine it ran on. Speed goals live here, never in timed tests.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
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

/**
 * Rows 1-2 time the engine as the app runs it: bundled by esbuild into one module, as
 * scripts/build.mjs bundles the main process. Through the TypeScript loader each call across a
 * module boundary goes through a live binding, which costs the inner loops about a tenth.
 */
async function loadFramingBench(): Promise<typeof import('./framing')> {
  // Inside the repository (bench/out is ignored), where the bundle's packages resolve.
  const out = resolve(import.meta.dirname, '../../bench/out');
  mkdirSync(out, { recursive: true });
  const dir = mkdtempSync(join(out, 'framing-'));
  const outfile = join(dir, 'framing.mjs');
  try {
    await build({
      entryPoints: [resolve(import.meta.dirname, 'framing.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'warning',
    });
    return (await import(pathToFileURL(outfile).href)) as typeof import('./framing');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const rows: BenchRow[] = [];
  const { runFramingBench } = await loadFramingBench();
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
