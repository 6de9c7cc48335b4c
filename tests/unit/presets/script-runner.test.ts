import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../shared/clock';
import { dataPhaseOf, expectsPrompt } from '../../../electron/presets/row-data-phase';
import { parseQcomIni, type QcomRow, type QcomScript } from '../../../electron/presets/qcom-ini';
import {
  parseRowSelection,
  RowSelectionError,
  ScriptRunner,
  type RowExecuteOptions,
  type RowExecutor,
  type RowOutcome,
  type RunOptions,
  type RunProgress,
  type Sleeper,
} from '../../../electron/presets/script-runner';
import { readFixture } from '../../support/fixtures';

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Time that passes only when the test says so; sleepers wake in order. */
class VirtualTime implements Clock, Sleeper {
  t = 0;
  private sleeps: { until: number; wake: () => void }[] = [];

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const entry = { until: this.t + ms, wake: resolve };
      this.sleeps.push(entry);
      signal.addEventListener('abort', () => {
        this.sleeps = this.sleeps.filter((s) => s !== entry);
        resolve();
      });
    });
  }

  async pass(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await settle();
      const next = [...this.sleeps].sort((a, b) => a.until - b.until)[0];
      if (!next || next.until > end) break;
      this.sleeps = this.sleeps.filter((s) => s !== next);
      this.t = next.until;
      next.wake();
    }
    this.t = end;
    await settle();
  }
}

interface Call {
  row: number;
  t: number;
  opts: RowExecuteOptions;
}

/** Answers OK at once unless `respond` says otherwise; records what it was asked and when. */
class FakeExecutor implements RowExecutor {
  readonly calls: Call[] = [];
  constructor(
    private readonly time: VirtualTime,
    private readonly respond: (row: QcomRow, opts: RowExecuteOptions) => Promise<RowOutcome> = async () => ({ ok: true, result: 'OK', latencyMs: 0 }),
  ) {}
  execute(row: QcomRow, opts: RowExecuteOptions): Promise<RowOutcome> {
    this.calls.push({ row: row.index, t: this.time.now(), opts });
    return this.respond(row, opts);
  }
  sent(): [number, number][] {
    return this.calls.map((c) => [c.row, c.t]);
  }
}

interface RowSpec {
  text: string;
  selected?: boolean;
  delayMs?: number | null;
}

function script(rows: RowSpec[], settings = { runTimes: 1, delayMs: 1000 }): QcomScript {
  const s = parseQcomIni(new TextEncoder().encode('[1]\nCMD=AT\n'));
  return {
    ...s,
    settings,
    rows: rows.map((r, i) => ({ index: i + 1, selected: r.selected ?? true, text: r.text, hex: false, enter: true, delayMs: r.delayMs ?? null })),
  };
}

function setup(respond?: ConstructorParameters<typeof FakeExecutor>[1]) {
  const time = new VirtualTime();
  const executor = new FakeExecutor(time, respond);
  const runner = new ScriptRunner({ executor, sleeper: time, clock: time });
  const events: RunProgress[] = [];
  const start = (s: QcomScript, opts: RunOptions = {}) => {
    let done = false;
    const result = runner.run(s, { ...opts, onProgress: (e) => events.push(e) }).finally(() => {
      done = true;
    });
    return { result, isDone: () => done };
  };
  return { time, executor, runner, events, start };
}

