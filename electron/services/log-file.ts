// "Save log": a continuous text log the user picked, written by main (QCOM's Save Log). One line per
// terminal line with a millisecond timestamp and the direction; the lines are already masked.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { DIR_NOTE, type LogLine } from '../../shared/log-store';
import { decodeNote } from '../../shared/log-note';
import { visibleText } from '../../shared/log-text';
import { utf8Decode, utf8Encode } from '../../shared/bytes';

export class LogFileWriter {
  private bytes = 0;
  private failure: Error | null = null;

  private constructor(
    readonly path: string,
    private readonly stream: WriteStream,
  ) {
    stream.on('error', (err) => {
      this.failure = err;
    });
  }

  /** Opens `path` for appending; fails with a readable message when the folder is not writable. */
  static async open(path: string): Promise<LogFileWriter> {
    const stream = createWriteStream(path, { flags: 'a' });
    await Promise.race([
      once(stream, 'open'),
      once(stream, 'error').then(([err]) => {
        throw err;
      }),
    ]);
    return new LogFileWriter(path, stream);
  }

  get written(): number {
    return this.bytes;
  }

  get error(): Error | null {
    return this.failure;
  }

  write(lines: Iterable<LogLine>): void {
    let text = '';
    for (const line of lines) text += formatLogLine(line);
    if (!text) return;
    const data = utf8Encode(text);
    this.bytes += data.length;
    this.stream.write(data);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.stream.end(resolve));
  }
}

const DIR_LABEL = ['RX', 'TX', '--'];

export function formatTimestamp(t: number): string {
  const d = new Date(t);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

/** `2025-01-20 17:30:00.808 RX  OK` (shared/log-text.ts shows control bytes). */
export function formatLogLine(line: LogLine): string {
  const text = line.dir === DIR_NOTE ? noteText(line.bytes) : visibleText(line.bytes, utf8Decode);
  return `${formatTimestamp(line.t)} ${DIR_LABEL[line.dir] ?? '??'}  ${text}\n`;
}

function noteText(bytes: Uint8Array): string {
  const note = decodeNote(bytes);
  if (!note) return utf8Decode(bytes);
  const error = note.error ? ` ${note.error.code}: ${note.error.meaning.en}` : '';
  return `${note.command} -> ${note.result} (${note.latencyMs} ms)${error}`;
}
