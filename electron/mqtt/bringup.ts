// The one-click bring-up as an expect-gated script (feature-anchors.md §4.2, §4.9): what to send in
// which order, what each answer must say, what a failure means and what to do about it. Pure: the
// connect service runs the plan against the module. quectel-at.md sections are cited per step.
import type { Decoded } from '../../shared/facts';
import { effectiveClientId, mqttHost, type BilingualText, type MessageIds, type TopicQos, type TripletForm, subscribeCommand } from '../../shared/aliyun';
import { say } from '../../shared/bilingual-text';
import { maskKeepingTail } from '../presets/extract';

export type StepState = 'pending' | 'running' | 'ok' | 'failed' | 'skipped';

/** One step as the UI shows it. Every text is masked: the DeviceSecret never appears. */
export interface BringupStep {
  id: string;
  label: BilingualText;
  /** The command, secret masked. */
  command: string;
  state: StepState;
  latencyMs: number | null;
  /** What settled it: 'OK', '+QMTOPEN: 0,0', '+CEREG: 0,1', 'already active'... */
  result: string | null;
  error?: Decoded;
  /** What to check at this step, beyond the decoded error. */
  hint?: BilingualText;
}

/** What the steps learn about the module as they go; later steps run or skip on it. */
export interface BringupContext {
  pdpActive: boolean;
  /** `AT+QMTCONN?` of the chosen client: not listed, opened (1, 2, 4) or connected (3). */
  client: 'closed' | 'opened' | 'connected';
}

/** The answer to a step's command, as AtClient reports it. */
export interface StepOutcome {
  ok: boolean;
  result: string;
  info: string[];
  latencyMs: number;
  error?: Decoded;
}

export type StepVerdict =
  | { kind: 'ok'; result: string; learned?: Partial<BringupContext> }
  | { kind: 'failed'; error: Decoded }
  /** Not yet (the network is still searching): ask again after a while; `error` once patience runs out. */
  | { kind: 'retry'; afterMs: number; result: string; error: Decoded };

export interface PlannedStep {
  id: string;
  label: BilingualText;
  /** Sent as is; may hold the secret. */
  command: string;
  /** Shown; never holds the secret. */
  display: string;
  /** 'result' waits for the deferred URC (+QMTOPEN: …) after OK. */
  waitFor: 'final' | 'result';
  hint?: BilingualText;
  /** Skipped (not sent) when this says no. */
  runIf?: (ctx: BringupContext) => boolean;
  /** How long a 'retry' verdict may keep asking. */
  retryForMs?: number;
  judge(outcome: StepOutcome): StepVerdict;
}

const decoded = (code: string, meaning: BilingualText, remedy?: BilingualText): Decoded => (remedy ? { code, meaning, remedy } : { code, meaning });

/** OK (and, for deferred commands, a good URC) is success; the engine's decode says why not. */
function okOrDecoded(o: StepOutcome, learned?: Partial<BringupContext>): StepVerdict {
  return o.ok ? { kind: 'ok', result: o.result, learned } : { kind: 'failed', error: o.error ?? unexplained(o.result) };
}

/** A failure the engine did not decode: stopped by the user, or the caller's own wait ran out. */
export function unexplained(result: string): Decoded {
  if (result === 'STOPPED') return decoded('STOPPED', say('Stopped by the user', '已被用户停止'));
  return decoded(result, say(`The module answered ${result}`, `模组返回了 ${result}`), say('Check the log for what the module said', '请查看日志中模组的回应'));
}

const REGISTERED = new Set([1, 5]); // quectel-at.md §3.2.5: stat 1 home, 5 roaming
const SEARCHING = 2;
const REGISTRATION_PATIENCE_MS = 60_000; // [TCP] flow (quectel-at.md §3.2.5): wait up to 60 s
const REGISTRATION_POLL_MS = 2_000;

const CEREG_STAT: Record<number, BilingualText> = {
  0: say('Not registered and not searching', '未注册，也没有在搜索网络'),
  2: say('Not registered yet: still searching for a network', '尚未注册：仍在搜索网络'),
  3: say('Registration denied by the network', '网络拒绝注册'),
  4: say('Registration state unknown', '注册状态未知'),
};
const CHECK_RADIO = say(
  'Check the antenna and signal (AT+CSQ), that the SIM is active with data service, and the APN; AT+CFUN? must be 1',
  '检查天线和信号（AT+CSQ）、SIM 卡是否已激活并开通数据业务、APN 是否正确；AT+CFUN? 应为 1',
);

