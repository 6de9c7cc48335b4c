// The vocabulary of the error decodes (error-codes.ts): a decode's text in en and zh-CN, the row
// shape of the code tables, and the remedies several codes share. Pure data.
import type { Decoded } from '../../shared/facts';

export type Text = Decoded['meaning'];
/** One row of a code table: code, meaning in en and zh, and what to do about it. */
export type Row = readonly [code: number, en: string, zh: string, remedy?: Text];

export const text = (en: string, zh: string): Text => Object.freeze({ en, zh });

export function decoded(code: string, meaning: Text, remedy?: Text): Decoded {
  return Object.freeze(remedy ? { code, meaning, remedy } : { code, meaning });
}

// ── Remedies shared by several codes ────────────────────────────────────────────────────────────

export const RESTART = text(
  'Restart the module (AT+CFUN=1,1) and retry; if it persists, check the power supply',
  '重启模组（AT+CFUN=1,1）后重试；如果反复出现，检查供电是否稳定',
);
export const RESEAT_SIM = text(
  'Power off, reseat the SIM card (check the holder, the contacts and which way round it goes), then power on',
  '断电后重新插好 SIM 卡（检查卡座、触点和插卡方向），再上电',
);
export const ENTER_PIN = text(
  'Unlock with AT+CPIN="<PIN>" (AT+QPINC? shows the attempts left), or disable the PIN lock in a phone',
  '用 AT+CPIN="<PIN>" 解锁（AT+QPINC? 可查剩余次数），或者把卡插到手机上关闭 PIN 码',
);
export const ENTER_PUK = text(
  'Unlock with AT+CPIN="<PUK>","<new PIN>"; the PUK comes from the operator',
  '用 AT+CPIN="<PUK>","<新 PIN>" 解锁，PUK 码向运营商索取',
);
export const SIM_WAIT = text(
  'The SIM is still starting up: wait for +CPIN: READY (a few seconds) and retry',
  'SIM 卡还在初始化，等到 +CPIN: READY（一般几秒）再试',
);
export const LOCKED_MODULE = text(
  'The module is locked to an operator or a SIM: enter the unlock code with AT+CPIN, or use a SIM it accepts',
  '模组被锁网/锁卡了：用 AT+CPIN 输入解锁码，或换一张模组允许的卡',
);
export const CHECK_REGISTRATION = text(
  'Check the antenna and signal (AT+CSQ), that the SIM is active and paid up, and registration (AT+CEREG?: 1 or 5 means registered)',
  '检查天线和信号（AT+CSQ）、SIM 卡是否已激活且没有欠费停机，以及注册状态（AT+CEREG? 返回 1 或 5 才算注册上）',
);
export const CHECK_SIGNAL = text(
  'Check the signal (AT+CSQ, 99 = none) and the antenna, then retry',
  '检查信号（AT+CSQ，99 表示无信号）和天线后重试',
);
export const CHECK_PARAMETERS = text(
  'Check the parameters against the AT manual; the test form (AT+<command>=?) lists the accepted values',
  '对照 AT 手册检查参数；用测试命令（AT+命令=?）可以查看取值范围',
);
export const CHECK_APN = text(
  'Usually a wrong APN: check AT+QICSGP=1 (CMNET for China Mobile, UNINET for China Unicom, CTNET for China Telecom; IoT cards may need a private APN)',
  '通常是 APN 不对：检查 AT+QICSGP=1（移动 CMNET、联通 UNINET、电信 CTNET；物联网卡可能要用专用 APN）',
);
export const ACTIVATE_PDP = text(
  'Activate the PDP context first: AT+QICSGP=1,1,"<APN>","","",1 then AT+QIACT=1; AT+QIACT? must show an IP address',
  '先激活 PDP：AT+QICSGP=1,1,"<APN>","","",1 设置 APN，再 AT+QIACT=1；AT+QIACT? 能看到 IP 地址才算激活成功',
);
export const REACTIVATE_PDP = text(
  'The data connection dropped: AT+QIDEACT=1, then AT+QIACT=1, and reopen the sockets/MQTT client',
  '数据连接断了：先 AT+QIDEACT=1，再 AT+QIACT=1，然后重新打开 socket 或 MQTT 连接',
);
// [HTTP] ch. 4 troubleshooting for 714, applies to every DNS failure
export const FIX_DNS = text(
  'Check the host name and that the PDP context is active (AT+QIACT?); if AT+QIDNSCFG=1 shows 0.0.0.0, set DNS servers (AT+QIDNSCFG=1,"223.5.5.5","114.114.114.114") or deactivate and reactivate the context',
  '检查域名是否写对、PDP 是否已激活（AT+QIACT?）；如果 AT+QIDNSCFG=1 查到的 DNS 是 0.0.0.0，手动设置 DNS（AT+QIDNSCFG=1,"223.5.5.5","114.114.114.114"），或去激活后重新激活 PDP',
);
export const CLOSE_SOCKETS = text(
  'Close sockets you no longer use (AT+QICLOSE) and read pending data (AT+QIRD)',
  '关闭不再使用的 socket（AT+QICLOSE），并把缓存的数据读走（AT+QIRD）',
);
export const REOPEN_SOCKET = text(
  'The connection is gone: check AT+QISTATE, close it with AT+QICLOSE and open it again',
  '连接已经断了：用 AT+QISTATE 查看状态，AT+QICLOSE 关闭后重新打开',
);
export const RETRY_LATER = text('Wait a moment and retry', '稍等片刻再试');
export const DELETE_SMS = text('Delete messages (AT+CMGD) and retry', '删除部分短信（AT+CMGD）后重试');
// §3.6.13 vendor remedy for +QMTSTAT 2 (ping failed); +QMTPING 1 is the same event
export const RENEW_PDP_REOPEN_MQTT = text(
  'Deactivate and reactivate the PDP context (AT+QIDEACT=1, AT+QIACT=1), then re-open with AT+QMTOPEN',
  '先去激活再重新激活 PDP（AT+QIDEACT=1、AT+QIACT=1），然后用 AT+QMTOPEN 重新打开连接',
);
export const REOPEN_MQTT = text('Re-open the link with AT+QMTOPEN, then AT+QMTCONN', '用 AT+QMTOPEN 重新打开连接，再 AT+QMTCONN');
// §3.6.13 vendor remedy for codes 3 and 4, with the Aliyun reading of "user name/password"
export const CHECK_MQTT_LOGIN = text(
  'Check the user name/password (on Aliyun: the triplet in AT+QMTCFG="aliauth") and that no other device uses this client ID, then re-open and connect again',
  '检查用户名和密码（阿里云上就是 AT+QMTCFG="aliauth" 里的三元组），确认没有其他设备在用同一个 client ID，然后重新打开并连接',
);
export const MQTT_RETRANSMITTED = text(
  'Usually still delivered; frequent retransmissions mean a weak signal (AT+CSQ) or a congested network or broker',
  '一般最终仍能送达；如果频繁重传，说明信号弱（AT+CSQ）或网络/服务器拥塞',
);
export const MQTT_NOT_CONNECTED = text(
  'Check the client is connected (AT+QMTCONN? must show 3); a +QMTSTAT before this tells why it dropped',
  '确认客户端处于已连接状态（AT+QMTCONN? 应返回 3）；如果之前收到过 +QMTSTAT，它说明了断开的原因',
);