describe('ScriptRunner: QCOM Run semantics', () => {
  it('sends the selected rows in order, waiting each row\'s Delay or else DelayTime, skipping empty rows', async () => {
    const { time, executor, start } = setup();
    const run = start(
      script([
        { text: 'AT' },
        { text: 'AT+CPIN?', selected: false },
        { text: '' }, // a separator row: nothing to send, no delay
        { text: 'ATI', delayMs: 250 },
        { text: 'AT+CSQ' },
      ]),
    );
    await time.pass(999);
    expect(executor.sent()).toEqual([[1, 0]]);
    await time.pass(1);
    expect(executor.sent()).toEqual([
      [1, 0],
      [4, 1000],
    ]);
    await time.pass(250);
    expect(executor.sent()).toEqual([
      [1, 0],
      [4, 1000],
      [5, 1250],
    ]);
    expect(run.isDone()).toBe(false); // the last row's delay gives its answer time to arrive
    await time.pass(1000);
    expect(await run.result).toMatchObject({ rowsSent: 3, failures: 0, stopped: false, stopReason: null, iterations: 1, startedAt: 0, endedAt: 2250 });
  });

  it('repeats Run Times times, or as often as the caller says', async () => {
    const { time, executor, events, start } = setup();
    const s = script([{ text: 'AT', delayMs: 100 }, { text: 'ATI', delayMs: 100 }], { runTimes: 3, delayMs: 1000 });
    const run = start(s);
    await time.pass(600);
    expect((await run.result).iterations).toBe(3);
    expect(executor.sent()).toEqual([
      [1, 0],
      [2, 100],
      [1, 200],
      [2, 300],
      [1, 400],
      [2, 500],
    ]);
    expect(events.filter((e) => e.kind === 'iteration').map((e) => (e.kind === 'iteration' ? `${e.iteration}/${e.of}` : ''))).toEqual(['1/3', '2/3', '3/3']);
    expect(events.at(-1)?.kind).toBe('finished');

    const again = setup();
    const twice = again.start(s, { runTimes: 2 });
    await again.time.pass(400);
    expect((await twice.result).rowsSent).toBe(4);
  });

  it('runs a given list of rows, selected or not, in script order, and refuses rows it does not have', async () => {
    const { time, executor, runner, start } = setup();
    const s = script([{ text: 'AT', selected: false }, { text: 'ATI' }, { text: 'AT+CSQ', selected: false }], { runTimes: 1, delayMs: 10 });
    const run = start(s, { rows: [3, 1] });
    await time.pass(20);
    await run.result;
    expect(executor.sent().map(([row]) => row)).toEqual([1, 3]);
    await expect(runner.run(s, { rows: [1, 7] })).rejects.toThrow('row 7 is not in the script');
  });

  it('Stop during a delay takes effect at once: the wait ends and no further row is sent', async () => {
    const { time, executor, runner, events, start } = setup();
    const run = start(script([{ text: 'AT' }, { text: 'ATI' }], { runTimes: 5, delayMs: 1000 }));
    await time.pass(500);
    runner.stop();
    await settle();
    expect(run.isDone()).toBe(true);
    const summary = await run.result;
    expect(summary).toMatchObject({ rowsSent: 1, stopped: true, stopReason: 'user', endedAt: 500 });
    await time.pass(10_000);
    expect(executor.sent()).toEqual([[1, 0]]);
    expect(events.at(-1)).toMatchObject({ kind: 'stopped', t: 500 });
    expect(runner.running).toBe(false);
  });

  it('Stop while a row waits for its result ends the run even if the executor ignores the abort', async () => {
    const { time, executor, runner, start } = setup(() => new Promise<RowOutcome>(() => {}));
    const run = start(script([{ text: 'AT+QMTOPEN=0,"h",1883' }, { text: 'ATI' }]), { waitForResult: true });
    await time.pass(3000);
    runner.stop();
    const summary = await run.result;
    expect(summary.outcomes).toEqual([{ iteration: 1, row: 1, outcome: { ok: false, result: 'STOPPED', latencyMs: 3000 } }]);
    expect(summary.failures).toBe(0);
    expect(executor.calls[0].opts.signal.aborted).toBe(true);
    expect(executor.sent()).toHaveLength(1);
  });
});

