// The AT engine: it watches both directions of the link and follows the dialogue. It never
// writes anything itself — a command typed by hand, a script row and a command built by the app
// all reach it the same way, as bytes the host sent (tx), so they all produce the same facts.
//
// One command is in flight at a time; commands sent while one is pending queue up, as the module
// buffers them (quectel-at.md Q9). Timeouts come from the command table and URCs never extend them;
// a final result that arrives after its command timed out is ignored. Commands whose real result
// comes later as a URC (`+QMTOPEN: 0,0` after OK) stay pending until that URC or their own timeout.
// Their parts live beside this file: the data phase after `> ` in data-phase.ts, the results that
// come later as a URC in deferred-results.ts, the record of a queued command in in-flight.ts.
import type { AtFact, Decoded } from '../../shared/facts';
import { utf8Decode, utf8Encode } from '../../shared/bytes';
import type { Clock } from '../../shared/clock';
import { AtFramer, type FrameSink } from './framer';
import { decodeBytes } from './frames';
import { CR, LF } from './line-scan';
import { classifyBytes, classifyLine, LineKind, prefixName, TEXT_URCS } from './classify';
import { describeCommand, isCommandLine, type CommandInfo } from './commands';
import { splitParams, intParam } from './params';
import { decodeFinal, decodeQmtStat } from './error-codes';
import type { InFlight } from './in-flight';
import { DATA_IDLE_MS, DataPhase, owedBytes } from './data-phase';
import { DeferredResults } from './deferred-results';
import { bytesEqual, grow } from './byte-buffer';

export { DATA_IDLE_MS };

/** A command line longer than this is not something a module would accept; stop buffering. */
const MAX_TX_LINE = 4096;
/** Distinct command lines remembered with their parsed form (scripts and apps repeat a few lines). */
const COMMAND_CACHE_SIZE = 64;
interface ParsedCommand {
  info: CommandInfo;
  echoBytes: Uint8Array;
}

export interface PendingCommand {
  id: number;
  command: string;
  phase: InFlight['phase'] | 'queued' | 'await-urc';
  deadline: number;
  /**
   * In the 'data' phase only: payload bytes the module still waits for, or null when the length was
   * not declared (the phase ends with Ctrl+Z, or ESC cancels it).
   */
  owedBytes?: number | null;
}

export interface AtEngineOptions {
  clock: Clock;
  maxLineBytes?: number;
}

export class AtEngine {
  private readonly clock: Clock;
  private readonly framer: AtFramer;
  private readonly listeners = new Set<(fact: AtFact) => void>();
  private queue: InFlight[] = [];
  private readonly deferred = new DeferredResults();
  private nextId = 1;
  /** The command line being typed: txLine[0, txLength). */
  private txLine: Uint8Array = new Uint8Array(64);
  private txLength = 0;
  private readonly commandCache = new Map<string, ParsedCommand>();
  /** The same parsed lines in a list, looked up by their bytes (knownLine). */
  private readonly knownLines: ParsedCommand[] = [];
  private readonly dataPhase: DataPhase;
  private echoOn = true;
  private numericResults = false;
  /** The last command ended in a timeout: its final may still be on its way. */
  private lastTimedOut = false;
  /** Time of the rx bytes being framed (the sink below is created once, not per chunk). */
  private rxT = 0;
  private readonly sink: FrameSink = {
    line: (buf, start, end) => this.onLineBytes(buf, start, end, this.rxT),
    prompt: () => this.onPrompt(this.rxT),
    payload: (header, bytes) => this.onPayload(header, bytes, this.rxT),
    data: (bytes) => this.onData(bytes, this.rxT),
    echoData: () => {},
    overflow: (droppedBytes) => this.emit({ kind: 'at.overflow', t: this.rxT, droppedBytes }),
  };

  constructor(opts: AtEngineOptions) {
    this.clock = opts.clock;
    this.framer = new AtFramer({ maxLineBytes: opts.maxLineBytes });
    this.dataPhase = new DataPhase(this.framer);
  }

