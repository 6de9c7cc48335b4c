// Replaying a recorded session: the same pipeline the app runs, fed from a capture's records with
// their own timestamps, so `modemdeck replay` prints exactly the facts the app showed live.
import type { Fact } from '../../shared/facts';
import { SessionPipeline, type TextMasker } from './pipeline';

export interface WireRecord {
  t: number;
  dir: 'tx' | 'rx';
  bytes: Uint8Array;
}

export function replayRecords(records: Iterable<WireRecord>, opts: { masker?: TextMasker } = {}): Fact[] {
  let now = 0;
  const pipeline = new SessionPipeline({ clock: { now: () => now }, masker: opts.masker });
  const facts: Fact[] = [];
  pipeline.onFact((f) => facts.push(f));
  for (const r of records) {
    now = r.t;
    if (r.dir === 'tx') pipeline.tx(r.bytes, r.t);
    else pipeline.rx(r.bytes, r.t);
  }
  return facts;
}
