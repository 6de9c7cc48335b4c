// How the virtual EC600S reads one command line (quectel-at.md §1.2): `AT` prefix, basic commands
// (`E0`, `&F`, `S3=13`) that may follow one another, extended commands (`+QMTCFG=...`) in their four
// forms, `;` between commands, strings in double quotes (no escapes: a quote always ends a string),
// optional spaces around commas.

export type CommandForm = 'execute' | 'test' | 'read' | 'write';

export interface AtParam {
  text: string;
  quoted: boolean;
}

export interface AtCommand {
  /** Upper case: '+QMTCFG', 'E', '&F', 'S3', 'I'. */
  name: string;
  form: CommandForm;
  /** Write-form parameters; for a basic command its digits (`E0` → ["0"]). */
  params: AtParam[];
}

/** Splits the line after `AT`; null when the syntax is wrong (the module answers ERROR). */
export function parseCommandLine(line: string): AtCommand[] | null {
  if (!/^at/i.test(line)) return null;
  const commands: AtCommand[] = [];
  let i = 2;
  while (i < line.length) {
    const c = line[i];
    if (c === ';' || c === ' ') {
      i++;
    } else if (c === '+' || c === '$') {
      const parsed = parseExtended(line, i);
      if (!parsed) return null;
      commands.push(parsed.command);
      i = parsed.end;
      if (i < line.length && line[i] !== ';') return null;
    } else {
      const parsed = parseBasic(line, i);
      if (!parsed) return null;
      commands.push(parsed.command);
      i = parsed.end;
    }
  }
  return commands;
}

function parseExtended(line: string, start: number): { command: AtCommand; end: number } | null {
  const m = /^[+$][A-Za-z0-9_&]+/.exec(line.slice(start));
  if (!m) return null;
  const name = m[0].toUpperCase();
  let i = start + m[0].length;
  if (line.startsWith('=?', i)) return { command: { name, form: 'test', params: [] }, end: i + 2 };
  if (line[i] === '?') return { command: { name, form: 'read', params: [] }, end: i + 1 };
  if (line[i] !== '=') return { command: { name, form: 'execute', params: [] }, end: i };
  i++;
  const params = parseParams(line, i);
  if (!params) return null;
  return { command: { name, form: 'write', params: params.params }, end: params.end };
}

/** Comma-separated parameters up to `;` or the end of the line. */
export function parseParams(line: string, start: number): { params: AtParam[]; end: number } | null {
  const params: AtParam[] = [];
  let i = start;
  for (;;) {
    while (line[i] === ' ') i++;
    let param: AtParam;
    if (line[i] === '"') {
      const close = line.indexOf('"', i + 1);
      if (close < 0) return null;
      param = { text: line.slice(i + 1, close), quoted: true };
      i = close + 1;
      while (line[i] === ' ') i++;
    } else {
      let j = i;
      while (j < line.length && line[j] !== ',' && line[j] !== ';') j++;
      param = { text: line.slice(i, j).trim(), quoted: false };
      if (param.text.includes('"')) return null;
      i = j;
    }
    params.push(param);
    if (line[i] === ',') {
      i++;
      continue;
    }
    if (i >= line.length || line[i] === ';') return { params, end: i };
    return null; // text after a closing quote
  }
}

function parseBasic(line: string, start: number): { command: AtCommand; end: number } | null {
  let i = start;
  let name = line[i].toUpperCase();
  if (name === '&') {
    if (i + 1 >= line.length || !/[A-Za-z]/.test(line[i + 1])) return null;
    name += line[i + 1].toUpperCase();
    i += 2;
  } else if (/[A-Za-z]/.test(name)) {
    i++;
  } else return null;
  if (name === 'S') {
    const reg = /^\d+/.exec(line.slice(i));
    if (!reg) return null;
    name += String(Number(reg[0]));
    i += reg[0].length;
    if (line[i] === '?') return { command: { name, form: 'read', params: [] }, end: i + 1 };
    if (line[i] !== '=') return null;
    const value = /^\d*/.exec(line.slice(i + 1))![0];
    return { command: { name, form: 'write', params: [{ text: value, quoted: false }] }, end: i + 1 + value.length };
  }
  const digits = /^\d*/.exec(line.slice(i))![0];
  const params = digits ? [{ text: digits, quoted: false }] : [];
  return { command: { name, form: 'execute', params }, end: i + digits.length };
}
