// Property traffic as the MQTT workspace shows it, derived from the session model's facts (the same
// facts every layer speaks, shared/facts.ts): each Alink message in order, a request joined with
// its reply and the latency the session model measured, the raw payload it came in, and numeric
// property values as series for the chart. Pure: the panels call these on the recent facts.
import type { AlinkFact, Fact } from '../../shared/facts';

export interface TrafficEntry {
  t: number;
  direction: 'up' | 'down';
  topic: string;
  method: string | null;
  id: string | null;
  params: unknown;
  /** The payload as it crossed the link (the mqtt.message / mqtt.publish that carried it). */
  raw: string | null;
  /** For a request: its reply, once seen. */
  reply: { code: number | null; latencyMs: number | null; t: number } | null;
  /** True for a reply that was joined to its request above it (listed only there). */
  isReply: boolean;
}

export interface TrafficFilter {
  topic: string;
  /** '' = every method. */
  method: string;
}

const isReply = (f: AlinkFact) => f.method === 'reply' || f.code !== null || f.topic.endsWith('_reply');

/** The Alink timeline, oldest first; replies are folded into their requests. */
export function trafficEntries(facts: readonly Fact[], filter: TrafficFilter = { topic: '', method: '' }): TrafficEntry[] {
  const out: TrafficEntry[] = [];
  const requests = new Map<string, TrafficEntry>();
  let lastPayload: { topic: string; payload: string } | null = null;
  for (const f of facts) {
    if (f.kind === 'mqtt.message' || f.kind === 'mqtt.publish') {
      lastPayload = { topic: f.topic, payload: f.payload };
      continue;
    }
    if (f.kind !== 'alink') continue;
    const raw = lastPayload?.topic === f.topic ? lastPayload.payload : null;
    const entry: TrafficEntry = { t: f.t, direction: f.direction, topic: f.topic, method: f.method, id: f.id, params: f.params, raw, reply: null, isReply: false };
    // A reply travels the other way from its request; a device subscribed to its own post topic
    // also sees its post come back down, which must not take the reply.
    if (isReply(f) && f.id !== null) {
      const request = requests.get(`${opposite(f.direction)}|${f.topic.replace(/_reply$/, '')}|${f.id}`);
      if (request) {
        request.reply = { code: f.code, latencyMs: f.pairedLatencyMs, t: f.t };
        continue;
      }
      entry.isReply = true;
      entry.reply = { code: f.code, latencyMs: f.pairedLatencyMs, t: f.t };
    } else if (f.id !== null) {
      requests.set(`${f.direction}|${f.topic}|${f.id}`, entry);
    }
    out.push(entry);
  }
  const topic = filter.topic.trim().toLowerCase();
  return out.filter((e) => (!topic || e.topic.toLowerCase().includes(topic)) && (!filter.method || (e.method ?? 'reply') === filter.method));
}

const opposite = (d: 'up' | 'down') => (d === 'up' ? 'down' : 'up');

/** The methods seen, for the filter's choices. */
export function methodsSeen(entries: readonly TrafficEntry[]): string[] {
  return [...new Set(entries.map((e) => e.method ?? 'reply'))].sort();
}

export interface PropertySeries {
  name: string;
  /** Seconds since the epoch (uPlot's x unit), ascending. */
  times: number[];
  values: number[];
}

/** Numeric (and boolean-like 0/1) property values from posts and sets, per property. */
export function numericSeries(facts: readonly Fact[]): PropertySeries[] {
  const series = new Map<string, PropertySeries>();
  for (const f of facts) {
    if (f.kind !== 'alink' || !isPropertyMethod(f.method)) continue;
    const params = f.params;
    if (!params || typeof params !== 'object' || Array.isArray(params)) continue;
    for (const [name, raw] of Object.entries(params as Record<string, unknown>)) {
      const value = typeof raw === 'number' ? raw : typeof raw === 'boolean' ? Number(raw) : null;
      if (value === null || !Number.isFinite(value)) continue;
      const s = series.get(name) ?? { name, times: [], values: [] };
      series.set(name, s);
      s.times.push(f.t / 1000);
      s.values.push(value);
    }
  }
  return [...series.values()];
}

function isPropertyMethod(method: string | null): boolean {
  return method === 'thing.event.property.post' || method === 'thing.service.property.set';
}
