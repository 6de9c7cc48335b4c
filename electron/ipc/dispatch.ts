// The host-neutral half of IPC: every call, from Electron's ipcMain or the browser host's
// WebSocket, is checked against the contract's zod schema and answered with a Result. A handler
// that throws never reaches the renderer as a stack trace (conventions.md, errors are values), and
// no error text reaches it unmasked: an error often quotes its input (a path, a name, a parse
// error), and that may hold a secret the app knows (reliability-checklist D1, D5).
import {
  commands,
  isCommandName,
  type CommandName,
  type ErrorCode,
  type IpcError,
  type Req,
  type Res,
  type Result,
} from '../../shared/contract';
import { AppError } from '../services/workbench';
import { SecretMasker } from '../session/secret-mask';

/** One handler per contract command; a missing one is a compile error where the table is built. */
export type CommandHandlers = {
  [C in CommandName]: (req: Req<C>) => Promise<Res<C>> | Res<C>;
};

export function fail(code: ErrorCode, message: string): { ok: false; error: IpcError } {
  return { ok: false, error: { code, message } };
}

/** Masks a text the way the app's secret masker does (SecretMasker.maskText). */
export type ErrorTextMask = (text: string) => string;

/**
 * The masker of each handler table. Registered with the table (createHandlers does it), so every
 * host that dispatches — Electron's ipcMain, the browser host — masks without knowing about it.
 */
const errorMasks = new WeakMap<object, ErrorTextMask>();
/** Without a registered masker, secret fields are still masked by their place in AT+QMTCFG / AT+QMTCONN. */
const structuralMasker = new SecretMasker();
const structuralMask: ErrorTextMask = (text) => structuralMasker.maskText(text);

/** Every error dispatch answers for `handlers` goes through `mask` (the workbench's secret masker). */
export function maskErrorsWith<T extends CommandHandlers>(handlers: T, mask: ErrorTextMask): T {
  errorMasks.set(handlers, mask);
  return handlers;
}

export async function dispatch(handlers: CommandHandlers, name: unknown, payload: unknown): Promise<Result<unknown>> {
  const result = await dispatchUnmasked(handlers, name, payload);
  const mask = errorMasks.get(handlers) ?? structuralMask;
  if (result.ok) return { ok: true, value: maskErrorTexts(result.value, mask, false) };
  return { ok: false, error: maskIpcError(result.error, mask) };
}

/**
 * Keys under which an answer carries error text of its own (a port listing that failed, a decoded
 * reason): their strings are masked too. Only these: other text in an answer is the user's view of
 * their data (a signing preview they asked to reveal), which its handler masks as it should.
 */
const ERROR_TEXT_KEYS = new Set(['error', 'errors', 'reason', 'message', 'detail']);

/** `value` with every string under an error key masked; what needs no change is returned as it was. */
function maskErrorTexts<T>(value: T, mask: ErrorTextMask, inError: boolean): T {
  if (typeof value === 'string') return (inError ? mask(value) : value) as T;
  if (!value || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    value.forEach((item, i) => {
      const masked = maskErrorTexts(item, mask, inError);
      if (masked !== item) (copy ??= value.slice())[i] = masked;
    });
    return (copy ?? value) as T;
  }
  let copy: Record<string, unknown> | null = null;
  for (const [key, item] of Object.entries(value)) {
    const masked = maskErrorTexts(item, mask, inError || ERROR_TEXT_KEYS.has(key));
    if (masked !== item) (copy ??= { ...(value as Record<string, unknown>) })[key] = masked;
  }
  return (copy ?? value) as T;
}

function maskIpcError(error: IpcError, mask: ErrorTextMask): IpcError {
  const masked: IpcError = { code: error.code, message: mask(error.message) };
  if (error.zh !== undefined) masked.zh = mask(error.zh);
  return masked;
}

async function dispatchUnmasked(handlers: CommandHandlers, name: unknown, payload: unknown): Promise<Result<unknown>> {
  if (!isCommandName(name)) return fail('UNKNOWN_COMMAND', `unknown command ${describeName(name)}`);
  const parsed = commands[name].request.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    return fail('BAD_REQUEST', `${name}: invalid request${where}: ${issue?.message ?? 'does not match the contract'}`);
  }
  try {
    const handler = handlers[name] as (req: unknown) => unknown;
    const value = await handler(parsed.data);
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: toIpcError(err) };
  }
}

export function toIpcError(err: unknown): IpcError {
  if (err instanceof AppError) return { code: err.code, message: err.message, ...(err.zh ? { zh: err.zh } : {}) };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message: message || 'internal error: see the main process log' };
}

/**
 * A command name that is not one, for the error: only a string is quoted. String() of anything else
 * may run code of the payload's shape and throw (`{"toString":0}`), and a handler must never throw.
 */
function describeName(name: unknown): string {
  if (typeof name === 'string') return JSON.stringify(name).slice(0, 80);
  return name === null ? 'null' : Array.isArray(name) ? 'of type array' : `of type ${typeof name}`;
}
