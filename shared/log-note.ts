// A result annotation in the terminal timeline (DIR_NOTE lines): the outcome of a command, taken
// from its at.final / at.result fact, so the terminal groups each command with its result, latency
// and the decoded meaning of an error in the UI language.
import { utf8Decode, utf8Encode } from './bytes';
import type { AtFinalFact, AtResultFact, Decoded } from './facts';

export interface ResultNote {
  id: number;
  command: string;
  /** 'OK', '+CME ERROR: 10', 'TIMEOUT', or the deferred URC ('+QMTOPEN: 0,0'). */
  result: string;
  ok: boolean;
  latencyMs: number;
  /** True for an OK whose real outcome follows as a URC. */
  deferred?: boolean;
  /** True when this is the deferred URC result. */
  urc?: boolean;
  error?: Decoded;
}

export function noteFromFact(f: AtFinalFact | AtResultFact): ResultNote {
  if (f.kind === 'at.final') {
    return { id: f.id, command: f.command, result: f.result, ok: f.ok, latencyMs: f.latencyMs, deferred: f.deferred, error: f.error };
  }
  return { id: f.id, command: f.command, result: f.urc, ok: f.ok, latencyMs: f.totalMs, urc: true, error: f.error };
}

export function encodeNote(note: ResultNote): Uint8Array {
  return utf8Encode(JSON.stringify(note));
}

export function decodeNote(bytes: Uint8Array): ResultNote | null {
  try {
    const v = JSON.parse(utf8Decode(bytes)) as ResultNote;
    return v && typeof v === 'object' && typeof v.result === 'string' ? v : null;
  } catch {
    return null;
  }
}
