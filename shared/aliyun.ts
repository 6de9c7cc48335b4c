// The Aliyun side of the MQTT workspace, pure so the renderer can validate and preview as the user
// types: the device triplet form (cloud-protocols.md §1), the Alink topic list (§3.1), the payload
// templates (§3.2), the module's subscribe commands (quectel-at.md §3.6.6–3.6.7) and a JSON checker
// with a readable error position. No IO, no clock of its own: callers pass times in.
import type { Decoded } from './facts';

/** User-visible text in both UI languages. */
export type BilingualText = Decoded['meaning'];

export interface DeviceRef {
  productKey: string;
  deviceName: string;
}

const say = (en: string, zh: string): BilingualText => ({ en, zh });

// ── The triplet form ──────────────────────────────────────────────────────────────────────────

/**
 * How the MQTT host is chosen (cloud-protocols.md §1.6): the public instance by region, with or
 * without the ProductKey in front; an instance endpoint; or any host (a local broker, an IP).
 */
export type HostKind = 'region' | 'region-pk' | 'instance' | 'custom';

export interface TripletForm {
  productKey: string;
  deviceName: string;
  /** Typed in the renderer once; main never sends it back (an empty value means "the stored one"). */
  deviceSecret: string;
  hostKind: HostKind;
  /** 'cn-shanghai' … for 'region' and 'region-pk'. */
  region: string;
  /** 'iot-06z00i8mcbcop1x' for 'instance'. */
  instanceId: string;
  /** Host name or IP for 'custom'. */
  customHost: string;
  port: number;
  /** The AT+QMTCONN <clientid>; empty means `<ProductKey>.<DeviceName>` as LinkSDK does (§1.3). */
  clientId: string;
  keepaliveS: number;
  /** quectel-at.md §3.6: <client_idx> 0–5. */
  clientIndex: number;
  /** APN for AT+QICSGP (CMNET for China Mobile). */
  apn: string;
}

export type TripletField = keyof TripletForm;

export interface FieldError extends BilingualText {
  field: TripletField;
}

export interface TripletValidation {
  ok: boolean;
  errors: FieldError[];
}

/** Regions of the SDK domain table (§1.2); any other well-formed region id is accepted too. */
export const ALIYUN_REGIONS = ['cn-shanghai', 'ap-southeast-1', 'ap-northeast-1', 'us-west-1', 'eu-central-1'] as const;

export const DEFAULT_TRIPLET_FORM: Readonly<TripletForm> = Object.freeze({
  productKey: '',
  deviceName: '',
  deviceSecret: '',
  hostKind: 'region',
  region: 'cn-shanghai',
  instanceId: '',
  customHost: '',
  port: 1883,
  clientId: '',
  // §1.1: "We recommend … more than 300 seconds"
  keepaliveS: 300,
  clientIndex: 0,
  apn: 'CMNET',
});

// §1.2 infra_defs.h limits and the console's naming rules.
const PRODUCT_KEY = /^[A-Za-z0-9]{1,20}$/;
const DEVICE_NAME = /^[A-Za-z0-9_.\-@:]{4,32}$/;
const MAX_SECRET = 64;
const MAX_CLIENT_ID = 64; // §1.1: the device-chosen clientId is at most 64 characters
const KEEPALIVE_MIN_S = 30; // §0.8: shorter keepalives are refused with CONNACK 2
const KEEPALIVE_MAX_S = 1200; // §0.8: longer ones are cut to 1200 s
const REGION = /^[a-z]{2,}-[a-z]+(-\d+)?$/;
const INSTANCE_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const MAX_HOST_BYTES = 100; // quectel-at.md §3.6.2: <host_name> at most 100 bytes
const HOST = /^[A-Za-z0-9.\-_:]+$/;
const APN = /^[A-Za-z0-9.\-_]{0,100}$/; // 3GPP TS 23.003: an APN is at most 100 octets
/** Printable ASCII except the double quote, which would end the AT string parameter. */
const AT_STRING_SAFE = /^[\x20\x21\x23-\x7e]*$/;

const isIntIn = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;

/**
 * Checks the form as Aliyun and the module would, field by field. With `secretStored`, an empty
 * DeviceSecret is fine: the one kept in main is used.
 */
