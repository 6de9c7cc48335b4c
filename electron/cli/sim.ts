// `modemdeck sim`: the virtual EC600S on a serial device, optionally with the local hub in-process,
// until Ctrl+C. `modemdeck sim --pty --hub` is the newcomer's one command: a port to open, a cloud behind it.
import { UsageError, checkFlags, flag, parseArgs, type CliIo } from './io';
import { devicesFrom, portFlag } from './hub';
import { runHubConsole } from '../sim/hub-console';
import { LocalHub } from '../sim/hub';
import { attachModuleToPort, type PortAttachment } from '../sim/pty-attach';
import { createPtyPair, type PtyPair } from '../sim/pty-pair';
import { VirtualModule, offlineBroker, onlineBroker, type VirtualModuleOptions } from '../sim/virtual-module';

function brokerFlag(value: string): VirtualModuleOptions['resolveBroker'] {
  const m = /^(.+):(\d+)$/.exec(value);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port < 1 || port > 65535) throw new UsageError('--broker must be <host>:<port>, e.g. 127.0.0.1:1883');
  return offlineBroker(port, m[1]);
}

export default async function sim(io: CliIo): Promise<number> {
  const args = parseArgs(io.args, ['pty', 'hub', 'online']);
  checkFlags(args, ['pty', 'port', 'hub', 'hub-port', 'broker', 'online', 'device', 'timing', 'baud']);
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
  const usePty = args.flags.has('pty');
  const portPath = flag(args, 'port');
  if (usePty === (portPath !== undefined)) throw new UsageError('give either --pty (make a pty pair) or --port <path> (serve an existing port)');
  const withHub = args.flags.has('hub');
  const brokerChoices = [withHub, args.flags.has('broker'), args.flags.has('online')].filter(Boolean).length;
  if (brokerChoices > 1) throw new UsageError('--hub, --broker and --online exclude each other');
  if (!withHub && (args.flags.has('device') || args.flags.has('hub-port'))) throw new UsageError('--device and --hub-port need --hub');
  const timing = flag(args, 'timing') ?? 'realistic';
  if (timing !== 'realistic' && timing !== 'fast') throw new UsageError('--timing must be realistic or fast');
  const baud = Number(flag(args, 'baud') ?? 115200);
  if (!Number.isInteger(baud) || baud <= 0) throw new UsageError('--baud must be a positive integer');
  const devices = withHub ? devicesFrom(args.flags.get('device') ?? []) : [];
  const hubPort = portFlag(flag(args, 'hub-port'), 0, 'hub-port');

  let hub: LocalHub | null = null;
  let pair: PtyPair | null = null;
  let attachment: PortAttachment | null = null;
  let module: VirtualModule | null = null;
  let stopConsole = () => {};
  try {
    if (withHub) hub = await LocalHub.start({ port: hubPort, devices });
    const broker = flag(args, 'broker');
    const resolveBroker = hub ? offlineBroker(hub.port) : broker ? brokerFlag(broker) : args.flags.has('online') ? onlineBroker : undefined;
    module = new VirtualModule({ timing, resolveBroker });
    pair = usePty ? await createPtyPair() : null;
    attachment = await attachModuleToPort(module, pair ? pair.modulePath : portPath!, baud);
    io.stdout.write(pair ? `port: ${pair.hostPath}\n` : `attached: ${attachment.path}\n`);
    if (hub) io.stdout.write(`mqtt: 127.0.0.1:${hub.port}\n`);
    const where = pair ? pair.hostPath : attachment.path;
    io.stderr.write(`virtual EC600S ready (虚拟 EC600S 已就绪): open ${where} at ${baud} 8N1; Ctrl+C to stop\n`);
    if (hub) stopConsole = runHubConsole(hub, { input: io.stdin, output: io.stdout, errors: io.stderr });

    const lost = new Promise<string>((resolve) => {
      attachment!.onLost(resolve);
      pair?.onExit(() => resolve('socat ended'));
    });
    const outcome = await Promise.race([io.interrupted.then(() => null), lost]);
    if (outcome !== null) {
      io.stderr.write(`modemdeck sim: ${outcome}; stopping\n`);
      return 1;
    }
    return 0;
  } finally {
    stopConsole();
    await attachment?.close();
    await module?.close();
    await pair?.close();
    await hub?.close();
  }
}
