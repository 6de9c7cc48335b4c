// Drives a SessionPipeline through a scripted dialogue and collects its facts.
import type { Fact } from '../../shared/facts';
import { utf8Encode } from '../../shared/bytes';
import { SessionPipeline, type TextMasker } from '../../electron/session/pipeline';
import { ManualClock } from './manual-clock';

export type Step = ['tx' | 'rx', string] | ['wait', number];

export function runDialogue(steps: Step[], opts: { masker?: TextMasker; chunk?: number } = {}) {
  const clock = new ManualClock(1_000_000);
  const pipeline = new SessionPipeline({ clock, masker: opts.masker });
  const facts: Fact[] = [];
  pipeline.onFact((f) => facts.push(f));
  for (const step of steps) {
    if (step[0] === 'wait') {
      clock.advance(step[1]);
      pipeline.tick();
      continue;
    }
    const bytes = utf8Encode(step[1]);
    if (step[0] === 'tx') pipeline.tx(bytes);
    else if (opts.chunk) for (let i = 0; i < bytes.length; i += opts.chunk) pipeline.rx(bytes.subarray(i, i + opts.chunk));
    else pipeline.rx(bytes);
    clock.advance(10);
  }
  return { facts, pipeline, clock, kinds: facts.map((f) => f.kind) };
}

export function only<K extends Fact['kind']>(facts: Fact[], kind: K): Extract<Fact, { kind: K }>[] {
  return facts.filter((f): f is Extract<Fact, { kind: K }> => f.kind === kind);
}
