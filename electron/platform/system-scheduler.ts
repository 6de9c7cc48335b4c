// The wall clock and Node timers behind the Scheduler interface, for everything that runs for
// real (app, CLI, simulator, hub, capture). Unit tests pass a manual scheduler instead.
import type { Scheduler } from '../../shared/clock';
import type { Sleeper } from '../presets/script-runner';

export const systemScheduler: Scheduler = {
  now: () => Date.now(),
  after(ms, fn) {
    const timer = setTimeout(fn, Math.max(0, ms));
    // A forgotten timer must not keep a CLI or a test process alive.
    timer.unref?.();
    return () => clearTimeout(timer);
  },
};

/** Sleeps on a scheduler; an abort ends the sleep at once (Stop takes effect immediately). */
export function schedulerSleeper(scheduler: Scheduler): Sleeper {
  return {
    sleep(ms, signal) {
      return new Promise<void>((resolve) => {
        if (signal.aborted || ms <= 0) return resolve();
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