export function validateTriplet(form: TripletForm, opts: { secretStored?: boolean } = {}): TripletValidation {
  const errors: FieldError[] = [];
  const err = (field: TripletField, en: string, zh: string) => errors.push({ field, en, zh });

  if (!PRODUCT_KEY.test(form.productKey)) {
    err('productKey', 'ProductKey must be 1–20 letters or digits: copy it from the device page of the Aliyun console', 'ProductKey 应为 1–20 位字母或数字：请从阿里云控制台的设备详情页复制');
  }
  if (!DEVICE_NAME.test(form.deviceName)) {
    err('deviceName', 'DeviceName must be 4–32 characters of letters, digits and _ . - @ :', 'DeviceName 应为 4–32 个字符，只能包含字母、数字和 _ . - @ :');
  }
  if (form.deviceSecret === '') {
    if (!opts.secretStored) err('deviceSecret', 'Enter the DeviceSecret (device page of the Aliyun console)', '请填写 DeviceSecret（在阿里云控制台的设备详情页）');
  } else if (form.deviceSecret.length > MAX_SECRET || !AT_STRING_SAFE.test(form.deviceSecret)) {
    err('deviceSecret', `DeviceSecret must be at most ${MAX_SECRET} printable characters without a double quote: copy it again from the console`, `DeviceSecret 最多 ${MAX_SECRET} 个可见字符，且不能含双引号：请从控制台重新复制`);
  }
  if (form.hostKind === 'region' || form.hostKind === 'region-pk') {
    if (!REGION.test(form.region)) err('region', 'Region must look like cn-shanghai or ap-southeast-1', '地域格式应类似 cn-shanghai 或 ap-southeast-1');
  } else if (form.hostKind === 'instance') {
    if (!INSTANCE_ID.test(form.instanceId)) {
      err('instanceId', 'Instance ID must look like iot-06z00i8mcbcop1x (the instance page of the console shows it)', '实例 ID 格式应类似 iot-06z00i8mcbcop1x（控制台的实例详情页可以看到）');
    }
  } else if (!HOST.test(form.customHost) || form.customHost.length > MAX_HOST_BYTES) {
    err('customHost', `Host must be a domain name or IP address of at most ${MAX_HOST_BYTES} characters`, `主机应为不超过 ${MAX_HOST_BYTES} 个字符的域名或 IP 地址`);
  }
  if (!isIntIn(form.port, 1, 65535)) err('port', 'Port must be a whole number from 1 to 65535 (Aliyun: 1883)', '端口应为 1–65535 的整数（阿里云为 1883）');
  if (form.clientId.length > MAX_CLIENT_ID || form.clientId.includes('|') || !AT_STRING_SAFE.test(form.clientId)) {
    err('clientId', `Client ID must be at most ${MAX_CLIENT_ID} printable characters without | or a double quote`, `Client ID 最多 ${MAX_CLIENT_ID} 个可见字符，不能含 | 或双引号`);
  }
  if (!isIntIn(form.keepaliveS, KEEPALIVE_MIN_S, KEEPALIVE_MAX_S)) {
    err('keepaliveS', `Keepalive must be ${KEEPALIVE_MIN_S}–${KEEPALIVE_MAX_S} s: Aliyun refuses shorter ones (CONNACK 2)`, `心跳时间应为 ${KEEPALIVE_MIN_S}–${KEEPALIVE_MAX_S} 秒：阿里云会拒绝更短的心跳（CONNACK 2）`);
  }
  if (!isIntIn(form.clientIndex, 0, 5)) err('clientIndex', 'Client index must be 0–5', '客户端序号应为 0–5');
  if (!APN.test(form.apn)) err('apn', 'APN may hold only letters, digits, dots and dashes (CMNET, UNINET, CTNET)', 'APN 只能包含字母、数字、点和横线（如 CMNET、UNINET、CTNET）');
  return { ok: errors.length === 0, errors };
}

/** The host AT+QMTOPEN connects to (§1.6). */
export function mqttHost(form: TripletForm): string {
  switch (form.hostKind) {
    case 'region':
      return `iot-as-mqtt.${form.region}.aliyuncs.com`;
    case 'region-pk':
      return `${form.productKey}.iot-as-mqtt.${form.region}.aliyuncs.com`;
    case 'instance':
      return `${form.instanceId}.mqtt.iothub.aliyuncs.com`;
    case 'custom':
      return form.customHost;
  }
}

