// The command table: what the engine needs to know about a command line to follow its dialogue —
// its mnemonic and form, its timeout (vendor "Maximum Response Time", quectel-at.md §4, plus a
// margin for the serial round trip), whether it opens a `>` data phase, and which URC carries its
// real result after OK.
import { intParam, splitParams, type AtParam } from './params';

export type CommandForm = 'test' | 'read' | 'write' | 'exec';

export interface DeferredSpec {
  /** The URC prefix that carries the result, e.g. '+QMTOPEN'. */
  urc: string;
  timeoutMs: number;
  /** Identifies the operation: the URC's leading fields must equal these (client idx, msgid, connectID). */
  key: number[];
}

export interface CommandInfo {
  /** Command line as sent, without its terminator. */
  text: string;
  /** '+QMTOPEN', 'ATI', 'ATE', 'AT', '&F' ... upper case. */
  name: string;
  form: CommandForm;
  /** Parameters of the write form. */
  params: AtParam[];
  timeoutMs: number;
  /** AT+QMTPUBEX / AT+QISEND / willex / CMGS: the module answers `> ` and reads data. */
  prompt: null | { declaredLength: number | null; /** variable-length data ends with Ctrl+Z */ ctrlZ: boolean };
  deferred: DeferredSpec | null;
}

const S = 1000;
/** Margin over the vendor maximum for the serial round trip and a busy module. */
const MARGIN = 2 * S;
const DEFAULT_TIMEOUT = 60 * S; // §4: "~60 s for anything without a stated maximum"

/** Vendor maxima (§4). Commands not listed and without "/" get DEFAULT_TIMEOUT. */
const TIMEOUTS: Record<string, number> = {
  AT: 300, ATI: 300, ATE: 300, ATV: 300, ATQ: 300, ATX: 300, ATZ: 300, '&F': 300, '&W': 300, '&V': 300,
  '+CMEE': 300, '+IPR': 300, '+IFC': 300, '+QURCCFG': 300, '+CSQ': 300, '+CREG': 300, '+CGREG': 300,
  '+CEREG': 300, '+CGDCONT': 300, '+CGPADDR': 300, '+QNWINFO': 300, '+GMI': 300, '+CGMI': 300, '+GMM': 300,
  '+CGMM': 300, '+GMR': 300, '+CGMR': 300, '+GSN': 300, '+CGSN': 300, '+QCCID': 300, '+CIMI': 300,
  '+QPOWD': 300, '+CFUN': 15 * S, '+CPIN': 5 * S, '+COPS': 180 * S, '+CGATT': 140 * S, '+CGACT': 150 * S,
  '+QIACT': 150 * S, '+QIDEACT': 40 * S, '+QIOPEN': 150 * S, '+QICLOSE': 10 * S, '+QIDNSGIP': 60 * S,
  '+QNTP': 125 * S, '+QHTTPSTOP': 10 * S, '+QMTOPEN': 120 * S, '+QMTCLOSE': 30 * S, '+QMTCONN': 5 * S,
  '+QMTDISC': 30 * S, '+QMTSUB': 15 * S, '+QMTUNS': 15 * S, '+QMTPUBEX': 15 * S, '+QMTPUB': 15 * S,
  // "/" in the manual: local configuration and queries answer at once.
  '+QMTCFG': 5 * S, '+QICSGP': 5 * S, '+QISTATE': 5 * S, '+QIRD': 5 * S, '+QISDE': 5 * S, '+QIGETERROR': 5 * S,
  '+QMTRECV': 5 * S, '+QHTTPCFG': 5 * S, '+QICFG': 5 * S, '+QIDNSCFG': 5 * S, '+QISEND': 15 * S,
  '+QINDCFG': 5 * S, '+QCFG': 5 * S, '+QPINC': 5 * S, '+QINISTAT': 5 * S, '+QSIMSTAT': 5 * S,
};

/** Mnemonic and the rest of a command line. `AT+QMTOPEN=0,"h",1` → ['+QMTOPEN', '=0,"h",1']. */
export function commandName(text: string): { name: string; rest: string } {
  const body = text.trim().slice(2); // after AT / at
  if (body === '') return { name: 'AT', rest: '' };
  const ext = /^([+^][A-Za-z0-9_]+)(.*)$/s.exec(body);
  if (ext) return { name: ext[1].toUpperCase(), rest: ext[2] };
  const amp = /^(&[A-Za-z])(.*)$/s.exec(body);
  if (amp) return { name: amp[1].toUpperCase(), rest: amp[2] };
  const basic = /^([A-Za-z])(.*)$/s.exec(body);
  if (basic) return { name: `AT${basic[1].toUpperCase()}`, rest: basic[2] };
  return { name: `AT${body.toUpperCase()}`, rest: '' };
}

