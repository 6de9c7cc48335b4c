// The vendor's numbered code tables: every +CME/+CMS ERROR, TCP/IP and HTTP(S) <err>, MQTT result,
// CONNACK and +QMTSTAT code with its meaning in en and zh-CN and a remedy. Data only: error-codes.ts
// turns the rows into decodes. Source of truth: ../shared/reference/quectel-at.md (sections cited
// below) and cloud-protocols.md §1.7 (CONNACK on Aliyun).
import {
  ACTIVATE_PDP,
  CHECK_APN,
  CHECK_MQTT_LOGIN,
  CHECK_PARAMETERS,
  CHECK_REGISTRATION,
  CHECK_SIGNAL,
  CLOSE_SOCKETS,
  DELETE_SMS,
  ENTER_PIN,
  ENTER_PUK,
  FIX_DNS,
  LOCKED_MODULE,
  REACTIVATE_PDP,
  RENEW_PDP_REOPEN_MQTT,
  REOPEN_MQTT,
  REOPEN_SOCKET,
  RESEAT_SIM,
  RESTART,
  RETRY_LATER,
  SIM_WAIT,
  text,
  type Row,
} from './error-remedies';

// ── §2.1 +CME ERROR ([ATM] 11.5 Table 10). `en` is the vendor's verbose text (AT+CMEE=2, §1.6). ──

export const CME_ROWS: readonly Row[] = [
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

export const CMS_ROWS: readonly Row[] = [
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

export const TCPIP_ROWS: readonly Row[] = [
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

export const HTTP_STOP = text(
  'Stop the request with AT+QHTTPSTOP and send it again',
  '用 AT+QHTTPSTOP 停止当前请求后重新发送',
);
export const HTTP_SEND_EXACT = text(
  'Send exactly the declared number of bytes before the input time runs out',
  '在输入超时之前发完声明的字节数，不多不少',
);

export const HTTP_ROWS: readonly Row[] = [
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

export const QMTOPEN_ROWS: readonly Row[] = [
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
export const QMTCLOSE_ROWS: readonly Row[] = [
  [-1, 'Failed to close the network link', '关闭网络连接失败', text(
    'The client may already be closed (AT+QMTOPEN? lists the open ones); otherwise retry',
    '客户端可能已经关闭了（AT+QMTOPEN? 可查看），否则重试',
  )],
];
export const QMTDISC_ROWS: readonly Row[] = [
  [-1, 'Failed to disconnect', '断开 MQTT 连接失败', text(
    'The client may not be connected (AT+QMTCONN?); close the link with AT+QMTCLOSE',
    '客户端可能本来就没连上（AT+QMTCONN?），直接用 AT+QMTCLOSE 关闭连接',
  )],
];

// ── §3.6.4 +QMTCONN <result> and CONNACK <ret_code> (cloud-protocols.md §1.7 for Aliyun) ───────

export const QMTCONN_ROWS: readonly Row[] = [
  [2, 'Sending CONNECT failed', '发送 CONNECT 报文失败', text(
    'The TCP link is open but CONNECT was not acknowledged: check the signal, then re-open (AT+QMTCLOSE, AT+QMTOPEN) and connect again',
    'TCP 连接已建立，但 CONNECT 没有得到应答：检查信号，然后重新打开（AT+QMTCLOSE、AT+QMTOPEN）再连接',
  )],
];

export const CONNACK_ROWS: readonly Row[] = [
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

export const QMTSTAT_ROWS: readonly Row[] = [
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
export const QMTPING_ROWS: readonly Row[] = [
  [1, 'Keep-alive ping failed; the connection is closed', '心跳失败，连接已关闭', RENEW_PDP_REOPEN_MQTT],
];
