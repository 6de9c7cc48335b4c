// Numbered module traffic for the serial ingest bench (row 3): every record is one URC that carries
// its sequence number where the session pipeline's facts show it, so the reader can prove that no
// line was lost between the writer and the facts. Three of four records are short registration
// URCs, the fourth an Aliyun property set as +QMTRECV whose Alink id is the number.
import type { Fact } from '../../shared/facts';
import { utf8Encode } from '../../shared/bytes';

const SET_TOPIC = '/sys/a1wFylTxYeD/co_0001/thing/service/property/set';

export function seqRecord(seq: number): string {
  if (seq % 4 !== 3) return `\r\n+CEREG: 1,"D509","80D413D",7,${seq}\r\n`;
  const payload = `{"method":"thing.service.property.set","id":"${seq}","params":{"PowerSwitch_1":${seq % 2}},"version":"1.0.0"}`;
  return `\r\n+QMTRECV: 0,0,"${SET_TOPIC}",${utf8Encode(payload).length},"${payload}"\r\n`;
}

/** Records 0, 1, 2... until at least `bytes` bytes; whole records only. */
export function seqCorpus(bytes: number): { bytes: Uint8Array; records: number } {
  const parts: string[] = [];
  let size = 0;
  let records = 0;
  while (size < bytes) {
    const record = seqRecord(records++);
    parts.push(record);
    size += record.length; // records are ASCII
  }
  return { bytes: utf8Encode(parts.join('')), records };
}

/** The sequence number a fact carries, or null for facts that carry none. */
export function seqOf(fact: Fact): number | null {
  if (fact.kind === 'alink' && fact.direction === 'down' && fact.id !== null) return Number(fact.id);
  if (fact.kind === 'at.urc' && fact.name === '+CEREG') return Number(fact.text.slice(fact.text.lastIndexOf(',') + 1));
  return null;
}

/** Checks that numbers arrive as 0, 1, 2...: counts the missing ones and those out of order. */
export class SequenceChecker {
  private expected = 0;
  /** Numbers skipped over so far (a gap), plus, after finish(), those that never came. */
  lost = 0;
  /** Numbers that came again or late (behind one already seen). */
  misordered = 0;
  seen = 0;

  see(seq: number): void {
    this.seen++;
    if (seq === this.expected) this.expected++;
    else if (seq > this.expected) {
      this.lost += seq - this.expected;
      this.expected = seq + 1;
    } else this.misordered++;
  }

  /** True once every number below `total` has been passed. */
  reached(total: number): boolean {
    return this.expected >= total;
  }

  /** The numbers below `total` still missing count as lost. */
  finish(total: number): void {
    if (this.expected < total) {
      this.lost += total - this.expected;
      this.expected = total;
    }
  }
}
