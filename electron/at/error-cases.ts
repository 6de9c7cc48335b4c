// Decodes keyed by a name rather than a code: final results that carry no code, a bare ERROR to
// commands whose cause is known, +QIURC events, HTTP status lines and the hints for a deferred
// result that never came. Data only: error-codes.ts picks from these.
import type { Decoded } from '../../shared/facts';
import { CHECK_REGISTRATION, CLOSE_SOCKETS, MQTT_NOT_CONNECTED, REACTIVATE_PDP, decoded, text, type Text } from './error-remedies';

// ── A bare ERROR (§1.6, §2.5) ─────────────────────────────────────────────────────────────────

export const REJECTED = text('The module rejected the command', '模组拒绝执行该命令');
// §3.6.14: QMTCONN/SUB/UNS/PUBEX/DISC in the wrong client state → ERROR
const WRONG_MQTT_STATE = text(
  'Wrong client state: open and connect first (AT+QMTOPEN?, AT+QMTCONN?)',
  '客户端状态不对：要先打开并连接（用 AT+QMTOPEN?、AT+QMTCONN? 查看）',
);
const WRONG_MQTT_STATE_ERROR = decoded('ERROR', REJECTED, WRONG_MQTT_STATE);

/** A bare ERROR to the write/execute form of these commands has a known cause. */
export const COMMAND_ERRORS: ReadonlyMap<string, Decoded> = new Map([
  // Q11: activating an already active context answers ERROR
  ['+QIACT', decoded('ERROR', text('Context activation refused', 'PDP 激活被拒绝'), text(
    'The context may already be active, which is harmless (check with AT+QIACT?). Otherwise check registration (AT+CEREG?) and the APN (AT+QICSGP=1); AT+QIGETERROR tells the reason',
    '该上下文可能已经激活了，这种情况可以忽略，用 AT+QIACT? 确认即可。否则检查是否已注册网络（AT+CEREG?）和 APN（AT+QICSGP=1），AT+QIGETERROR 可以查看具体原因',
  ))],
  // §3.6.1 / §3.6.14: set forms only apply while the client is closed
  ['+QMTCFG', decoded('ERROR', text('MQTT option rejected', 'MQTT 配置被拒绝'), text(
    'Options can only be set before AT+QMTOPEN / while the client is closed: AT+QMTCLOSE first. Also check the option name and values',
    '配置只能在 AT+QMTOPEN 之前、客户端关闭时设置：先 AT+QMTCLOSE。另外检查配置项名称和取值',
  ))],
  ['+QMTOPEN', decoded('ERROR', REJECTED, text(
    'Check the parameters (client 0–5, host at most 100 bytes, port 1–65535) and whether the client is already open (AT+QMTOPEN?)',
    '检查参数（客户端 0–5、主机名不超过 100 字节、端口 1–65535），以及该客户端是否已经打开（AT+QMTOPEN?）',
  ))],
  ['+QMTCLOSE', decoded('ERROR', REJECTED, text(
    'The client is not open (AT+QMTOPEN? lists the open ones)',
    '该客户端没有打开（AT+QMTOPEN? 可查看已打开的）',
  ))],
  ['+QMTCONN', WRONG_MQTT_STATE_ERROR],
  ['+QMTSUB', WRONG_MQTT_STATE_ERROR],
  ['+QMTUNS', WRONG_MQTT_STATE_ERROR],
  ['+QMTDISC', WRONG_MQTT_STATE_ERROR],
  ['+QMTRECV', WRONG_MQTT_STATE_ERROR],
  // §3.6.8: at most 5 packets in flight, at most 1500 bytes per input
  ['+QMTPUBEX', decoded('ERROR', text('Publish rejected', '发布被拒绝'), text(
    `${WRONG_MQTT_STATE.en}. Or more than 5 publishes are in flight: wait for their +QMTPUBEX results. The payload may be at most 1500 bytes`,
    `${WRONG_MQTT_STATE.zh}。也可能是同时在途的发布超过了 5 条，等前面的 +QMTPUBEX 结果回来再发；单条消息最多 1500 字节`,
  ))],
  // §3.6.9: not documented for this series
  ['+QMTPUB', decoded('ERROR', text('AT+QMTPUB is not supported on EC600S/EC200S firmware', 'EC600S/EC200S 固件不支持 AT+QMTPUB'), text(
    'Use AT+QMTPUBEX=<idx>,<msgid>,<qos>,<retain>,"<topic>",<length> instead',
    '请改用 AT+QMTPUBEX=<idx>,<msgid>,<qos>,<retain>,"<topic>",<length>',
  ))],
]);

// ── Final results that carry no code (§1.5) and the engine's own ──────────────────────────────

