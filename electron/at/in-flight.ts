// What the engine keeps for a command from the line the host sent to its final result: the queue
// entry the transaction matcher (engine.ts) and the data phase (data-phase.ts) both work on.
import type { CommandInfo } from './commands';

/**
 * What the module took: the first `acceptedLength` bytes of the data-phase buffer. `lastAt`:
 * the prompt or the last data byte; `shortReported`: at.data-short said so since then.
 */
export interface DataProgress {
  acceptedLength: number;
  sent: number;
  reported: boolean;
  lastAt: number;
  shortReported: boolean;
  cancelled: boolean;
}

export interface InFlight {
  id: number;
  info: CommandInfo;
  sentAt: number;
  activeAt: number;
  deadline: number;
  echoSeen: boolean;
  /** The previous command timed out: a final before this one's echo is the old command's late answer. */
  afterTimeout: boolean;
  /** The command text as UTF-8: an rx line with exactly these bytes is its echo. */
  echoBytes: Uint8Array;
  lines: string[];
  phase: 'await-final' | 'await-prompt' | 'data' | 'data-done';
  data: DataProgress;
}
