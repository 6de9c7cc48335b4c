// `modemdeck ini` as a user runs it: the real bin script, real files, exit codes and output.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath, repoRoot } from '../support/fixtures';

const BIN = join(repoRoot, 'bin/modemdeck.mjs');
const SECRET = '7ab0c4b3532b5783df5fdc58a2895d7a';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function modemdeck(cwd: string, ...args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

let dir: string;
let show: Result;
let showSecrets: Result;
let badFile: Result;
let missingFile: Result;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'modemdeck-ini-'));
  await writeFile(join(dir, 'ma_MQTT.ini'), await readFile(fixturePath('qcom-ini', 'ma_MQTT.ini')));
  await writeFile(join(dir, 'bad.ini'), '[SET]\nRunTimes=10\n[1]\nCho=0\nCMD=AT\nEnter=1\nthis line is junk\n');
  // Each run starts Node and tsx: run the independent ones side by side.
  [show, showSecrets, badFile, missingFile] = await Promise.all([
    modemdeck(dir, 'ini', 'show', 'ma_MQTT.ini'),
    modemdeck(dir, 'ini', 'show', 'ma_MQTT.ini', '--show-secrets'),
    modemdeck(dir, 'ini', 'show', 'bad.ini'),
    modemdeck(dir, 'ini', 'show', 'missing.ini'),
  ]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('modemdeck ini show', () => {
  it('prints the script as JSON with the MQTT setup the seed script holds', () => {
    expect(show.code).toBe(0);
    const json = JSON.parse(show.stdout);
    expect(Object.keys(json)).toEqual(['settings', 'rows', 'encoding', 'lineEnding', 'extracted']);
    expect(json.settings).toEqual({ runTimes: 10, delayMs: 1000 });
    expect(json.rows).toHaveLength(29);
    expect(json.rows[27]).toEqual({
      index: 28,
      selected: false,
      text: '{"method":"thing.event.property.post","id":"1142523359","params":{"PowerSwitch_1":0},"version":"1.0.0"}',
      hex: false,
      enter: false,
      delayMs: null,
    });
    expect(json.encoding).toBe('utf-8');
    expect(json.lineEnding).toBe('lf');
    expect(json.extracted).toEqual({
      productKey: 'a1wFylTxYeD',
      deviceName: 'co_0001',
      host: 'iot-as-mqtt.cn-shanghai.aliyuncs.com',
      port: 1883,
      clientId: 'clientExample_0',
      topics: ['/sys/a1wFylTxYeD/co_0001/thing/service/property/set', '/sys/a1wFylTxYeD/co_0001/thing/event/property/post'],
    });
  });

  it('masks the DeviceSecret, keeping its length and last 3 characters, unless --show-secrets', () => {
    expect(show.stdout + show.stderr).not.toContain(SECRET);
    expect(JSON.parse(show.stdout).rows[15].text).toBe(`AT+QMTCFG="aliauth",0,"a1wFylTxYeD","co_0001","${'*'.repeat(29)}d7a"`);
    expect(showSecrets.code).toBe(0);
    expect(JSON.parse(showSecrets.stdout).rows[15].text).toContain(SECRET);
  });

  it('answers a bad file with exit 2 and one line naming the file and line', () => {
    expect(badFile.code).toBe(2);
    expect(badFile.stdout).toBe('');
    expect(badFile.stderr).toBe('modemdeck ini: bad.ini line 7: this line is neither a [section], a key=value line, a comment nor blank: fix or remove it\n');
  });

  it('answers a missing file with exit 2 and its path', () => {
    expect(missingFile.code).toBe(2);
    expect(missingFile.stderr).toBe('modemdeck ini: missing.ini: no such file\n');
  });
});

describe('modemdeck ini convert', () => {
  it('goes .ini → .json → .ini byte-identical, and refuses to overwrite its input', async () => {
    const toJson = await modemdeck(dir, 'ini', 'convert', 'ma_MQTT.ini', 'ma.json');
    expect(toJson.code).toBe(0);
    expect(toJson.stderr).toMatch(/^note: ma\.json holds credentials in clear \(row 16\)/);
    const [back, overwrite, masked] = await Promise.all([
      modemdeck(dir, 'ini', 'convert', 'ma.json', 'back.ini'),
      modemdeck(dir, 'ini', 'convert', 'ma.json', './ma.json'),
      modemdeck(dir, 'ini', 'convert', 'ma_MQTT.ini', 'shared.ini', '--mask-secrets'),
    ]);
    expect(back.code).toBe(0);
    expect((await readFile(join(dir, 'back.ini'))).equals(await readFile(fixturePath('qcom-ini', 'ma_MQTT.ini')))).toBe(true);
    expect(overwrite).toMatchObject({ code: 2, stderr: 'modemdeck ini: ./ma.json is the input file: give another output path\n' });
    expect(masked).toMatchObject({ code: 0, stderr: '' });
    const shared = await readFile(join(dir, 'shared.ini'), 'utf8');
    expect(shared).not.toContain(SECRET);
    expect(shared).toContain('CMD=AT+QMTCFG="aliauth",0,"a1wFylTxYeD","co_0001","<DeviceSecret>"');
  });
});
