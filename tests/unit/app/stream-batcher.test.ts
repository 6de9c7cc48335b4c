// However fast lines arrive, main sends at most one numbered batch per frame, and nothing at all
// while idle.
import { describe, expect, it } from 'vitest';
import { BATCH_MS, StreamBatcher } from '../../../electron/services/stream-batcher';
import { DIR_RX, LogStore, packedCount } from '../../../shared/log-store';
import type { StreamBatch } from '../../../shared/contract';
import { ManualClock } from '../../support/manual-clock';

describe('StreamBatcher', () => {
  it('coalesces a flood into at most one batch per frame, numbered, losing no line', () => {
    const clock = new ManualClock();
    const log = new LogStore();
    const batcher = new StreamBatcher(clock, log);
    const batches: StreamBatch[] = [];
    batcher.onBatch((b) => batches.push(b));
    // 20 000 lines a second for one second, one line per millisecond-ish tick.
    for (let ms = 0; ms < 1000; ms++) {
      for (let i = 0; i < 20; i++) log.append(DIR_RX, clock.now(), Uint8Array.of(65));
      batcher.logAppended();
      clock.advance(1);
    }
    clock.advance(BATCH_MS);
    expect(batches.length).toBeLessThanOrEqual(Math.ceil(1000 / BATCH_MS) + 1);
    expect(batches.length).toBeLessThanOrEqual(60);
    expect(batches.map((b) => b.seq)).toEqual(batches.map((_, i) => i + 1));
    expect(batches.reduce((n, b) => n + (b.log ? packedCount(b.log) : 0), 0)).toBe(20_000);
    // Idle: no timer left, nothing more sent.
    clock.advance(10_000);
    expect(batches.length).toBe(batches.at(-1)!.seq);
  });

  it('sends state changes and clears in order, and a flush before a snapshot leaves nothing pending', () => {
    const clock = new ManualClock();
    const log = new LogStore();
    const batcher = new StreamBatcher(clock, log);
    const batches: StreamBatch[] = [];
    batcher.onBatch((b) => batches.push(b));
    log.append(DIR_RX, 1, Uint8Array.of(1));
    batcher.logAppended();
    log.reset();
    batcher.logCleared();
    log.append(DIR_RX, 2, Uint8Array.of(2));
    batcher.logAppended();
    batcher.setState({ run: { running: true, rowId: 3, loop: 1, runTimes: 1, outcomes: {} } });
    batcher.flush();
    expect(batches).toHaveLength(1);
    expect(batches[0].cleared).toBe(true);
    expect(batches[0].log && packedCount(batches[0].log)).toBe(1);
    expect(batches[0].run?.rowId).toBe(3);
    clock.advance(100);
    expect(batches).toHaveLength(1);
  });
});
