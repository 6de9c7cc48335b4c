// The virtual EC600S: speaks AT over any byte stream as quectel-at.md describes the real module
// (boot URCs, byte-for-byte echo, §1.3 framing, the `> ` data phase, deferred MQTT URCs), with a real
// MQTT client behind AT+QMTOPEN/QMTCONN, realistic or fast timing, and fault knobs for testing hosts.
import type { Scheduler } from '../../shared/clock';
import { utf8Decode, utf8Encode } from '../../shared/bytes';
import { SIGNING_C1, type SigningVariant } from '../cloud/aliyun-sign';
import { parseCommandLine, type AtCommand } from './at-command-line';
import { ERROR, OK, finalResultText, type CommandHandler, type CommandOutcome, type DataPhase, type ModuleContext } from './command-outcome';
import { NO_FAULTS, type FaultKnobs } from './faults';
import { GENERAL_COMMANDS, sRegisterCommand } from './general-commands';
import { LineDiscipline, type InputEvent } from './line-discipline';
import { ModemState } from './modem-state';
import { MQTT_COMMANDS } from './mqtt-commands';
import { MqttClientSlot, type BrokerAddress, type SlotEnvironment } from './mqtt-client-slot';
import { OutputChannel, frameInformation, frameResult, frameUrc, type OutputLine } from './output-channel';
import { randomBetween, seededRandom, type Random } from './seeded-random';
import { systemScheduler } from '../platform/system-scheduler';
import { TIMING, type TimingProfile } from './timing';

export type { FaultKnobs } from './faults';
export type { SigningVariant } from '../cloud/aliyun-sign';

export interface VirtualModuleOptions {
  scheduler?: Scheduler;
  /** 'realistic' (default) follows quectel-at.md §4; 'fast' answers at once, for tests. */
  timing?: 'realistic' | 'fast';
  /**
   * Where AT+QMTOPEN's host really goes. The default is offline: every host goes to the local hub on
   * 127.0.0.1:1883 (`modemdeck hub --port 1883`). Pass `onlineBroker` to reach the real host.
   */
  resolveBroker?: (host: string, port: number) => BrokerAddress;
  /** How the aliauth login is signed; C1 of cloud-protocols.md §2.2 by default. */
  signing?: SigningVariant;
  faults?: Partial<FaultKnobs>;
  /** Seeds the random choices (latencies, chunk splits, garbage) so a run can be replayed. */
  seed?: number;
  /** Power-on to RDY; defaults to the timing profile's. */
  bootDelayMs?: number;
}

export const LOCAL_HUB_PORT = 1883;

/** Offline mode: every QMTOPEN goes to the local hub at this address. */
export const offlineBroker =
  (port: number = LOCAL_HUB_PORT, host = '127.0.0.1') =>
  (): BrokerAddress => ({ host, port });

/** Online mode: QMTOPEN reaches the host it names. */
export const onlineBroker = (host: string, port: number): BrokerAddress => ({ host, port });

/** Boot URCs after RDY ([ATM] Table 12, quectel-at.md §5.1). */
const BOOT_URCS = ['+CFUN: 1', '+CPIN: READY', '+QUSIM: 1', '+QIND: SMS DONE', '+QIND: PB DONE'];
const MQTT_CLIENTS = 6;
const PROMPT = utf8Encode('\r\n> '); // §1.7: exactly 0D 0A 3E 20, no line end

export class VirtualModule {
  private readonly scheduler: Scheduler;
  private readonly timing: TimingProfile;
  private readonly random: Random;
  private readonly faults: FaultKnobs;
  private readonly out: OutputChannel;
  private readonly discipline = new LineDiscipline();
  private readonly state = new ModemState();
  private readonly bootDelayMs: number;
  private readonly slotEnvironment: SlotEnvironment;
  private readonly context: ModuleContext;
  private slots: MqttClientSlot[];
  private power: 'off' | 'booting' | 'on' = 'off';
  /** A command is being answered: input waits (Q9). */
  private busy = false;
  /** Between the last data byte and OK: surplus bytes are dropped (MQTT AN 3.2.8). */
  private dropInput = false;
  private readonly pending: Uint8Array[] = [];
  private dataPhase: DataPhase | null = null;
  private lastLine: string | null = null;
  private readonly timers = new Set<() => void>();

