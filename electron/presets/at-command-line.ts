// Reads one AT command line as a script row holds it: `AT+QMTCFG="aliauth",0,"pk","dn","secret"`.
// Lenient like the module: any case for AT, spaces around the mnemonic and the parameters. The
// parameters are the engine's tokenizer's (at/params.ts), with their offsets in the row's text.
import { splitParams, type AtParam } from '../at/params';

export interface AtCommandLine {
  /** Upper-case mnemonic after AT: '+QMTCFG', '+CPIN', 'E0', '' for a bare AT. */
  name: string;
  form: 'test' | 'read' | 'write' | 'execute';
  /** Offsets are into the command line. */
  params: AtParam[];
}

/** Null when the text is not an AT command (a payload row, a URL, `+++`). */
export function parseAtCommandLine(text: string): AtCommandLine | null {
  const head = /^\s*AT/i.exec(text);
  if (!head) return null;
  const rest = text.slice(head[0].length);
  const eq = rest.indexOf('=');
  const mnemonicEnd = eq >= 0 ? eq : rest.length;
  const mnemonic = rest.slice(0, mnemonicEnd).trim();
  if (mnemonic.endsWith('?') && eq < 0) return { name: mnemonic.slice(0, -1).trim().toUpperCase(), form: 'read', params: [] };
  if (eq < 0) return { name: mnemonic.toUpperCase(), form: 'execute', params: [] };
  const offset = head[0].length + eq + 1;
  if (text.slice(offset).trim() === '?') return { name: mnemonic.toUpperCase(), form: 'test', params: [] };
  return { name: mnemonic.toUpperCase(), form: 'write', params: splitParams(text, offset) };
}

/** The index-th parameter's value, or null when absent. */
export function paramValue(line: AtCommandLine, index: number): string | null {
  return line.params[index]?.value ?? null;
}