export function isCommandLine(text: string): boolean {
  return /^at/i.test(text.trim());
}

function formOf(rest: string): CommandForm {
  if (rest.startsWith('=?')) return 'test';
  if (rest.startsWith('?')) return 'read';
  if (rest.startsWith('=')) return 'write';
  return 'exec';
}

/** Deferred result URCs (§3.6.12, §7.1 item 6) for write forms, keyed by the operation's ids. */
function deferredFor(name: string, params: AtParam[]): DeferredSpec | null {
  const p = (i: number) => intParam(params[i]);
  const one = (urc: string, timeoutMs: number, ...idx: number[]): DeferredSpec | null => {
    const key = idx.map(p);
    if (key.some((k) => k === null)) return null;
    return { urc, timeoutMs: timeoutMs + MARGIN, key: key as number[] };
  };
  switch (name) {
    case '+QMTOPEN':
      return one('+QMTOPEN', 120 * S, 0);
    case '+QMTCLOSE':
      return one('+QMTCLOSE', 30 * S, 0);
    case '+QMTCONN':
      return one('+QMTCONN', 5 * S, 0);
    case '+QMTDISC':
      return one('+QMTDISC', 30 * S, 0);
    case '+QMTSUB':
      return one('+QMTSUB', 15 * S, 0, 1);
    case '+QMTUNS':
      return one('+QMTUNS', 15 * S, 0, 1);
    case '+QMTPUBEX':
      return one('+QMTPUBEX', 15 * S, 0, 1);
    case '+QMTPUB':
      return one('+QMTPUB', 15 * S, 0, 1);
    case '+QIOPEN':
      // access_mode 2 (transparent) answers CONNECT instead (§3.4.4)
      return p(6) === 2 ? null : one('+QIOPEN', 150 * S, 1);
    case '+QHTTPGET':
      return { urc: '+QHTTPGET', timeoutMs: (p(0) ?? 60) * S + MARGIN, key: [] };
    case '+QHTTPPOST':
      return { urc: '+QHTTPPOST', timeoutMs: (p(2) ?? 60) * S + 125 * S, key: [] };
    case '+QHTTPREAD':
      return { urc: '+QHTTPREAD', timeoutMs: (p(0) ?? 60) * S + MARGIN, key: [] };
    case '+QNTP':
      return { urc: '+QNTP', timeoutMs: 125 * S + MARGIN, key: [] };
    default:
      return null;
  }
}

function promptFor(name: string, form: CommandForm, params: AtParam[]): CommandInfo['prompt'] {
  if (form !== 'write') return null;
  switch (name) {
    case '+QMTPUBEX':
      return { declaredLength: intParam(params[5]), ctrlZ: false };
    case '+QMTPUB':
      return params.length >= 6 ? { declaredLength: intParam(params[5]), ctrlZ: false } : { declaredLength: null, ctrlZ: true };
    case '+QISEND': {
      const len = intParam(params[1]);
      if (len === 0) return null; // AT+QISEND=<id>,0 queries the counters
      return len === null ? { declaredLength: null, ctrlZ: true } : { declaredLength: len, ctrlZ: false };
    }
    case '+QMTCFG':
      return params[0]?.value.toLowerCase() === 'willex' && params.length >= 7 ? { declaredLength: intParam(params[6]), ctrlZ: false } : null;
    case '+CMGS':
    case '+CMGW':
      return { declaredLength: null, ctrlZ: true };
    default:
      return null;
  }
}

function timeoutFor(name: string, form: CommandForm, params: AtParam[]): number {
  if (name === '+QICLOSE') return (intParam(params[1]) ?? 10) * S + MARGIN;
  if (name === '+QHTTPURL') return (intParam(params[1]) ?? 60) * S + MARGIN;
  if (form === 'test' || form === 'read') return Math.max(TIMEOUTS[name] ?? 5 * S, 300) + MARGIN;
  const t = TIMEOUTS[name];
  return t === undefined ? DEFAULT_TIMEOUT : t + MARGIN;
}

export function describeCommand(text: string): CommandInfo {
  const { name, rest } = commandName(text);
  const form = formOf(rest);
  const params = form === 'write' ? splitParams(rest.slice(1)) : [];
  return {
    text,
    name,
    form,
    params,
    timeoutMs: timeoutFor(name, form, params),
    prompt: promptFor(name, form, params),
    deferred: form === 'write' ? deferredFor(name, params) : null,
  };
}
