// Rows 4-9 of `npm run bench`: the renderer in headless Chromium against xterm.js and
// react-window (page-rows.ts), and end to end through the browser host (host-rows.ts). Progress
// and the figures behind each row go to stderr.
import type { BenchRow } from '../types';
import { runRendererPageBench } from './page-rows';
import { runHostBench } from './host-rows';

export async function runRendererBench(quick: boolean): Promise<BenchRow[]> {
  const log = (m: string) => process.stderr.write(`  ${m}\n`);
  return [...(await runRendererPageBench(quick, log)), ...(await runHostBench(quick, log))];
}
