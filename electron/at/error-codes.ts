// Result and error code decoding: every final result, deferred-result URC and error code an EC600S
// reports becomes a short meaning and a remedy in en and zh-CN (shared/facts.ts `Decoded`), for the
// UI and the CLI. Source of truth: ../shared/reference/quectel-at.md (section numbers cited below)
// and cloud-protocols.md §1.7 (CONNACK on Aliyun). Pure: no IO, no clock.
import type { Decoded } from '../../shared/facts';
import { commandName as parseCommandName, isCommandLine } from './commands';

type Text = Decoded['meaning'];
/** One row of a code table: code, meaning in en and zh, and what to do about it. */
type Row = readonly [code: number, en: string, zh: string, remedy?: Text];

const text = (en: string, zh: string): Text => Object.freeze({ en, zh });

function decoded(code: string, meaning: Text, remedy?: Text): Decoded {
  return Object.freeze(remedy ? { code, meaning, remedy } : { code, meaning });
}

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

// ── Remedies shared by several codes ────────────────────────────────────────────────────────────

const RESTART = text(
  'Restart the module (AT+CFUN=1,1) and retry; if it persists, check the power supply',
  '重启模组（AT+CFUN=1,1）后重试；如果反复出现，检查供电是否稳定',
);
const RESEAT_SIM = text(
  'Power off, reseat the SIM card (check the holder, the contacts and which way round it goes), then power on',
  '断电后重新插好 SIM 卡（检查卡座、触点和插卡方向），再上电',
);
const ENTER_PIN = text(
  'Unlock with AT+CPIN="<PIN>" (AT+QPINC? shows the attempts left), or disable the PIN lock in a phone',
  '用 AT+CPIN="<PIN>" 解锁（AT+QPINC? 可查剩余次数），或者把卡插到手机上关闭 PIN 码',
);
const ENTER_PUK = text(
  'Unlock with AT+CPIN="<PUK>","<new PIN>"; the PUK comes from the operator',
  '用 AT+CPIN="<PUK>","<新 PIN>" 解锁，PUK 码向运营商索取',
);
const SIM_WAIT = text(
  'The SIM is still starting up: wait for +CPIN: READY (a few seconds) and retry',
  'SIM 卡还在初始化，等到 +CPIN: READY（一般几秒）再试',
);
const LOCKED_MODULE = text(
  'The module is locked to an operator or a SIM: enter the unlock code with AT+CPIN, or use a SIM it accepts',
  '模组被锁网/锁卡了：用 AT+CPIN 输入解锁码，或换一张模组允许的卡',
);
const CHECK_REGISTRATION = text(
  'Check the antenna and signal (AT+CSQ), that the SIM is active and paid up, and registration (AT+CEREG?: 1 or 5 means registered)',
  '检查天线和信号（AT+CSQ）、SIM 卡是否已激活且没有欠费停机，以及注册状态（AT+CEREG? 返回 1 或 5 才算注册上）',
);
const CHECK_SIGNAL = text(
  'Check the signal (AT+CSQ, 99 = none) and the antenna, then retry',
  '检查信号（AT+CSQ，99 表示无信号）和天线后重试',
);
const CHECK_PARAMETERS = text(
  'Check the parameters against the AT manual; the test form (AT+<command>=?) lists the accepted values',
  '对照 AT 手册检查参数；用测试命令（AT+命令=?）可以查看取值范围',
);
const CHECK_APN = text(
  'Usually a wrong APN: check AT+QICSGP=1 (CMNET for China Mobile, UNINET for China Unicom, CTNET for China Telecom; IoT cards may need a private APN)',
  '通常是 APN 不对：检查 AT+QICSGP=1（移动 CMNET、联通 UNINET、电信 CTNET；物联网卡可能要用专用 APN）',
);
const ACTIVATE_PDP = text(
  'Activate the PDP context first: AT+QICSGP=1,1,"<APN>","","",1 then AT+QIACT=1; AT+QIACT? must show an IP address',
  '先激活 PDP：AT+QICSGP=1,1,"<APN>","","",1 设置 APN，再 AT+QIACT=1；AT+QIACT? 能看到 IP 地址才算激活成功',
);
const REACTIVATE_PDP = text(
  'The data connection dropped: AT+QIDEACT=1, then AT+QIACT=1, and reopen the sockets/MQTT client',
  '数据连接断了：先 AT+QIDEACT=1，再 AT+QIACT=1，然后重新打开 socket 或 MQTT 连接',
);
// [HTTP] ch. 4 troubleshooting for 714, applies to every DNS failure
const FIX_DNS = text(
  'Check the host name and that the PDP context is active (AT+QIACT?); if AT+QIDNSCFG=1 shows 0.0.0.0, set DNS servers (AT+QIDNSCFG=1,"223.5.5.5","114.114.114.114") or deactivate and reactivate the context',
  '检查域名是否写对、PDP 是否已激活（AT+QIACT?）；如果 AT+QIDNSCFG=1 查到的 DNS 是 0.0.0.0，手动设置 DNS（AT+QIDNSCFG=1,"223.5.5.5","114.114.114.114"），或去激活后重新激活 PDP',
);
const CLOSE_SOCKETS = text(
  'Close sockets you no longer use (AT+QICLOSE) and read pending data (AT+QIRD)',
  '关闭不再使用的 socket（AT+QICLOSE），并把缓存的数据读走（AT+QIRD）',
);
const REOPEN_SOCKET = text(
  'The connection is gone: check AT+QISTATE, close it with AT+QICLOSE and open it again',
  '连接已经断了：用 AT+QISTATE 查看状态，AT+QICLOSE 关闭后重新打开',
);
const RETRY_LATER = text('Wait a moment and retry', '稍等片刻再试');
const DELETE_SMS = text('Delete messages (AT+CMGD) and retry', '删除部分短信（AT+CMGD）后重试');
// §3.6.13 vendor remedy for +QMTSTAT 2 (ping failed); +QMTPING 1 is the same event
const RENEW_PDP_REOPEN_MQTT = text(
  'Deactivate and reactivate the PDP context (AT+QIDEACT=1, AT+QIACT=1), then re-open with AT+QMTOPEN',
  '先去激活再重新激活 PDP（AT+QIDEACT=1、AT+QIACT=1），然后用 AT+QMTOPEN 重新打开连接',
);
const REOPEN_MQTT = text('Re-open the link with AT+QMTOPEN, then AT+QMTCONN', '用 AT+QMTOPEN 重新打开连接，再 AT+QMTCONN');
// §3.6.13 vendor remedy for codes 3 and 4, with the Aliyun reading of "user name/password"
const CHECK_MQTT_LOGIN = text(
  'Check the user name/password (on Aliyun: the triplet in AT+QMTCFG="aliauth") and that no other device uses this client ID, then re-open and connect again',
  '检查用户名和密码（阿里云上就是 AT+QMTCFG="aliauth" 里的三元组），确认没有其他设备在用同一个 client ID，然后重新打开并连接',
);
const MQTT_RETRANSMITTED = text(
  'Usually still delivered; frequent retransmissions mean a weak signal (AT+CSQ) or a congested network or broker',
  '一般最终仍能送达；如果频繁重传，说明信号弱（AT+CSQ）或网络/服务器拥塞',
);
const MQTT_NOT_CONNECTED = text(
  'Check the client is connected (AT+QMTCONN? must show 3); a +QMTSTAT before this tells why it dropped',
  '确认客户端处于已连接状态（AT+QMTCONN? 应返回 3）；如果之前收到过 +QMTSTAT，它说明了断开的原因',
);

