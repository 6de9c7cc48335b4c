// However fast lines arrive, main sends at most one numbered batch per frame, and nothing at all
// while idle.
import { describe, expect, it } from 'vitest';
import { BATCH_MS, COUNTERS_MS, StreamBatcher } from '../../../electron/services/stream-batcher';
import { DIR_RX, LogStore, packedCount } from '../../../shared/log-store';
import type { LinkState, StreamBatch } from '../../../shared/contract';
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

  it('sends byte counters at most once a second, link changes at once, and the latest counters before a snapshot', () => {
    const clock = new ManualClock();
    const log = new LogStore();
    const batcher = new StreamBatcher(clock, log);
    const batches: StreamBatch[] = [];
    batcher.onBatch((b) => batches.push(b));
    const open: LinkState = { phase: 'open', name: 'COM7', settings: null, dtr: true, rts: true, lines: null, txBytes: 0, rxBytes: 0 };
    batcher.setState({ link: open });
    clock.advance(BATCH_MS);
    expect(batches.map((b) => b.link?.phase)).toEqual(['open']);
    // Two seconds of received chunks, one every 5 ms, with lines: counters go out about once a second.
    let link = open;
    for (let ms = 0; ms < 2000; ms += 5) {
      link = { ...link, rxBytes: link.rxBytes + 10 };
      batcher.setState({ link });
      log.append(DIR_RX, clock.now(), Uint8Array.of(65));
      batcher.logAppended();
      clock.advance(5);
    }
    const withCounters = batches.slice(1).filter((b) => b.link);
    expect(withCounters.length).toBeGreaterThanOrEqual(1);
    expect(withCounters.length).toBeLessThanOrEqual(Math.ceil(2000 / COUNTERS_MS) + 1);
    // A change that is not a counter goes out in the next frame, with the counters as they are.
    batcher.setState({ link: { ...link, dtr: false } });
    clock.advance(BATCH_MS);
    expect(batches.at(-1)?.link).toMatchObject({ dtr: false, rxBytes: link.rxBytes });
    // Counters held back are sent when traffic stops, and flushed before a snapshot.
    batcher.setState({ link: { ...link, dtr: false, rxBytes: link.rxBytes + 1 } });
    batcher.flush();
    expect(batches.at(-1)?.link?.rxBytes).toBe(link.rxBytes + 1);
    batcher.setState({ link: { ...link, dtr: false, rxBytes: link.rxBytes + 2 } });
    clock.advance(COUNTERS_MS);
    expect(batches.at(-1)?.link?.rxBytes).toBe(link.rxBytes + 2);
    const sent = batches.length;
    clock.advance(10_000);
    expect(batches.length).toBe(sent);
  });
});