/** The clientId the module will sign with; `<ProductKey>.<DeviceName>` when the form leaves it empty. */
export function effectiveClientId(form: Pick<TripletForm, 'clientId' | 'productKey' | 'deviceName'>): string {
  return form.clientId !== '' ? form.clientId : `${form.productKey}.${form.deviceName}`;
}

/** Reads a host back into the form's host fields (an imported script names the host, not the kind). */
export function hostFields(host: string): Pick<TripletForm, 'hostKind' | 'region' | 'instanceId' | 'customHost'> {
  const plain = /^iot-as-mqtt\.([a-z0-9-]+)\.aliyuncs\.com$/i.exec(host);
  if (plain) return { hostKind: 'region', region: plain[1], instanceId: '', customHost: '' };
  const prefixed = /^[A-Za-z0-9]+\.iot-as-mqtt\.([a-z0-9-]+)\.aliyuncs\.com$/i.exec(host);
  if (prefixed) return { hostKind: 'region-pk', region: prefixed[1], instanceId: '', customHost: '' };
  const instance = /^([a-z0-9-]+)\.mqtt\.iothub\.aliyuncs\.com$/i.exec(host);
  if (instance) return { hostKind: 'instance', region: DEFAULT_TRIPLET_FORM.region, instanceId: instance[1], customHost: '' };
  return { hostKind: 'custom', region: DEFAULT_TRIPLET_FORM.region, instanceId: '', customHost: host };
}

/** What a QCOM script says about its connection (electron/presets/extract.ts reads it from the rows). */
export interface ImportedMqttSetup {
  productKey: string | null;
  deviceName: string | null;
  deviceSecret: string | null;
  host: string | null;
  port: number | null;
  clientId: string | null;
  /** The `<client_idx>` the setup belongs to: the first one an aliauth, QMTOPEN or QMTCONN row names. */
  clientIndex: number | null;
  /** QMTSUB topics of that client, first occurrence first. */
  topics: string[];
}

/** The form filled from an imported script, in one click; what the script does not say stays as it was. */
export function formFromMqttSetup(setup: ImportedMqttSetup, base: TripletForm = DEFAULT_TRIPLET_FORM): TripletForm {
  return {
    ...base,
    productKey: setup.productKey ?? base.productKey,
    deviceName: setup.deviceName ?? base.deviceName,
    deviceSecret: setup.deviceSecret ?? base.deviceSecret,
    ...(setup.host ? hostFields(setup.host) : {}),
    port: setup.port ?? base.port,
    clientId: setup.clientId ?? base.clientId,
    clientIndex: setup.clientIndex ?? base.clientIndex,
  };
}

/** The form as it may travel to the renderer: the secret replaced by whether one is set. */
export function withoutSecret(form: TripletForm): TripletForm & { secretSet: boolean } {
  return { ...form, deviceSecret: '', secretSet: form.deviceSecret !== '' };
}

/** The key a device's secret is stored under. */
export const secretKeyOf = (device: DeviceRef): string => `aliyun:${device.productKey}/${device.deviceName}`;

// ── Topics (§3.1) ─────────────────────────────────────────────────────────────────────────────

export type QoS = 0 | 1;

export interface AlinkTopicEntry {
  /** Stable key for the UI: 'property-post', 'event:Error:post-reply', 'custom:/pk/dn/user/led'… */
  key: string;
  topic: string;
  /** up = device → cloud, down = cloud → device. */
  direction: 'up' | 'down';
  /** A device subscribes to it (every downlink). */
  subscribe: boolean;
  /** Aliyun has QoS 0 and 1 only (§3.5); it grants 1 to every subscription whatever is asked (Q4). */
  qos: QoS;
  label: BilingualText;
  /** A user-defined entry the UI may edit or remove. */
  custom: boolean;
}

export interface CustomTopic {
  topic: string;
  direction: 'up' | 'down';
  qos?: QoS;
}

export interface TopicListOptions {
  /** TSL event identifiers (thing/event/<id>/post). */
  events?: string[];
  /** TSL service identifiers (thing/service/<id>). */
  services?: string[];
  custom?: CustomTopic[];
}

/** Thing-model identifiers: letters, digits and _ (TSL rule, at most 50 characters). */
const TSL_IDENTIFIER = /^[A-Za-z0-9_]{1,50}$/;