// ── §2.1 +CME ERROR ([ATM] 11.5 Table 10). `en` is the vendor's verbose text (AT+CMEE=2, §1.6). ──

const CME_ROWS: readonly Row[] = [
  [0, 'Phone failure', '模组内部故障', RESTART],
  [1, 'No connection to phone', '与模组之间没有连接', RESTART],
  [2, 'Phone-adaptor link reserved', '模组链路被占用', text('Another port or program holds the module: close it and retry', '模组被其他端口或程序占用，关掉后重试')],
  [3, 'Operation not allowed', '当前状态下不允许该操作', text(
    'The command is valid but not allowed now, e.g. the SIM is not ready, the radio is off (CFUN=0) or another port is in data mode; check AT+CPIN? and AT+CFUN?',
    '命令本身没错，但当前状态下不能执行：比如 SIM 卡没就绪、射频已关闭（CFUN=0）、其他端口正处于数据模式；先查一下 AT+CPIN? 和 AT+CFUN?',
  )],
  [4, 'Operation not supported', '不支持该操作', text(
    'This firmware does not support the command or value: check the test form (AT+<command>=?) and the firmware version (ATI)',
    '当前固件不支持该命令或取值：用测试命令（AT+命令=?）查看支持范围，用 ATI 确认固件版本',
  )],
  [5, 'PH-SIM PIN required', '需要输入机卡锁密码（PH-SIM PIN）', LOCKED_MODULE],
  [6, 'PH-FSIM PIN required', '需要输入 PH-FSIM PIN', LOCKED_MODULE],
  [7, 'PH-FSIM PUK required', '需要输入 PH-FSIM PUK', LOCKED_MODULE],
  [10, 'SIM not inserted', '未检测到 SIM 卡', RESEAT_SIM],
  [11, 'SIM PIN required', 'SIM 卡设置了 PIN 码，需要先解锁', ENTER_PIN],
  [12, 'SIM PUK required', 'SIM 卡已被锁（PIN 码输错次数过多），需要 PUK 码', ENTER_PUK],
  // [ATM] 2.22: AT+CPIN? after AT+CFUN=0 answers 13
  [13, 'SIM failure', 'SIM 卡故障', text(
    'Also reported while the radio is off: send AT+CFUN=1 first. Otherwise reseat the SIM or try another one',
    '模组处于 CFUN=0 时也会报这个错，先发 AT+CFUN=1；否则重新插卡或换一张卡试试',
  )],
  [14, 'SIM busy', 'SIM 卡忙', SIM_WAIT],
  [15, 'SIM wrong', 'SIM 卡无效或不被接受', text('The card is not accepted (wrong type or a locked module): try another SIM', '这张卡不被接受（卡类型不对或模组锁卡），换一张卡试试')],
  [16, 'Incorrect password', '密码错误', text(
    'The PIN, PUK or password is wrong; check the attempts left with AT+QPINC? before trying again',
    'PIN、PUK 或密码不对；重试前先用 AT+QPINC? 查剩余次数，免得把卡锁死',
  )],
  [17, 'SIM PIN2 required', '需要输入 PIN2', text('Enter PIN2 with AT+CPIN', '用 AT+CPIN 输入 PIN2')],
  [18, 'SIM PUK2 required', '需要输入 PUK2', text('Enter PUK2 and a new PIN2 with AT+CPIN', '用 AT+CPIN 输入 PUK2 和新的 PIN2')],
  [20, 'Memory full', '存储空间已满', text('Delete entries (SMS: AT+CMGD) and retry', '删除部分记录（短信用 AT+CMGD）后重试')],
  [21, 'Invalid index', '索引无效', text('The index is out of range: the test form (=?) lists the valid ones', '索引超出范围，用测试命令（=?）查看有效范围')],
  [22, 'Not found', '未找到该条目'],
  [23, 'Memory failure', '存储器故障', RESTART],
  [24, 'Text string too long', '文本太长', text('Shorten the text', '缩短文本')],
  [25, 'Invalid characters in text string', '文本中含有非法字符', text(
    'Remove characters the current character set (AT+CSCS?) cannot carry',
    '去掉当前字符集（AT+CSCS?）不支持的字符',
  )],
  [26, 'Dial string too long', '拨号号码太长', text('Check the number', '检查号码')],
  [27, 'Invalid characters in dial string', '拨号号码中含有非法字符', text('Use only digits, +, * and #', '号码只能包含数字和 + * #')],
  [30, 'No network service', '没有网络服务', CHECK_REGISTRATION],
  [31, 'Network timeout', '网络超时', CHECK_SIGNAL],
  [32, 'Network not allowed - emergency calls only', '网络拒绝接入，只能拨打紧急电话', text(
    'The network rejected the SIM: check the card is active, paid up, has data service and suits this operator and band',
    '网络拒绝了这张卡：确认卡已激活、没有欠费停机、开通了数据业务，并且和模组支持的运营商/频段匹配',
  )],
  [40, 'Network personalization PIN required', '需要网络锁 PIN（模组锁网）', LOCKED_MODULE],
  [41, 'Network personalization PUK required', '需要网络锁 PUK（模组锁网）', LOCKED_MODULE],
  [42, 'Network subset personalization PIN required', '需要网络子集锁 PIN', LOCKED_MODULE],
  [43, 'Network subset personalization PUK required', '需要网络子集锁 PUK', LOCKED_MODULE],
  [44, 'Service provider personalization PIN required', '需要服务商锁 PIN', LOCKED_MODULE],
  [45, 'Service provider personalization PUK required', '需要服务商锁 PUK', LOCKED_MODULE],
  [46, 'Corporate personalization PIN required', '需要企业锁 PIN', LOCKED_MODULE],
  [47, 'Corporate personalization PUK required', '需要企业锁 PUK', LOCKED_MODULE],
  // Not in [ATM] Table 10, which says it is not exhaustive: 3GPP TS 27.007 §9.2.1–9.2.2 codes that
  // Quectel firmware reports for parameter errors and for PS attach/PDP activation (CGATT, CGACT).
  [50, 'Incorrect parameters', '参数错误', CHECK_PARAMETERS],
  [100, 'Unknown', '未知错误', RESTART],
  [103, 'Illegal MS', '网络判定 SIM 卡非法', text('The network rejected the SIM (IMSI): contact the operator', '网络拒绝了这张卡（IMSI），请联系运营商')],
  [106, 'Illegal ME', '网络判定设备非法', text('The network rejected the module (IMEI): contact the operator', '网络拒绝了这个模组（IMEI），请联系运营商')],
  [107, 'GPRS services not allowed', '不允许使用数据业务', text(
    'The SIM has no data service or is out of credit: contact the operator',
    '这张卡没有开通数据业务或已欠费，请联系运营商',
  )],
  [111, 'PLMN not allowed', '不允许接入该运营商网络', text(
    'The SIM may not use this network: check the operator selection (AT+COPS?) and the SIM',
    '这张卡不能使用当前网络：检查运营商选择（AT+COPS?）和 SIM 卡',
  )],
  [112, 'Location area not allowed', '当前位置区不允许接入', text('Try another place or contact the operator', '换个位置再试，或联系运营商')],
  [113, 'Roaming not allowed in this location area', '当前位置区不允许漫游', text('Contact the operator about roaming', '联系运营商开通漫游')],
  [132, 'Service option not supported', '不支持该业务选项', CHECK_APN],
  [133, 'Requested service option not subscribed', '未开通所请求的业务', text(
    'The SIM may not use this APN (typo, or an IoT card bound to a private APN): confirm the APN with the operator and set it with AT+QICSGP',
    '这张卡不能用这个 APN（写错了，或物联网卡绑定了专用 APN）：向运营商确认 APN 后用 AT+QICSGP 设置',
  )],
  [134, 'Service option temporarily out of order', '业务暂时不可用', RETRY_LATER],
  [148, 'Unspecified GPRS error', '未指明的数据业务错误', text('Check the signal and the APN, then retry', '检查信号和 APN 后重试')],
  [149, 'PDP authentication failure', 'PDP 鉴权失败', text(
    'Check the APN user name, password and authentication type in AT+QICSGP',
    '检查 AT+QICSGP 中 APN 的用户名、密码和鉴权方式',
  )],
  [901, 'Audio unknown error', '音频未知错误', RESTART],
  [902, 'Audio invalid parameters', '音频参数无效', CHECK_PARAMETERS],
  [903, 'Audio operation not supported', '不支持该音频操作'],
  [904, 'Audio device busy', '音频设备忙', text('Wait for the current playback or call to end', '等当前播放或通话结束后再试')],
];

