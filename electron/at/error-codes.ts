// Result and error code decoding: every final result, deferred-result URC and error code an EC600S
// reports becomes a short meaning and a remedy in en and zh-CN (shared/facts.ts `Decoded`), for the
// UI and the CLI. Source of truth: ../shared/reference/quectel-at.md (section numbers cited below)
// and cloud-protocols.md §1.7 (CONNACK on Aliyun). Pure: no IO, no clock. The texts are data beside
// this file: error-tables.ts (numbered codes), error-cases.ts (decodes keyed by name) and
// error-remedies.ts (remedies several codes share).
import type { Decoded } from '../../shared/facts';
import { commandName as parseCommandName, isCommandLine } from './commands';
import { COMMAND_ERRORS, FIXED_FINALS, HTTP_STATUS, NO_URC_HINTS, QIURC_EVENTS, REJECTED } from './error-cases';
import { CHECK_APN, CHECK_PARAMETERS, MQTT_NOT_CONNECTED, MQTT_RETRANSMITTED, REOPEN_MQTT, decoded, text, type Row, type Text } from './error-remedies';
import {
  CME_ROWS,
  CMS_ROWS,
  CONNACK_ROWS,
  HTTP_ROWS,
  QMTCLOSE_ROWS,
  QMTCONN_ROWS,
  QMTDISC_ROWS,
  QMTOPEN_ROWS,
  QMTPING_ROWS,
  QMTSTAT_ROWS,
  TCPIP_ROWS,
} from './error-tables';

// ── Code tables ──────────────────────────────────────────────────────────────────────────────────

function codeTable(label: string, rows: readonly Row[]): ReadonlyMap<number, Decoded> {
  return new Map(rows.map(([code, en, zh, remedy]) => [code, decoded(`${label} ${code}`, text(en, zh), remedy)]));
}

/** Tables say which codes exist; anything else is still an error and gets this, never undefined. */
function unknownCode(label: string, code: number, remedy?: Text): Decoded {
  return decoded(
    `${label} ${code}`,
    text(`Unknown ${label} code ${code}`, `未知的 ${label} 错误码 ${code}`),
    remedy ?? text('Look the code up in the AT manual of this firmware', '请在该固件对应的 AT 手册中查找此错误码'),
  );
}

const NO_ROWS: ReadonlyMap<number, Decoded> = new Map();
const CME = codeTable('CME', CME_ROWS);
const CMS = codeTable('CMS', CMS_ROWS);
const TCPIP = codeTable('TCPIP', TCPIP_ROWS);
const HTTP = codeTable('HTTP', HTTP_ROWS);
const QMTOPEN = codeTable('QMTOPEN', QMTOPEN_ROWS);
const QMTCLOSE = codeTable('QMTCLOSE', QMTCLOSE_ROWS);
const QMTDISC = codeTable('QMTDISC', QMTDISC_ROWS);
const QMTCONN = codeTable('QMTCONN', QMTCONN_ROWS);
const CONNACK = codeTable('CONNACK', CONNACK_ROWS);
const QMTSTAT = codeTable('QMTSTAT', QMTSTAT_ROWS);
const QMTPING = codeTable('QMTPING', QMTPING_ROWS);

/** Verbose text (AT+CMEE=2) → code. Letters and digits only, so spacing, case and dashes don't matter. */
const squash = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');
const verboseIndex = (rows: readonly Row[]): ReadonlyMap<string, number> => new Map(rows.map(([code, en]) => [squash(en), code]));
// HTTP commands answer +CME ERROR with 7xx codes (§2.4), so their texts belong to the CME index
const CME_BY_TEXT = verboseIndex([...CME_ROWS, ...HTTP_ROWS]);
const CMS_BY_TEXT = verboseIndex(CMS_ROWS);

// ── Public decoders for single codes ──────────────────────────────────────────────────────────

