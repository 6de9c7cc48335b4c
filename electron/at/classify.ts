// One line from the module → what kind of line it is, before any knowledge of what is pending.
// The transaction matcher (engine.ts) then decides echo vs response vs URC using the command in
// flight (quectel-at.md §1.9: same prefix for responses and URCs, Q10).

export type LineClass =
  | { t: 'final'; result: string; ok: boolean }
  | { t: 'prefixed'; prefix: string; rest: string }
  | { t: 'text'; text: string };

/** Final result codes (quectel-at.md §1.5, §7.1 item 3). CONNECT opens a data phase but ends the command's wait. */
const FINALS_OK = new Set(['OK', 'CONNECT', 'SEND OK']);
const FINALS_ERR = new Set(['ERROR', 'NO CARRIER', 'SEND FAIL', 'BUSY', 'NO ANSWER', 'NO DIALTONE']);
/** ATV0 numeric result codes (§1.3, §1.5). */
const NUMERIC: Record<string, string> = { '0': 'OK', '1': 'CONNECT', '3': 'NO CARRIER', '4': 'ERROR', '6': 'NO DIALTONE', '7': 'BUSY', '8': 'NO ANSWER' };

const PREFIXED = /^([+^][A-Za-z0-9_]+)\s*:\s?(.*)$/s;

export function classifyLine(text: string, numericResults = false): LineClass {
  const trimmed = text.trim();
  if (FINALS_OK.has(trimmed) || trimmed.startsWith('CONNECT ')) return { t: 'final', result: trimmed, ok: true };
  if (FINALS_ERR.has(trimmed)) return { t: 'final', result: trimmed, ok: false };
  if (/^\+CM[ES] ERROR\s*:/.test(trimmed)) return { t: 'final', result: trimmed.replace(/\s*:\s*/, ': '), ok: false };
  if (numericResults && NUMERIC[trimmed]) {
    const result = NUMERIC[trimmed];
    return { t: 'final', result, ok: result === 'OK' || result === 'CONNECT' };
  }
  const m = PREFIXED.exec(trimmed);
  if (m) return { t: 'prefixed', prefix: m[1].toUpperCase(), rest: m[2] };
  return { t: 'text', text: trimmed };
}

/** Text lines the module sends on its own (§1.9 boot URCs, §1.5). */
export const TEXT_URCS = new Set(['RDY', 'POWERED DOWN', 'RING', 'NORMAL POWER DOWN', 'UNDER-VOLTAGE POWER DOWN', 'OVER-VOLTAGE POWER DOWN']);