export const FIXED_FINALS: ReadonlyMap<string, Decoded> = new Map(Object.entries({
  // §3.4.7: SEND FAIL = the socket's send buffer is full
  'SEND FAIL': decoded('SEND FAIL', text('Send buffer full', '发送缓冲区已满'), text(
    'Wait until the peer acknowledges data (AT+QISEND=<connectID>,0 shows unacked bytes), then send again',
    '等对端确认已发出的数据（AT+QISEND=<connectID>,0 可查看未确认字节数）后再发',
  )),
  BUSY: decoded('BUSY', text('The called party is busy', '对方忙')),
  'NO ANSWER': decoded('NO ANSWER', text('No answer', '无人接听')),
  'NO DIALTONE': decoded('NO DIALTONE', text('No dial tone', '没有拨号音'), CHECK_REGISTRATION),
  TIMEOUT: decoded('TIMEOUT', text('No answer from the module in time', '模组在规定时间内没有回应'), text(
    'Send AT to see whether the module answers; check the port, the baud rate (115200 by default) and the power. Network commands may still be busy in the module',
    '发一条 AT 看模组是否有回应；检查串口号、波特率（默认 115200）和供电。联网类命令也可能还在模组里执行',
  )),
  RESTARTED: decoded('RESTARTED', text('The module restarted during the command (RDY received)', '命令执行期间模组重启了（收到 RDY）'), text(
    'Unless you restarted it on purpose, check the power supply: transmit bursts draw high current peaks and a weak supply or thin USB cable resets the module. Then redo the setup (PDP, MQTT)',
    '如果不是主动重启，检查供电：发射时电流峰值很大，电源带载能力不足或 USB 线太细都会导致模组复位。之后需要重新初始化（PDP、MQTT）',
  )),
  'LINK LOST': decoded('LINK LOST', text('The serial link to the module was lost', '与模组的串口连接断开了'), text(
    'Check the USB/serial cable and the power; a USB port disappears while the module reboots. Reconnect, then redo the setup',
    '检查 USB/串口线和供电；模组重启时 USB 串口会短暂消失。重新连接后需要重新初始化',
  )),
}));

// [HTTP] ch. 6 lists these status codes; any other 4xx/5xx gets the generic text
export const HTTP_STATUS: ReadonlyMap<number, Text> = new Map([
  [403, text('403 Forbidden', '403 禁止访问')],
  [404, text('404 Not Found', '404 找不到资源')],
  [409, text('409 Conflict', '409 请求冲突')],
  [411, text('411 Length Required', '411 缺少 Content-Length')],
  [500, text('500 Internal Server Error', '500 服务器内部错误')],
]);

// ── A deferred result that never came (§1.9, Q14) ────────────────────────────────────────────

export const NO_URC_HINTS: ReadonlyMap<string, Text> = new Map(Object.entries({
  '+QMTOPEN': text('the server may be unreachable: check the host, the port and AT+QIACT?', '服务器可能连不上：检查主机名、端口和 AT+QIACT?'),
  '+QMTCONN': text('the broker did not answer CONNECT: check AT+QMTCONN? and the credentials', '服务器没有回应 CONNECT：查看 AT+QMTCONN? 并检查登录信息'),
  '+QMTSUB': MQTT_NOT_CONNECTED,
  '+QMTUNS': MQTT_NOT_CONNECTED,
  '+QMTPUBEX': MQTT_NOT_CONNECTED,
  '+QMTPUB': MQTT_NOT_CONNECTED,
  '+QMTDISC': text('check AT+QMTCONN? and close the link with AT+QMTCLOSE', '查看 AT+QMTCONN?，然后用 AT+QMTCLOSE 关闭连接'),
  '+QMTCLOSE': text('check AT+QMTOPEN?', '查看 AT+QMTOPEN?'),
  // §3.4.4: no +QIOPEN within 150 s → close the socket
  '+QIOPEN': text('close the socket with AT+QICLOSE before opening it again', '先用 AT+QICLOSE 关闭该 socket 再重新打开'),
}));

// ── +QIURC socket events that mean trouble (§3.4.9) ──────────────────────────────────────────

export const QIURC_EVENTS: ReadonlyMap<string, Decoded> = new Map(Object.entries({
  pdpdeact: decoded('PDPDEACT', text('The network deactivated the PDP context', '网络侧去激活了 PDP（数据连接断开）'), REACTIVATE_PDP),
  closed: decoded('SOCKET CLOSED', text('The peer or the network closed the socket', '对端或网络关闭了 socket'), text(
    'Close it with AT+QICLOSE (it stays in state "closing" until then) and open it again if needed',
    '用 AT+QICLOSE 关闭它（在此之前一直处于“关闭中”状态），需要的话再重新打开',
  )),
  'incoming full': decoded('INCOMING FULL', text('The listener has no free socket for a new client', '监听端口已无空闲 socket 接受新连接'), CLOSE_SOCKETS),
}));