  on(listener: (fact: AtFact) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Bytes the host sent. Returns the ids of the commands these bytes started. */
  tx(bytes: Uint8Array, t = this.clock.now()): number[] {
    this.tick(t);
    const started: number[] = [];
    let i = 0;
    while (i < bytes.length) {
      const head = this.queue[0];
      if (head && head.phase === 'data') {
        i = this.dataPhase.take(head, bytes, i, t, this.echoOn);
        continue;
      }
      if (head && head.phase === 'data-done' && i > 0) {
        // Bytes right behind an exactly-sized payload in the same write: the module drops them (Q3).
        head.data.sent += bytes.length - i;
        this.reportData(head, t);
        break;
      }
      const b = bytes[i++];
      if (b === CR) {
        const known = this.knownLine();
        if (known !== null) {
          this.txLength = 0;
          started.push(this.startCommand(known.info.text, t));
          continue;
        }
        const text = trimText(decodeBytes(this.txLine, 0, this.txLength));
        this.txLength = 0;
        if (isCommandLine(text)) started.push(this.startCommand(text, t));
      } else if (b === LF && this.txLength === 0) {
        // a stray LF after CR is ignored in command mode (§1.2)
      } else if (head && head.phase === 'data-done') {
        this.appendTx(bytes, i - 1, i); // one byte: the check above sees the rest of this write
      } else {
        // The rest of the line up to its CR, copied in one go: once the line has begun a LF is part of
        // it, and nothing before the CR changes the head command.
        let end = i;
        while (end < bytes.length && bytes[end] !== CR) end++;
        this.appendTx(bytes, i - 1, end);
        i = end;
      }
    }
    const head = this.queue[0];
    if (head && (head.phase === 'data' || head.phase === 'data-done') && head.data.sent > 0) this.reportData(head, t, true);
    return started;
  }

  /** Bytes the module sent. */
  rx(bytes: Uint8Array, t = this.clock.now()): void {
    this.tick(t);
    this.rxT = t;
    this.framer.push(bytes, this.sink);
  }

  /** bytes[start, end) onto the command line being typed, up to MAX_TX_LINE bytes in all. */
  private appendTx(bytes: Uint8Array, start: number, end: number): void {
    const count = Math.min(end - start, MAX_TX_LINE - this.txLength);
    if (count <= 0) return;
    if (this.txLength + count > this.txLine.length) this.txLine = grow(this.txLine, this.txLength, this.txLength + count);
    this.txLine.set(bytes.subarray(start, start + count), this.txLength);
    this.txLength += count;
  }

  /** Fires the timeouts due at time t. */
  tick(t = this.clock.now()): void {
    const head = this.queue[0];
    // In the data phase the module waits for the payload without a limit (Q3): no timeout, but
    // once nothing came for DATA_IDLE_MS the host is told what is still owed.
    if (head && head.phase === 'data') {
      const short = this.dataPhase.checkIdle(head, t);
      if (short !== null) this.emit(short);
    } else if (head && t >= head.deadline) this.finish(head, 'TIMEOUT', false, t);
    const expired = this.deferred.expire(t);
    if (expired !== null) for (const f of expired) this.emit(f);
  }

  /** The earliest time tick() has something to do, for a shell that arms one timer. */
  nextDeadline(): number | null {
    const head = this.queue[0];
    return this.deferred.nextDeadline(head ? headDeadline(head) : null);
  }

  /** The link went away: everything pending fails with a clear reason. */
  linkLost(t = this.clock.now()): void {
    this.abortAll('LINK LOST', t);
    this.framer.reset();
    this.txLength = 0;
  }

  pending(): PendingCommand[] {
    return [
      ...this.queue.map((q, i): PendingCommand => {
        const entry: PendingCommand = { id: q.id, command: q.info.text, phase: i === 0 ? q.phase : 'queued', deadline: q.deadline };
        if (i === 0 && q.phase === 'data') entry.owedBytes = owedBytes(q);
        return entry;
      }),
      ...this.deferred.waiting.map((d) => ({ id: d.id, command: d.info.text, phase: 'await-urc' as const, deadline: d.deadline })),
    ];
  }

  get echo(): boolean {
    return this.echoOn;
  }

  private startCommand(text: string, t: number): number {
    const id = this.nextId++;
    const { info, echoBytes } = this.parse(text);
    const cmd: InFlight = {
      id, info, sentAt: t, activeAt: t, deadline: t + info.timeoutMs, echoSeen: false, afterTimeout: false, echoBytes,
      lines: [], phase: info.prompt ? 'await-prompt' : 'await-final', data: { acceptedLength: 0, sent: 0, reported: false, lastAt: t, shortReported: false, cancelled: false },
    };
    this.emit({ kind: 'at.command', t, id, command: text, name: info.name });
    this.queue.push(cmd);
    if (this.queue.length === 1) this.activate(cmd, t, this.lastTimedOut);
    return id;
  }

  private activate(cmd: InFlight, t: number, afterTimeout: boolean): void {
    cmd.activeAt = t;
    cmd.deadline = t + cmd.info.timeoutMs;
    cmd.afterTimeout = afterTimeout;
    this.framer.expectPrompt(cmd.phase === 'await-prompt');
  }

  /** Parsed command lines, by text (describeCommand is pure, and its result is only read). */
  private parse(text: string): ParsedCommand {
    let parsed = this.commandCache.get(text);
    if (!parsed) {
      if (this.commandCache.size >= COMMAND_CACHE_SIZE) {
        this.commandCache.clear();
        this.knownLines.length = 0;
      }
      parsed = { info: describeCommand(text), echoBytes: utf8Encode(text) };
      this.commandCache.set(text, parsed);
      this.knownLines.push(parsed);
    }
    return parsed;
  }

  /**
   * The parsed command whose text the line being typed is, byte for byte, without decoding it: its
   * bytes are the UTF-8 of a text that was already a trimmed command line, so decoding and
   * trimming them would give that text again.
   */
  private knownLine(): ParsedCommand | null {
    const line = this.txLine;
    const length = this.txLength;
    for (const known of this.knownLines) {
      const bytes = known.echoBytes;
      if (bytes.length !== length) continue;
      // from the end: lines of one length mostly differ in their last parameters (`...,130` / `...,131`)
      let k = length - 1;
      while (k >= 0 && line[k] === bytes[k]) k--;
      if (k < 0) return known;
    }
    return null;
  }

  private reportData(head: InFlight, t: number, onlyWhenDone = false): void {
    const fact = this.dataPhase.report(head, t, onlyWhenDone);
    if (fact !== null) this.emit(fact);
  }

  private onPrompt(t: number): void {
    const head = this.queue[0];
    if (head && head.phase === 'await-prompt') {
      head.phase = 'data';
      head.data.lastAt = t;
      this.emit({ kind: 'at.prompt', t, id: head.id, command: head.info.text, declaredLength: head.info.prompt?.declaredLength ?? null });
    }
  }

  private onData(bytes: Uint8Array, t: number): void {
    const head = this.queue[0];
    const text = utf8Decode(bytes);
    if (head) head.lines.push(text);
    else this.emit({ kind: 'at.urc', t, text, name: 'DATA' });
  }

  private onPayload(header: string, bytes: Uint8Array, t: number): void {
    const head = this.queue[0];
    const payload = utf8Decode(bytes);
    const text = `${header},"${payload}"`;
    if (head && head.info.name === '+QMTRECV') head.lines.push(text);
    else this.emit({ kind: 'at.urc', t, text, name: '+QMTRECV', payload });
  }

  private onLineBytes(buf: Uint8Array, start: number, end: number, t: number): void {
    // The commonest lines by far are a bare OK and the echo of the command: settle both without making a string.
    const head = this.queue[0];
    const kind = classifyBytes(buf, start, end);
    if (head) {
      if (kind === LineKind.OK && !(head.afterTimeout && this.echoOn && !head.echoSeen)) {
        return this.finish(head, 'OK', true, t);
      }
      // the same bytes as the command text: onLine would find it the first queued command not yet echoed
      if (!head.echoSeen && bytesEqual(buf, start, end, head.echoBytes)) {
        head.echoSeen = true;
        return;
      }
    }
    const text = decodeBytes(buf, start, end);
    if ((kind & 15) !== LineKind.PREFIXED) return this.onLine(text, t);
    // `+NAME:` from its first byte: what classifyLine would make of it (no echo either: a command
    // line starts with AT). The name is ASCII, so its byte offsets are offsets into the text.
    const colon = kind >> 4;
    const trimmed = text.charCodeAt(text.length - 1) === 32 ? text.trim() : text;
    this.onPrefixed(text, prefixName(buf, start, start + colon), trimmed, trimmed.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1, t);
  }

  private onLine(text: string, t: number): void {
    const head = this.queue[0];
    const cls = classifyLine(text, this.numericResults);
    if (cls.t === 'text' && cls.text === 'RDY') return this.restarted(text, t);

    // Echo: the module echoes what it receives as it receives it, so a command queued behind a
    // busy one may be echoed before the busy one's result.
    const echoed = this.echoOf(text);
    if (echoed) {
      echoed.echoSeen = true;
      return;
    }
    if (cls.t === 'final') {
      if (head && !(head.afterTimeout && this.echoOn && !head.echoSeen)) this.finish(head, cls.result, cls.ok, t);
      else this.emit({ kind: 'at.stray', t, text });
      return;
    }
    if (cls.t === 'prefixed') return this.onPrefixed(text, cls.prefix, cls.rest, 0, t);
    if (TEXT_URCS.has(cls.text)) return this.emit({ kind: 'at.urc', t, text, name: cls.text });
    if (head) head.lines.push(text);
    else this.emit({ kind: 'at.stray', t, text });
  }

  /** The first queued command not yet echoed whose text the line is (the trimmed text is made once). */
  private echoOf(text: string): InFlight | undefined {
    let trimmed: string | null = null;
    for (const q of this.queue) {
      if (q.echoSeen) continue;
      if (trimmed === null) trimmed = text.trim();
      if (trimmed === q.info.text.trim()) return q;
    }
    return undefined;
  }

  /** A `+NAME: rest` line, rest being restText.slice(restStart): made only when a deferred result or +QMTSTAT needs it. */
  private onPrefixed(text: string, prefix: string, restText: string, restStart: number, t: number): void {
    const head = this.queue[0];
    const ownResponse = head && head.info.name === prefix;
    if (ownResponse && head.info.form !== 'write' && head.info.form !== 'exec') return void head.lines.push(text);
    if (this.deferred.awaits(prefix)) {
      const result = this.deferred.match(prefix, restText.slice(restStart), text, t);
      if (result !== null) return this.emit(result);
    }
    if (ownResponse) return void head.lines.push(text);
    let decoded: Decoded | undefined;
    if (prefix === '+QMTSTAT') {
      const code = intParam(splitParams(restText.slice(restStart))[1]);
      if (code !== null) decoded = decodeQmtStat(code);
    }
    this.emit({ kind: 'at.urc', t, text, name: prefix, decoded });
  }

  private finish(head: InFlight, result: string, ok: boolean, t: number): void {
    this.queue.shift();
    if (head.data.sent > 0) this.reportData(head, t);
    const error = ok ? undefined : decodeFinal(result, head.info.text);
    // A send cancelled with ESC sent nothing: no +QMTPUB / SEND result will follow its OK.
    const deferred = ok && head.info.deferred !== null && !result.startsWith('CONNECT') && !head.data.cancelled;
    this.emit({
      kind: 'at.final', t, id: head.id, command: head.info.text, name: head.info.name, result, ok,
      latencyMs: t - head.activeAt, info: head.lines, error, deferred: deferred || undefined,
    });
    if (ok) this.applySettings(head.info);
    if (deferred) {
      const spec = head.info.deferred!;
      this.deferred.add({ id: head.id, info: head.info, spec, sentAt: head.sentAt, okAt: t, deadline: t + spec.timeoutMs });
    }
    this.framer.expectPrompt(false);
    this.lastTimedOut = result === 'TIMEOUT';
    const next = this.queue[0];
    if (next) this.activate(next, t, this.lastTimedOut);
  }

  /** Settings that change how the module talks (ATE, ATV). */
  private applySettings(info: CommandInfo): void {
    if (info.name !== 'ATE' && info.name !== 'ATV' && info.name !== 'ATZ' && info.name !== '&F') return; // nearly every command
    const arg = info.text.trim().slice(3).trim();
    if (info.name === 'ATE') this.echoOn = arg === '1';
    if (info.name === 'ATV') this.numericResults = arg === '0' || arg === '';
    if (info.name === 'ATZ' || info.name === '&F') {
      this.echoOn = true;
      this.numericResults = false;
    }
  }

  private restarted(text: string, t: number): void {
    this.abortAll('RESTARTED', t);
    this.framer.reset();
    this.echoOn = true; // factory default after a reboot (ATE1, §1.4)
    this.numericResults = false;
    this.emit({ kind: 'at.restart', t });
    this.emit({ kind: 'at.urc', t, text, name: 'RDY' });
  }

  private abortAll(reason: 'RESTARTED' | 'LINK LOST', t: number): void {
    const queued = this.queue;
    this.queue = [];
    for (const q of queued) {
      this.emit({
        kind: 'at.final', t, id: q.id, command: q.info.text, name: q.info.name, result: reason, ok: false,
        latencyMs: t - q.activeAt, info: q.lines, error: decodeFinal(reason, q.info.text),
      });
    }
    for (const f of this.deferred.abort(reason, t)) this.emit(f);
  }

  private emit(fact: AtFact): void {
    for (const l of this.listeners) l(fact);
  }
}

/** When tick() has something to do for the head command (a data phase waits without a timeout). */
function headDeadline(head: InFlight): number | null {
  if (head.phase !== 'data') return head.deadline;
  return head.data.shortReported ? null : head.data.lastAt + DATA_IDLE_MS;
}

/**
 * `text.replace(/^[\n\s]+/, '').replace(/\s+$/, '')`, without the regex work when the ends are plain
 * ASCII characters (which no `\s` matches).
 */
function trimText(text: string): string {
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  if (first > 0x20 && first < 0x7f && last > 0x20 && last < 0x7f) return text;
  return text.replace(/^[\n\s]+/, '').replace(/\s+$/, '');
}