/** `+CME ERROR: <code>` (§2.1). 701–730 are the HTTP(S) codes of §2.4 and decode as "HTTP 7xx". */
export function decodeCme(code: number): Decoded {
  return CME.get(code) ?? HTTP.get(code) ?? unknownCode('CME', code);
}

/** `+CMS ERROR: <code>` (§2.2, SMS commands). */
export function decodeCms(code: number): Decoded {
  return CMS.get(code) ?? unknownCode('CMS', code);
}

/** A TCP/IP `<err>` (§2.3) as in +QIOPEN, +QIGETERROR, +QPING, +QNTP; 0 (success) → undefined. */
export function decodeTcpIpError(code: number): Decoded | undefined {
  if (code === 0) return undefined;
  return TCPIP.get(code) ?? unknownCode('TCPIP', code, text('Read the detail with AT+QIGETERROR', '用 AT+QIGETERROR 查看详细原因'));
}

/** An HTTP(S) `<err>` (§2.4) as in +CME ERROR of HTTP commands and +QHTTPGET/POST/READ; 0 → undefined. */
export function decodeHttpError(code: number): Decoded | undefined {
  if (code === 0) return undefined;
  return HTTP.get(code) ?? unknownCode('HTTP', code);
}

/** The CONNACK return code (`<ret_code>` of +QMTCONN, §3.6.4) as Aliyun uses it; 0 (accepted) → undefined. */
export function decodeConnack(code: number): Decoded | undefined {
  if (code === 0) return undefined;
  if (code >= 0x80) {
    // cloud-protocols.md §1.7: MQTT 5 reason codes, Enterprise instances only
    return decoded(`CONNACK ${code}`, text(`MQTT 5 reason code 0x${code.toString(16)}: the broker refused the connection`, `MQTT 5 原因码 0x${code.toString(16)}：服务器拒绝了连接`),
      text('Look the reason code up in the broker documentation', '在服务器文档中查找该原因码'));
  }
  return CONNACK.get(code) ?? unknownCode('CONNACK', code);
}

/** `+QMTSTAT: <idx>,<err_code>` (§3.6.13): codes 1–8 with the vendor remedies, 9–255 reserved. */
export function decodeQmtStat(code: number): Decoded {
  const known = QMTSTAT.get(code);
  if (known) return known;
  if (code >= 9 && code <= 255) {
    return decoded(`QMTSTAT ${code}`, text(`Reserved status code ${code}: the client has been disconnected`, `保留的状态码 ${code}：客户端已断开`), REOPEN_MQTT);
  }
  return unknownCode('QMTSTAT', code, REOPEN_MQTT);
}

// ── Final result lines (§1.5, §1.6) ──────────────────────────────────────────────────────────

/** ATV0 digits (§1.3, §1.5) → the verbose text. */
const NUMERIC_RESULTS: ReadonlyMap<string, string> = new Map([
  ['0', 'OK'], ['1', 'CONNECT'], ['3', 'NO CARRIER'], ['4', 'ERROR'], ['6', 'NO DIALTONE'], ['7', 'BUSY'], ['8', 'NO ANSWER'],
]);

function verboseResult(result: string): string {
  const trimmed = result.trim();
  return NUMERIC_RESULTS.get(trimmed) ?? trimmed;
}

/** Is this result line a success? ('OK', 'CONNECT' with or without its ATX text, 'SEND OK'; ATV0 '0', '1'). */
export function isSuccessResult(result: string): boolean {
  const verbose = verboseResult(result);
  return verbose === 'OK' || verbose === 'SEND OK' || verbose === 'CONNECT' || verbose.startsWith('CONNECT ');
}

interface CommandRef {
  /** '+QIACT', 'ATI', '&W' ... upper case, or '' when unknown. */
  name: string;
  /** Read or test form (AT+X? / AT+X=?). */
  query: boolean;
}

/** Only a well-formed mnemonic is echoed into user text: the command text itself may hold secrets. */
const MNEMONIC = /^(?:[+^&][A-Z0-9_]{1,24}|AT[A-Z0-9]{0,8})$/;

