// Golden test: the virtual EC600S, driven with the host bytes of the real seed session, answers with
// the very bytes the real EC600S-CN sent (/work/shared/fixtures/captures/seed-session.jsonl), over a
// real MQTT connection to the local hub.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LocalHub } from '../../electron/sim/hub';
import { VirtualModule, offlineBroker } from '../../electron/sim/virtual-module';

const CAPTURE = '/work/shared/fixtures/captures/seed-session.jsonl';

interface CaptureRecord {
  dir: 'tx' | 'rx';
  bytes: Buffer;
}

const records: CaptureRecord[] = readFileSync(CAPTURE, 'utf8')
  .split('\n')
  .filter(Boolean)
  .slice(1)
  .map((line) => {
    const r = JSON.parse(line) as { dir: 'tx' | 'rx'; b64: string };
    return { dir: r.dir, bytes: Buffer.from(r.b64, 'base64') };
  });

let hub: LocalHub;
let module: VirtualModule;
let received = Buffer.alloc(0);

beforeAll(async () => {
  hub = await LocalHub.start(); // the seed device is registered by default
  module = new VirtualModule({ timing: 'fast', resolveBroker: offlineBroker(hub.port) });
  module.onOutput((chunk) => {
    received = Buffer.concat([received, chunk]);
  });
});

afterAll(async () => {
  await module.close();
  await hub.close();
});

async function until(predicate: () => boolean, what: string, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

it('answers the seed session byte for byte', async () => {
  module.powerOn();
  await until(() => received.includes('+QIND: PB DONE'), 'the boot URCs');
  expect(received.subarray(0, 7).toString()).toBe('\r\nRDY\r\n');
  received = Buffer.alloc(0);

  // The capture's module printed only RDY at boot; compare from the first command on.
  let expected = Buffer.alloc(0);
  for (const record of records.slice(1)) {
    if (record.dir === 'rx') {
      const text = record.bytes.toString('utf8');
      // The one message the cloud sent on its own: publish it from the hub, as the console did.
      const cloudSet = /^\r\n\+QMTRECV: 0,0,"([^"]+\/service\/property\/set)",\d+,"(.*)"\r\n$/s.exec(text);
      if (cloudSet) {
        await until(() => received.length >= expected.length, 'the output before the cloud message');
        await hub.publish(cloudSet[1], cloudSet[2]);
      }
      expected = Buffer.concat([expected, record.bytes]);
      continue;
    }
    await until(() => received.length >= expected.length, `the answer before ${JSON.stringify(record.bytes.toString())}`);
    expect(received.toString('utf8')).toBe(expected.toString('utf8'));
    module.input(new Uint8Array(record.bytes));
  }
  await until(() => received.length >= expected.length, 'the last answer');
  expect(received.toString('utf8')).toBe(expected.toString('utf8'));
});