export function alinkTopics(device: DeviceRef, opts: TopicListOptions = {}): AlinkTopicEntry[] {
  const sys = `/sys/${device.productKey}/${device.deviceName}/thing`;
  const user = `/${device.productKey}/${device.deviceName}/user`;
  const entry = (key: string, topic: string, direction: 'up' | 'down', label: BilingualText, custom = false, qos: QoS = 0): AlinkTopicEntry => ({
    key, topic, direction, subscribe: direction === 'down', qos, label, custom,
  });
  const out: AlinkTopicEntry[] = [
    entry('property-post', `${sys}/event/property/post`, 'up', say('Property post', '属性上报')),
    entry('property-post-reply', `${sys}/event/property/post_reply`, 'down', say('Property post reply', '属性上报响应')),
    entry('property-set', `${sys}/service/property/set`, 'down', say('Property set', '属性设置')),
    entry('property-set-reply', `${sys}/service/property/set_reply`, 'up', say('Property set reply', '属性设置响应')),
  ];
  for (const id of (opts.events ?? []).filter((e) => TSL_IDENTIFIER.test(e))) {
    out.push(
      entry(`event:${id}:post`, `${sys}/event/${id}/post`, 'up', say(`Event ${id} post`, `事件 ${id} 上报`)),
      entry(`event:${id}:post-reply`, `${sys}/event/${id}/post_reply`, 'down', say(`Event ${id} post reply`, `事件 ${id} 上报响应`)),
    );
  }
  for (const id of (opts.services ?? []).filter((s) => TSL_IDENTIFIER.test(s))) {
    out.push(
      entry(`service:${id}`, `${sys}/service/${id}`, 'down', say(`Service ${id} call`, `服务 ${id} 调用`)),
      entry(`service:${id}:reply`, `${sys}/service/${id}_reply`, 'up', say(`Service ${id} reply`, `服务 ${id} 响应`)),
    );
  }
  out.push(
    entry('user-update', `${user}/update`, 'up', say('Custom: update', '自定义：update')),
    entry('user-update-error', `${user}/update/error`, 'up', say('Custom: update/error', '自定义：update/error')),
    entry('user-get', `${user}/get`, 'down', say('Custom: get', '自定义：get')),
  );
  for (const c of opts.custom ?? []) {
    if (validateCustomTopic(device, c.topic) === null && !out.some((e) => e.topic === c.topic)) {
      out.push(entry(`custom:${c.topic}`, c.topic, c.direction, say(`Custom: ${c.topic}`, `自定义：${c.topic}`), true, c.qos ?? 0));
    }
  }
  return out;
}

const MAX_TOPIC_BYTES = 128; // LinkSDK CORE_MQTT_TOPIC_MAXLEN (§3.5)

/**
 * A custom topic must sit under the device's `/<pk>/<dn>/user/` and each of its levels may hold only
 * letters, digits and _ (UpdateProductTopic rule, §3.1). Null when it is fine.
 */
export function validateCustomTopic(device: DeviceRef, topic: string): BilingualText | null {
  const prefix = `/${device.productKey}/${device.deviceName}/user/`;
  if (!topic.startsWith(prefix)) return say(`A custom topic must start with ${prefix}`, `自定义 topic 必须以 ${prefix} 开头`);
  const levels = topic.slice(prefix.length).split('/');
  if (levels.some((l) => !/^[A-Za-z0-9_]+$/.test(l))) {
    return say('Each level of a custom topic may hold only letters, digits and _', '自定义 topic 的每一级只能包含字母、数字和 _');
  }
  if (topic.length > MAX_TOPIC_BYTES) return say(`A topic may be at most ${MAX_TOPIC_BYTES} characters`, `topic 最长 ${MAX_TOPIC_BYTES} 个字符`);
  return null;
}

export interface TopicQos {
  topic: string;
  qos: QoS;
}

/** quectel-at.md §3.6.6: `AT+QMTSUB=<client_idx>,<msgid>,"<topic1>",<qos1>[,…]`. */
export function subscribeCommand(clientIndex: number, msgId: number, topics: readonly TopicQos[]): string {
  return `AT+QMTSUB=${clientIndex},${msgId},${topics.map((t) => `"${t.topic}",${t.qos}`).join(',')}`;
}