function commandRef(command: string | undefined): CommandRef {
  if (!command) return { name: '', query: false };
  if (isCommandLine(command)) {
    const { name, rest } = parseCommandName(command);
    return { name: MNEMONIC.test(name) ? name : '', query: /^\s*=?\s*\?/.test(rest) };
  }
  const name = command.trim().replace(/:$/, '').toUpperCase();
  const withPlus = /^[A-Z]/.test(name) && !name.startsWith('AT') ? `+${name}` : name;
  return { name: MNEMONIC.test(withPlus) ? withPlus : '', query: false };
}

/** 'AT+QIACT' for '+QIACT', 'ATI' for 'ATI'. */
const atForm = (name: string): string => (name.startsWith('AT') ? name : `AT${name}`);

const TCPIP_COMMANDS = /^\+(QI[A-Z]+|QPING|QNTP)$/;

/** A bare ERROR: the vendor gives no code (§1.6, §2.5), so the remedy depends on the command. */
function decodeBareError(command: string | undefined): Decoded {
  const { name, query } = commandRef(command);
  const known = query ? undefined : COMMAND_ERRORS.get(name);
  if (known) return known;
  if (TCPIP_COMMANDS.test(name) && name !== '+QIGETERROR') {
    // §1.6: TCP/IP commands answer a bare ERROR; the code is kept for AT+QIGETERROR
    return decoded('ERROR', text(`${atForm(name)} failed`, `${atForm(name)} 执行失败`), text(
      'Read the detail with AT+QIGETERROR',
      '用 AT+QIGETERROR 查看具体错误码',
    ));
  }
  if (name.startsWith('+C')) {
    // 3GPP commands report +CME ERROR codes unless AT+CMEE=0 (§1.6)
    return decoded('ERROR', REJECTED, text(
      `Turn on error codes with AT+CMEE=1 (or AT+CMEE=2 for text) and send ${atForm(name)} again to see the reason`,
      `用 AT+CMEE=1（或 AT+CMEE=2 显示文字）打开错误码，再发一次 ${atForm(name)} 就能看到原因`,
    ));
  }
  if (query) {
    return decoded('ERROR', text('Query rejected', '查询被拒绝'), text(
      'The module cannot answer this query now: the feature may not be ready or not supported by this firmware',
      '模组现在无法回答这个查询：相关功能可能还没就绪，或当前固件不支持',
    ));
  }
  const extended = /^[+^]/.test(name);
  return decoded('ERROR', REJECTED, text(
    `The module does not know this command or a parameter is wrong: check the spelling and the parameters${extended ? ` (${atForm(name)}=? lists the accepted values)` : ''}`,
    `模组不认识这条命令，或者参数有误：检查拼写和参数${extended ? `（${atForm(name)}=? 可查看取值范围）` : ''}`,
  ));
}

function decodeNoCarrier(command: string | undefined): Decoded {
  const { name } = commandRef(command);
  if (name === '+CGACT') return decoded('NO CARRIER', text('PDP context activation failed', 'PDP 激活失败'), CHECK_APN);
  if (name === 'ATO') {
    return decoded('NO CARRIER', text('No transparent session to return to', '没有可以恢复的透传会话'), text(
      'Open a socket in transparent mode first (AT+QIOPEN with access_mode 2)',
      '先以透传模式打开 socket（AT+QIOPEN 的 access_mode 为 2）',
    ));
  }
  // [TCP] 1.2: a dropped transparent socket prints NO CARRIER
  return decoded('NO CARRIER', text('The connection ended or could not be set up', '连接已断开或无法建立'), text(
    'If a transparent socket dropped, close it with AT+QICLOSE and open it again',
    '如果是透传 socket 断开了，先用 AT+QICLOSE 关闭再重新打开',
  ));
}

const CM_ERROR = /^\+(CME|CMS) ERROR\s*:\s*(.*)$/is;

