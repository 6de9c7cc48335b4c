// What a command handler of the virtual EC600S returns, and what it may use. Handlers are plain
// functions: they read and change state and describe the answer; the module frames it, times it and
// applies the faults.
import type { AtCommand } from './at-command-line';
import type { ModemState } from './modem-state';
import type { OutputLine } from './output-channel';
import type { MqttClientSlot } from './mqtt-client-slot';

/** `+CME ERROR: <code>` follows AT+CMEE ([ATM] 2.23); MQTT and TCP commands answer a bare ERROR. */
export type FinalCode = 'OK' | 'ERROR' | { cme: number };

/** How long the module takes before answering (timing.ts). */
export type LatencyClass = 'local' | 'pdp';

export interface DataPhase {
  /**
   * Bytes to read after the `> ` prompt; more are dropped (MQTT AN 3.2.8). null: read until Ctrl+Z,
   * ESC cancels (AT+QISEND=<id>, AT+CMGS; quectel-at.md §1.7).
   */
  length: number | null;
  /** Called with exactly `length` bytes, or with what came before Ctrl+Z. */
  complete(data: Uint8Array): CommandOutcome;
  /** ESC in a variable-length phase; absent: OK with nothing sent (SMS, §1.7). */
  cancel?(): CommandOutcome;
}

export interface CommandOutcome {
  info?: OutputLine[];
  /** Absent only with a data phase. */
  final?: FinalCode;
  dataPhase?: DataPhase;
  latency?: LatencyClass;
  /** Runs once the final result is on the wire: work whose outcome arrives later as URCs. */
  after?: () => void;
}

export interface ModuleContext {
  readonly state: ModemState;
  /** MQTT clients 0–5. */
  readonly slots: readonly MqttClientSlot[];
  urc(line: OutputLine): void;
  reboot(): void;
  powerDown(): void;
}

export type CommandHandler = (cmd: AtCommand, ctx: ModuleContext) => CommandOutcome;

export const OK: CommandOutcome = Object.freeze({ final: 'OK' });
export const ERROR: CommandOutcome = Object.freeze({ final: 'ERROR' });

export const answer = (...info: OutputLine[]): CommandOutcome => ({ info, final: 'OK' });
export const cmeError = (code: number): CommandOutcome => ({ final: { cme: code } });

/** Integer parameter in [min, max], or null when missing, not a number or out of range. */
export function intParam(cmd: AtCommand, index: number, min: number, max: number): number | null {
  const p = cmd.params[index];
  if (!p || !/^-?\d+$/.test(p.text)) return null;
  const n = Number(p.text);
  return n >= min && n <= max ? n : null;
}

/** A basic command's digit (`ATE0`), with its default when omitted (`ATE` = `ATE0`, V.25ter). */
export function basicValue(cmd: AtCommand, fallback = 0): number {
  return cmd.params.length === 0 ? fallback : Number(cmd.params[0].text);
}

export const quote = (text: string): string => `"${text}"`;

/** Verbose texts (AT+CMEE=2) of the CME codes the simulator uses ([ATM] 11.5 Table 10). */
const CME_TEXT: Record<number, string> = {
  3: 'Operation not allowed',
  4: 'Operation not supported',
  10: 'SIM not inserted',
  13: 'SIM failure',
  16: 'Incorrect password',
  30: 'No network service',
};

/** The result line as AT+CMEE asks: 0 bare ERROR, 1 numeric, 2 verbose. */
export function finalResultText(final: FinalCode, cmee: number): string {
  if (typeof final === 'string') return final;
  if (cmee === 0) return 'ERROR';
  return `+CME ERROR: ${cmee === 2 ? (CME_TEXT[final.cme] ?? String(final.cme)) : final.cme}`;
}
