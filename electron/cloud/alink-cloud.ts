// What the Aliyun cloud says in Alink (cloud-protocols.md §3): property set requests it sends to a
// device, and the replies it gives to a device's posts. Used by the local hub.

/** `thing.service.property.set`, in the key order of the seed capture and the BC26 guide. */
export function propertySetRequest(id: string, params: Record<string, unknown>): string {
  return JSON.stringify({ method: 'thing.service.property.set', id, params, version: '1.0.0' });
}

const EVENT_POST = /^\/sys\/[^/]+\/[^/]+\/thing\/event\/([^/]+)\/post$/;

/**
 * The cloud's answer to a property or event post, or null when none is due: the topic is not a post,
 * the payload is not a JSON object with an id, or the device asked for no reply (`"sys":{"ack":0}`).
 */
export function postReply(topic: string, payload: string): { topic: string; payload: string } | null {
  const m = EVENT_POST.exec(topic);
  if (!m) return null;
  let request: unknown;
  try {
    request = JSON.parse(payload);
  } catch {
    return null;
  }
  if (typeof request !== 'object' || request === null) return null;
  const { id, method, sys } = request as { id?: unknown; method?: unknown; sys?: { ack?: unknown } };
  if (id === undefined || id === null) return null;
  if (sys?.ack === 0) return null;
  const reply = {
    code: 200,
    data: {},
    id: String(id),
    message: 'success',
    method: typeof method === 'string' ? method : `thing.event.${m[1]}.post`,
    version: '1.0',
  };
  return { topic: `${topic}_reply`, payload: JSON.stringify(reply) };
}
