// `modemdeck` command line: each subcommand lives in electron/cli/<name>.ts and is loaded on use,
// so `modemdeck ini show` does not pay for serialport or the broker.
import { UsageError, type CliIo, type Subcommand } from './cli/io';

const SUBCOMMANDS: Record<string, { summary: string; load: () => Promise<{ default: Subcommand }> }> = {
  ini: { summary: 'ini show <file> [--show-secrets] | ini convert <in> <out> [--mask-secrets]', load: () => import('./cli/ini') },
  replay: { summary: 'replay <capture.jsonl | raw-rx.bin> [--json] [--show-secrets] [--zh]', load: () => import('./cli/replay') },
  run: { summary: 'run <script.ini> --port <path> [--baud N] [--rows 1,2,5-7 | --all] [--times N] [--delay ms] [--timeout ms] [--capture out.jsonl] [--json] [--yes]', load: () => import('./cli/run') },
  ports: { summary: 'ports [--json]', load: () => import('./cli/ports') },
  sim: { summary: 'sim (--pty | --port <path>) [--hub [--hub-port N] | --broker host:port | --online] [--device pk:dn:secret]... [--timing realistic|fast] [--baud N]', load: () => import('./cli/sim') },
  hub: { summary: 'hub [--port N (default 1883)] [--device pk:dn:secret]...', load: () => import('./cli/hub') },
};

function usage(): string {
  const lines = Object.values(SUBCOMMANDS).map((s) => `  modemdeck ${s.summary}`);
  return `usage:\n${lines.join('\n')}\n`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const sub = SUBCOMMANDS[name];
  if (!sub) {
    process.stderr.write(`modemdeck: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  let onSignal: () => void = () => {};
  const interrupted = new Promise<void>((resolve) => {
    onSignal = resolve;
  });
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const io: CliIo = { args, stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, interrupted };
  try {
    const mod = await sub.load();
    return await mod.default(io);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`modemdeck ${name}: ${err.message}\n`);
      return 2;
    }
    // Never a stack trace for the user: one line, and the detail only when asked for.
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`modemdeck ${name}: ${message}\n`);
    if (process.env.MODEMDECK_DEBUG) process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
