// The "cable" of the link tests (reliability-checklist §7 PTY): a socat pty pair on fixed paths in
// a test folder, the virtual EC600S served on the far end through the same serial link the app
// uses. Killing socat is pulling the cable; starting it again on the same `link=` paths is plugging
// the module back in, on the same path as a USB module comes back (A1, A3). One place for what
// every reliability test over a pty needs, so they all unplug the same way.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { attachModuleToPort, type PortAttachment } from '../../electron/sim/pty-attach';
import type { VirtualModule } from '../../electron/sim/virtual-module';

const PTY_WAIT_MS = 5000;

export class PtyCable {
  /** The end the app opens (what the user types as the port). */
  readonly hostPath: string;
  /** The end the virtual module is served on. */
  readonly modulePath: string;
  private socat: ChildProcess | null = null;
  private attachment: PortAttachment | null = null;

  constructor(dir: string) {
    this.hostPath = join(dir, 'ttyAPP');
    this.modulePath = join(dir, 'ttySIM');
  }

  get plugged(): boolean {
    return this.socat !== null;
  }

  /** Makes the pty pair and serves `module` on its far end (powering it on if it is off). */
  async plugIn(module: VirtualModule): Promise<void> {
    if (this.socat) throw new Error('the cable is already plugged in: unplug it first');
    const socat = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${this.hostPath}`, `pty,raw,echo=0,link=${this.modulePath}`], { stdio: 'ignore' });
    this.socat = socat;
    const failed = new Promise<never>((_, reject) => {
      socat.once('error', (err: NodeJS.ErrnoException) => reject(new Error(err.code === 'ENOENT' ? 'socat is not installed: apt install socat' : `socat failed: ${err.message}`)));
    });
    failed.catch(() => undefined);
    const deadline = Date.now() + PTY_WAIT_MS;
    while (!existsSync(this.hostPath) || !existsSync(this.modulePath)) {
      await Promise.race([failed, new Promise((r) => setTimeout(r, 5))]);
      if (Date.now() > deadline) throw new Error(`socat made no pty pair at ${this.hostPath} within ${PTY_WAIT_MS} ms`);
    }
    this.attachment = await attachModuleToPort(module, this.modulePath);
  }

  /** Pulls the cable: socat ends, both ptys vanish; the module is detached (it stays powered). */
  async unplug(): Promise<void> {
    const socat = this.socat;
    if (!socat) return;
    this.socat = null;
    if (socat.exitCode === null && socat.signalCode === null) {
      const gone = new Promise((r) => socat.once('exit', r));
      socat.kill('SIGTERM');
      await gone;
    }
    await this.attachment?.close().catch(() => undefined);
    this.attachment = null;
  }

  /** For afterEach / afterAll: whatever state a failed test left, nothing keeps running. */
  async dispose(): Promise<void> {
    await this.attachment?.close().catch(() => undefined);
    this.attachment = null;
    this.socat?.kill('SIGKILL');
    this.socat = null;
  }
}
