import { describe, expect, it } from 'vitest';
import { LinkSupervisor, type SupervisorState } from '../../../electron/link/reconnect';
import type { Link, LinkClosed } from '../../../electron/link/types';
import { ManualClock } from '../../support/manual-clock';

/** A link whose end the test decides: unplug() as the OS would report it. */
class FakeLink implements Link {
  readonly name = '/dev/ttyUSB2';
  closedBy: 'user' | 'unplug' | null = null;
  private readonly closeListeners = new Set<(c: LinkClosed) => void>();
  async write(): Promise<void> {}
  async close(): Promise<void> {
    this.end('user', { unplugged: false, message: `${this.name} closed` });
  }
  async setSignals(): Promise<void> {}
  async getLines() {
    return null;
  }
  onData() {
    return () => {};
  }
  onClose(listener: (c: LinkClosed) => void) {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }
  unplug(): void {
    this.end('unplug', { unplugged: true, message: `${this.name} disconnected (the port hung up)` });
  }
  private end(by: 'user' | 'unplug', info: LinkClosed): void {
    if (this.closedBy) return;
    this.closedBy = by;
    for (const l of this.closeListeners) l(info);
  }
}

/** open() answers from a script: a link, or an error, per call. */
function setup(script: Array<'ok' | 'fail' | 'hold'>) {
  const clock = new ManualClock();
  const opened: FakeLink[] = [];
  let release: (() => void) | null = null;
  let call = 0;
  const open = (): Promise<Link> => {
    const step = script[Math.min(call++, script.length - 1)];
    if (step === 'fail') return Promise.reject(new Error('/dev/ttyUSB2 does not exist: is the module plugged in?'));
    const link = new FakeLink();
    opened.push(link);
    if (step === 'hold') return new Promise((resolve) => (release = () => resolve(link)));
    return Promise.resolve(link);
  };
  const supervisor = new LinkSupervisor({ open, scheduler: clock });
  const states: SupervisorState[] = [];
  supervisor.onState((s) => states.push(s));
  const phases = () => states.map((s) => (s.phase === 'reconnecting' ? `wait ${s.delayMs}` : s.phase));
  return { clock, opened, supervisor, states, phases, calls: () => call, release: () => release?.() };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('LinkSupervisor', () => {
  it('reopens after an unplug with a growing pause capped at 2 s, and reports each step', async () => {
    const t = setup(['ok', 'fail', 'fail', 'fail', 'fail', 'ok']);
    await t.supervisor.start();
    t.opened[0].unplug();
    for (const ms of [250, 500, 1000, 2000, 2000]) {
      t.clock.advance(ms);
      await settle();
    }
    expect(t.phases()).toEqual(['connected', 'wait 250', 'wait 500', 'wait 1000', 'wait 2000', 'wait 2000', 'connected']);
    const last = t.states.at(-1)!;
    expect(last.phase === 'connected' && last.attempt).toBe(5);
    expect(last.phase === 'connected' && last.link).toBe(t.opened[1]);
    const failed = t.states[2];
    expect(failed.phase === 'reconnecting' && failed.reason).toBe('/dev/ttyUSB2 does not exist: is the module plugged in?');
  });

  it('does not retry before the pause is over', async () => {
    const t = setup(['ok', 'ok']);
    await t.supervisor.start();
    t.opened[0].unplug();
    t.clock.advance(249);
    await settle();
    expect(t.calls()).toBe(1);
    t.clock.advance(1);
    await settle();
    expect(t.calls()).toBe(2);
  });

  it('stops for good when the user closes, while waiting or while a reopen is under way', async () => {
    const waiting = setup(['ok', 'ok']);
    await waiting.supervisor.start();
    waiting.opened[0].unplug();
    await waiting.supervisor.close();
    waiting.clock.advance(10_000);
    await settle();
    expect(waiting.calls()).toBe(1);
    expect(waiting.supervisor.state).toEqual({ phase: 'closed', reason: 'closed by the user' });

    const opening = setup(['ok', 'hold']);
    await opening.supervisor.start();
    opening.opened[0].unplug();
    opening.clock.advance(250);
    await opening.supervisor.close();
    opening.release();
    await settle();
    expect(opening.opened[1].closedBy).toBe('user');
    expect(opening.phases().at(-1)).toBe('closed');
  });

  it('closes the link on the user close, and treats a close of the link itself as final', async () => {
    const t = setup(['ok']);
    const link = (await t.supervisor.start()) as FakeLink;
    await t.supervisor.close();
    expect(link.closedBy).toBe('user');

    const u = setup(['ok', 'ok']);
    await (await u.supervisor.start()).close();
    u.clock.advance(10_000);
    await settle();
    expect(u.calls()).toBe(1);
    expect(u.phases()).toEqual(['connected', 'closed']);
  });

  it('lets the first open fail to the caller without retrying', async () => {
    const t = setup(['fail', 'ok']);
    await expect(t.supervisor.start()).rejects.toThrow(/does not exist/);
    t.clock.advance(10_000);
    expect(t.calls()).toBe(1);
  });
});