  constructor(opts: VirtualModuleOptions = {}) {
    this.scheduler = opts.scheduler ?? systemScheduler;
    this.timing = TIMING[opts.timing ?? 'realistic'];
    this.random = seededRandom(opts.seed ?? 1);
    this.faults = { ...NO_FAULTS, ...opts.faults, injectUrcs: [...(opts.faults?.injectUrcs ?? [])] };
    this.out = new OutputChannel(this.scheduler, this.random, this.faults);
    this.bootDelayMs = opts.bootDelayMs ?? this.timing.bootMs;
    this.slotEnvironment = {
      scheduler: this.scheduler,
      urc: (line) => this.urc(line),
      urcDelay: () => randomBetween(this.random, this.timing.mqttUrcMs),
      resolveBroker: opts.resolveBroker ?? offlineBroker(),
      signing: opts.signing ?? SIGNING_C1,
    };
    this.slots = this.newSlots();
    const slots = () => this.slots;
    this.context = {
      state: this.state,
      get slots() {
        return slots();
      },
      urc: (line) => this.urc(line),
      reboot: () => this.restart(false),
      powerDown: () => this.powerDown(),
    };
  }

  /** Bytes from the host (what the host's port wrote). */
  input(bytes: Uint8Array): void {
    // Before RDY the module is not listening; right after a data phase surplus bytes are dropped.
    if (this.power !== 'on' || this.dropInput || bytes.length === 0) return;
    this.pending.push(bytes.slice());
    this.pump();
  }

  /** Bytes the module sends to the host. */
  onOutput(listener: (chunk: Uint8Array) => void): () => void {
    return this.out.onOutput(listener);
  }

  /** Emits the boot URCs after bootDelayMs; does nothing when already on. */
  powerOn(): void {
    if (this.power === 'off') this.boot();
  }

  /** Fault: reboot now. Some garbage bytes, then RDY; echo back on, MQTT state and PDP contexts lost. */
  reboot(): void {
    this.restart(true);
  }

  setFaults(f: Partial<FaultKnobs>): void {
    Object.assign(this.faults, f);
    if (f.injectUrcs) this.faults.injectUrcs = [...f.injectUrcs];
    this.pump();
  }

  /** Ends MQTT clients and timers; the module is off afterwards (powerOn starts it again). */
  async close(): Promise<void> {
    this.cutPower();
    this.out.discardPending();
  }

  private restart(withGarbage: boolean): void {
    this.cutPower();
    if (withGarbage) this.out.sendGarbage();
    this.boot();
  }

  private boot(): void {
    this.power = 'booting';
    this.after(this.bootDelayMs, () => {
      this.power = 'on';
      this.urc('RDY');
      BOOT_URCS.forEach((line, i) => {
        const gap = this.timing.bootUrcGapMs * (i + 1);
        if (gap === 0) this.urc(line);
        else this.after(gap, () => this.urc(line));
      });
      this.pump();
    });
  }

  /** AT+QPOWD: `POWERED DOWN`, then the module is off ([ATM] 10.1). */
  private powerDown(): void {
    this.after(randomBetween(this.random, this.timing.localMs), () => {
      this.urc('POWERED DOWN');
      this.cutPower();
    });
  }

  /** Power is gone: volatile state, pending input, timers and MQTT links with it (no URCs). */
  private cutPower(): void {
    this.power = 'off';
    for (const cancel of this.timers) cancel();
    this.timers.clear();
    for (const slot of this.slots) slot.dispose();
    this.slots = this.newSlots();
    this.pending.length = 0;
    this.discipline.reset();
    this.dataPhase = null;
    this.busy = false;
    this.dropInput = false;
    this.state.powerCycle();
  }

  private newSlots(): MqttClientSlot[] {
    return Array.from({ length: MQTT_CLIENTS }, (_, i) => new MqttClientSlot(i, this.slotEnvironment));
  }

  /** A URC reaches the host unless the module is off or URCs go to another port (Q14). */
  private urc(line: OutputLine): void {
    if (this.power === 'off' || this.faults.suppressUrcs || this.state.urcPort !== 'usbat') return;
    this.out.send(frameUrc(line, this.state.verbose));
  }

  /** Feeds waiting input through the line discipline while the module is free to read. */
  private pump(): void {
    while (!this.busy && !this.faults.stallReads && this.power === 'on' && this.pending.length > 0) {
      const chunk = this.pending.shift()!;
      const echo: number[] = [];
      let i = 0;
      for (; i < chunk.length && !this.busy; i++) {
        const event = this.discipline.feed(chunk[i]);
        // §1.4: echo is byte for byte, as received (and covers data after the prompt).
        if (this.state.echo) echo.push(chunk[i]);
        // [INF] the Ctrl+Z / ESC that ends a variable-length payload is a control byte, not text: not echoed.
        if (event && (event.kind === 'data-cancelled' || (event.kind === 'data' && event.terminated)) && this.state.echo) echo.pop();
        if (event) {
          this.sendEcho(echo);
          this.handle(event);
        }
      }
      this.sendEcho(echo);
      if (i < chunk.length && !this.dropInput && this.power === 'on') this.pending.unshift(chunk.subarray(i));
    }
  }

