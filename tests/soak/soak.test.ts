// A short soak for CI (the long one is `npm run soak -- --minutes N`): under random traffic, two
// unplug/replug cycles and module reboots, nothing that crossed the link is missing from the
// capture, and heap and file descriptors stay flat after warm-up.
import { describe, expect, it } from 'vitest';
import { runSoak } from './soak';

describe('soak', () => {
  it('loses nothing and stays flat through unplugs and reboots', async () => {
    const summary = await runSoak({ durationMs: 12_000, intervalMs: 2_000, unplugEveryMs: 4_500, rebootEveryMs: 3_000, sendGapMs: 5 });
    expect(summary.samples.at(-1)!.commands).toBeGreaterThan(200);
    expect(summary.samples.at(-1)!.reconnects).toBeGreaterThanOrEqual(1);
    expect(summary.samples.at(-1)!.reboots).toBeGreaterThanOrEqual(2);
    expect(summary.lostBytes).toBe(0);
    expect(summary.captureFiles).toBe(1);
    // Margins: the terminal log keeps what it shows (a few hundred KB here), nothing else should grow.
    expect(summary.heapGrowthMB).toBeLessThan(8);
    expect(summary.fdGrowth).toBeLessThanOrEqual(2);
  }, 40_000);
});