// ── §2.2 +CMS ERROR ([ATM] 11.6, SMS commands only) ────────────────────────────────────────────

const CMS_ROWS: readonly Row[] = [
  [300, 'ME failure', '模组故障', RESTART],
  [301, 'SMS ME reserved', '短信功能被占用', RETRY_LATER],
  [302, 'Operation not allowed', '当前不允许该短信操作', text(
    'Wait for +QIND: SMS DONE after boot and check the SMS mode (AT+CMGF?)',
    '开机后等到 +QIND: SMS DONE 再操作，并检查短信模式（AT+CMGF?）',
  )],
  [303, 'Operation not supported', '不支持该短信操作'],
  [304, 'Invalid PDU mode', 'PDU 模式参数无效', text('Check the PDU, or switch to text mode with AT+CMGF=1', '检查 PDU 内容，或用 AT+CMGF=1 切换到文本模式')],
  [305, 'Invalid text mode', '文本模式参数无效', text('Check AT+CMGF=1 and the character set (AT+CSCS)', '检查 AT+CMGF=1 和字符集（AT+CSCS）')],
  [310, 'SIM not inserted', '未检测到 SIM 卡', RESEAT_SIM],
  [311, 'SIM pin necessary', '需要 SIM 卡 PIN 码', ENTER_PIN],
  [312, 'PH SIM pin necessary', '需要机卡锁密码（PH-SIM PIN）', LOCKED_MODULE],
  [313, 'SIM failure', 'SIM 卡故障', RESEAT_SIM],
  [314, 'SIM busy', 'SIM 卡忙', SIM_WAIT],
  [315, 'SIM wrong', 'SIM 卡无效或不被接受', RESEAT_SIM],
  [316, 'SIM PUK required', '需要 PUK 码', ENTER_PUK],
  [317, 'SIM PIN2 required', '需要输入 PIN2'],
  [318, 'SIM PUK2 required', '需要输入 PUK2'],
  [320, 'Memory failure', '存储器故障', RESTART],
  [321, 'Invalid memory index', '短信存储索引无效', text('List the stored messages with AT+CMGL to see the valid indexes', '用 AT+CMGL 列出短信，查看有效索引')],
  [322, 'Memory full', '短信存储已满', DELETE_SMS],
  [330, 'SMSC address unknown', '短信中心号码未知', text('Set the service centre number with AT+CSCA', '用 AT+CSCA 设置短信中心号码')],
  [331, 'No network', '没有网络', CHECK_REGISTRATION],
  [332, 'Network timeout', '网络超时', CHECK_SIGNAL],
  [500, 'Unknown', '未知错误', RETRY_LATER],
  [512, 'SIM not ready', 'SIM 卡未就绪', SIM_WAIT],
  [513, 'Message length exceeds', '短信长度超限', text(
    'Shorten the message (160 GSM characters, or 70 in UCS2)',
    '缩短短信内容（GSM 编码 160 字符，UCS2 编码 70 字符）',
  )],
  [514, 'Invalid request parameters', '请求参数无效', CHECK_PARAMETERS],
  [515, 'ME storage failure', '模组存储故障', RESTART],
  [517, 'Invalid service mode', '业务模式无效'],
  [528, 'More message to send state error', '连发短信状态错误（AT+CMMS）'],
  [529, 'MO SMS is not allow', '不允许发送短信', text(
    'The SIM has no SMS service (common on IoT data cards): contact the operator',
    '这张卡没有开通短信功能（物联网卡常见），请联系运营商',
  )],
  [530, 'GPRS is suspended', '数据业务已挂起', RETRY_LATER],
  [531, 'ME storage full', '模组存储已满', DELETE_SMS],
];