  private sendEcho(echo: number[]): void {
    if (echo.length === 0) return;
    this.out.send(Uint8Array.from(echo));
    echo.length = 0;
  }

  private handle(event: InputEvent): void {
    switch (event.kind) {
      case 'line': {
        // V.25ter: a line that does not start with AT is no command; the module ignores it.
        const text = utf8Decode(event.line).replace(/^[\s\0]+/, '');
        if (!/^at/i.test(text)) return;
        this.lastLine = text;
        this.execute(parseCommandLine(text));
        return;
      }
      case 'repeat':
        if (this.lastLine !== null) this.execute(parseCommandLine(this.lastLine));
        return;
      case 'overflow':
        this.execute(null);
        return;
      case 'data': {
        const phase = this.dataPhase!;
        this.dataPhase = null;
        this.busy = true;
        this.dropInput = true;
        this.respond(phase.complete(event.data), this.timing.publishMs);
        return;
      }
      case 'data-cancelled': {
        const phase = this.dataPhase!;
        this.dataPhase = null;
        this.busy = true;
        this.respond(phase.cancel?.() ?? OK, randomBetween(this.random, this.timing.localMs));
        return;
      }
    }
  }

  private execute(commands: AtCommand[] | null): void {
    this.busy = true;
    const rebootOn = this.faults.rebootOn?.toUpperCase().replace(/^AT/, '');
    if (rebootOn !== undefined && commands?.some((c) => c.name === rebootOn || `+${c.name}` === rebootOn)) {
      this.faults.rebootOn = null;
      this.reboot();
      return;
    }
    const injected = this.faults.injectUrcs.shift();
    if (injected !== undefined) this.urc(injected);
    const outcome = commands === null ? ERROR : this.run(commands);
    this.respond(outcome, randomBetween(this.random, outcome.latency === 'pdp' ? this.timing.pdpMs : this.timing.localMs));
  }

  /** Runs the commands of one line; the first failure ends the line ([ATM] 11.5). */
  private run(commands: AtCommand[]): CommandOutcome {
    const info: OutputLine[] = [];
    const afters: (() => void)[] = [];
    let latency: CommandOutcome['latency'] = 'local';
    let result: CommandOutcome = OK;
    for (const [i, cmd] of commands.entries()) {
      const handler = this.handlerFor(cmd);
      const outcome = handler ? handler(cmd, this.context) : ERROR;
      info.push(...(outcome.info ?? []));
      if (outcome.after) afters.push(outcome.after);
      if (outcome.latency === 'pdp') latency = 'pdp';
      if (outcome.dataPhase && i === commands.length - 1) {
        result = { dataPhase: outcome.dataPhase };
        break;
      }
      if (outcome.dataPhase || outcome.final !== 'OK') {
        result = outcome.dataPhase ? ERROR : outcome;
        break;
      }
    }
    return { ...result, info, latency, after: afters.length > 0 ? () => afters.forEach((f) => f()) : undefined };
  }

  private handlerFor(cmd: AtCommand): CommandHandler | undefined {
    if (/^S\d+$/.test(cmd.name)) return sRegisterCommand;
    return GENERAL_COMMANDS[cmd.name] ?? MQTT_COMMANDS[cmd.name];
  }

  /** Sends the answer after `latencyMs`: the prompt of a data phase, or information text and final result. */
  private respond(outcome: CommandOutcome, latencyMs: number): void {
    this.after(latencyMs, () => {
      this.out.send(frameInformation(outcome.info ?? [], this.state.verbose));
      if (outcome.dataPhase) {
        this.out.send(PROMPT);
        this.dataPhase = outcome.dataPhase;
        this.busy = false;
        if (outcome.dataPhase.length === 0) this.handle({ kind: 'data', data: new Uint8Array(0) });
        else this.discipline.expectData(outcome.dataPhase.length);
        this.pump();
        return;
      }
      const finish = () => {
        if (this.faults.dropFinals > 0) this.faults.dropFinals--;
        else if (!this.state.quiet) this.out.send(frameResult(finalResultText(outcome.final ?? 'ERROR', this.state.cmee), this.state.verbose));
        this.busy = false;
        this.dropInput = false;
        outcome.after?.();
        this.pump();
      };
      if (this.faults.lateFinalMs > 0) this.after(this.faults.lateFinalMs, finish);
      else finish();
    });
  }

  /** A timer that power loss cancels. */
  private after(ms: number, fn: () => void): void {
    const cancel = this.scheduler.after(ms, () => {
      this.timers.delete(cancel);
      fn();
    });
    this.timers.add(cancel);
  }
}
