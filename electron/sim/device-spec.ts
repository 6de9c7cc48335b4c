// Devices the hub knows, as given on the command line (`--device <productKey>:<deviceName>:<secret>`),
// and the one it always knows: the seed article's device from ma_MQTT.ini, so the seed flow works as is.
import type { DeviceIdentity } from './hub';

export const SEED_DEVICE: DeviceIdentity = Object.freeze({
  productKey: 'a1wFylTxYeD',
  deviceName: 'co_0001',
  deviceSecret: '7ab0c4b3532b5783df5fdc58a2895d7a',
});

/** Parses `pk:dn:secret`; null when a part is missing. */
export function parseDeviceSpec(spec: string): DeviceIdentity | null {
  const [productKey, deviceName, ...secret] = spec.split(':');
  const deviceSecret = secret.join(':');
  return productKey && deviceName && deviceSecret ? { productKey, deviceName, deviceSecret } : null;
}

/** The seed device plus the `--device` flags (a flag for the same device replaces it). */
export function hubDevices(specs: string[]): DeviceIdentity[] | { error: string } {
  const devices = new Map([[`${SEED_DEVICE.productKey}/${SEED_DEVICE.deviceName}`, SEED_DEVICE]]);
  for (const spec of specs) {
    const device = parseDeviceSpec(spec);
    // Never echo the spec back: it carries the secret.
    if (!device) return { error: '--device must be <productKey>:<deviceName>:<deviceSecret>' };
    devices.set(`${device.productKey}/${device.deviceName}`, device);
  }
  return [...devices.values()];
}