/** quectel-at.md §3.6.7: `AT+QMTUNS=<client_idx>,<msgid>,"<topic1>"[,…]`. */
export function unsubscribeCommand(clientIndex: number, msgId: number, topics: readonly string[]): string {
  return `AT+QMTUNS=${clientIndex},${msgId},${topics.map((t) => `"${t}"`).join(',')}`;
}

/** MQTT packet identifiers for SUB, UNS and QoS 1 publishes: 1–65535, never 0 (§3.6.6, §3.6.8). */
export class MessageIds {
  private next: number;

  constructor(start = 1) {
    this.next = isIntIn(start, 1, 65535) ? start : 1;
  }

  take(): number {
    const id = this.next;
    this.next = id === 65535 ? 1 : id + 1;
    return id;
  }
}

// ── Alink payloads (§3.2) ─────────────────────────────────────────────────────────────────────

const MAX_ALINK_ID = 4294967295; // §3.2: id is a number 0–4294967295 in a string
const MS_PER_DAY = 86_400_000;
const IDS_PER_SECOND = 10_000;

/**
 * Alink request ids, fresh for each message. §3.2 wants them unique per device per day, across app
 * restarts too: a session starts at (seconds since midnight UTC) × 10 000, so ids only run into an
 * earlier session's if that one sent more than 10 000 messages a second since it started.
 */
export class AlinkIds {
  private next: number;

