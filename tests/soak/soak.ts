// The soak (reliability-checklist §7 H): the app's workbench on the real serial link over a socat
// pty pair, the virtual EC600S on the far end, random traffic, the cable pulled and plugged back
// on the same path, the module rebooted. Every interval it samples resident memory, heap (after
// GC when node runs with --expose-gc), open file descriptors, and how many bytes crossed the link
// but are missing from the session capture ("lost"). Used by scripts/soak.mjs and soak.test.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { join } from 'node:path';
import { Workbench } from '../../electron/services/workbench';
import { openSerialLink } from '../../electron/link/serial-link';
import { attachModuleToPort, type PortAttachment } from '../../electron/sim/pty-attach';
import { VirtualModule } from '../../electron/sim/virtual-module';
import { systemScheduler } from '../../electron/platform/system-scheduler';
import { SecretMasker } from '../../electron/session/secret-mask';
import { DEFAULT_SERIAL, type Link } from '../../electron/link/types';
import { readCapture } from '../../electron/capture/capture-reader';

export interface SoakOptions {
  durationMs: number;
  intervalMs?: number;
  /** Pull the cable this often (0: never). */
  unplugEveryMs?: number;
  /** Reboot the module this often (0: never). */
  rebootEveryMs?: number;
  /** Pause between commands. */
  sendGapMs?: number;
  onSample?: (sample: SoakSample) => void;
}

export interface SoakSample {
  elapsedS: number;
  rssMB: number;
  heapMB: number;
  fds: number;
  txBytes: number;
  rxBytes: number;
  commands: number;
  unplugs: number;
  reboots: number;
  reconnects: number;
}

export interface SoakSummary {
  durationS: number;
  samples: SoakSample[];
  /** Bytes that crossed the link (either way) but are not in the capture: must be 0. */
  lostBytes: number;
  captureFiles: number;
  /** Last sample minus the one after the first interval (warm-up). */
  rssGrowthMB: number;
  heapGrowthMB: number;
  fdGrowth: number;
}

const COMMANDS = ['AT', 'ATI', 'AT+CSQ', 'AT+CREG?', 'AT+CPIN?', 'AT+QMTCFG="aliauth",0', 'AT+CGMR', 'AT+QMTCONN?', 'AT+NOSUCH'];
const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The GC, also when node did not start with --expose-gc (vitest), so heap figures are after GC. */
function collector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