// ── §2.3 TCP/IP <err> ([TCP] ch. 4 Table 2): +QIOPEN, +QIGETERROR, dnsgip, +QPING, +QNTP ─────────

const TCPIP_ROWS: readonly Row[] = [
  [550, 'Unknown error', '未知错误', text(
    'Retry; if it repeats, deactivate and reactivate the PDP context (AT+QIDEACT=1, AT+QIACT=1)',
    '重试；反复出现的话，去激活后重新激活 PDP（AT+QIDEACT=1、AT+QIACT=1）',
  )],
  // Q9: QIACT, QIDEACT and QICLOSE block every other command until they finish
  [551, 'Operation blocked', '操作被阻塞', text(
    'Another TCP/IP command (QIACT, QIDEACT, QICLOSE) is still running: wait for its result',
    '还有 TCP/IP 命令（QIACT、QIDEACT、QICLOSE）没执行完，等它返回结果再发',
  )],
  [552, 'Invalid parameters', '参数错误', text(
    'Check the parameters: contextID 1–15, connectID 0–11, ports 0–65535, at most 1460 bytes per send',
    '检查参数：contextID 1–15、connectID 0–11、端口 0–65535、单次发送不超过 1460 字节',
  )],
  [553, 'Memory not enough', '内存不足', CLOSE_SOCKETS],
  [554, 'Socket creation failed', '创建 socket 失败', CLOSE_SOCKETS],
  [555, 'Operation not supported', '不支持该操作'],
  [556, 'Socket bind failed', 'socket 绑定失败', text('The local port is in use: pass local_port 0 to pick one automatically', '本地端口被占用，local_port 填 0 让模组自动分配')],
  [557, 'Socket listen failed', 'socket 监听失败', text('Check the local port and that the context is active (AT+QIACT?)', '检查本地端口，以及 PDP 是否已激活（AT+QIACT?）')],
  [558, 'Socket write failed', 'socket 写数据失败', REOPEN_SOCKET],
  [559, 'Socket read failed', 'socket 读数据失败', REOPEN_SOCKET],
  [560, 'Socket accept failed', '接受连接失败', RETRY_LATER],
  [561, 'PDP Context opening failed', 'PDP 激活失败', text(
    'Check registration (AT+CEREG?), the APN (AT+QICSGP=1) and that the SIM has data service, then AT+QIACT=1 again',
    '检查是否已注册网络（AT+CEREG?）、APN 设置（AT+QICSGP=1）以及卡是否开通了数据业务，然后重新 AT+QIACT=1',
  )],
  [562, 'PDP context closure failed', 'PDP 去激活失败', text('Retry AT+QIDEACT; if it keeps failing, restart the module', '重试 AT+QIDEACT；一直失败就重启模组')],
  [563, 'Socket Identity has been used', '该 connectID 已被占用', text(
    'Close it with AT+QICLOSE=<connectID> or use another connectID (AT+QISTATE lists the used ones)',
    '先用 AT+QICLOSE=<connectID> 关掉，或换一个 connectID（AT+QISTATE 可查看已用的）',
  )],
  [564, 'DNS busy', 'DNS 忙', text('Wait for the previous lookup to finish and retry', '等上一次域名解析结束后再试')],
  [565, 'DNS parse failed', '域名解析失败', FIX_DNS],
  [566, 'Socket connect failed', 'socket 连接失败', text(
    'The server is unreachable or refused: check the IP/domain and port, and that the server listens on a public address',
    '服务器连不上或拒绝连接：检查 IP/域名和端口，确认服务器在公网地址上监听',
  )],
  [567, 'Socket has been closed', 'socket 已关闭', REOPEN_SOCKET],
  [568, 'Operation busy', '操作忙', RETRY_LATER],
  [569, 'Operation timeout', '操作超时', text('Check the signal (AT+CSQ) and that the server answers, then retry', '检查信号（AT+CSQ）和服务器是否有响应，然后重试')],
  [570, 'PDP context broken down', 'PDP 连接已断开', REACTIVATE_PDP],
  [571, 'Cancel sending', '发送已取消'],
  [572, 'Operation not allowed', '当前不允许该操作', text('Check the socket state (AT+QISTATE) and the context (AT+QIACT?)', '检查 socket 状态（AT+QISTATE）和 PDP 状态（AT+QIACT?）')],
  [573, 'APN not configured', '没有配置 APN', text(
    'Set the APN: AT+QICSGP=1,1,"CMNET","","",1 (UNINET for China Unicom, CTNET for China Telecom)',
    '先设置 APN：AT+QICSGP=1,1,"CMNET","","",1（联通用 UNINET，电信用 CTNET）',
  )],
  [574, 'Port busy', '端口忙', text('The port is busy, e.g. in transparent mode: leave it with +++ and retry', '端口正忙（例如处于透传模式），用 +++ 退出后再试')],
];

