// Reads one AT command line as a script row holds it: `AT+QMTCFG="aliauth",0,"pk","dn","secret"`.
// Lenient like the module: any case for AT, spaces around parameters, commas inside quoted strings
// (quectel-at.md §1.2: strings in double quotes, no escapes).

export interface AtParam {
  /** The value without quotes; unquoted values are trimmed. */
  value: string;
  quoted: boolean;
  /** Offsets of `value` in the command line, so one parameter can be replaced in place. */
  start: number;
  end: number;
}

export interface AtCommandLine {
  /** Upper-case mnemonic after AT: '+QMTCFG', '+CPIN', 'E0', '' for a bare AT. */
  name: string;
  form: 'test' | 'read' | 'write' | 'execute';
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

function splitParams(text: string, from: number): AtParam[] {
  const params: AtParam[] = [];
  let i = from;
  for (;;) {
    while (text[i] === ' ') i++;
    let param: AtParam;
    if (text[i] === '"') {
      const close = text.indexOf('"', i + 1);
      const end = close < 0 ? text.length : close;
      param = { value: text.slice(i + 1, end), quoted: true, start: i + 1, end };
      // Anything between the closing quote and the next comma is ignored, as a lenient module would.
      i = close < 0 ? text.length : close + 1;
      const comma = text.indexOf(',', i);
      i = comma < 0 ? text.length : comma;
    } else {
      const comma = text.indexOf(',', i);
      const stop = comma < 0 ? text.length : comma;
      const raw = text.slice(i, stop);
      const value = raw.trim();
      const start = i + raw.indexOf(value);
      param = { value, quoted: false, start, end: start + value.length };
      i = stop;
    }
    params.push(param);
    if (i >= text.length) return params;
    i++; // past the comma
  }
}

/** The index-th parameter's value, or null when absent. */
export function paramValue(line: AtCommandLine, index: number): string | null {
  return line.params[index]?.value ?? null;
}
