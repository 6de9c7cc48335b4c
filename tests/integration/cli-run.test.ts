// `modemdeck run` against the virtual EC600S on a real pty, with the local hub: the seed flow's
// rows reach +QMTOPEN: 0,0 and +QMTCONN: 0,0,0, the subscriptions are granted, a post reaches the
// hub and its post_reply comes back as +QMTRECV, paired with its latency.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fact } from '../../shared/facts';
import { runCli, type CliProcess } from '../support/cli-process';
import { fixturePath } from '../support/fixtures';

const SECRET = '7ab0c4b3532b5783df5fdc58a2895d7a';
const PK = 'a1wFylTxYeD';
const POST = `/sys/${PK}/co_0001/thing/event/property/post`;

function ini(rows: Array<{ cmd: string; enter?: boolean }>): string {
  const body = rows.map((r, i) => `[${i + 1}]\nCho=1\nCMD=${r.cmd}\nDelay=\nHEX=0\nEnter=${r.enter === false ? 0 : 1}\n`).join('');
  return `[SET]\nRunTimes=1\nDelayTime=0\n${body}`;
}

function facts(stdout: string): Fact[] {
  return stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Fact);
}

async function exitOf(p: CliProcess): Promise<number | null> {
  return p.exited;
}

describe('modemdeck run over a pty with the virtual EC600S', () => {
  let sim: CliProcess;
  let port: string;
  const dir = mkdtempSync(join(tmpdir(), 'modemdeck-run-'));

  beforeAll(async () => {
    sim = runCli(['sim', '--pty', '--hub', '--timing', 'fast']);
    [, port] = await sim.line(/^port: (\S+)$/);
    await sim.line(/^mqtt: 127\.0\.0\.1:\d+$/);
  });
  afterAll(async () => {
    sim.child.kill('SIGTERM');
    await sim.exited;
  });

  it('runs the seed rows of ma_MQTT.ini: open, connect, subscribe, publish', async () => {
    const capture = join(dir, 'seed.jsonl');
    const run = runCli(['run', fixturePath('qcom-ini', 'ma_MQTT.ini'), '--port', port, '--rows', '1-7,11,12,15,16,18-21,23,25,27,28', '--delay', '0', '--json', '--capture', capture]);
    const code = await exitOf(run);
    const fs = facts(run.stdout());
    const kinds = (k: string) => fs.filter((f) => f.kind === k);
    expect(kinds('at.result').map((f) => (f as { urc: string }).urc)).toEqual(
      expect.arrayContaining(['+QMTOPEN: 0,0', '+QMTCONN: 0,0,0', '+QMTSUB: 0,1,0,1', '+QMTPUBEX: 0,0,0']),
    );
    expect(kinds('mqtt.subscribe').every((f) => (f as { topics: { grantedQos: number | null }[] }).topics[0].grantedQos === 1)).toBe(true);
    expect(kinds('mqtt.publish')[0]).toMatchObject({ topic: POST, declaredLength: 103, sentLength: 103, truncated: false, ok: true });
    // QIACT=1 may find the context already active (the module keeps state between runs): benign.
    expect(code === 0 || fs.some((f) => f.kind === 'at.final' && f.command === 'AT+QIACT=1' && !f.ok)).toBe(true);
    // the hub printed the post it received
    await sim.line(new RegExp(`"topic":"${POST.replace(/\//g, '\\/')}"`));
    // nothing of the secret in the transcript or the capture
    expect(run.stdout()).not.toContain(SECRET);
    expect(readFileSync(capture, 'utf8')).not.toContain(SECRET);
    expect(Buffer.from(readFileSync(capture, 'utf8')).toString('base64')).not.toContain(Buffer.from(SECRET).toString('base64'));
  });

  it('pairs a property post with its post_reply, which comes back as +QMTRECV', async () => {
    const payload = '{"id":"4242","version":"1.0","params":{"PowerSwitch_1":1},"method":"thing.event.property.post"}';
    const script = join(dir, 'post.ini');
    writeFileSync(script, ini([
      { cmd: 'AT+QMTDISC=0' },
      { cmd: 'AT+QMTCFG="recv/mode",0,0,1' },
      { cmd: `AT+QMTCFG="aliauth",0,"${PK}","co_0001","${SECRET}"` },
      { cmd: 'AT+QMTOPEN=0,"iot-as-mqtt.cn-shanghai.aliyuncs.com",1883' },
      { cmd: 'AT+QMTCONN=0,"clientExample_0"' },
      { cmd: `AT+QMTSUB=0,3,"${POST}_reply",1` },
      { cmd: `AT+QMTPUBEX=0,0,0,0,"${POST}",${Buffer.byteLength(payload)}` },
      { cmd: payload, enter: false },
      { cmd: 'AT+QMTCONN?' },
    ]));
    const run = runCli(['run', script, '--port', port, '--all', '--json']);
    await exitOf(run);
    const fs = facts(run.stdout());
    const reply = fs.find((f) => f.kind === 'alink' && f.topic === `${POST}_reply`);
    expect(reply).toMatchObject({ direction: 'down', id: '4242', code: 200, replyTo: 'thing.event.property.post' });
    expect((reply as { pairedLatencyMs: number | null }).pairedLatencyMs).toBeGreaterThanOrEqual(0);
    expect(fs.some((f) => f.kind === 'mqtt.message' && f.topic === `${POST}_reply`)).toBe(true);
  });

  it('stops at QMTCONN with return code 4 and exit 1 for a wrong DeviceSecret', async () => {
    const script = join(dir, 'wrong.ini');
    writeFileSync(script, ini([
      { cmd: 'AT+QMTDISC=0' },
      { cmd: 'AT+QMTCLOSE=0' },
      { cmd: `AT+QMTCFG="aliauth",0,"${PK}","co_0001","00000000000000000000000000000000"` },
      { cmd: 'AT+QMTOPEN=0,"iot-as-mqtt.cn-shanghai.aliyuncs.com",1883' },
      { cmd: 'AT+QMTCONN=0,"clientExample_0"' },
    ]));
    const run = runCli(['run', script, '--port', port, '--all']);
    expect(await exitOf(run)).toBe(1);
    expect(run.stdout()).toMatch(/\+QMTCONN: 0,0,4/);
    expect(run.stdout()).toMatch(/CONNACK 4/);
  });

  it('answers bad usage with exit 2 and one line', async () => {
    const run = runCli(['run', fixturePath('qcom-ini', 'ma_MQTT.ini')]);
    expect(await exitOf(run)).toBe(2);
    expect(run.stderr().trim().split('\n')).toHaveLength(1);
    const missing = runCli(['run', fixturePath('qcom-ini', 'ma_MQTT.ini'), '--port', '/dev/does-not-exist', '--all']);
    expect(await exitOf(missing)).toBe(2);
    expect(missing.stderr()).toMatch(/does not exist/);
  });

  it('asks for --yes before running a row that powers the module off', async () => {
    const script = join(dir, 'powd.ini');
    writeFileSync(script, ini([{ cmd: 'AT' }, { cmd: 'AT+QPOWD=1' }]));
    const run = runCli(['run', script, '--port', port, '--all']);
    expect(await exitOf(run)).toBe(2);
    expect(run.stderr()).toMatch(/row 2 AT\+QPOWD=1 \(powers the module off\): add --yes/);
    expect(run.stdout()).toBe('');
  });
});
