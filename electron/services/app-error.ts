// The errors a user can act on, and how failures from the link and the file system become them
// (conventions.md: errors are values at boundaries, messages name the thing and the fix).
import type { ErrorCode } from '../../shared/contract';

/** A failure the user can act on; crosses IPC as `{ ok: false, error: { code, message, zh } }`. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The message in zh-CN when the source has one (the .ini codec does). */
    readonly zh?: string,
  ) {
    super(message);
  }
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Maps link and file-system failures to the contract's codes, keeping their readable message (and
 * the Chinese one the serial link gives: LinkOpenError.text.zh).
 */
export function toAppError(err: unknown, subject: string): AppError {
  if (err instanceof AppError) return err;
  const code = (err as { code?: unknown })?.code;
  const zh = (err as { text?: { zh?: unknown } })?.text?.zh;
  const message = messageOf(err);
  switch (code) {
    case 'BUSY':
      return new AppError('BUSY', message, typeof zh === 'string' ? zh : undefined);
    case 'EBUSY':
      return new AppError('BUSY', `${subject} is in use by another program: close it and try again`);
    case 'FORBIDDEN':
      return new AppError('PERMISSION', message, typeof zh === 'string' ? zh : undefined);
    case 'EACCES':
    case 'EPERM':
      return new AppError('PERMISSION', `no permission to use ${subject}: check its access rights`);
    case 'NOT_FOUND':
      return new AppError('NOT_FOUND', message, typeof zh === 'string' ? zh : undefined);
    case 'ENOENT':
      return new AppError('NOT_FOUND', `${subject} does not exist: check the path`);
    case 'EISDIR':
    case 'ENOTDIR':
      return new AppError('IO', `${subject} is not a file: pick a file path`);
    default:
      return new AppError('IO', message || `${subject} failed`, typeof zh === 'string' ? zh : undefined);
  }
}
