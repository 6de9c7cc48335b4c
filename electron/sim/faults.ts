// Fault knobs of the virtual EC600S (reliability-checklist.md §8): the ways a real module and a real
// serial line misbehave, on demand, so the AT engine can be tested against each of them.
// Counters and one-shot knobs are consumed by the module as they fire; the rest stay until changed.

export interface FaultKnobs {
  /** How output is cut into chunks: as written, one byte per chunk, or random splits from the seed (quirk Q2). */
  chunking: 'none' | 'byte' | 'random';
  /** Pause between chunks, ms; 0 delivers them back to back. */
  chunkGapMs: number;
  /** URC lines sent between the echo and the final result of the next commands, one per command, in order. */
  injectUrcs: string[];
  /** The final result of the next N commands is never sent (the command itself still takes effect). */
  dropFinals: number;
  /** Extra delay of every final result, ms: finals that arrive after the host gave up. The module stays busy. */
  lateFinalMs: number;
  /** Probability (0..1) that a burst of garbage bytes (line noise, wrong baud) precedes an output frame. */
  garbageRate: number;
  /** When > 0, the next output frame is preceded by a line this many bytes long (one shot). */
  longLine: number;
  /** The module reboots right after echoing the next command with this name, e.g. "+QMTCONN" (one shot). */
  rebootOn: string | null;
  /** The module stops reading: input waits, unechoed and unanswered, until this is false again. */
  stallReads: boolean;
  /** URCs never reach this port, as when AT+QURCCFG="urcport" points elsewhere (quirk Q14). */
  suppressUrcs: boolean;
}

export const NO_FAULTS: Readonly<FaultKnobs> = Object.freeze({
  chunking: 'none',
  chunkGapMs: 0,
  injectUrcs: [],
  dropFinals: 0,
  lateFinalMs: 0,
  garbageRate: 0,
  longLine: 0,
  rebootOn: null,
  stallReads: false,
  suppressUrcs: false,
});