  constructor(nowMs: number) {
    this.next = Math.floor((((nowMs % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY) / 1000) * IDS_PER_SECOND + 1;
  }

  take(): string {
    const id = this.next;
    this.next = id >= MAX_ALINK_ID ? 1 : id + 1;
    return String(id);
  }
}

/**
 * Alink params: an object, or the JSON text of one as the user typed it. Text is kept verbatim so
 * `23.0` stays a float for the cloud (§3.2: float values must carry a decimal point).
 */
export type AlinkParams = Record<string, unknown> | string;

function paramsJson(params: AlinkParams): string {
  return typeof params === 'string' ? params.trim() : JSON.stringify(params);
}

/** `{"id":"…","version":"1.0","params":{…},"method":"thing.event.property.post"}`. */
export function propertyPostPayload(id: string, params: AlinkParams): string {
  return `{"id":${JSON.stringify(id)},"version":"1.0","params":${paramsJson(params)},"method":"thing.event.property.post"}`;
}

/** §3.2: an event's output data goes inside `params.value`. */
export function eventPostPayload(id: string, eventId: string, value: AlinkParams, timeMs?: number): string {
  const time = timeMs === undefined ? '' : `,"time":${timeMs}`;
  return `{"id":${JSON.stringify(id)},"version":"1.0","params":{"value":${paramsJson(value)}${time}},"method":${JSON.stringify(`thing.event.${eventId}.post`)}}`;
}

/** The device's answer to a property set (§3.2), on `…/thing/service/property/set_reply`. */
export function setReplyPayload(id: string, code = 200, message = 'success'): string {
  return JSON.stringify({ code, data: {}, id, message, version: '1.0' });
}

export type PublishDraft =
  | { kind: 'property-post'; params: AlinkParams }
  | { kind: 'event-post'; eventId: string; params: AlinkParams }
  | { kind: 'custom'; topic: string; payload: string };

export type BuiltPublish = { ok: true; topic: string; payload: string } | { ok: false; error: BilingualText };

/** The topic and payload of a draft, with this Alink id; the UI previews with any id of the same length. */
export function buildPublish(draft: PublishDraft, device: DeviceRef, id: string): BuiltPublish {
  const sys = `/sys/${device.productKey}/${device.deviceName}/thing`;
  if (draft.kind === 'custom') {
    if (draft.topic === '' || draft.topic.includes('"')) return { ok: false, error: say('Enter a topic without double quotes', '请填写 topic（不能含双引号）') };
    return { ok: true, topic: draft.topic, payload: draft.payload };
  }
  const problem = typeof draft.params === 'string' ? paramsProblem(draft.params) : null;
  if (problem) return { ok: false, error: problem };
  if (draft.kind === 'property-post') return { ok: true, topic: `${sys}/event/property/post`, payload: propertyPostPayload(id, draft.params) };
  if (!TSL_IDENTIFIER.test(draft.eventId)) {
    return { ok: false, error: say('The event identifier may hold only letters, digits and _', '事件标识符只能包含字母、数字和 _') };
  }
  return { ok: true, topic: `${sys}/event/${draft.eventId}/post`, payload: eventPostPayload(id, draft.eventId, draft.params) };
}

function paramsProblem(text: string): BilingualText | null {
  const checked = validateJson(text);
  if (!checked.ok) return checked;
  if (checked.value === null || typeof checked.value !== 'object' || Array.isArray(checked.value)) {
    return say('params must be a JSON object such as {"PowerSwitch_1":1}', 'params 必须是 JSON 对象，例如 {"PowerSwitch_1":1}');
  }
  return null;
}

// ── JSON check with a readable position ───────────────────────────────────────────────────────

export type JsonCheck =
  | { ok: true; value: unknown }
  | ({ ok: false; /** UTF-16 offset of the problem */ offset: number; /** 1-based */ line: number; /** 1-based */ column: number } & BilingualText);

/**
 * Parses JSON; on failure says where and what, in words an engineer reads at a glance. JSON.parse's
 * own messages differ between engines and often carry no position, so a small scanner finds it.
 */
export function validateJson(text: string): JsonCheck {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const { offset, en, zh } = firstJsonError(text);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return { ok: false, offset, line, column, en: `Line ${line}, column ${column}: ${en}`, zh: `第 ${line} 行第 ${column} 列：${zh}` };
  }
}

interface JsonProblem extends BilingualText {
  offset: number;
}

class JsonSyntax extends Error {
  constructor(readonly problem: JsonProblem) {
    super(problem.en);
  }
}

/** A recursive-descent walk over JSON (RFC 8259) that stops at the first problem. */
function firstJsonError(text: string): JsonProblem {
  let i = 0;
  const fail = (en: string, zh: string, at = i): never => {
    throw new JsonSyntax({ offset: at, en, zh });
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const expect = (ch: string, en: string, zh: string) => {
    ws();
    if (i >= text.length) fail(`unexpected end, ${en}`, `内容不完整，${zh}`);
    if (text[i] !== ch) fail(`${en}, found ${JSON.stringify(text[i])}`, `${zh}，实际是 ${JSON.stringify(text[i])}`);
    i++;
  };
  const string = () => {
    const start = i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail('\\u must be followed by 4 hex digits', '\\u 后面必须跟 4 位十六进制数字');
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? '')) fail('invalid escape in a string', '字符串中有无效的转义');
      } else if (text.charCodeAt(i) < 0x20) fail('line break or control character inside a string (write \\n)', '字符串中有换行或控制字符（请写成 \\n）');
      i++;
    }
    if (i >= text.length) fail('string never closed: a " is missing', '字符串没有结束：缺少 "', start);
    i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === undefined) fail('unexpected end, a value is missing', '内容不完整，缺少值');
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] === '}') fail('comma before } (remove the trailing comma)', '} 前面多了一个逗号');
        if (text[i] !== '"') fail(i >= text.length ? 'unexpected end, a property name is missing' : 'a property name must be in double quotes', i >= text.length ? '内容不完整，缺少属性名' : '属性名必须用双引号括起来');
        string();
        expect(':', 'expected : after the property name', '属性名后面应该是冒号 :');
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        expect('}', 'expected , or } after a value', '值后面应该是逗号 , 或 }');
        return;
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        ws();
        if (text[i] === ']') fail('comma before ] (remove the trailing comma)', '] 前面多了一个逗号');
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        expect(']', 'expected , or ] after an element', '元素后面应该是逗号 , 或 ]');
        return;
      }
    }
    if (c === '"') return string();
    const literal = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(i));
    if (!literal) {
      if (c === "'") fail("strings need double quotes, not '", "字符串要用双引号，不能用单引号 '");
      fail(`unexpected ${JSON.stringify(c)}: not a JSON value`, `意外的字符 ${JSON.stringify(c)}：不是合法的 JSON 值`);
    }
    i += literal![0].length;
  };
  try {
    value();
    ws();
    if (i < text.length) fail(`unexpected ${JSON.stringify(text[i])} after the end of the JSON`, `JSON 结束后还有多余的字符 ${JSON.stringify(text[i])}`);
  } catch (e) {
    if (e instanceof JsonSyntax) return e.problem;
    throw e;
  }
  // JSON.parse refused what this scanner accepts (e.g. a lone surrogate): point at the start.
  return { offset: 0, en: 'not valid JSON', zh: '不是合法的 JSON' };
}
