// `modemdeck sim --pty --hub`: the newcomer's one command prints the port first and answers on it.
import { SerialPort } from 'serialport';
import { expect, it } from 'vitest';
import sim from '../../electron/cli/sim';
import { UsageError, type CliIo } from '../../electron/cli/io';
import { runCli } from '../support/cli-process';
import { WireProbe } from '../unit/sim/wire-probe';

it('prints `port: <path>` first, answers AT there, runs the hub, and stops cleanly on SIGTERM', async () => {
  const cli = runCli(['sim', '--pty', '--hub', '--timing', 'fast']);
  try {
    const [, path] = await cli.line(/^port: (\S+)$/);
    expect(cli.stdout().startsWith(`port: ${path}\n`)).toBe(true);
    await cli.line(/^mqtt: 127\.0\.0\.1:\d+$/);

    const host = new SerialPort({ path, baudRate: 115200, autoOpen: false });
    await new Promise<void>((resolve, reject) => host.open((err) => (err ? reject(err) : resolve())));
    const probe = new WireProbe((bytes) => host.write(Buffer.from(bytes)));
    host.on('data', probe.feed);
    expect(await probe.command('AT')).toMatch(/AT\r\r\nOK\r\n$/);

    // The seed device is registered out of the box.
    await probe.command('AT+QMTCFG="aliauth",0,"a1wFylTxYeD","co_0001","7ab0c4b3532b5783df5fdc58a2895d7a"');
    await probe.command('AT+QMTOPEN=0,"iot-as-mqtt.cn-shanghai.aliyuncs.com",1883');
    await probe.waitFor('+QMTOPEN: 0,0');
    await probe.command('AT+QMTCONN=0,"clientExample_0"');
    await probe.waitFor('+QMTCONN: 0,0,0');
    cli.child.stdin.write('devices\n');
    await cli.line(/"online":true/);
    expect(cli.stdout()).not.toContain('7ab0c4b3532b5783df5fdc58a2895d7a');

    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    await new Promise((r) => setTimeout(r, 50));
    expect(host.isOpen).toBe(false); // socat is gone with it: the port was unplugged
  } finally {
    cli.child.kill('SIGKILL');
  }
});

it('refuses bad usage with a one-line message (the CLI prints it and exits 2)', async () => {
  const io = (args: string[]): CliIo => ({ args, stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, interrupted: new Promise(() => {}) });
  await expect(sim(io(['--hub']))).rejects.toThrow(new UsageError('give either --pty (make a pty pair) or --port <path> (serve an existing port)'));
  await expect(sim(io(['--pty', '--hub', '--online']))).rejects.toThrow('--hub, --broker and --online exclude each other');
  await expect(sim(io(['--pty', '--device', 'pk:dn:s']))).rejects.toThrow('--device and --hub-port need --hub');
  await expect(sim(io(['--pty', '--hub', '--device', 'pk:dn']))).rejects.toThrow('--device must be <productKey>:<deviceName>:<deviceSecret>');
  await expect(sim(io(['--pty', '--timing', 'slow']))).rejects.toThrow('--timing must be realistic or fast');
});
