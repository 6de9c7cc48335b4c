// The virtual EC600S's commands outside MQTT: V.25ter basics, identity, SIM and registration, PDP
// contexts (quectel-at.md §3.1–§3.4). Answers are shaped as in the manual and the seed capture.
import type { AtCommand } from './at-command-line';
import {
  ERROR,
  OK,
  answer,
  basicValue,
  cmeError,
  intParam,
  quote,
  type CommandHandler,
  type CommandOutcome,
  type ModuleContext,
} from './command-outcome';
import { ModemState } from './modem-state';

export const MODULE_IDENTITY = {
  manufacturer: 'Quectel',
  model: 'EC600S',
  revision: 'EC600SCNAAR01A03M16',
  imei: '866123045678901',
  imsi: '460001234567890',
  iccid: '89860012345678901234',
} as const;

const BAUD_RATES = [4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600];
const OPERATOR = '"CHINA MOBILE"';
const MAX_ACTIVE_CONTEXTS = 3; // [TCP] AT+QIACT: up to 3 contexts at once

/** A command whose test form just answers OK and whose other forms print fixed text. */
const fixed = (...lines: string[]): CommandHandler => (cmd) => (cmd.form === 'test' ? OK : answer(...lines));

/** ATE / ATV / ATQ: a 0/1 switch. */
const onOff = (set: (state: ModemState, on: boolean) => void): CommandHandler => (cmd, ctx) => {
  const v = basicValue(cmd);
  if (v !== 0 && v !== 1) return ERROR;
  set(ctx.state, v === 1);
  return OK;
};

/** AT+CREG / AT+CGREG / AT+CEREG ([ATM] 6.2, 9.11, 9.14). */
const registration = (prefix: string, mode: 'cregMode' | 'cgregMode' | 'ceregMode'): CommandHandler => (cmd, ctx) => {
  const { state } = ctx;
  switch (cmd.form) {
    case 'test':
      return answer(`${prefix}: (0-2)`);
    case 'read': {
      const stat = state.registered ? 1 : 0;
      const location = state[mode] === 2 && state.registered ? ',"D509","80D413D",7' : '';
      return answer(`${prefix}: ${state[mode]},${stat}${location}`);
    }
    default: {
      const n = cmd.params.length === 0 ? 0 : intParam(cmd, 0, 0, 2);
      if (n === null) return ERROR;
      state[mode] = n;
      return OK;
    }
  }
};

function activateContext(ctx: ModuleContext, cid: number): CommandOutcome {
  const { state } = ctx;
  // Q11 (3rd-party BG770A log): activating an active context answers ERROR.
  if (state.activeContexts.has(cid) || state.activeContexts.size >= MAX_ACTIVE_CONTEXTS || !state.registered) {
    return { final: 'ERROR', latency: 'pdp' };
  }
  state.activeContexts.set(cid, ModemState.addressFor(cid));
  return { final: 'OK', latency: 'pdp' };
}

