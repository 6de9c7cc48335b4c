// The host-neutral half of IPC: every call, from Electron's ipcMain or the browser host's
// WebSocket, is checked against the contract's zod schema and answered with a Result. A handler
// that throws never reaches the renderer as a stack trace (conventions.md, errors are values).
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

/** One handler per contract command; a missing one is a compile error where the table is built. */
export type CommandHandlers = {
  [C in CommandName]: (req: Req<C>) => Promise<Res<C>> | Res<C>;
};

export function fail(code: ErrorCode, message: string): { ok: false; error: IpcError } {
  return { ok: false, error: { code, message } };
}

export async function dispatch(handlers: CommandHandlers, name: unknown, payload: unknown): Promise<Result<unknown>> {
  if (!isCommandName(name)) return fail('UNKNOWN_COMMAND', `unknown command ${JSON.stringify(String(name)).slice(0, 80)}`);
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
