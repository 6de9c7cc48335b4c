// `modemdeck hub`: prints where it listens, reports device messages as JSON lines, and its console's
// `set` reaches a connected device.
import { expect, it } from 'vitest';
import { VirtualModule, offlineBroker } from '../../electron/sim/virtual-module';
import { runCli } from '../support/cli-process';
import { WireProbe } from '../unit/sim/wire-probe';

const SET_TOPIC = '/sys/a1wFylTxYeD/co_0001/thing/service/property/set';
const POST_TOPIC = '/sys/a1wFylTxYeD/co_0001/thing/event/property/post';

it('runs the console against a connected virtual module', async () => {
  const cli = runCli(['hub', '--port', '0', '--device', 'a1OtherPK00:dev_2:c0ffee']);
  let module: VirtualModule | undefined;
  try {
    const [, port] = await cli.line(/^mqtt: 127\.0\.0\.1:(\d+)$/);
    expect(cli.stdout().startsWith('mqtt: ')).toBe(true);

    module = new VirtualModule({ timing: 'fast', resolveBroker: offlineBroker(Number(port)) });
    const probe = new WireProbe((bytes) => module!.input(bytes));
    module.onOutput(probe.feed);
    module.powerOn();
    await probe.waitFor('+QIND: PB DONE\r\n');
    await probe.command('AT+QMTCFG="recv/mode",0,0,1');
    await probe.command('AT+QMTCFG="aliauth",0,"a1wFylTxYeD","co_0001","7ab0c4b3532b5783df5fdc58a2895d7a"');
    await probe.command('AT+QMTOPEN=0,"iot-as-mqtt.cn-shanghai.aliyuncs.com",1883');
    await probe.waitFor('+QMTOPEN: 0,0');
    await probe.command('AT+QMTCONN=0,"clientExample_0"');
    await probe.waitFor('+QMTCONN: 0,0,0');
    await probe.command(`AT+QMTSUB=0,1,"${SET_TOPIC}",0`);
    await probe.waitFor('+QMTSUB: 0,1,0,1');

    cli.child.stdin.write('set a1wFylTxYeD/co_0001 {"PowerSwitch_1":1}\n');
    const [, id] = await cli.line(/^\{"sent":"thing.service.property.set".*"id":"(\d+)"\}$/);
    const set = `{"method":"thing.service.property.set","id":"${id}","params":{"PowerSwitch_1":1},"version":"1.0.0"}`;
    await probe.waitFor(`+QMTRECV: 0,0,"${SET_TOPIC}",${set.length},"${set}"`);

    // Bad input costs one error line, and the console goes on.
    cli.child.stdin.write('set nobody\nfrobnicate\nset a1wFylTxYeD/co_0001 {not json}\ndevices\n');
    const [, devices] = await cli.line(/^\{"devices":(.*)\}$/);
    expect(JSON.parse(devices)).toEqual([
      { productKey: 'a1wFylTxYeD', deviceName: 'co_0001', online: true },
      { productKey: 'a1OtherPK00', deviceName: 'dev_2', online: false },
    ]);
    expect(cli.stderr().match(/^error: /gm)).toHaveLength(3);
    expect(cli.stdout() + cli.stderr()).not.toMatch(/7ab0c4b3532b5783df5fdc58a2895d7a|c0ffee/);

    // What the device publishes comes out as one JSON line.
    probe.send(`AT+QMTPUBEX=0,0,0,0,"${POST_TOPIC}",11\r`);
    await probe.waitFor('> ');
    probe.send('{"id":"77"}');
    const [line] = await cli.line(/^\{.*"topic":"\/sys\/a1wFylTxYeD\/co_0001\/thing\/event\/property\/post".*\}$/);
    expect(JSON.parse(line)).toMatchObject({ productKey: 'a1wFylTxYeD', deviceName: 'co_0001', topic: POST_TOPIC, payload: '{"id":"77"}' });
    expect(typeof JSON.parse(line).t).toBe('number');

    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
    await probe.waitFor('\r\n+QMTSTAT: 0,1\r\n');
  } finally {
    cli.child.kill('SIGKILL');
    await module?.close();
  }
});
