// The Alink topic list of a device (cloud-protocols.md §3.1): the thing-model topics, its TSL events
// and services, the default user topics and the user's own, and the rule a custom topic must meet.
import { say, type BilingualText } from './bilingual-text';
import type { DeviceRef } from './aliyun-triplet';

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
export const TSL_IDENTIFIER = /^[A-Za-z0-9_]{1,50}$/;

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
