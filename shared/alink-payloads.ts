// Alink payloads (cloud-protocols.md §3.2): request ids, the property and event post templates, the
// reply to a property set, and a publish draft built into its topic and payload. No clock of its
// own: callers pass times in.
import { say, type BilingualText } from './bilingual-text';
import type { DeviceRef } from './aliyun-triplet';
import { TSL_IDENTIFIER } from './alink-topics';
import { validateJson } from './json-check';

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
