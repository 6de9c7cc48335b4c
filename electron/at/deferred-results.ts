// Commands whose real result comes later as a URC (`+QMTOPEN: 0,0` after OK): they wait here until
// that URC, their own timeout, or the end of the link. A read response (`+QMTOPEN: 0,"host",1883`
// to `AT+QMTOPEN?`) is not a result URC: the result's key and shape tell them apart.
import type { AtResultFact } from '../../shared/facts';
import type { CommandInfo, DeferredSpec } from './commands';
import { intFields } from './params';
import { decodeDeferred, decodeFinal, decodeNoUrc } from './error-codes';

export interface DeferredWait {
  id: number;
  info: CommandInfo;
  spec: DeferredSpec;
  sentAt: number;
  okAt: number;
  deadline: number;
}

export class DeferredResults {
  private waits: DeferredWait[] = [];

  /** The commands still waiting, oldest first. */
  get waiting(): readonly DeferredWait[] {
    return this.waits;
  }

  add(wait: DeferredWait): void {
    this.waits.push(wait);
  }

  /** The earlier of `next` and the first deadline of a wait. */
  nextDeadline(next: number | null): number | null {
    for (const d of this.waits) if (next === null || d.deadline < next) next = d.deadline;
    return next;
  }

  /** The waits due at time t leave, each with a TIMEOUT result; null when none is due. */
  expire(t: number): AtResultFact[] | null {
    // Runs for every chunk read: nothing is allocated unless a deferred result is due.
    const waits = this.waits;
    let anyDue = false;
    for (let k = 0; k < waits.length; k++) if (t >= waits[k].deadline) anyDue = true;
    if (!anyDue) return null;
    const due = waits.filter((d) => t >= d.deadline);
    if (due.length === 0) return null;
    this.waits = waits.filter((d) => t < d.deadline);
    return due.map((d) => resultFact(d, t, 'TIMEOUT', false, decodeNoUrc(d.info.name)));
  }

  /** Every wait leaves with `reason` as its result (the module restarted, the link went away). */
  abort(reason: 'RESTARTED' | 'LINK LOST', t: number): AtResultFact[] {
    const waits = this.waits;
    this.waits = [];
    return waits.map((d) => resultFact(d, t, reason, false, decodeFinal(reason, d.info.text)));
  }

  /** Some wait's result comes as a `prefix` URC (match can only answer then). */
  awaits(prefix: string): boolean {
    for (const d of this.waits) if (d.spec.urc === prefix) return true;
    return false;
  }

  /**
   * The result of the wait a prefixed line answers, which leaves; null when the line answers none.
   * A deferred-result URC: all-numeric fields whose leading ones equal the operation's key.
   */
  match(prefix: string, rest: string, text: string, t: number): AtResultFact | null {
    if (!this.awaits(prefix)) return null;
    const nums = intFields(rest);
    if (nums === null) return null;
    const waits = this.waits;
    let idx = -1;
    for (let k = 0; k < waits.length && idx < 0; k++) {
      const d = waits[k];
      if (d.spec.urc === prefix && keyMatches(d.spec.key, nums) && resultShapeOk(prefix, nums)) idx = k;
    }
    if (idx < 0) return null;
    const [d] = waits.splice(idx, 1);
    // the fields after the client / connect id; URCs that carry no id give all of them
    const error = decodeDeferred(prefix, d.spec.key.length > 0 ? nums.slice(1) : nums);
    return resultFact(d, t, text, error === undefined, error);
  }
}

/** The leading fields are the operation's key (`+QMTPUBEX: <client>,<msgid>,...`). */
function keyMatches(key: readonly number[], nums: number[]): boolean {
  for (let i = 0; i < key.length; i++) if (nums[i] !== key[i]) return false;
  return true;
}

function resultFact(d: DeferredWait, t: number, urc: string, ok: boolean, error: AtResultFact['error']): AtResultFact {
  return {
    kind: 'at.result', t, id: d.id, command: d.info.text, name: d.info.name, urc, ok,
    latencyMs: t - d.okAt, totalMs: t - d.sentAt, error,
  };
}

/** The shapes of deferred results (§3.6.12) — what tells `+QMTCONN: 0,0,0` from a read response. */
function resultShapeOk(prefix: string, f: number[]): boolean {
  switch (prefix) {
    case '+QMTOPEN':
    case '+QMTCLOSE':
    case '+QMTDISC':
      return f.length === 2;
    case '+QMTCONN':
      return (f.length === 2 || f.length === 3) && f[1] >= 0 && f[1] <= 2;
    case '+QMTSUB':
    case '+QMTUNS':
    case '+QMTPUBEX':
    case '+QMTPUB':
      return f.length >= 3;
    case '+QIOPEN':
      return f.length === 2;
    default:
      return f.length >= 1;
  }
}
