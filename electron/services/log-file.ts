// "Save log": a continuous text log the user picked, written by main (QCOM's Save Log). One line per
// terminal line with a millisecond timestamp and the direction; the lines are already masked.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { DIR_NOTE, type LogLine } from '../../shared/log-store';
import { decodeNote } from '../../shared/log-note';
import { visibleText } from '../../shared/log-text';
import { utf8Decode, utf8Encode } from '../../shared/bytes';
import type { LogFileState } from '../../shared/contract';
import { toAppError } from './app-error';
import type { Notify } from './notices';

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

/** The "Save log" going on, if any: each terminal line follows as it lands; a disk error ends it and says why. */
export class SaveLog {
  private writer: LogFileWriter | null = null;

  constructor(
    private readonly notify: Notify,
    private readonly publish: (state: LogFileState | null) => void,
  ) {}

  get state(): LogFileState | null {
    return this.writer ? { path: this.writer.path, bytes: this.writer.written } : null;
  }

  /** `onScreen` is read once the file is open, so nothing that arrives meanwhile is missed. */
  async start(path: string, onScreen: () => Iterable<LogLine>): Promise<LogFileState> {
    await this.stop();
    let writer: LogFileWriter;
    try {
      writer = await LogFileWriter.open(path);
    } catch (err) {
      throw toAppError(err, path);
    }
    // What is on screen goes in first; everything after follows as it arrives.
    writer.write(onScreen());
    this.writer = writer;
    this.notify('info', 'log.started', path);
    const state = { path, bytes: writer.written };
    this.publish(state);
    return state;
  }

  async stop(): Promise<void> {
    const writer = this.writer;
    if (!writer) return;
    this.writer = null;
    await writer.close();
    this.notify('info', 'log.stopped', writer.path);
    this.publish(null);
  }

  write(lines: Iterable<LogLine>): void {
    const writer = this.writer;
    if (!writer) return;
    writer.write(lines);
    if (writer.error) {
      this.writer = null;
      this.notify('error', 'log.error', writer.path, writer.error.message);
      void writer.close();
      this.publish(null);
    } else {
      this.publish({ path: writer.path, bytes: writer.written });
    }
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