export const GENERAL_COMMANDS: Record<string, CommandHandler> = {
  E: onOff((s, on) => (s.echo = on)),
  V: onOff((s, on) => (s.verbose = on)),
  Q: onOff((s, on) => (s.quiet = on)),
  X: (cmd) => (intParamOr(cmd, 0, 4, 4) === null ? ERROR : OK),
  I: (cmd) =>
    basicValue(cmd) === 0 ? answer(MODULE_IDENTITY.manufacturer, MODULE_IDENTITY.model, `Revision: ${MODULE_IDENTITY.revision}`) : ERROR,
  Z: (_cmd, ctx) => (ctx.state.restoreFactorySettings(), OK),
  '&F': (_cmd, ctx) => (ctx.state.restoreFactorySettings(), OK),
  '&W': () => OK,
  '&V': (_cmd, { state }) =>
    answer(
      '&C: 1',
      '&D: 2',
      '&F: 0',
      '&W: 0',
      `E: ${state.echo ? 1 : 0}`,
      `Q: ${state.quiet ? 1 : 0}`,
      `V: ${state.verbose ? 1 : 0}`,
      'X: 4',
      'Z: 0',
      ...[...state.sRegisters].map(([n, v]) => `S${n}: ${v}`),
    ),

  '+GMI': fixed(MODULE_IDENTITY.manufacturer),
  '+CGMI': fixed(MODULE_IDENTITY.manufacturer),
  '+GMM': fixed(MODULE_IDENTITY.model),
  '+CGMM': fixed(MODULE_IDENTITY.model),
  '+GMR': fixed(`Revision: ${MODULE_IDENTITY.revision}`),
  '+CGMR': fixed(`Revision: ${MODULE_IDENTITY.revision}`),
  '+GSN': fixed(MODULE_IDENTITY.imei),
  '+CGSN': fixed(MODULE_IDENTITY.imei),
  '+CIMI': fixed(MODULE_IDENTITY.imsi),
  '+QCCID': fixed(`+QCCID: ${MODULE_IDENTITY.iccid}`),

  '+CMEE': (cmd, { state }) => {
    if (cmd.form === 'test') return answer('+CMEE: (0-2)');
    if (cmd.form === 'read') return answer(`+CMEE: ${state.cmee}`);
    const n = cmd.params.length === 0 ? 0 : intParam(cmd, 0, 0, 2);
    if (n === null) return ERROR;
    state.cmee = n;
    return OK;
  },

  '+IPR': (cmd, { state }) => {
    if (cmd.form === 'test') return answer(`+IPR: (),(${BAUD_RATES.join(',')})`);
    if (cmd.form === 'read') return answer(`+IPR: ${state.baudRate}`);
    const rate = intParam(cmd, 0, 0, 921600);
    if (rate === null || !BAUD_RATES.includes(rate)) return ERROR;
    state.baudRate = rate; // a virtual line keeps its speed; the value is only read back
    return OK;
  },

  '+CFUN': (cmd, ctx) => {
    const { state } = ctx;
    if (cmd.form === 'test') return answer('+CFUN: (0,1,4),(0,1)');
    if (cmd.form === 'read') return answer(`+CFUN: ${state.cfun}`);
    const fun = intParam(cmd, 0, 0, 4);
    const rst = cmd.params.length > 1 ? intParam(cmd, 1, 0, 1) : 0;
    if (fun === null || fun === 2 || fun === 3 || rst === null || (rst === 1 && fun !== 1)) return ERROR;
    if (rst === 1) return { final: 'OK', after: () => ctx.reboot() }; // [INF] OK, then the module restarts
    const wasOn = state.cfun === 1;
    state.cfun = fun;
    if (fun !== 1) {
      state.activeContexts.clear();
      // The radio is off: every MQTT link loses its network.
      return { final: 'OK', latency: 'pdp', after: () => ctx.slots.forEach((slot) => slot.networkLost()) };
    }
    // [ATM] 2.22: after AT+CFUN=1 the SIM URCs follow the OK.
    const simUrcs = ['+CPIN: READY', '+QUSIM: 1', '+QIND: SMS DONE', '+QIND: PB DONE'];
    return { final: 'OK', latency: 'pdp', after: wasOn ? undefined : () => simUrcs.forEach((u) => ctx.urc(u)) };
  },

  '+CPIN': (cmd, { state }) => {
    if (cmd.form === 'test') return OK;
    if (state.cfun === 0) return cmeError(13); // [ATM] 2.22: CPIN? after CFUN=0 → +CME ERROR: 13
    if (cmd.form === 'read') return answer('+CPIN: READY');
    return cmeError(3); // no PIN is pending
  },

  '+CSQ': (cmd, { state }) => (cmd.form === 'test' ? answer('+CSQ: (0-31,99),(0-7,99)') : answer(state.registered ? '+CSQ: 28,99' : '+CSQ: 99,99')),
  '+CREG': registration('+CREG', 'cregMode'),
  '+CGREG': registration('+CGREG', 'cgregMode'),
  '+CEREG': registration('+CEREG', 'ceregMode'),

  '+COPS': (cmd, { state }) => {
    if (cmd.form === 'test') return answer(`+COPS: (2,${OPERATOR},"CMCC","46000",7),,(0-4),(0-2)`);
    if (cmd.form === 'read') return answer(state.registered ? `+COPS: 0,0,${OPERATOR},7` : '+COPS: 0');
    return intParam(cmd, 0, 0, 4) === null ? ERROR : OK;
  },
  '+QNWINFO': (cmd, { state }) =>
    cmd.form === 'test' ? OK : answer(state.registered ? '+QNWINFO: "TDD LTE",46000,"LTE BAND 40",38950' : '+QNWINFO: No Service'),

  '+CGATT': (cmd, { state }) => {
    if (cmd.form === 'test') return answer('+CGATT: (0,1)');
    if (cmd.form === 'read') return answer(`+CGATT: ${state.registered ? 1 : 0}`);
    return intParam(cmd, 0, 0, 1) === null ? ERROR : OK;
  },

  '+CGDCONT': (cmd, { state }) => {
    if (cmd.form === 'test') return answer('+CGDCONT: (1-15),"IP",,,(0-3),(0-4),(0,1),(0,1),(0-2),(0,1)');
    if (cmd.form === 'read') {
      return answer(...[...state.pdpDefinitions].sort(([a], [b]) => a - b).map(([cid, d]) => `+CGDCONT: ${cid},${quote(d.pdpType)},${quote(d.apn)},"0.0.0.0",0,0,0,0`));
    }
    const cid = intParam(cmd, 0, 1, 15);
    if (cid === null || state.activeContexts.has(cid)) return ERROR; // an active context cannot be redefined
    if (cmd.params.length === 1) {
      state.pdpDefinitions.delete(cid);
      return OK;
    }
    const pdpType = cmd.params[1].text.toUpperCase();
    if (!['IP', 'PPP', 'IPV6', 'IPV4V6'].includes(pdpType)) return ERROR;
    state.pdpDefinitions.set(cid, { pdpType, apn: cmd.params[2]?.text ?? '' });
    return OK;
  },

  '+CGACT': (cmd, ctx) => {
    const { state } = ctx;
    if (cmd.form === 'test') return answer('+CGACT: (0,1)');
    if (cmd.form === 'read') {
      const cids = new Set([...state.pdpDefinitions.keys(), ...state.activeContexts.keys()]);
      return answer(...[...cids].sort((a, b) => a - b).map((cid) => `+CGACT: ${cid},${state.activeContexts.has(cid) ? 1 : 0}`));
    }
    const on = intParam(cmd, 0, 0, 1);
    const cid = intParam(cmd, 1, 1, 15);
    if (on === null || cid === null) return ERROR;
    if (on === 0) {
      state.activeContexts.delete(cid);
      return { final: 'OK', latency: 'pdp' };
    }
    // Unlike AT+QIACT, activating an active context again is accepted.
    return state.activeContexts.has(cid) ? { final: 'OK', latency: 'pdp' } : activateContext(ctx, cid);
  },

  '+CGPADDR': (cmd, { state }) => {
    if (cmd.form === 'test') return answer(`+CGPADDR: (${[...state.pdpDefinitions.keys()].join(',')})`);
    const cids = cmd.form === 'write' ? cmd.params.map((p) => Number(p.text)) : [...state.pdpDefinitions.keys()].sort((a, b) => a - b);
    if (cids.some((c) => !Number.isInteger(c) || c < 1 || c > 15)) return ERROR;
    return answer(...cids.map((cid) => (state.activeContexts.has(cid) ? `+CGPADDR: ${cid},${quote(state.activeContexts.get(cid)!)}` : `+CGPADDR: ${cid}`)));
  },

  '+QICSGP': (cmd, { state }) => {
    if (cmd.form === 'test') return answer('+QICSGP: (1-15),(1-3),<APN>,<username>,<password>,(0-3),(0,1)');
    if (cmd.form !== 'write') return ERROR;
    const cid = intParam(cmd, 0, 1, 15);
    if (cid === null) return ERROR;
    if (cmd.params.length === 1) {
      // Q13: the query form does not repeat the context id.
      const p = state.pdpProfiles.get(cid) ?? { contextType: 1, apn: '', username: '', password: '', authentication: 0 };
      return answer(`+QICSGP: ${p.contextType},${quote(p.apn)},${quote(p.username)},${quote(p.password)},${p.authentication}`);
    }
    const contextType = intParam(cmd, 1, 1, 3);
    const authentication = cmd.params.length > 5 ? intParam(cmd, 5, 0, 3) : 0;
    if (contextType === null || authentication === null || cmd.params.length < 3) return ERROR;
    const text = (i: number) => cmd.params[i]?.text ?? '';
    if (text(3).length > 127 || text(4).length > 127) return ERROR;
    state.pdpProfiles.set(cid, { contextType, apn: text(2), username: text(3), password: text(4), authentication });
    return OK;
  },

  '+QIACT': (cmd, ctx) => {
    const { state } = ctx;
    if (cmd.form === 'test') return answer('+QIACT: (1-15)');
    if (cmd.form === 'read') {
      // [HTTP] examples: only OK when no context is active.
      const lines = [...state.activeContexts].sort(([a], [b]) => a - b);
      const type = (cid: number) => state.pdpProfiles.get(cid)?.contextType ?? 1;
      return answer(...lines.map(([cid, ip]) => `+QIACT: ${cid},1,${type(cid)},${quote(ip)}`));
    }
    const cid = intParam(cmd, 0, 1, 15);
    return cid === null ? ERROR : activateContext(ctx, cid);
  },

  '+QIDEACT': (cmd, { state }) => {
    if (cmd.form === 'test') return answer('+QIDEACT: (1-15)');
    const cid = intParam(cmd, 0, 1, 15);
    if (cid === null) return ERROR;
    state.activeContexts.delete(cid);
    return { final: 'OK', latency: 'pdp' };
  },

  '+QURCCFG': (cmd, { state }) => {
    if (cmd.form === 'test') return answer('+QURCCFG: "urcport",("usbat","usbmodem","uart1")');
    if (cmd.form !== 'write' || cmd.params[0]?.text.toLowerCase() !== 'urcport') return ERROR;
    if (cmd.params.length === 1) return answer(`+QURCCFG: "urcport",${quote(state.urcPort)}`);
    const port = cmd.params[1].text.toLowerCase();
    if (!['usbat', 'usbmodem', 'uart1'].includes(port)) return ERROR;
    state.urcPort = port;
    return OK;
  },

  '+CMGF': (cmd, { state }) => {
    if (cmd.form === 'test') return answer('+CMGF: (0,1)');
    if (cmd.form === 'read') return answer(`+CMGF: ${state.cmgf}`);
    const n = intParamOr(cmd, 0, 1, 0);
    if (n === null) return ERROR;
    state.cmgf = n;
    return OK;
  },

  // The simulator's variable-length data phase (quectel-at.md §1.7): `> `, text until Ctrl+Z sends
  // (`+CMGS: <mr>`), ESC cancels (OK, nothing sent). Text mode takes a quoted number, PDU mode a length.
  '+CMGS': (cmd, { state }) => {
    if (cmd.form === 'test') return OK;
    if (cmd.form !== 'write') return ERROR;
    const address = state.cmgf === 1 ? cmd.params[0]?.text ?? '' : '';
    if (state.cmgf === 1 ? !/^\+?\d{3,20}$/.test(address) : intParam(cmd, 0, 7, 164) === null) return ERROR;
    if (!state.registered) return cmeError(30);
    return {
      dataPhase: {
        length: null,
        complete: () => {
          state.smsReference = (state.smsReference + 1) % 256;
          return answer(`+CMGS: ${state.smsReference}`);
        },
      },
    };
  },

  '+QPOWD': (cmd, ctx) => {
    if (cmd.form === 'test') return answer('+QPOWD: (0,1)');
    const n = cmd.params.length === 0 ? 1 : intParam(cmd, 0, 0, 1);
    return n === null ? ERROR : { final: 'OK', after: () => ctx.powerDown() };
  },
};

/** S-registers: `ATS3?`, `ATS0=0` ([ATM] 2.18–2.20); only those of [ATM] Table 2 exist. */
export function sRegisterCommand(cmd: AtCommand, { state }: ModuleContext): CommandOutcome {
  const n = Number(cmd.name.slice(1));
  if (!state.sRegisters.has(n)) return ERROR;
  if (cmd.form === 'read') return answer(String(state.sRegisters.get(n)).padStart(3, '0'));
  const v = intParam(cmd, 0, 0, 255);
  if (v === null || ((n === 3 || n === 4 || n === 5) && v > 127)) return ERROR;
  state.sRegisters.set(n, v);
  return OK;
}

function intParamOr(cmd: AtCommand, min: number, max: number, fallback: number): number | null {
  return cmd.params.length === 0 ? fallback : intParam(cmd, 0, min, max);
}