// ── §2.4 HTTP(S) <err> ([HTTP] ch. 5 Table 3): +CME ERROR of HTTP commands and their URCs ──────

const HTTP_STOP = text(
  'Stop the request with AT+QHTTPSTOP and send it again',
  '用 AT+QHTTPSTOP 停止当前请求后重新发送',
);
const HTTP_SEND_EXACT = text(
  'Send exactly the declared number of bytes before the input time runs out',
  '在输入超时之前发完声明的字节数，不多不少',
);

const HTTP_ROWS: readonly Row[] = [
  [701, 'HTTP(S) unknown error', 'HTTP(S) 未知错误', HTTP_STOP],
  [702, 'HTTP(S) timeout', 'HTTP(S) 超时', text('Check the network and the server; raise <rsptime> if the server is slow', '检查网络和服务器；服务器慢的话把 <rsptime> 调大')],
  [703, 'HTTP(S) busy', 'HTTP(S) 忙', text(
    'A request is still running: wait for its URC or stop it with AT+QHTTPSTOP',
    '还有请求在进行中：等它的 URC，或用 AT+QHTTPSTOP 停掉',
  )],
  // [HTTP] 4.4: only one port may be in data mode
  [704, 'HTTP(S) UART busy', '串口忙（其他端口在数据模式）', text(
    'Another port is in data mode: leave it (+++) first',
    '有其他端口正处于数据模式，先让它退出（+++）',
  )],
  [705, 'HTTP(S) no GET/POST requests', '还没有发起 GET/POST 请求', text(
    'Send AT+QHTTPGET or AT+QHTTPPOST and wait for its URC before AT+QHTTPREAD',
    '先发 AT+QHTTPGET 或 AT+QHTTPPOST，等到结果 URC 之后再 AT+QHTTPREAD',
  )],
  [706, 'HTTP(S) network busy', 'HTTP(S) 网络忙', RETRY_LATER],
  [707, 'HTTP(S) network open failed', 'HTTP(S) 网络打开失败', ACTIVATE_PDP],
  [708, 'HTTP(S) network no configuration', 'HTTP(S) 网络未配置', text(
    'Configure the context: AT+QICSGP=1,... and AT+QHTTPCFG="contextid",1',
    '先配置上下文：AT+QICSGP=1,... 以及 AT+QHTTPCFG="contextid",1',
  )],
  [709, 'HTTP(S) network deactivated', 'HTTP(S) 网络已去激活', ACTIVATE_PDP],
  [710, 'HTTP(S) network error', 'HTTP(S) 网络错误', CHECK_SIGNAL],
  [711, 'HTTP(S) URL error', 'URL 错误', text(
    'The URL must start with http:// or https:// and its byte count must match AT+QHTTPURL=<length>',
    'URL 必须以 http:// 或 https:// 开头，字节数要和 AT+QHTTPURL=<length> 一致',
  )],
  [712, 'HTTP(S) empty URL', 'URL 为空', text('Set the URL with AT+QHTTPURL first', '先用 AT+QHTTPURL 设置 URL')],
  [713, 'HTTP(S) IP address error', 'IP 地址错误', text('Check the address in the URL', '检查 URL 中的地址')],
  [714, 'HTTP(S) DNS error', 'HTTP(S) 域名解析失败', FIX_DNS],
  [715, 'HTTP(S) socket create error', 'HTTP(S) 创建 socket 失败', CLOSE_SOCKETS],
  [716, 'HTTP(S) socket connect error', 'HTTP(S) 连接服务器失败', text(
    'Check the host and port; for https:// configure SSL (AT+QHTTPCFG="sslctxid", AT+QSSLCFG)',
    '检查主机和端口；https:// 需要先配置 SSL（AT+QHTTPCFG="sslctxid"、AT+QSSLCFG）',
  )],
  // [HTTP] ch. 4: 717 on read → resend the request
  [717, 'HTTP(S) socket read error', 'HTTP(S) 读数据失败', text('Send the request again', '重新发送请求')],
  [718, 'HTTP(S) socket write error', 'HTTP(S) 写数据失败', text('Send the request again', '重新发送请求')],
  [719, 'HTTP(S) socket closed', 'HTTP(S) 连接已被关闭', text('The server closed the connection: send the request again', '服务器关闭了连接，重新发送请求')],
  [720, 'HTTP(S) data encode error', 'HTTP(S) 数据编码错误', text('Check the request body and content type (AT+QHTTPCFG="contenttype")', '检查请求体和内容类型（AT+QHTTPCFG="contenttype"）')],
  [721, 'HTTP(S) data decode error', 'HTTP(S) 数据解码错误', text('The response could not be decoded: check the server output', '响应无法解析，检查服务器的返回内容')],
  [722, 'HTTP(S) read timeout', 'HTTP(S) 读取超时', text('Raise <wait_time> of AT+QHTTPREAD, or check the network', '调大 AT+QHTTPREAD 的 <wait_time>，或检查网络')],
  [723, 'HTTP(S) response failed', 'HTTP(S) 响应失败', text('Check that the server answers this request', '检查服务器是否能正常响应这个请求')],
  [724, 'Incoming call busy', '有来电，HTTP 忙', RETRY_LATER],
  [725, 'Voice call busy', '正在语音通话，HTTP 忙', RETRY_LATER],
  [726, 'Input timeout', '输入超时', HTTP_SEND_EXACT],
  [727, 'Wait data timeout', '等待数据超时', HTTP_SEND_EXACT],
  [728, 'Wait HTTP(S) response timeout', '等待 HTTP(S) 响应超时', text('The server is slow: raise <rsptime> or check the server', '服务器响应慢：调大 <rsptime> 或检查服务器')],
  [729, 'Memory allocation failed', '内存分配失败', RESTART],
  [730, 'Invalid parameter', '参数无效', CHECK_PARAMETERS],
];

