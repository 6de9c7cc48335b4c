// The serial ingest bench proves "0 lost lines" with these: the numbered records must come out of
// the real session pipeline as facts that carry their numbers, and the checker must count a gap,
// a repeat and a missing tail.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Fact } from '../../../shared/facts';
import { SessionPipeline } from '../../../electron/session/pipeline';
import { SecretMasker } from '../../../electron/session/secret-mask';
import { SequenceChecker, seqCorpus, seqOf } from '../../bench/seq-corpus';

function numbersThroughPipeline(bytes: Uint8Array, chunk: number): number[] {
  const pipeline = new SessionPipeline({ clock: { now: () => 0 }, masker: new SecretMasker() });
  const seqs: number[] = [];
  pipeline.onFact((f: Fact) => {
    const seq = seqOf(f);
    if (seq !== null) seqs.push(seq);
  });
  for (let i = 0; i < bytes.length; i += chunk) pipeline.rx(bytes.subarray(i, i + chunk), 0);
  return seqs;
}

describe('numbered module traffic', () => {
  it('comes out of the session pipeline as facts numbered 0, 1, 2... whatever the read sizes', () => {
    const corpus = seqCorpus(4000);
    const expected = Array.from({ length: corpus.records }, (_, i) => i);
    for (const chunk of [1, 7, 32, 4096]) expect(numbersThroughPipeline(corpus.bytes, chunk)).toEqual(expected);
  });

  it('shows a dropped record as a missing number', () => {
    const corpus = seqCorpus(2000);
    const text = new TextDecoder().decode(corpus.bytes).replace('\r\n+CEREG: 1,"D509","80D413D",7,5\r\n', '');
    const checker = new SequenceChecker();
    for (const seq of numbersThroughPipeline(new TextEncoder().encode(text), 64)) checker.see(seq);
    checker.finish(corpus.records);
    expect(checker.lost).toBe(1);
  });
});

describe('SequenceChecker', () => {
  it('counts nothing lost for 0..n-1 in order', () => {
    const checker = new SequenceChecker();
    for (let i = 0; i < 10; i++) checker.see(i);
    expect(checker.reached(10)).toBe(true);
    checker.finish(10);
    expect({ lost: checker.lost, misordered: checker.misordered, seen: checker.seen }).toEqual({ lost: 0, misordered: 0, seen: 10 });
  });

  it('counts a gap, a repeat and a missing tail', () => {
    const checker = new SequenceChecker();
    for (const seq of [0, 1, 4, 4, 2, 5]) checker.see(seq);
    expect(checker.reached(8)).toBe(false);
    checker.finish(8);
    expect({ lost: checker.lost, misordered: checker.misordered }).toEqual({ lost: 2 + 2, misordered: 2 });
  });

  it('counts exactly the numbers that never came when some are dropped (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.array(fc.nat(), { maxLength: 30 }), (total, drops) => {
        const dropped = new Set(drops.map((d) => d % total));
        const checker = new SequenceChecker();
        for (let i = 0; i < total; i++) if (!dropped.has(i)) checker.see(i);
        checker.finish(total);
        expect(checker.lost).toBe(dropped.size);
        expect(checker.misordered).toBe(0);
      }),
    );
  });
});