function decodeCmError(kind: 'CME' | 'CMS', detail: string): Decoded {
  const code = /^-?\d+$/.test(detail) ? Number(detail) : (kind === 'CME' ? CME_BY_TEXT : CMS_BY_TEXT).get(squash(detail));
  if (code !== undefined) return kind === 'CME' ? decodeCme(code) : decodeCms(code);
  // verbose text we have no row for: show the module's own words (bounded; it is untrusted text)
  const shown = detail.replace(/[^\x20-\x7e]/g, '?').slice(0, 80) || '?';
  return decoded(kind, text(`Module error: ${shown}`, `模组报错：${shown}`), CHECK_PARAMETERS);
}

/**
 * A final result line of a command → its decode, or undefined for a success ('OK', 'CONNECT',
 * 'SEND OK'). Knows OK/ERROR/NO CARRIER/BUSY/NO ANSWER/NO DIALTONE/SEND FAIL (§1.5), their ATV0
 * digits, `+CME ERROR: 10` and its AT+CMEE=2 text `+CME ERROR: SIM not inserted` (§1.6),
 * `+CMS ERROR: 500`, and the engine's own TIMEOUT / RESTARTED / LINK LOST. `command` (the
 * command text, e.g. 'AT+QIACT=1') lets a bare ERROR carry a command-specific remedy. Any other
 * line decodes as an unrecognised result — never as success. Never throws.
 */
export function decodeFinal(result: string, command?: string): Decoded | undefined {
  if (isSuccessResult(result)) return undefined;
  const verbose = verboseResult(result);
  if (verbose === 'ERROR') return decodeBareError(command);
  if (verbose === 'NO CARRIER') return decodeNoCarrier(command);
  const fixed = FIXED_FINALS.get(verbose);
  if (fixed) return fixed;
  const cm = CM_ERROR.exec(verbose);
  if (cm) return decodeCmError(cm[1].toUpperCase() === 'CMS' ? 'CMS' : 'CME', cm[2].trim());
  const shown = verbose.replace(/[^\x20-\x7e]/g, '?').slice(0, 80);
  return decoded('UNKNOWN RESULT', text(`Unrecognised result: ${shown}`, `无法识别的结果：${shown}`), text(
    'Treated as a failure; check the command and the module firmware',
    '按失败处理；请检查命令和模组固件',
  ));
}

// ── Deferred-result URCs (§3.6.12, §3.4, §3.5, §7.1 item 6) ─────────────────────────────────────

function malformed(label: string): Decoded {
  return decoded(`${label} ?`, text(`Malformed ${label} result`, `${label} 结果格式不对`), text(
    'The URC lacks its result field; check the module firmware',
    'URC 缺少结果字段，请检查模组固件',
  ));
}

function retransmitted(label: string, count: number | undefined): Decoded {
  const counted = count !== undefined && Number.isInteger(count) && count > 0;
  return decoded(`${label} 1`, text(
    `Packet retransmitted${counted ? ` ${count} time(s)` : ''}: the server was slow to acknowledge`,
    `报文重传了${counted ? ` ${count} 次` : ''}：服务器确认较慢`,
  ), MQTT_RETRANSMITTED);
}