// ── §3.6.2 / §3.6.12 +QMTOPEN, +QMTCLOSE, +QMTDISC results ───────────────────────────────────

const QMTOPEN_ROWS: readonly Row[] = [
  [-1, 'Failed to open the network link', '打开网络连接失败', text(
    'Check the host and port, that the PDP context is active (AT+QIACT?) and the server is reachable; Aliyun: <ProductKey>.iot-as-mqtt.<region>.aliyuncs.com port 1883',
    '检查主机名和端口、PDP 是否已激活（AT+QIACT?）以及服务器能否访问；阿里云地址为 <ProductKey>.iot-as-mqtt.<地域>.aliyuncs.com，端口 1883',
  )],
  [1, 'Wrong parameter', '参数错误', text(
    'Check the client index (0–5), the host (at most 100 bytes), the port (1–65535) and the SSL setting (AT+QMTCFG="ssl")',
    '检查客户端序号（0–5）、主机名（不超过 100 字节）、端口（1–65535）和 SSL 配置（AT+QMTCFG="ssl"）',
  )],
  // §3.6.14: QMTOPEN on a busy index answers OK, then +QMTOPEN: <idx>,2
  [2, 'MQTT client identifier occupied', '该 MQTT 客户端序号已被占用', text(
    'This client index is already open: close it with AT+QMTCLOSE or use another index (AT+QMTOPEN? lists the open ones)',
    '这个客户端序号已经打开了：先用 AT+QMTCLOSE 关闭，或换一个序号（AT+QMTOPEN? 可查看已打开的）',
  )],
  [3, 'PDP activation failed', 'PDP 激活失败', text(
    `${ACTIVATE_PDP.en}; AT+QMTCFG="pdpcid" must point at that context`,
    `${ACTIVATE_PDP.zh}；并确认 AT+QMTCFG="pdpcid" 指向这个上下文`,
  )],
  [4, 'Domain name resolution failed', '域名解析失败', FIX_DNS],
  [5, 'Network disconnected', '网络已断开', text(
    'Check registration (AT+CEREG?) and signal (AT+CSQ), then deactivate and reactivate the PDP context (AT+QIDEACT=1, AT+QIACT=1)',
    '检查注册状态（AT+CEREG?）和信号（AT+CSQ），然后去激活并重新激活 PDP（AT+QIDEACT=1、AT+QIACT=1）',
  )],
];
const QMTCLOSE_ROWS: readonly Row[] = [
  [-1, 'Failed to close the network link', '关闭网络连接失败', text(
    'The client may already be closed (AT+QMTOPEN? lists the open ones); otherwise retry',
    '客户端可能已经关闭了（AT+QMTOPEN? 可查看），否则重试',
  )],
];
const QMTDISC_ROWS: readonly Row[] = [
  [-1, 'Failed to disconnect', '断开 MQTT 连接失败', text(
    'The client may not be connected (AT+QMTCONN?); close the link with AT+QMTCLOSE',
    '客户端可能本来就没连上（AT+QMTCONN?），直接用 AT+QMTCLOSE 关闭连接',
  )],
];

