// `modemdeck hub`: the local Aliyun-compatible MQTT hub with its console, until Ctrl+C.
import { UsageError, checkFlags, flag, parseArgs, type CliIo } from './io';
import { hubDevices } from '../sim/device-spec';
import { runHubConsole } from '../sim/hub-console';
import { LocalHub } from '../sim/hub';
import { LOCAL_HUB_PORT } from '../sim/virtual-module';

export function portFlag(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--${name} must be a TCP port (0 picks a free one)`);
  return port;
}

export function devicesFrom(specs: string[]) {
  const devices = hubDevices(specs);
  if ('error' in devices) throw new UsageError(devices.error);
  return devices;
}

export default async function hub(io: CliIo): Promise<number> {
  const args = parseArgs(io.args);
  checkFlags(args, ['port', 'device']);
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
  const port = portFlag(flag(args, 'port'), LOCAL_HUB_PORT, 'port');
  const devices = devicesFrom(args.flags.get('device') ?? []);

  const local = await LocalHub.start({ port, devices });
  io.stdout.write(`mqtt: 127.0.0.1:${local.port}\n`);
  io.stderr.write(`hub ready (本地云端已就绪): ${devices.map((d) => `${d.productKey}/${d.deviceName}`).join(', ')}; type help, Ctrl+C to stop\n`);
  const stopConsole = runHubConsole(local, { input: io.stdin, output: io.stdout, errors: io.stderr });
  await io.interrupted;
  stopConsole();
  await local.close();
  return 0;
}
