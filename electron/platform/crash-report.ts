// What ModemDeck leaves behind when the main process meets an error nobody caught
// (reliability-checklist D5): a report on stderr and in a file beside the captures. Users attach
// these to issues, so every secret the session knows is masked and the home folder is written as ~
// (it names the user). The session goes on: losing the port and the recording would be worse than
// the error, and the report says where it happened.
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface CrashReportOptions {
  /** The session's masker (SecretMasker.maskText): known secrets and credential fields. */
  mask: (text: string) => string;
  /** Folder for crash-<time>.txt; none: stderr only. */
  dir?: string;
  home?: string;
  now?: () => Date;
  /** Where the report is printed (stderr). */
  print?: (text: string) => void;
}

/** The report's text: masked, and the home folder as ~ wherever a path names it. */
export function redactCrashText(text: string, mask: (text: string) => string, home: string): string {
  const masked = mask(text);
  if (home.length < 2) return masked;
  return masked.split(home).join('~');
}

function describe(kind: string, err: unknown, at: Date): string {
  const detail = err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
  return `ModemDeck ${kind} at ${at.toISOString()} (the session went on)\n${detail}\n`;
}

/** Writes one report now; returns the file's path, or null when there is no folder or it failed. */
export function writeCrashReport(kind: string, err: unknown, opts: CrashReportOptions): string | null {
  const at = (opts.now ?? (() => new Date()))();
  const text = redactCrashText(describe(kind, err, at), opts.mask, opts.home ?? homedir());
  (opts.print ?? ((t: string) => process.stderr.write(t)))(text);
  if (!opts.dir) return null;
  try {
    mkdirSync(opts.dir, { recursive: true });
    const path = join(opts.dir, `crash-${at.toISOString().replace(/[:.]/g, '-')}.txt`);
    writeFileSync(path, text, { mode: 0o600 });
    return path;
  } catch {
    return null; // a full or read-only disk: the stderr copy is all there is
  }
}

/** Reports uncaught exceptions and unhandled rejections of this process; returns the uninstaller. */
export function installCrashReports(opts: CrashReportOptions): () => void {
  const onException = (err: unknown) => void writeCrashReport('main-process error', err, opts);
  const onRejection = (reason: unknown) => void writeCrashReport('unhandled rejection', reason, opts);
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}
