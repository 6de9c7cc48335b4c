// The session pipeline: the AT engine followed by the MQTT session model, behind one door. The
// main process, the CLI's replay and run, and the tests all feed it the link's bytes in both
// directions and read facts out. Secrets are learned from what the host sends and masked in every
// fact before it leaves (reliability-checklist.md §2.4: mask in main, before anything fans out).
import type { Fact } from '../../shared/facts';
import type { SessionSnapshot } from '../../shared/session-state';
import type { Clock } from '../../shared/clock';
import { AtEngine } from '../at/engine';
import { SessionModel } from './session-model';

/** What the pipeline needs of a secret masker (electron/session/secret-mask.ts implements it). */
export interface TextMasker {
  /** Learns the DeviceSecret / password from a command the host sent; true when it learned one. */
  learnFromCommand(text: string): boolean;
  /** Same-length masking of every known secret and of secret fields by structure. */
  maskText(text: string): string;
}

export interface SessionPipelineOptions {
  clock: Clock;
  masker?: TextMasker;
  maxLineBytes?: number;
}

export class SessionPipeline {
  private readonly engine: AtEngine;
  private readonly model = new SessionModel();
  private readonly masker: TextMasker | null;
  private readonly listeners = new Set<(fact: Fact) => void>();

  constructor(opts: SessionPipelineOptions) {
    this.engine = new AtEngine({ clock: opts.clock, maxLineBytes: opts.maxLineBytes });
    this.masker = opts.masker ?? null;
    this.engine.on((fact) => {
      if (fact.kind === 'at.command') this.masker?.learnFromCommand(fact.command);
      this.emit(fact);
      for (const derived of this.model.apply(fact)) this.emit(derived);
    });
  }

  onFact(listener: (fact: Fact) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Bytes the host sent; returns the ids of the commands they started. */
  tx(bytes: Uint8Array, t?: number): number[] {
    return this.engine.tx(bytes, t);
  }

  rx(bytes: Uint8Array, t?: number): void {
    this.engine.rx(bytes, t);
  }

  tick(t?: number): void {
    this.engine.tick(t);
  }

  nextDeadline(): number | null {
    return this.engine.nextDeadline();
  }

  /** Commands in flight, queued or awaiting their URC (texts masked). */
  pending(): SessionSnapshot['pending'] {
    const list = this.engine.pending();
    return this.masker ? list.map((p) => ({ ...p, command: this.masker!.maskText(p.command) })) : list;
  }

  linkLost(t?: number): void {
    this.engine.linkLost(t);
  }

  snapshot(): SessionSnapshot {
    const snap: SessionSnapshot = { ...this.model.snapshot(), pending: this.engine.pending(), echo: this.engine.echo };
    return this.masker ? maskDeep(snap, this.masker) : snap;
  }

  private emit(fact: Fact): void {
    const out = this.masker ? maskDeep(fact, this.masker) : fact;
    for (const l of this.listeners) l(out);
  }
}

/**
 * Every string inside a plain value, masked; the value is never mutated. What masking leaves as it
 * was is returned as it was (nearly every fact holds no secret), what it changes is a copy.
 */
function maskDeep<T>(value: T, masker: TextMasker): T {
  if (typeof value === 'string') return masker.maskText(value) as T;
  if (value && typeof value === 'object') return maskObject(value as object, masker) as T;
  return value;
}

/** maskDeep of one member: numbers, booleans and null (most members) without a call. */
function maskMember(v: unknown, masker: TextMasker): unknown {
  if (typeof v === 'string') return masker.maskText(v);
  return v !== null && typeof v === 'object' ? maskObject(v, masker) : v;
}

function maskObject(value: object, masker: TextMasker): object {
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      const masked = maskMember(v, masker);
      if (masked !== v) (copy ??= value.slice())[i] = masked;
    }
    return copy ?? value;
  }
  // for-in (facts and parsed JSON are plain objects: own keys only) walks without a key array per object
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | null = null;
  for (const key in record) {
    const v = record[key];
    const masked = maskMember(v, masker);
    if (masked !== v && copy === null) {
      copy = {};
      for (const before in record) {
        if (before === key) break;
        copy[before] = record[before];
      }
    }
    if (copy !== null) copy[key] = masked;
  }
  return copy ?? value;
}
