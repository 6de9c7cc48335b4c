// Capture records waiting for the disk, encoded straight into one growing buffer: no line strings,
// no UTF-8 encoding of them on the read path. A batch is handed to the file as a view of that
// buffer, and `pending` starts over in a second one; the two take turns, so batches allocate nothing.
import { recordLineRoom, writeRecordLine, type CaptureDirection } from './capture-format';

const NEWLINE = 0x0a;
/**
 * A batch buffer that grew while the disk was slow (records keep coming during a write) is kept for
 * the next batches up to this size, rather than grown from the batch size again every time.
 */
const MAX_KEPT_BUFFER_BYTES = 2 * 1024 * 1024;

export class RecordBuffer {
  /** Whole record lines in pending[start, end); dropping the oldest records moves start past their newlines. */
  private pending: Buffer;
  private start = 0;
  private end = 0;
  /** A written batch's buffer, ready to become `pending` again. */
  private spare: Buffer | null = null;

  /**
   * @param batchCapacity what a buffer starts with: a full batch and the record that fills it
   * @param maxBufferedBytes the most kept; dropOldest() cuts back to it
   */
  constructor(
    private readonly batchCapacity: number,
    private readonly maxBufferedBytes: number,
  ) {
    this.pending = Buffer.allocUnsafe(batchCapacity);
  }

  /** Bytes of records waiting. */
  get size(): number {
    return this.end - this.start;
  }

  /** Encodes one record at the end; the buffer grows to hold it (a chunk of any size). */
  append(t: number, dir: CaptureDirection, bytes: Uint8Array): void {
    const room = recordLineRoom(bytes.length);
    if (this.pending.length - this.end < room) this.makeRoom(room);
    this.end += writeRecordLine(this.pending, this.end, t, dir, bytes);
  }

  /** Drops whole records, oldest first, until at most maxBufferedBytes wait; returns the bytes dropped. */
  dropOldest(): number {
    let start = this.start;
    while (this.end - start > this.maxBufferedBytes) {
      const newline = this.pending.indexOf(NEWLINE, start);
      start = newline < 0 || newline >= this.end ? this.end : newline + 1;
    }
    const dropped = start - this.start;
    this.start = start;
    if (start === this.end) this.start = this.end = 0;
    return dropped;
  }

  /** The waiting records as one batch (`bytes`, a view of `buffer`), or null; records go on in the spare buffer. */
  take(): { bytes: Uint8Array; buffer: Buffer } | null {
    if (this.end === this.start) return null;
    const buffer = this.pending;
    const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset + this.start, this.end - this.start);
    this.pending = this.spare ?? Buffer.allocUnsafe(this.batchCapacity);
    this.spare = null;
    this.start = this.end = 0;
    return { bytes, buffer };
  }

  /** A taken batch's buffer, once written: it is filled again, unless a huge record (or a long suspension) made it very large. */
  giveBack(buffer: Buffer): void {
    if (buffer.length <= Math.max(MAX_KEPT_BUFFER_BYTES, this.batchCapacity)) this.spare = buffer;
  }

  /** Moves the records to the front, or into a buffer large enough, with `room` after them. */
  private makeRoom(room: number): void {
    const used = this.end - this.start;
    if (this.start > 0 && used + room <= this.pending.length) {
      this.pending.copy(this.pending, 0, this.start, this.end);
    } else {
      // Doubling, but never far past what maxBufferedBytes lets it hold.
      const grown = Buffer.allocUnsafe(Math.max(used + room, Math.min(2 * this.pending.length, this.maxBufferedBytes + room)));
      this.pending.copy(grown, 0, this.start, this.end);
      this.pending = grown;
    }
    this.start = 0;
    this.end = used;
  }
}
