// `modemdeck ports [--json] [--pts]`: the serial ports this machine offers, one a line. Exit 0 even
// with none, and with a note on stderr when the list may be incomplete (no udevadm, for example).
import { listPorts } from '../link/port-list';
import type { PortInfo } from '../link/types';
import { checkFlags, parseArgs, UsageError, type CliIo } from './io';

export default async function ports(io: CliIo): Promise<number> {
  // Every option here is a switch: parse them all as switches so a typo reads "unknown option".
  const parsed = parseArgs(io.args, io.args.filter((a) => a.startsWith('--')).map((a) => a.slice(2)));
  checkFlags(parsed, ['json', 'pts']);
  if (parsed.positionals.length > 0) throw new UsageError(`unexpected argument "${parsed.positionals[0]}" (usage: ports [--json] [--pts])`);
  const json = parsed.flags.has('json');
  const found = await listPorts({
    includePseudoTerminals: parsed.flags.has('pts'),
    onWarning: (message) => io.stderr.write(`modemdeck ports: ${message}\n`),
  });
  if (json) io.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
  else if (found.length === 0) io.stdout.write('no serial ports found\n');
  else for (const port of found) io.stdout.write(`${describePort(port)}\n`);
  return 0;
}

function describePort(port: PortInfo): string {
  const ids = port.vendorId && port.productId ? `${port.vendorId}:${port.productId}` : '';
  return [port.path, port.manufacturer ?? '', ids, port.serialNumber ? `SN ${port.serialNumber}` : ''].filter(Boolean).join('  ');
}
