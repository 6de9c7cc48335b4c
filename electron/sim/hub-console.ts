// The hub's console on a terminal: commands on stdin, every device publish as one JSON line on stdout.
// Bad input costs one error line on stderr, never the hub.
import { createInterface } from 'node:readline';
import type { LocalHub } from './hub';

export const HUB_CONSOLE_HELP = [
  'commands:',
  '  set <productKey>/<deviceName> <json params>   send thing.service.property.set, e.g. set a1wFylTxYeD/co_0001 {"PowerSwitch_1":1}',
  '  publish <topic> <payload>                      publish as the cloud',
  '  devices                                        registered devices and whether they are online',
].join('\n');

export interface ConsoleStreams {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  errors: NodeJS.WritableStream;
}

/** Runs the console until the returned stop function is called. */
export function runHubConsole(hub: LocalHub, streams: ConsoleStreams): () => void {
  const print = (value: unknown) => streams.output.write(`${JSON.stringify(value)}\n`);
  const fail = (message: string) => streams.errors.write(`error: ${message}\n`);
  const stopMessages = hub.onDeviceMessage((m) =>
    print({ t: m.t, productKey: m.productKey, deviceName: m.deviceName, topic: m.topic, payload: m.payload }),
  );
  const lines = createInterface({ input: streams.input, terminal: false });
  lines.on('line', (line) => {
    if (line.trim() === 'help') streams.errors.write(`${HUB_CONSOLE_HELP}\n`);
    else run(hub, line.trim(), print).catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
  });
  return () => {
    stopMessages();
    lines.close();
  };
}

async function run(hub: LocalHub, line: string, print: (value: unknown) => void): Promise<void> {
  if (!line) return;
  const [, command, target = '', argument = ''] = /^(\S+)(?:\s+(\S+))?(?:\s+(.*))?$/.exec(line)!;
  switch (command) {
    case 'set': {
      const slash = target.indexOf('/');
      if (slash <= 0 || !argument) throw new Error('usage: set <productKey>/<deviceName> <json params>');
      let params: unknown;
      try {
        params = JSON.parse(argument);
      } catch {
        throw new Error(`params are not JSON: ${argument} (example: {"PowerSwitch_1":1})`);
      }
      if (typeof params !== 'object' || params === null || Array.isArray(params)) throw new Error('params must be a JSON object, e.g. {"PowerSwitch_1":1}');
      const productKey = target.slice(0, slash);
      const deviceName = target.slice(slash + 1);
      const id = await hub.setProperty(productKey, deviceName, params as Record<string, unknown>);
      print({ sent: 'thing.service.property.set', productKey, deviceName, id });
      return;
    }
    case 'publish':
      if (!target) throw new Error('usage: publish <topic> <payload>');
      await hub.publish(target, argument);
      print({ sent: 'publish', topic: target });
      return;
    case 'devices':
      print({ devices: hub.devices() });
      return;
    default:
      throw new Error(`unknown command "${command}"; type help for the list`);
  }
}