describe('ScriptRunner: waiting for results (what QCOM lacks)', () => {
  /** QMTOPEN answers after 3 s (its +QMTOPEN URC), everything else at once. */
  const slowOpen = (time: VirtualTime) => async (row: QcomRow, opts: RowExecuteOptions): Promise<RowOutcome> => {
    if (opts.waitForResult && row.text.startsWith('AT+QMTOPEN')) {
      await time.sleep(3000, opts.signal);
      return { ok: true, result: '+QMTOPEN: 0,0', latencyMs: 3000 };
    }
    return { ok: true, result: opts.waitForResult ? 'OK' : 'SENT', latencyMs: 0 };
  };

  it('starts the next row\'s delay only after the result arrived', async () => {
    const time = new VirtualTime();
    const executor = new FakeExecutor(time, slowOpen(time));
    const runner = new ScriptRunner({ executor, sleeper: time, clock: time });
    const run = runner.run(script([{ text: 'AT+QMTOPEN=0,"iot-as-mqtt.cn-shanghai.aliyuncs.com",1883' }, { text: 'AT+QMTCONN=0,"c"' }]), { waitForResult: true });
    await time.pass(5000);
    expect(executor.sent()).toEqual([
      [1, 0],
      [2, 4000],
    ]);
    await time.pass(1000);
    expect((await run).outcomes.map((o) => o.outcome.result)).toEqual(['+QMTOPEN: 0,0', 'OK']);
  });

  it('waits only for the rows the caller picks, and never blindly by default', async () => {
    const time = new VirtualTime();
    const executor = new FakeExecutor(time, slowOpen(time));
    const runner = new ScriptRunner({ executor, sleeper: time, clock: time });
    const s = script([{ text: 'AT' }, { text: 'AT+QMTOPEN=0,"h",1883' }, { text: 'ATI' }]);
    const run = runner.run(s, { waitForResult: (row) => row.text.startsWith('AT+QMTOPEN') });
    await time.pass(6000);
    await run;
    expect(executor.calls.map((c) => c.opts.waitForResult)).toEqual([false, true, false]);
    expect(executor.sent().map(([, t]) => t)).toEqual([0, 1000, 5000]);

    const plain = new FakeExecutor(time, slowOpen(time));
    const blind = new ScriptRunner({ executor: plain, sleeper: time, clock: time }).run(s);
    await time.pass(3000);
    await blind;
    expect(plain.calls.every((c) => !c.opts.waitForResult)).toBe(true);
  });

  it('asks for the prompt, not the final result, of a row that opens a data phase', async () => {
    const { time, executor, start } = setup();
    const mqtt = parseQcomIni(readFixture('qcom-ini', 'ma_MQTT.ini'));
    const run = start(mqtt, { rows: [27, 28], runTimes: 1, waitForResult: true });
    await time.pass(2000);
    await run.result;
    expect(executor.calls.map((c) => [c.row, c.opts.until])).toEqual([
      [27, 'data-phase'], // AT+QMTPUBEX=...,103 → resolve on `>`
      [28, 'final-result'], // the 103-byte payload → OK and +QMTPUBEX
    ]);
  });

  it('gives up on a row after the caller\'s timeout and tells the executor to stop waiting', async () => {
    const { time, executor, start } = setup(() => new Promise<RowOutcome>(() => {}));
    const run = start(script([{ text: 'AT+QMTOPEN=0,"h",1883' }, { text: 'ATI' }]), { waitForResult: true, resultTimeoutMs: 2000 });
    await time.pass(2000);
    expect(executor.calls[0].opts).toMatchObject({ timeoutMs: 2000 });
    expect(executor.calls[0].opts.signal.aborted).toBe(true);
    await time.pass(1000); // the row's delay, then ATI (which also never answers)
    await time.pass(3000);
    const summary = await run.result;
    expect(summary.outcomes.map((o) => o.outcome)).toEqual([
      { ok: false, result: 'TIMEOUT', latencyMs: 2000, detail: 'no result within 2000 ms' },
      { ok: false, result: 'TIMEOUT', latencyMs: 2000, detail: 'no result within 2000 ms' },
    ]);
    expect(summary).toMatchObject({ failures: 2, stopped: false });
  });

  it('stops at the first failure when asked to, without the failed row\'s delay', async () => {
    const { time, executor, start } = setup(async (row) => (row.text === 'AT+CPIN?' ? { ok: false, result: '+CME ERROR: 10', latencyMs: 5 } : { ok: true, result: 'OK', latencyMs: 5 }));
    const run = start(script([{ text: 'AT' }, { text: 'AT+CPIN?' }, { text: 'ATI' }]), { waitForResult: true, stopOnFailure: true });
    await time.pass(1000);
    const summary = await run.result;
    expect(summary).toMatchObject({ rowsSent: 2, failures: 1, stopped: true, stopReason: 'failure', endedAt: 1000 });
    expect(executor.sent().map(([row]) => row)).toEqual([1, 2]);
  });

  it('records an executor that throws (port gone) as a failed row, not a crash', async () => {
    const { time, start } = setup(async () => {
      throw new Error('/dev/ttyUSB2 was unplugged');
    });
    const run = start(script([{ text: 'AT' }]));
    await time.pass(1000);
    expect((await run.result).outcomes[0].outcome).toEqual({ ok: false, result: 'FAILED', latencyMs: 0, detail: '/dev/ttyUSB2 was unplugged' });
  });

  it('runs one script at a time', async () => {
    const { time, runner, start } = setup();
    const s = script([{ text: 'AT' }]);
    const run = start(s);
    await expect(runner.run(s)).rejects.toThrow('already running');
    await time.pass(1000);
    await run.result;
    await expect(runner.run(s, { runTimes: 0 })).rejects.toThrow('run times must be a whole number of at least 1');
  });
});

