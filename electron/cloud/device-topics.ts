// Which topics an Aliyun device may use (cloud-protocols.md §3.1): its own system topics under
// /sys/<pk>/<dn>/ and its own custom topics under /<pk>/<dn>/user/. The cloud refuses the rest.

export interface DeviceRef {
  productKey: string;
  deviceName: string;
}

/**
 * True when the device may publish to this topic or subscribe to this filter. Wildcards are allowed
 * only after the device's own prefix, where they cannot reach another device's topics.
 */
export function deviceMayUse(device: DeviceRef, topic: string): boolean {
  const own = [`/sys/${device.productKey}/${device.deviceName}/`, `/${device.productKey}/${device.deviceName}/user/`];
  return own.some((prefix) => topic.startsWith(prefix) && topic.length > prefix.length);
}

export const propertySetTopic = (d: DeviceRef): string => `/sys/${d.productKey}/${d.deviceName}/thing/service/property/set`;
export const propertyPostTopic = (d: DeviceRef): string => `/sys/${d.productKey}/${d.deviceName}/thing/event/property/post`;
