// AT+QMTCFG options of one MQTT client (quectel-at.md §3.6.1): their parameters, ranges, defaults,
// the query answer (without <client_idx>, Q13) and the rule that a partial set keeps the rest.
import { utf8Length } from '../../shared/bytes';
import type { AtParam } from './at-command-line';

type Value = number | string;

interface ParamSpec {
  kind: 'int' | 'str';
  /** int: range; str: length range in bytes. */
  min: number;
  max: number;
}

interface OptionSpec {
  params: ParamSpec[];
  defaults: Value[];
  /** Fewest values a set form must carry (default 1). */
  minSet?: number;
}

const int = (min: number, max: number): ParamSpec => ({ kind: 'int', min, max });
const str = (min = 0, max = 256): ParamSpec => ({ kind: 'str', min, max });

/** Keyed by the option's canonical (lower case) name; the module matches names case-insensitively (Q12). */
const OPTIONS: Record<string, OptionSpec> = {
  version: { params: [int(3, 4)], defaults: [4] },
  pdpcid: { params: [int(1, 15)], defaults: [1] },
  ssl: { params: [int(0, 1), int(0, 5)], defaults: [0, 0] },
  keepalive: { params: [int(0, 3600)], defaults: [120] },
  session: { params: [int(0, 1)], defaults: [1] },
  timeout: { params: [int(1, 60), int(0, 10), int(0, 1)], defaults: [5, 3, 0] },
  will: { params: [int(0, 1), int(0, 2), int(0, 1), str(1, 256), str(0, 256)], defaults: [0] },
  willex: { params: [int(0, 1), int(0, 2), int(0, 1), str(1, 256), int(0, 256)], defaults: [0] },
  'recv/mode': { params: [int(0, 1), int(0, 1)], defaults: [0, 0] },
  aliauth: { params: [str(1, 20), str(1, 32), str(1, 64)], defaults: ['', '', ''], minSet: 3 },
  qmtping: { params: [int(5, 60)], defaults: [5] },
  'send/mode': { params: [int(0, 1)], defaults: [0] },
  onenet: { params: [str(), str()], defaults: ['', ''], minSet: 2 },
  hwauth: { params: [str(), str()], defaults: ['', ''], minSet: 2 },
  hwprodid: { params: [str(), str(), str()], defaults: ['', '', ''], minSet: 3 },
  dataformat: { params: [int(0, 1), int(0, 1)], defaults: [0, 0] },
  'view/mode': { params: [int(0, 1)], defaults: [0] },
};

/** Lines of `AT+QMTCFG=?`. */
export const QMTCFG_TEST_LINES = [
  '+QMTCFG: "version",(0-5),(3,4)',
  '+QMTCFG: "pdpcid",(0-5),(1-15)',
  '+QMTCFG: "ssl",(0-5),(0,1),(0-5)',
  '+QMTCFG: "keepalive",(0-5),(0-3600)',
  '+QMTCFG: "session",(0-5),(0,1)',
  '+QMTCFG: "timeout",(0-5),(1-60),(0-10),(0,1)',
  '+QMTCFG: "will",(0-5),(0,1),(0-2),(0,1),"will_topic","will_msg"',
  '+QMTCFG: "willex",(0-5),(0,1),(0-2),(0,1),"will_topic",(0-256)',
  '+QMTCFG: "recv/mode",(0-5),(0,1),(0,1)',
  '+QMTCFG: "aliauth",(0-5),"productkey","devicename","devicesecret"',
  '+QMTCFG: "qmtping",(0-5),(5-60)',
  '+QMTCFG: "send/mode",(0-5),(0,1)',
  '+QMTCFG: "onenet",(0-5),"product id","access key"',
  '+QMTCFG: "hwauth",(0-5),"device id","device secret"',
  '+QMTCFG: "hwprodid",(0-5),"product id","product secret","nodeid"',
  '+QMTCFG: "dataformat",(0-5),(0,1),(0,1)',
  '+QMTCFG: "view/mode",(0-5),(0,1)',
];

export function canonicalOption(name: string): string | null {
  const lower = name.toLowerCase();
  return lower in OPTIONS ? lower : null;
}

export class MqttClientConfig {
  private readonly values = new Map<string, Value[]>(Object.entries(OPTIONS).map(([k, s]) => [k, [...s.defaults]]));
  /** The will message read after `AT+QMTCFG="willex"`'s prompt. */
  willexMessage: Uint8Array = new Uint8Array(0);

  get(option: string): Value[] {
    return this.values.get(option)!;
  }

  int(option: string, index = 0): number {
    return Number(this.get(option)[index]);
  }

  /** `+QMTCFG: "<option>",<values>`; strings quoted as the module prints them. */
  queryLine(option: string): string {
    const values = this.get(option).map((v) => (typeof v === 'number' ? String(v) : `"${v}"`));
    return [`+QMTCFG: "${option}"`, ...values].join(',');
  }

  /**
   * Applies a set form's values (the parameters after <client_idx>). Returns false, changing nothing,
   * when a value is out of range or too few are given.
   */
  set(option: string, params: AtParam[]): boolean {
    const spec = OPTIONS[option];
    if (params.length > spec.params.length || params.length < (spec.minSet ?? 1)) return false;
    const parsed: Value[] = [];
    for (let i = 0; i < params.length; i++) {
      const v = parseValue(spec.params[i], params[i]);
      if (v === null) return false;
      parsed.push(v);
    }
    // will/willex: will_fg=1 needs all four other fields; will_fg=0 clears them.
    if (option === 'will' || option === 'willex') {
      if (parsed[0] === 1 && parsed.length !== spec.params.length) return false;
      this.values.set(option, parsed[0] === 0 ? [0] : parsed);
      return true;
    }
    const current = this.get(option);
    this.values.set(option, [...parsed, ...current.slice(parsed.length)]);
    return true;
  }
}

function parseValue(spec: ParamSpec, p: AtParam): Value | null {
  if (spec.kind === 'str') {
    const bytes = utf8Length(p.text);
    return bytes >= spec.min && bytes <= spec.max ? p.text : null;
  }
  if (!/^-?\d+$/.test(p.text)) return null;
  const n = Number(p.text);
  return n >= spec.min && n <= spec.max ? n : null;
}
