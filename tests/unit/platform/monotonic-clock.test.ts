// reliability-checklist G5: the wall clock jumps (set back by hand or by an NTP step, or ahead after
// the machine slept) while a session runs. Fake wall and monotonic sources drive the app's clock,
// and the AT engine runs on it: what the user would notice is the log order, the latencies and
// whether a command still times out on time.
import { describe, expect, it } from 'vitest';
import { MonotonicWallClock, WALL_RESYNC_MS } from '../../../shared/clock';
import { SessionPipeline } from '../../../electron/session/pipeline';
import { utf8Encode } from '../../../shared/bytes';
import type { Fact } from '../../../shared/facts';

const HOUR = 3_600_000;

/** A wall clock the test can set, and a monotonic one that only moves forward with elapsed time. */
function fakeTime(start = Date.UTC(2026, 11, 7, 22, 0, 0)) {
  let wall = start;
  let mono = 1000;
  return {
    wall: () => wall,
    mono: () => mono,
    elapse(ms: number) {
      wall += ms;
      mono += ms;
    },
    setWall(t: number) {
      wall = t;
    },
    /** Suspend: the wall clock runs on, the monotonic one stops. */
    sleep(ms: number) {
      wall += ms;
    },
  };
}

describe('the session clock across wall-clock jumps (G5)', () => {
  it('follows the wall clock while nothing jumps', () => {
    const time = fakeTime();
    const clock = new MonotonicWallClock(time.wall, time.mono);
    time.elapse(1234);
    expect(clock.now()).toBe(time.wall());
  });

  it('a wall clock set back an hour does not send timestamps back: they go on by elapsed time', () => {
    const time = fakeTime();
    const clock = new MonotonicWallClock(time.wall, time.mono);
    time.elapse(500);
    const before = clock.now();
    time.setWall(time.wall() - HOUR);
    time.elapse(20);
    const after = clock.now();
    expect(after - before).toBe(20);
  });

  it('a command sent just before the wall clock is set back still times out on time, with a true latency', () => {
    const time = fakeTime();
    const clock = new MonotonicWallClock(time.wall, time.mono);
    const pipeline = new SessionPipeline({ clock });
    const facts: Fact[] = [];
    pipeline.onFact((f) => facts.push(f));
    pipeline.tx(utf8Encode('AT+CSQ\r'));
    time.setWall(time.wall() - HOUR);
    // The shell arms its (monotonic) timer for the engine's next deadline: still AT+CSQ's few
    // seconds away, not an hour and a few seconds.
    const wait = pipeline.nextDeadline()! - clock.now();
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(3000);
    time.elapse(wait);
    pipeline.tick(clock.now());
    const final = facts.find((f) => f.kind === 'at.final');
    expect(final).toMatchObject({ result: 'TIMEOUT', ok: false });
    expect(final && final.kind === 'at.final' && final.latencyMs).toBeGreaterThan(0);
    // Facts stay in time order.
    const ts = facts.map((f) => f.t);
    expect(ts).toEqual([...ts].sort((a, b) => a - b));
  });

  it('after a sleep (wall ahead, monotonic stopped) the times match the wall again, still in order', () => {
    const time = fakeTime();
    const clock = new MonotonicWallClock(time.wall, time.mono);
    time.elapse(100);
    const before = clock.now();
    time.sleep(8 * HOUR);
    const after = clock.now();
    expect(after).toBe(time.wall());
    expect(after).toBeGreaterThan(before);
    // Small differences between the two sources are not jumps.
    time.setWall(time.wall() + WALL_RESYNC_MS - 1);
    expect(clock.now()).toBe(after);
  });

  it('counts whole milliseconds, as Date.now() does, from a source with fractions', () => {
    let mono = 10.25;
    const clock = new MonotonicWallClock(() => 5_000_000, () => mono);
    mono += 91.855712890625;
    expect(clock.now()).toBe(5_000_091);
  });

  it('never returns a smaller time than before, whatever the sources do', () => {
    let wall = 5_000_000;
    let mono = 0;
    const clock = new MonotonicWallClock(() => wall, () => mono);
    let last = clock.now();
    for (const [dw, dm] of [[10, 10], [-HOUR, 5], [HOUR * 2, 0], [-50, -50], [3, 3], [-HOUR * 3, 1000]]) {
      wall += dw;
      mono += dm;
      const t = clock.now();
      expect(t).toBeGreaterThanOrEqual(last);
      last = t;
    }
  });
});