// ── §3.6.4 +QMTCONN <result> and CONNACK <ret_code> (cloud-protocols.md §1.7 for Aliyun) ───────

const QMTCONN_ROWS: readonly Row[] = [
  [2, 'Sending CONNECT failed', '发送 CONNECT 报文失败', text(
    'The TCP link is open but CONNECT was not acknowledged: check the signal, then re-open (AT+QMTCLOSE, AT+QMTOPEN) and connect again',
    'TCP 连接已建立，但 CONNECT 没有得到应答：检查信号，然后重新打开（AT+QMTCLOSE、AT+QMTOPEN）再连接',
  )],
];

const CONNACK_ROWS: readonly Row[] = [
  [1, 'Unacceptable protocol version', '服务器不接受该 MQTT 协议版本', text(
    'Use MQTT 3.1.1, which Aliyun and most brokers expect: AT+QMTCFG="version",0,4 before AT+QMTOPEN',
    '改用 MQTT 3.1.1（阿里云和大多数服务器都用它）：在 AT+QMTOPEN 之前发 AT+QMTCFG="version",0,4',
  )],
  [2, 'Identifier rejected: on Aliyun the clientId format or the keepalive is wrong', '客户端标识被拒绝：在阿里云上通常是 clientId 格式或心跳时间不对', text(
    'Use a plain client ID (letters, digits, - and _, at most 64 characters) and a keepalive of 30–1200 s: AT+QMTCFG="keepalive",0,120',
    'client ID 只用字母、数字、- 和 _，不超过 64 个字符；心跳时间设在 30–1200 秒之间：AT+QMTCFG="keepalive",0,120',
  )],
  [3, 'Server unavailable', '服务器暂不可用', text(
    'Retry later; on Aliyun check that the host name region matches the device',
    '稍后重试；阿里云上确认连接地址的地域与设备所在地域一致',
  )],
  [4, 'Bad user name or password: on Aliyun the triplet (ProductKey/DeviceName/DeviceSecret) is wrong', '用户名或密码错误：在阿里云上就是三元组（ProductKey/DeviceName/DeviceSecret）不对', text(
    'Copy the triplet again from the device page of the Aliyun console into AT+QMTCFG="aliauth" (ProductKey, DeviceName and DeviceSecret, case-sensitive), and check the device exists in the region of the host name',
    '从阿里云控制台的设备详情页重新复制三元组，填入 AT+QMTCFG="aliauth" 的 ProductKey、DeviceName、DeviceSecret（区分大小写），并确认设备建在连接地址对应的地域下',
  )],
  [5, 'Not authorised', '未授权', text(
    'The broker refuses this client: check in the console that the device is enabled and allowed to connect',
    '服务器拒绝了这个客户端：在控制台确认设备已启用并允许接入',
  )],
];

