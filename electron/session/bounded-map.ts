// Maps that remember recent things (open Alink requests, sent commands) must not grow forever.

/**
 * Before an insert: when `map` holds `max` entries or more, drops its oldest quarter. Dropping one
 * oldest key per insert is slower than it looks: V8 leaves deleted entries in a Map's table until it
 * is rebuilt, and finding the first live key walks past all of them, so a full map paid a scan of
 * up to its size on every insert. A quarter at a time is one walk per max/4 inserts.
 */
export function makeRoom<K, V>(map: Map<K, V>, max: number): void {
  if (map.size < max) return;
  let drop = map.size - max + Math.max(1, max >> 2);
  for (const key of map.keys()) {
    map.delete(key);
    if (--drop === 0) break;
  }
}