function judgeRegistration(o: StepOutcome): StepVerdict {
  if (!o.ok) return okOrDecoded(o);
  const line = o.info.find((l) => l.startsWith('+CEREG:'));
  const stat = line ? Number(line.slice('+CEREG:'.length).split(',')[1]) : NaN;
  if (REGISTERED.has(stat)) return { kind: 'ok', result: line! };
  const meaning = CEREG_STAT[stat] ?? say('No registration state in the answer', '回应中没有注册状态');
  const error = decoded(`CEREG ${Number.isNaN(stat) ? '?' : stat}`, meaning, CHECK_RADIO);
  if (stat === SEARCHING) return { kind: 'retry', afterMs: REGISTRATION_POLL_MS, result: line!, error };
  return { kind: 'failed', error };
}

function judgeSim(o: StepOutcome): StepVerdict {
  if (!o.ok) return okOrDecoded(o);
  const line = o.info.find((l) => l.startsWith('+CPIN:')) ?? '';
  const state = line.slice('+CPIN:'.length).trim();
  if (state === 'READY') return { kind: 'ok', result: line };
  const needsPin = /PIN|PUK/.test(state);
  return {
    kind: 'failed',
    error: decoded(`CPIN ${state || '?'}`, say(`SIM not ready: ${state || 'no answer'}`, `SIM 卡未就绪：${state || '无回应'}`), needsPin
      ? say('Unlock the SIM with AT+CPIN="<PIN>" or disable its PIN in a phone', '用 AT+CPIN="<PIN>" 解锁，或把卡插到手机上关闭 PIN 码')
      : say('Insert the SIM card (power off first) and check it sits the right way round', '断电后插好 SIM 卡，注意方向')),
  };
}

/** `+QIACT: 1,1,1,"10.x"` lists context 1 as active (§3.4.2); only OK means none is. */
function judgePdpQuery(o: StepOutcome): StepVerdict {
  if (!o.ok) return okOrDecoded(o);
  const active = o.info.find((l) => /^\+QIACT:\s*1,1\b/.test(l));
  return { kind: 'ok', result: active ?? 'not active', learned: { pdpActive: active !== undefined } };
}

/** `+QMTCONN: <idx>,<state>` per opened client (§3.6.4): 3 connected, 1/2/4 opened. */
function judgeClientQuery(clientIndex: number) {
  return (o: StepOutcome): StepVerdict => {
    if (!o.ok) return okOrDecoded(o);
    const line = o.info.find((l) => new RegExp(`^\\+QMTCONN:\\s*${clientIndex},`).test(l));
    const state = line ? Number(line.split(',')[1]) : null;
    const client = state === null ? 'closed' : state === 3 ? 'connected' : 'opened';
    return { kind: 'ok', result: line ?? 'not in use', learned: { client } };
  };
}

/**
 * Makes the chosen client free for configuration (§3.6.1: options only apply while it is closed):
 * DISCONNECT a connected one (the server then closes the link, §3.6.13 code 5), close an opened one.
 */
export function planRelease(clientIndex: number): PlannedStep[] {
  return [
    {
      id: 'client-check', label: say(`Is client ${clientIndex} in use?`, `客户端 ${clientIndex} 是否在用？`),
      command: 'AT+QMTCONN?', display: 'AT+QMTCONN?', waitFor: 'final', judge: judgeClientQuery(clientIndex),
    },
    {
      id: 'client-disconnect', label: say(`Disconnect client ${clientIndex}`, `断开客户端 ${clientIndex}`),
      command: `AT+QMTDISC=${clientIndex}`, display: `AT+QMTDISC=${clientIndex}`, waitFor: 'result',
      runIf: (ctx) => ctx.client === 'connected', judge: (o) => okOrDecoded(o, { client: 'closed' }),
    },
    {
      id: 'client-close', label: say(`Close client ${clientIndex}`, `关闭客户端 ${clientIndex}`),
      command: `AT+QMTCLOSE=${clientIndex}`, display: `AT+QMTCLOSE=${clientIndex}`, waitFor: 'result',
      runIf: (ctx) => ctx.client === 'opened', judge: (o) => okOrDecoded(o, { client: 'closed' }),
    },
  ];
}