// ── §3.6.13 +QMTSTAT <err_code> with the vendor remedies ─────────────────────────────────────────

const QMTSTAT_ROWS: readonly Row[] = [
  [1, 'The server closed or reset the connection', '服务器关闭或重置了连接', text(
    'Re-open with AT+QMTOPEN. On Aliyun this often means another login with the same device triplet pushed this one out, or the device used a topic it has no permission for',
    '用 AT+QMTOPEN 重新打开连接。在阿里云上常见原因：同一个三元组在别处登录把当前连接挤掉了，或者设备向没有权限的 topic 发布/订阅',
  )],
  [2, 'Sending PINGREQ timed out or failed', '发送心跳（PINGREQ）超时或失败', RENEW_PDP_REOPEN_MQTT],
  [3, 'Sending CONNECT timed out or failed', '发送 CONNECT 超时或失败', CHECK_MQTT_LOGIN],
  [4, 'Receiving CONNACK timed out or failed', '接收 CONNACK 超时或失败', CHECK_MQTT_LOGIN],
  [5, 'The client sent DISCONNECT and the server closed the link', '客户端发送了 DISCONNECT，服务器已关闭连接', text(
    'Normal disconnect, nothing to do',
    '正常断开，无需处理',
  )],
  [6, 'The client closed the link because sending packets kept failing', '数据包多次发送失败，客户端主动关闭了连接', text(
    'Check the data being sent; the network may be congested. Re-open with AT+QMTOPEN',
    '检查发送的数据是否正确，也可能是网络拥塞；之后用 AT+QMTOPEN 重新打开',
  )],
  [7, 'The link is not working or the server is unavailable', '链路不通或服务器不可用', text(
    'Make sure the network (AT+CSQ, AT+QIACT?) and the server are available, then re-open with AT+QMTOPEN',
    '确认网络（AT+CSQ、AT+QIACT?）和服务器都正常，再用 AT+QMTOPEN 重新打开',
  )],
  [8, 'The client closed the MQTT connection itself', '客户端自己关闭了 MQTT 连接', REOPEN_MQTT],
];

// §3.6.11: +QMTPING <result> 1 = keep-alive failed and the connection is closed
const QMTPING_ROWS: readonly Row[] = [
  [1, 'Keep-alive ping failed; the connection is closed', '心跳失败，连接已关闭', RENEW_PDP_REOPEN_MQTT],
];

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

const REJECTED = text('The module rejected the command', '模组拒绝执行该命令');
// §3.6.14: QMTCONN/SUB/UNS/PUBEX/DISC in the wrong client state → ERROR
const WRONG_MQTT_STATE = text(
  'Wrong client state: open and connect first (AT+QMTOPEN?, AT+QMTCONN?)',
  '客户端状态不对：要先打开并连接（用 AT+QMTOPEN?、AT+QMTCONN? 查看）',
);
const WRONG_MQTT_STATE_ERROR = decoded('ERROR', REJECTED, WRONG_MQTT_STATE);

/** A bare ERROR to the write/execute form of these commands has a known cause. */
const COMMAND_ERRORS: ReadonlyMap<string, Decoded> = new Map([
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

const FIXED_FINALS: ReadonlyMap<string, Decoded> = new Map(Object.entries({
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

// [HTTP] ch. 6 lists these status codes; any other 4xx/5xx gets the generic text
const HTTP_STATUS: ReadonlyMap<number, Text> = new Map([
  [403, text('403 Forbidden', '403 禁止访问')],
  [404, text('404 Not Found', '404 找不到资源')],
  [409, text('409 Conflict', '409 请求冲突')],
  [411, text('411 Length Required', '411 缺少 Content-Length')],
  [500, text('500 Internal Server Error', '500 服务器内部错误')],
]);

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

const NO_URC_HINTS: ReadonlyMap<string, Text> = new Map(Object.entries({
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

const QIURC_EVENTS: ReadonlyMap<string, Decoded> = new Map(Object.entries({
  pdpdeact: decoded('PDPDEACT', text('The network deactivated the PDP context', '网络侧去激活了 PDP（数据连接断开）'), REACTIVATE_PDP),
  closed: decoded('SOCKET CLOSED', text('The peer or the network closed the socket', '对端或网络关闭了 socket'), text(
    'Close it with AT+QICLOSE (it stays in state "closing" until then) and open it again if needed',
    '用 AT+QICLOSE 关闭它（在此之前一直处于“关闭中”状态），需要的话再重新打开',
  )),
  'incoming full': decoded('INCOMING FULL', text('The listener has no free socket for a new client', '监听端口已无空闲 socket 接受新连接'), CLOSE_SOCKETS),
}));

/** `+QIURC: "<event>",...` → a decode for the events that mean trouble (pdpdeact, closed, incoming full); else undefined. */
export function decodeQiurc(event: string): Decoded | undefined {
  return QIURC_EVENTS.get(event.trim().replace(/^"|"$/g, '').toLowerCase());
}
