// `modemdeck` run as a user runs it: a child process with its own stdin, stdout and stderr.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/modemdeck.mjs', import.meta.url));

export interface CliProcess {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Waits until stdout has a line matching `pattern` and returns the match. */
  line(pattern: RegExp, ms?: number): Promise<RegExpExecArray>;
  exited: Promise<number | null>;
}

export function runCli(args: string[]): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    async line(pattern, ms = 15_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        for (const l of out.split('\n')) {
          const m = pattern.exec(l);
          if (m) return m;
        }
        if (Date.now() > deadline) throw new Error(`no stdout line matching ${pattern}; stdout: ${out.slice(-500)} stderr: ${err.slice(-500)}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
}