export async function runSoak(opts: SoakOptions): Promise<SoakSummary> {
  const intervalMs = opts.intervalMs ?? 5000;
  const dir = mkdtempSync(join(tmpdir(), 'modemdeck-soak-'));
  const hostPath = join(dir, 'ttyAPP');
  const modulePath = join(dir, 'ttySIM');
  const captureDir = join(dir, 'captures');
  const module = new VirtualModule({ timing: 'fast', bootDelayMs: 20 });
  let socat: ChildProcess | null = null;
  let attachment: PortAttachment | null = null;
  const counts = { tx: 0, rx: 0, commands: 0, unplugs: 0, reboots: 0, reconnects: 0 };

  const plugIn = async () => {
    socat = spawn('socat', [`pty,raw,echo=0,link=${hostPath}`, `pty,raw,echo=0,link=${modulePath}`], { stdio: 'ignore' });
    const deadline = Date.now() + 5000;
    while (!existsSync(hostPath) || !existsSync(modulePath)) {
      if (Date.now() > deadline) throw new Error('socat did not create the pty pair: is socat installed?');
      await sleep(5);
    }
    attachment = await attachModuleToPort(module, modulePath);
  };
  const unplug = async () => {
    const child = socat;
    socat = null;
    if (child) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    }
    await attachment?.close().catch(() => undefined);
    attachment = null;
  };

  // Counts what really crossed the link, to compare with the capture at the end.
  const countingLink = (link: Link): Link => ({
    name: link.name,
    write: (bytes) => {
      counts.tx += bytes.length;
      return link.write(bytes);
    },
    // AtClient is the one data subscriber, so each chunk is counted once.
    onData: (listener) =>
      link.onData((chunk) => {
        counts.rx += chunk.length;
        listener(chunk);
      }),
    onClose: (listener) => link.onClose(listener),
    close: () => link.close(),
    setSignals: (signals) => link.setSignals(signals),
    getLines: () => link.getLines(),
  });

  await plugIn();
  const wb = new Workbench({
    scheduler: systemScheduler,
    masker: new SecretMasker(),
    listPorts: async () => [],
    openLink: async (settings) => countingLink(await openSerialLink(settings)),
    captureDir,
    reconnectDelaysMs: [50, 100, 200],
  });
  wb.onBatch((b) => {
    for (const n of b.notices) if (n.code === 'link.reconnected') counts.reconnects++;
  });
  await wb.openLink({ ...DEFAULT_SERIAL, path: hostPath });

  const samples: SoakSample[] = [];
  const started = Date.now();
  let stop = false;
  const traffic = (async () => {
    while (!stop) {
      if (wb.snapshot().link.phase === 'open') {
        const cmd = COMMANDS[Math.floor(Math.random() * COMMANDS.length)];
        await wb.send(cmd, false, 'crlf').then(
          () => counts.commands++,
          () => undefined, // the link went away between the check and the write
        );
      }
      await sleep(opts.sendGapMs ?? 5);
    }
  })();
  const chaos = (async () => {
    let nextUnplug = opts.unplugEveryMs ? started + opts.unplugEveryMs : Infinity;
    let nextReboot = opts.rebootEveryMs ? started + opts.rebootEveryMs : Infinity;
    while (!stop) {
      const now = Date.now();
      if (now >= nextUnplug) {
        counts.unplugs++;
        await unplug();
        await sleep(300);
        await plugIn();
        nextUnplug = Date.now() + opts.unplugEveryMs!;
      }
      if (now >= nextReboot) {
        counts.reboots++;
        module.reboot();
        nextReboot = now + opts.rebootEveryMs!;
      }
      await sleep(20);
    }
  })();

  const gc = collector();
  const sample = () => {
    gc();
    const mem = process.memoryUsage();
    const s: SoakSample = {
      elapsedS: Math.round((Date.now() - started) / 100) / 10,
      rssMB: mb(mem.rss),
      heapMB: mb(mem.heapUsed),
      fds: readdirSync('/proc/self/fd').length,
      txBytes: counts.tx,
      rxBytes: counts.rx,
      commands: counts.commands,
      unplugs: counts.unplugs,
      reboots: counts.reboots,
      reconnects: counts.reconnects,
    };
    samples.push(s);
    opts.onSample?.(s);
  };
  while (Date.now() - started < opts.durationMs) {
    await sleep(Math.min(intervalMs, opts.durationMs - (Date.now() - started)));
    sample();
  }
  stop = true;
  await Promise.all([traffic, chaos]);
  // Let the last answers arrive and the port come back if it was just replugged.
  const settle = Date.now() + 3000;
  while (wb.snapshot().link.phase !== 'open' && Date.now() < settle) await sleep(20);
  await sleep(200);
  await wb.dispose();
  await unplug();

  const files = readdirSync(captureDir).filter((f) => f.endsWith('.jsonl'));
  let captured = 0;
  for (const f of files) for (const r of (await readCapture(join(captureDir, f))).records) captured += r.bytes.length;
  rmSync(dir, { recursive: true, force: true });

  // The first interval is warm-up (JIT, pools, the first capture buffers).
  const first = samples.length >= 3 ? samples[1] : samples[0];
  const last = samples[samples.length - 1];
  return {
    durationS: Math.round((Date.now() - started) / 1000),
    samples,
    lostBytes: counts.tx + counts.rx - captured,
    captureFiles: files.length,
    rssGrowthMB: first && last ? mb((last.rssMB - first.rssMB) * 1024 * 1024) : 0,
    heapGrowthMB: first && last ? mb((last.heapMB - first.heapMB) * 1024 * 1024) : 0,
    fdGrowth: first && last ? last.fds - first.fds : 0,
  };
}