describe('rows that open a data phase', () => {
  const row = (text: string, hex = false): QcomRow => ({ index: 1, selected: true, text, hex, enter: true, delayMs: null });

  it.each([
    ['AT+QMTPUBEX=0,0,0,0,"/sys/pk/dn/thing/event/property/post",103', { kind: 'prompt', declaredLength: 103 }],
    ['AT+QISEND=0', { kind: 'prompt', declaredLength: null }],
    ['AT+QISEND=0,4', { kind: 'prompt', declaredLength: 4 }],
    ['AT+QISEND=0,0', null],
    ['AT+QHTTPURL=24,80', { kind: 'connect', declaredLength: 24 }],
    ['AT+QHTTPGET=30,107', { kind: 'connect', declaredLength: 107 }],
    ['AT+QHTTPGET=30', null],
    ['AT+QMTPUBEX=?', null],
    ['{"method":"thing.event.property.post"}', null],
  ])('%s → %j', (text, phase) => {
    expect(dataPhaseOf(row(text))).toEqual(phase);
    expect(expectsPrompt(row(text))).toBe(phase?.kind === 'prompt');
  });

  it('never for hex rows', () => {
    expect(dataPhaseOf(row('AT+QISEND=0', true))).toBeNull();
  });
});

describe('parseRowSelection (modemdeck run --rows)', () => {
  it('reads lists and ranges, sorted, without duplicates', () => {
    expect(parseRowSelection('1,2,5-7', 29)).toEqual([1, 2, 5, 6, 7]);
    expect(parseRowSelection(' 7 , 3-4,3 ', 29)).toEqual([3, 4, 7]);
    expect(parseRowSelection('29-29', 29)).toEqual([29]);
  });

  it.each([
    ['', 'no rows given'],
    ['1,,2', '"" is not a row number or range'],
    ['a-3', '"a-3" is not a row number or range'],
    ['7-5', 'range 7-5 runs backwards: write 5-7'],
    ['0', 'row 0 does not exist: the script has rows 1 to 29'],
    ['28-1000000000', 'row 1000000000 does not exist'],
  ])('%j is refused: %s', (spec, message) => {
    expect(() => parseRowSelection(spec, 29)).toThrow(RowSelectionError);
    expect(() => parseRowSelection(spec, 29)).toThrow(message);
  });
});