/** +QMTSUB / +QMTUNS / +QMTPUBEX / +QMTPUB: [msgid, result, value...]. */
function decodePacketResult(label: string, fields: readonly number[]): Decoded | undefined {
  const [, result, ...values] = fields;
  if (result === 0) {
    // MQTT 3.1.1 §3.9.3: SUBACK return code 0x80 = the broker refused that topic filter
    const refused = label === 'QMTSUB' ? values.find((v) => v >= 0x80) : undefined;
    if (refused === undefined) return undefined;
    return decoded(`SUBACK ${refused}`, text('The broker refused the subscription', '服务器拒绝了该订阅'), text(
      'Check the topic: on Aliyun it must belong to this device (/sys/<ProductKey>/<DeviceName>/...) and allow subscribing',
      '检查 topic：阿里云上必须是本设备的 topic（/sys/<ProductKey>/<DeviceName>/...），并且有订阅权限',
    ));
  }
  if (result === 1) return retransmitted(label, values[0]);
  if (result === 2) {
    const what = label === 'QMTSUB' ? ['Subscribe', '订阅'] : label === 'QMTUNS' ? ['Unsubscribe', '取消订阅'] : ['Publish', '发布'];
    return decoded(`${label} 2`, text(`${what[0]} failed: no acknowledgement after all retries`, `${what[1]}失败：重试多次后仍未得到确认`), text(
      `${MQTT_NOT_CONNECTED.en}. On Aliyun also check the topic belongs to this device`,
      `${MQTT_NOT_CONNECTED.zh}。阿里云上还要确认 topic 属于本设备`,
    ));
  }
  return decodeFromTable(label, NO_ROWS, result);
}

/** +QMTCONN: [result, ret_code?]. */
function decodeConnResult(fields: readonly number[]): Decoded | undefined {
  const [result, retCode] = fields;
  if (result === 0) return retCode === undefined ? undefined : decodeConnack(retCode);
  if (result === 1) return retransmitted('QMTCONN', undefined);
  return decodeFromTable('QMTCONN', QMTCONN, result);
}

/** Decodes a URC's result field, or says the field is missing. */
function withResult(label: string, result: number | undefined, decode: (code: number) => Decoded | undefined): Decoded | undefined {
  return result === undefined || !Number.isInteger(result) ? malformed(label) : decode(result);
}

/** A one-field result where 0 is success: +QMTOPEN, +QMTCLOSE, +QMTDISC, +QMTPING. */
function decodeFromTable(label: string, table: ReadonlyMap<number, Decoded>, result: number | undefined): Decoded | undefined {
  return withResult(label, result, (code) => (code === 0 ? undefined : table.get(code) ?? unknownCode(label, code)));
}

/** +QHTTPGET/POST/POSTFILE: [err, httprspcode?, content_length?]; a 4xx/5xx status is a failure too. */
function decodeHttpResult(label: string, fields: readonly number[]): Decoded | undefined {
  const status = fields[1];
  return withResult(label, fields[0], (err) => (err === 0 && status >= 400 ? decodeHttpStatus(status) : decodeHttpError(err)));
}

function decodeHttpStatus(status: number): Decoded {
  const meaning = HTTP_STATUS.get(status) ?? text(`The server answered HTTP ${status}`, `服务器返回 HTTP ${status}`);
  const remedy = status >= 500
    ? text('The server failed: check the server side or retry later', '服务器端出错：检查服务器或稍后重试')
    : text('The server refused the request: check the URL, the headers and the body', '服务器拒绝了请求：检查 URL、请求头和请求体');
  return decoded(`HTTP STATUS ${status}`, meaning, remedy);
}

/**
 * The deferred result URC of a command, or a code-carrying MQTT URC. `name` is the URC prefix
 * ('+QMTOPEN'; the '+' is optional, case is ignored). `fields` are its numeric parameters **after
 * the client/connect id**, as the URC gives them:
 *
 * | name | fields |
 * |---|---|
 * | +QMTOPEN, +QMTCLOSE, +QMTDISC | [result] (−1 failed, 0 ok; QMTOPEN 1–5) |
 * | +QMTCONN | [result, ret_code?] (ret_code = CONNACK) |
 * | +QMTSUB, +QMTUNS, +QMTPUBEX, +QMTPUB | [msgid, result, value...] (QMTSUB value = granted QoS list) |
 * | +QMTSTAT, +QMTPING | [err_code] / [result] |
 * | +QIOPEN | [err] (TCP/IP table) |
 * | +QPING, +QNTP, +QIDNSGIP | [err, ...] — these URCs carry no id, so every numeric field |
 * | +QHTTPGET, +QHTTPPOST, +QHTTPPOSTFILE | [err, httprspcode?, content_length?] — no id either |
 * | +QHTTPREAD, +QHTTPREADFILE | [err] |
 *
 * Returns undefined when the result means success. A retransmission notice (result 1 of
 * QMTCONN/SUB/UNS/PUBEX) is not a failure but is still returned, so the UI can say so. A
 * subscription granted 0x80 (SUBACK failure) decodes as "SUBACK 128". An unknown name decodes
 * by the Quectel convention that 0 in the first field is success.
 */
