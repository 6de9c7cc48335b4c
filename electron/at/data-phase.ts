// The data phase of a command that opens one (`AT+QMTPUBEX`, `AT+QISEND`, ...): after the `> `
// prompt the host's bytes are payload, not commands. This takes them up to the declared length (or
// up to Ctrl+Z / ESC when none was declared), tells the framer to expect their echo, and builds the
// facts that say what the module took (at.data) and what it still waits for (at.data-short).
import type { AtDataFact, AtDataShortFact } from '../../shared/facts';
import { utf8Decode } from '../../shared/bytes';
import type { AtFramer } from './framer';
import type { InFlight } from './in-flight';
import { grow } from './byte-buffer';

const CTRL_Z = 0x1a;
const ESC = 0x1b;
/**
 * A data phase with nothing sent for this long is reported as left short: the module keeps waiting
 * for the rest (quectel-at.md Q3), so whatever the host sends next becomes payload. Longer than a
 * QCOM row delay of 1 s, so a script that sends the payload as the next row is not reported.
 */
export const DATA_IDLE_MS = 2500;

/** Payload bytes the module still waits for in a data phase; null: until Ctrl+Z (no declared length). */
export function owedBytes(cmd: InFlight): number | null {
  const declared = cmd.info.prompt?.declaredLength ?? null;
  return declared === null ? null : Math.max(0, declared - cmd.data.acceptedLength);
}

export class DataPhase {
  /**
   * The payload of the data phase in progress. Only the head command has a data phase, and it is
   * reported before the command leaves the queue, so one buffer serves every command.
   */
  private bytes: Uint8Array = new Uint8Array(256);

  constructor(private readonly framer: AtFramer) {}

  /** Takes payload from bytes[i...] for the head command in its data phase; returns where its payload ends. */
  take(head: InFlight, bytes: Uint8Array, i: number, t: number, echoOn: boolean): number {
    const prompt = head.info.prompt!;
    const data = head.data;
    data.lastAt = t;
    data.shortReported = false;
    const start = data.acceptedLength;
    // The payload is taken up to its declared length, or up to Ctrl+Z / ESC when none was declared.
    let end = i;
    let done: boolean;
    if (prompt.declaredLength === null) {
      while (end < bytes.length && bytes[end] !== CTRL_Z && bytes[end] !== ESC) end++;
      done = end < bytes.length;
    } else {
      end = Math.min(bytes.length, i + Math.max(0, prompt.declaredLength - start));
      done = start + (end - i) >= prompt.declaredLength;
    }
    const count = end - i;
    if (start + count > this.bytes.length) this.bytes = grow(this.bytes, start, start + count);
    this.bytes.set(bytes.subarray(i, end), start);
    data.acceptedLength += count;
    data.sent += count;
    let next = end;
    if (done) {
      head.phase = 'data-done';
      // The module's answer time counts from the end of the payload, not from the command.
      head.deadline = t + head.info.timeoutMs;
      // the Ctrl+Z / ESC that ended a variable-length payload was sent too
      if (prompt.declaredLength === null) {
        data.cancelled = bytes[end] === ESC;
        data.sent++;
        next++;
      }
    }
    if (echoOn) this.framer.expectEcho(this.bytes.subarray(start, data.acceptedLength));
    return next;
  }

  /** at.data once per command: what the module took; null when already said (or, onlyWhenDone, not done yet). */
  report(head: InFlight, t: number, onlyWhenDone = false): AtDataFact | null {
    if (head.data.reported) return null;
    if (onlyWhenDone && head.phase !== 'data-done') return null;
    head.data.reported = true;
    const fact: AtDataFact = {
      kind: 'at.data', t, id: head.id, accepted: utf8Decode(this.bytes.subarray(0, head.data.acceptedLength)),
      declaredLength: head.info.prompt?.declaredLength ?? null, sentLength: head.data.sent,
    };
    if (head.data.cancelled) fact.cancelled = true; // the last key, as before
    return fact;
  }

  /** at.data-short once per quiet spell of a data phase: what the module still waits for. */
  checkIdle(head: InFlight, t: number): AtDataShortFact | null {
    const data = head.data;
    if (data.shortReported || t < data.lastAt + DATA_IDLE_MS) return null;
    data.shortReported = true;
    return {
      kind: 'at.data-short', t, id: head.id, command: head.info.text, declaredLength: head.info.prompt?.declaredLength ?? null,
      acceptedLength: data.acceptedLength, owedBytes: owedBytes(head), idleMs: t - data.lastAt,
    };
  }
}