/** The whole bring-up for a validated form and the topics to subscribe. */
export function planBringup(form: TripletForm, topics: readonly TopicQos[], msgIds: MessageIds): PlannedStep[] {
  const idx = form.clientIndex;
  const host = mqttHost(form);
  const clientId = effectiveClientId(form);
  const aliauth = (secret: string) => `AT+QMTCFG="aliauth",${idx},"${form.productKey}","${form.deviceName}","${secret}"`;
  const plain = (id: string, label: BilingualText, command: string, extra: Partial<PlannedStep> = {}): PlannedStep => ({
    id, label, command, display: command, waitFor: 'final', judge: (o) => okOrDecoded(o), ...extra,
  });
  return [
    plain('at', say('Module answers', '模组应答'), 'AT', {
      hint: say('Open the AT port (not the modem or NMEA port) at 115200 baud, and check the power', '打开的应是 AT 口（不是 Modem 口或 NMEA 口），波特率 115200，并检查供电'),
    }),
    // §3.2: +CPIN: READY, or +CME ERROR: 10 without a SIM
    plain('sim', say('SIM ready', 'SIM 卡就绪'), 'AT+CPIN?', { judge: judgeSim, hint: say('Insert the SIM card and power the module again', '插好 SIM 卡后重新上电') }),
    plain('network', say('Registered on the network', '已注册网络'), 'AT+CEREG?', {
      judge: judgeRegistration, retryForMs: REGISTRATION_PATIENCE_MS, hint: CHECK_RADIO,
    }),
    // §3.4.1: context 1, IPv4, PAP as the seed script does
    plain('apn', say(`Set APN ${form.apn}`, `设置 APN ${form.apn}`), `AT+QICSGP=1,1,"${form.apn}","","",1`, {
      hint: say('CMNET for China Mobile, UNINET for China Unicom, CTNET for China Telecom; IoT cards may need a private APN', '移动 CMNET、联通 UNINET、电信 CTNET；物联网卡可能要用专用 APN'),
    }),
    plain('pdp-check', say('Data connection active?', '数据连接是否已激活？'), 'AT+QIACT?', { judge: judgePdpQuery }),
    // Q11: AT+QIACT=1 on an active context answers ERROR, so it runs only when the query said inactive
    plain('pdp-activate', say('Activate the data connection', '激活数据连接'), 'AT+QIACT=1', {
      runIf: (ctx) => !ctx.pdpActive, judge: (o) => okOrDecoded(o, { pdpActive: true }),
      hint: say('The SIM needs data service and the right APN; registration must be 1 or 5', 'SIM 卡要开通数据业务、APN 要正确，并且已注册网络（1 或 5）'),
    }),
    ...planRelease(idx),
    // §3.6.1 / §3.6.11: messages inside +QMTRECV, with their length, so payloads are cut by length
    plain('recv-mode', say('Receive mode: messages in the URC, with length', '接收模式：消息随 URC 上报并带长度'), `AT+QMTCFG="recv/mode",${idx},0,1`),
    plain('keepalive', say(`Keepalive ${form.keepaliveS} s`, `心跳 ${form.keepaliveS} 秒`), `AT+QMTCFG="keepalive",${idx},${form.keepaliveS}`),
    {
      id: 'aliauth', label: say('Device triplet (aliauth)', '设备三元组（aliauth）'), command: aliauth(form.deviceSecret),
      display: aliauth(maskKeepingTail(form.deviceSecret)), waitFor: 'final', judge: (o) => okOrDecoded(o),
    },
    plain('open', say(`Open ${host}:${form.port}`, `打开 ${host}:${form.port}`), `AT+QMTOPEN=${idx},"${host}",${form.port}`, {
      waitFor: 'result',
      hint: say('Check the host and port, and that the data connection is active (AT+QIACT?)', '检查主机和端口，以及数据连接是否已激活（AT+QIACT?）'),
    }),
    plain('connect', say(`Log in as ${form.deviceName}`, `以 ${form.deviceName} 登录`), `AT+QMTCONN=${idx},"${clientId}"`, {
      waitFor: 'result',
      hint: say('The triplet must match a device of the product in the region or instance of the host', '三元组必须属于连接地址所在地域/实例下的设备'),
    }),
    ...topics.map((t, i): PlannedStep => plain(`subscribe:${i}`, say(`Subscribe ${t.topic}`, `订阅 ${t.topic}`), subscribeCommand(idx, msgIds.take(), [t]), {
      waitFor: 'result',
      hint: say('A device may subscribe only to its own topics: /sys/<ProductKey>/<DeviceName>/… or /<ProductKey>/<DeviceName>/user/…', '设备只能订阅自己的 topic：/sys/<ProductKey>/<DeviceName>/… 或 /<ProductKey>/<DeviceName>/user/…'),
    })),
  ];
}

/** The steps as the UI first sees them: all pending. */
export function initialSteps(plan: readonly PlannedStep[]): BringupStep[] {
  return plan.map((p) => ({ id: p.id, label: p.label, command: p.display, state: 'pending', latencyMs: null, result: null }));
}
