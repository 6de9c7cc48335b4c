// A pair of connected pseudo-terminals made by socat: what the host opens on one end, the virtual
// module serves on the other, as if a USB-serial cable joined them. Killing socat is "unplugging".
import { spawn, type ChildProcess } from 'node:child_process';

export interface PtyPair {
  /** The end a terminal, QCOM replacement or test opens. */
  readonly hostPath: string;
  /** The end the virtual module is attached to. */
  readonly modulePath: string;
  /** Registers a listener for socat ending on its own (killed, crashed). */
  onExit(listener: () => void): void;
  /** Stops socat; both ptys vanish. */
  close(): Promise<void>;
}

const PTY_LINE = /PTY is (\S+)/;
const READY_LINE = /starting data transfer loop/;

/** Starts `socat -d -d pty,raw,echo=0 pty,raw,echo=0` and reads the two pty paths from its log. */
export function createPtyPair(timeoutMs = 5000): Promise<PtyPair> {
  const child = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise<PtyPair>((resolve, reject) => {
    const paths: string[] = [];
    let log = '';
    const fail = (message: string) => {
      clearTimeout(timer);
      child.kill('SIGTERM');
      reject(new Error(message));
    };
    const timer = setTimeout(() => fail(`socat did not report two ptys within ${timeoutMs} ms: ${log.trim().split('\n').pop() ?? ''}`), timeoutMs);
    child.once('error', (err: NodeJS.ErrnoException) =>
      fail(err.code === 'ENOENT' ? 'socat is not installed: install it (apt install socat, brew install socat) or use --port <path>' : `socat failed to start: ${err.message}`),
    );
    child.once('exit', (code) => fail(`socat exited (code ${code}) before the ptys were ready: ${log.trim().split('\n').pop() ?? ''}`));
    child.stderr!.setEncoding('utf8');
    let partial = '';
    const onLog = (text: string) => {
      log += text;
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        const pty = PTY_LINE.exec(line);
        if (pty) paths.push(pty[1]);
        if (READY_LINE.test(line) && paths.length === 2) {
          clearTimeout(timer);
          child.removeAllListeners('exit');
          child.stderr!.off('data', onLog);
          child.stderr!.resume(); // keep draining socat's log so it never blocks
          resolve(pairOf(child, paths[1], paths[0]));
        }
      }
    };
    child.stderr!.on('data', onLog);
  });
}

function pairOf(child: ChildProcess, hostPath: string, modulePath: string): PtyPair {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    hostPath,
    modulePath,
    onExit(listener) {
      void exited.then(listener);
    },
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
