// Rows whose command opens a data phase: the module asks for data and only gives its final result
// after the *next* row (the payload) has been sent. A runner that waited for that final result
// before sending the payload would wait until the timeout, so it waits for the prompt instead.
import { describeCommand, isCommandLine } from '../at/commands';
import { intParam } from '../at/params';
import type { QcomRow } from './qcom-ini';

export interface RowDataPhase {
  /** `>` prompt (quectel-at.md §1.7) or `CONNECT` data input (§1.8, §3.5). */
  kind: 'prompt' | 'connect';
  /** Bytes the module takes before it answers; null when the data ends with Ctrl+Z instead. */
  declaredLength: number | null;
}

export function dataPhaseOf(row: QcomRow): RowDataPhase | null {
  if (row.hex || !isCommandLine(row.text)) return null;
  // The engine's command table knows the prompt commands (QMTPUBEX, QISEND, willex, CMGS...).
  const cmd = describeCommand(row.text.trim());
  if (cmd.prompt) return { kind: 'prompt', declaredLength: cmd.prompt.declaredLength };
  if (cmd.form !== 'write') return null;
  switch (cmd.name) {
    case '+QHTTPURL': // §3.5.2 <URL_length>[,<timeout>]: CONNECT, then the URL
    case '+QHTTPPOST': // §3.5.4 <data_length>[,...]: CONNECT, then the body
      return { kind: 'connect', declaredLength: intParam(cmd.params[0]) };
    case '+QHTTPGET': // §3.5.3 only the custom-header form <rsptime>,<data_length> asks for data
      return cmd.params.length >= 2 ? { kind: 'connect', declaredLength: intParam(cmd.params[1]) } : null;
    default:
      return null;
  }
}

/** True for AT+QMTPUBEX / AT+QISEND / willex / SMS rows: the module answers with a `>` prompt. */
export function expectsPrompt(row: QcomRow): boolean {
  return dataPhaseOf(row)?.kind === 'prompt';
}
