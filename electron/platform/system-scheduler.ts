// The wall clock (kept monotonic: shared/clock.ts) and Node timers behind the Scheduler interface,
// for everything that runs for real (app, CLI, simulator, hub, capture). Unit tests pass a manual
// scheduler instead.
import { MonotonicWallClock, type Scheduler } from '../../shared/clock';
import type { Sleeper } from '../presets/script-runner';

/** Wall time that a clock change cannot send backwards (G5); Node timers are monotonic already. */
const sessionClock = new MonotonicWallClock(
  () => Date.now(),
  () => performance.now(),
);

export const systemScheduler: Scheduler = {
  now: () => sessionClock.now(),
  after(ms, fn) {
    const timer = setTimeout(fn, Math.max(0, ms));
    // A forgotten timer must not keep a CLI or a test process alive.
    timer.unref?.();
    return () => clearTimeout(timer);
  },
};

/**
 * Sleeps on a scheduler; an abort ends the sleep at once (Stop takes effect immediately). A 0 ms
 * sleep still waits one timer turn: a script of 0-delay rows looping Run Times must let IPC, the
 * port and the timers in between rows.
 */
export function schedulerSleeper(scheduler: Scheduler): Sleeper {
  return {
    sleep(ms, signal) {
      return new Promise<void>((resolve) => {
        if (signal.aborted) return resolve();
        const cancel = scheduler.after(ms, done);
        signal.addEventListener('abort', done, { once: true });
        function done() {
          cancel();
          signal.removeEventListener('abort', done);
          resolve();
        }
      });
    },
  };
}
