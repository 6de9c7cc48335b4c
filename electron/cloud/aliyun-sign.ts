// Aliyun IoT MQTT direct-connection signing (cloud-protocols.md §1.1, §1.8, §2.2).
//
// One module serves both sides: the virtual EC600S signs its CONNECT from the aliauth triple, the
// local hub verifies it, and the app's signing helper shows an engineer what a module will send.
//
//   clientId = <prefix>|securemode=3,signmethod=hmacsha256|        (C1, the simulator default)
//   username = <deviceName>&<productKey>
//   password = hex(HMAC_<signmethod>(deviceSecret, content))
//   content  = the pairs clientId, deviceName, productKey[, timestamp] sorted by key, concatenated
import { createHmac } from 'node:crypto';

export interface AliyunTriplet {
  productKey: string;
  deviceName: string;
  /** Never log or display it; it only keys the HMAC. */
  deviceSecret: string;
}

export type AliyunSignMethod = 'hmacsha256' | 'hmacsha1' | 'hmacmd5';

/**
 * How a client lays out its CONNECT. Quectel does not document what the EC600S firmware sends
 * (cloud-protocols.md §2.2, open item 1), so the simulator picks one variant and the hub accepts all.
 */
export interface SigningVariant {
  /**
   * Order of the clientId's key=value list. 'C1' (XinYi style): `securemode,signmethod[,timestamp]`,
   * the order of Aliyun's own doc example. 'C2' (Eigencomm style): `timestamp,securemode,signmethod`.
   */
  layout: 'C1' | 'C2';
  signmethod: AliyunSignMethod;
  /** When set, the clientId carries it and the signed content includes it (§1.1: optional). */
  timestamp?: string;
  /** Official C SDKs send UPPERCASE hex; the console and the Node SDK send lowercase (§0.4). */
  hexCase: 'upper' | 'lower';
  /** 3 = direct TCP (default), 2 = direct TLS; the cloud does not tie it to the transport (§0.6). */
  securemode?: number;
}

/** C1 of §2.2: what the virtual EC600S sends unless told otherwise. */
export const SIGNING_C1: SigningVariant = { layout: 'C1', signmethod: 'hmacsha256', hexCase: 'upper' };

/** C2 of §2.2 (Eigencomm's fixed timestamp "20130219"). */
export const SIGNING_C2: SigningVariant = {
  layout: 'C2',
  signmethod: 'hmacsha1',
  timestamp: '20130219',
  hexCase: 'upper',
};

export interface AliyunCredentials {
  clientId: string;
  username: string;
  /** The HMAC: a secret in its own right (it opens the device's session). */
  password: string;
}

const HMAC_ALGORITHM: Record<AliyunSignMethod, string> = {
  hmacsha256: 'sha256',
  hmacsha1: 'sha1',
  hmacmd5: 'md5',
};

/** The signed content of §1.1: keys sorted alphabetically, key+value with no delimiter. */
export function signedContent(clientIdPrefix: string, deviceName: string, productKey: string, timestamp?: string): string {
  const content = `clientId${clientIdPrefix}deviceName${deviceName}productKey${productKey}`;
  return timestamp === undefined ? content : `${content}timestamp${timestamp}`;
}

function hmacHex(method: AliyunSignMethod, secret: string, content: string): string {
  return createHmac(HMAC_ALGORITHM[method], secret).update(content, 'utf8').digest('hex');
}

/** The MQTT CONNECT fields a device with this triple sends, for the given clientId prefix. */
export function signAliyun(
  triplet: AliyunTriplet,
  opts: { clientIdPrefix: string; variant?: SigningVariant },
): AliyunCredentials {
  const variant = opts.variant ?? SIGNING_C1;
  const securemode = `securemode=${variant.securemode ?? 3}`;
  const signmethod = `signmethod=${variant.signmethod}`;
  const ts = variant.timestamp === undefined ? [] : [`timestamp=${variant.timestamp}`];
  const pairs = variant.layout === 'C1' ? [securemode, signmethod, ...ts] : [...ts, securemode, signmethod];
  const hex = hmacHex(
    variant.signmethod,
    triplet.deviceSecret,
    signedContent(opts.clientIdPrefix, triplet.deviceName, triplet.productKey, variant.timestamp),
  );
  return {
    clientId: `${opts.clientIdPrefix}|${pairs.join(',')}|`,
    username: `${triplet.deviceName}&${triplet.productKey}`,
    password: variant.hexCase === 'upper' ? hex.toUpperCase() : hex,
  };
}

export interface AliyunConnect {
  clientId: string;
  username: string | undefined;
  password: string | undefined;
  /** Seconds, as in the CONNECT packet; checked only when given. */
  keepalive?: number;
}

/** CONNACK return codes Aliyun uses for refusals (§1.7). */
export type AliyunRefusalCode = 2 | 4;

export type AliyunVerdict =
  | { ok: true; productKey: string; deviceName: string; clientIdPrefix: string; signmethod: AliyunSignMethod }
  | { ok: false; returnCode: AliyunRefusalCode; reason: string };

const MAX_PREFIX_LENGTH = 64; // §1.1: the device-chosen clientId is at most 64 characters
const MIN_KEEPALIVE_S = 30; // §0.8: shorter keepalives are refused

/**
 * The cloud's check of a CONNECT (§1.8): every signing variant is accepted, hex in either case,
 * unknown clientId keys are ignored and the timestamp is never checked for freshness (§0.5).
 * `lookupSecret` returns undefined for an unknown device.
 */
export function verifyAliyunConnect(
  connect: AliyunConnect,
  lookupSecret: (productKey: string, deviceName: string) => string | undefined,
): AliyunVerdict {
  const m = /^([^|]*)\|([^|]*)\|$/.exec(connect.clientId);
  if (!m) return refuse(2, 'clientId is not "<id>|securemode=…,signmethod=…|"');
  const prefix = m[1];
  if (prefix.length > MAX_PREFIX_LENGTH) return refuse(2, `clientId prefix is longer than ${MAX_PREFIX_LENGTH} characters`);
  if (connect.keepalive !== undefined && connect.keepalive < MIN_KEEPALIVE_S) {
    return refuse(2, `keepalive ${connect.keepalive} s is below ${MIN_KEEPALIVE_S} s`);
  }
  const kv = new Map<string, string>();
  for (const pair of m[2].split(',').filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq > 0) kv.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  const signmethod = kv.get('signmethod') ?? 'hmacmd5';
  if (!(signmethod in HMAC_ALGORITHM)) return refuse(2, `unsupported signmethod "${signmethod}"`);
  const method = signmethod as AliyunSignMethod;

  const username = connect.username ?? '';
  const amp = username.indexOf('&');
  if (amp < 0) return refuse(4, 'username is not "<deviceName>&<productKey>"');
  const deviceName = username.slice(0, amp);
  const productKey = username.slice(amp + 1);
  const secret = lookupSecret(productKey, deviceName);
  if (secret === undefined) return refuse(4, `unknown device ${productKey}/${deviceName}`);

  const want = hmacHex(method, secret, signedContent(prefix, deviceName, productKey, kv.get('timestamp')));
  if (want !== (connect.password ?? '').toLowerCase()) return refuse(4, `bad signature for ${productKey}/${deviceName}`);
  return { ok: true, productKey, deviceName, clientIdPrefix: prefix, signmethod: method };
}

function refuse(returnCode: AliyunRefusalCode, reason: string): AliyunVerdict {
  return { ok: false, returnCode, reason };
}