export function decodeDeferred(name: string, fields: number[]): Decoded | undefined {
  const label = name.trim().replace(/^\+/, '').replace(/:$/, '').toUpperCase();
  switch (label) {
    case 'QMTOPEN':
      return decodeFromTable(label, QMTOPEN, fields[0]);
    case 'QMTCLOSE':
      return decodeFromTable(label, QMTCLOSE, fields[0]);
    case 'QMTDISC':
      return decodeFromTable(label, QMTDISC, fields[0]);
    case 'QMTPING':
      return decodeFromTable(label, QMTPING, fields[0]);
    case 'QMTCONN':
      return decodeConnResult(fields);
    case 'QMTSUB':
    case 'QMTUNS':
    case 'QMTPUBEX':
    case 'QMTPUB':
      return decodePacketResult(label, fields);
    case 'QMTSTAT':
      return withResult(label, fields[0], decodeQmtStat);
    case 'QIOPEN':
    case 'QPING':
    case 'QNTP':
    case 'QIDNSGIP':
      return withResult(label, fields[0], decodeTcpIpError);
    case 'QHTTPGET':
    case 'QHTTPPOST':
    case 'QHTTPPOSTFILE':
      return decodeHttpResult(label, fields);
    case 'QHTTPREAD':
    case 'QHTTPREADFILE':
      return withResult(label, fields[0], decodeHttpError);
    default: {
      const shown = /^[A-Z0-9_]{1,24}$/.test(label) ? label : 'URC';
      return decodeFromTable(shown, NO_ROWS, fields[0]);
    }
  }
}

// ── A deferred result that never came (§1.9, Q14) ────────────────────────────────────────────

/**
 * A deferred result that never came: the command's OK arrived but no result URC within its
 * timeout. `commandName` is the mnemonic ('+QMTOPEN') or the command text.
 */
export function decodeNoUrc(commandName: string): Decoded {
  const { name } = commandRef(commandName);
  const urc = name.startsWith('+') ? `${name}: …` : 'URC';
  const hint = NO_URC_HINTS.get(name) ?? text(
    'check the network (AT+CSQ, AT+QIACT?) and that the server is reachable',
    '检查网络（AT+CSQ、AT+QIACT?）以及服务器能否访问',
  );
  // Q14 (§1.9): URCs go to the port chosen by AT+QURCCFG, which may not be the one we listen on
  return decoded('NO URC', text(
    `${name ? atForm(name) : 'The command'} answered OK but its result ${urc} never came`,
    `${name ? `${atForm(name)} ` : '命令'}已返回 OK，但一直没有收到结果 ${urc}`,
  ), text(
    `URCs may go to another port: check AT+QURCCFG="urcport" — on the main UART set AT+QURCCFG="urcport","uart1". Otherwise ${hint.en}`,
    `URC 可能被送到了别的端口：用 AT+QURCCFG="urcport" 查看，工具接的是主串口的话设为 AT+QURCCFG="urcport","uart1"。如果不是这个原因，${hint.zh}`,
  ));
}

// ── +QIURC socket events that mean trouble (§3.4.9) ──────────────────────────────────────────

/** `+QIURC: "<event>",...` → a decode for the events that mean trouble (pdpdeact, closed, incoming full); else undefined. */
export function decodeQiurc(event: string): Decoded | undefined {
  return QIURC_EVENTS.get(event.trim().replace(/^"|"$/g, '').toLowerCase());
}
