// The Aliyun device triplet form (cloud-protocols.md §1): its fields, defaults and field-by-field
// validation, pure so the renderer can check as the user types, and how the DeviceSecret in it is
// kept out of the renderer and stored.
import type { BilingualText } from './bilingual-text';
import { isIntIn } from './int-range';

/** The two names that identify a device; its topics and its stored secret hang on them. */
export interface DeviceRef {
  productKey: string;
  deviceName: string;
}

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

/** The form as it may travel to the renderer: the secret replaced by whether one is set. */
export function withoutSecret(form: TripletForm): TripletForm & { secretSet: boolean } {
  return { ...form, deviceSecret: '', secretSet: form.deviceSecret !== '' };
}

/** The key a device's secret is stored under. */
export const secretKeyOf = (device: DeviceRef): string => `aliyun:${device.productKey}/${device.deviceName}`;
