// The module's transmit side: frames responses and URCs as the module does (quectel-at.md §1.3,
// §1.9), then cuts the bytes into chunks the way a serial line delivers them, with the output
// faults (chunking, garbage, long lines) applied. Order is always kept.
import type { Scheduler } from '../../shared/clock';
import { concatBytes, utf8Encode } from '../../shared/bytes';
import type { FaultKnobs } from './faults';
import type { Random } from './seeded-random';

/** A line of module output: text, or raw bytes when it carries a payload (+QMTRECV). */
export type OutputLine = string | Uint8Array;

/** Final result codes and their ATV0 numbers ([ATM] Table 3). */
const NUMERIC_RESULT: Record<string, string> = {
  OK: '0',
  CONNECT: '1',
  RING: '2',
  'NO CARRIER': '3',
  ERROR: '4',
  'NO DIALTONE': '6',
  BUSY: '7',
  'NO ANSWER': '8',
};

const CRLF = '\r\n';
const toBytes = (line: OutputLine) => (typeof line === 'string' ? utf8Encode(line) : line);

/**
 * ATV1: information text as one block `\r\n<l1>\r\n<l2>\r\n`, result `\r\n<code>\r\n` (hence the
 * blank line terminals show before OK). ATV0: `<text>\r\n` and `<number>\r` (§1.3).
 */
export function frameInformation(lines: OutputLine[], verbose: boolean): Uint8Array {
  if (lines.length === 0) return new Uint8Array(0);
  const parts: Uint8Array[] = verbose ? [utf8Encode(CRLF)] : [];
  for (const line of lines) parts.push(toBytes(line), utf8Encode(CRLF));
  return concatBytes(parts);
}

export function frameResult(code: string, verbose: boolean): Uint8Array {
  if (verbose) return utf8Encode(`${CRLF}${code}${CRLF}`);
  const numeric = NUMERIC_RESULT[code];
  return utf8Encode(numeric === undefined ? `${code}${CRLF}` : `${numeric}\r`);
}

export function frameUrc(line: OutputLine, verbose: boolean): Uint8Array {
  return verbose ? concatBytes([utf8Encode(CRLF), toBytes(line), utf8Encode(CRLF)]) : concatBytes([toBytes(line), utf8Encode(CRLF)]);
}

export class OutputChannel {
  private readonly listeners = new Set<(chunk: Uint8Array) => void>();
  private readonly queue: Uint8Array[] = [];
  private draining = false;
  private cancelDrain: (() => void) | null = null;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly random: Random,
    private readonly faults: FaultKnobs,
  ) {}

  onOutput(listener: (chunk: Uint8Array) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Queues one frame (echo, prompt, response block, URC) for the wire. */
  send(frame: Uint8Array): void {
    if (frame.length === 0) return;
    const parts: Uint8Array[] = [];
    if (this.faults.longLine > 0) {
      parts.push(utf8Encode(`${CRLF}${'x'.repeat(this.faults.longLine)}${CRLF}`));
      this.faults.longLine = 0;
    }
    if (this.faults.garbageRate > 0 && this.random() < this.faults.garbageRate) parts.push(this.garbage());
    parts.push(frame);
    for (const chunk of this.chunk(concatBytes(parts))) this.queue.push(chunk);
    if (!this.draining) {
      this.draining = true;
      this.cancelDrain = this.scheduler.after(0, () => this.drain());
    }
  }

  /** Bytes a rebooting module spits out before RDY. */
  sendGarbage(): void {
    this.send(this.garbage());
  }

  /** Forgets everything not yet on the wire (power loss). */
  discardPending(): void {
    this.queue.length = 0;
    this.cancelDrain?.();
    this.cancelDrain = null;
    this.draining = false;
  }

  private drain(): void {
    this.cancelDrain = null;
    const gap = this.faults.chunkGapMs;
    let batch: Uint8Array[];
    // Without chunking faults everything due goes out as one read, as a fast serial line merges it.
    if (this.faults.chunking === 'none') batch = [concatBytes(this.queue.splice(0))];
    else if (gap > 0) batch = [this.queue.shift()!];
    else batch = this.queue.splice(0);
    for (const chunk of batch) for (const listener of [...this.listeners]) listener(chunk);
    if (this.queue.length > 0) this.cancelDrain = this.scheduler.after(gap, () => this.drain());
    else this.draining = false;
  }

  private chunk(bytes: Uint8Array): Uint8Array[] {
    switch (this.faults.chunking) {
      case 'none':
        return [bytes];
      case 'byte':
        return Array.from(bytes, (b) => Uint8Array.of(b));
      case 'random': {
        const out: Uint8Array[] = [];
        for (let i = 0; i < bytes.length; ) {
          const n = 1 + Math.floor(this.random() * Math.min(16, bytes.length - i));
          out.push(bytes.subarray(i, i + n));
          i += n;
        }
        return out;
      }
    }
  }

  private garbage(): Uint8Array {
    const n = 1 + Math.floor(this.random() * 8);
    return Uint8Array.from({ length: n }, () => 0x80 + Math.floor(this.random() * 0x7f));
  }
}
