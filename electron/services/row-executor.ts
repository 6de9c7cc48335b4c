// How a command-list row reaches the module: its text (or hex bytes) plus Enter, through the live
// session, waiting for what the runner asked for. Shared by the app's Run button and `modemdeck run`.
import { parseHex, utf8Encode } from '../../shared/bytes';
import type { QcomRow } from '../presets/qcom-ini';
import type { RowExecuteOptions, RowExecutor, RowOutcome } from '../presets/script-runner';
import type { AtClient, Enter } from './at-client';

const ENTER: Record<Enter, string> = { cr: '\r', crlf: '\r\n', none: '' };

export interface RowExecutorOptions {
  /**
   * What "Enter" sends. CR is what the module's command line ends with (quectel-at.md §1.2); QCOM
   * sends CR LF. A command that opens a data phase always ends with CR alone, or its LF would
   * arrive as the first payload byte (Q7).
   */
  enter?: Enter;
}

export function rowBytes(row: QcomRow, enter: Enter, opensDataPhase: boolean): Uint8Array {
  if (row.hex) return parseHex(row.text);
  const end = row.enter ? ENTER[opensDataPhase ? 'cr' : enter] : '';
  return utf8Encode(row.text + end);
}

export function createRowExecutor(client: AtClient, opts: RowExecutorOptions = {}): RowExecutor {
  const enter = opts.enter ?? 'cr';
  return {
    async execute(row: QcomRow, o: RowExecuteOptions): Promise<RowOutcome> {
      let bytes: Uint8Array;
      try {
        bytes = rowBytes(row, enter, o.until === 'data-phase');
      } catch (err) {
        return { ok: false, result: 'FAILED', latencyMs: 0, detail: `row ${row.index}: ${(err as Error).message}` };
      }
      const outcome = await client.sendBytes(bytes, {
        waitFor: !o.waitForResult ? 'none' : o.until === 'data-phase' ? 'final' : 'result',
        timeoutMs: o.timeoutMs,
        signal: o.signal,
      });
      const detail = outcome.error ? `${outcome.error.code}: ${outcome.error.meaning.en}` : outcome.info.length ? outcome.info.join(' | ') : undefined;
      return { ok: outcome.ok, result: outcome.result, latencyMs: outcome.latencyMs, detail };
    },
  };
}
