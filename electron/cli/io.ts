// What every `modemdeck` subcommand gets: its arguments, its streams, and one way to fail.

export interface CliIo {
  args: string[];
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  /** Resolves when the user presses Ctrl+C (SIGINT/SIGTERM); long-running commands stop on it. */
  interrupted: Promise<void>;
}

/** Bad usage or bad input: the CLI prints the message as one line and exits 2. */
export class UsageError extends Error {}

export type Subcommand = (io: CliIo) => Promise<number>;

/** Minimal flag parser: --name value, --flag, positionals; repeated flags collect. */
export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string[]>;
}

export function parseArgs(args: string[], booleanFlags: string[] = []): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      let value: string;
      if (eq > 0) value = a.slice(eq + 1);
      else if (booleanFlags.includes(name)) value = 'true';
      else {
        if (i + 1 >= args.length) throw new UsageError(`--${name} needs a value`);
        value = args[++i];
      }
      flags.set(name, [...(flags.get(name) ?? []), value]);
    } else positionals.push(a);
  }
  return { positionals, flags };
}

export function flag(p: ParsedArgs, name: string): string | undefined {
  const v = p.flags.get(name);
  return v ? v[v.length - 1] : undefined;
}

export function checkFlags(p: ParsedArgs, allowed: string[]): void {
  for (const name of p.flags.keys()) {
    if (!allowed.includes(name)) throw new UsageError(`unknown option --${name}`);
  }
}
