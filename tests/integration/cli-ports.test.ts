// `modemdeck ports` as a user runs it: exit 0 with a list, a note when udevadm is missing, JSON on
// request, and exit 2 with one line for a bad option.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/fixtures';

const run = async (args: string[], env: NodeJS.ProcessEnv = process.env) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(repoRoot, 'bin/modemdeck.mjs'), 'ports', ...args], { env, cwd: repoRoot });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

describe('modemdeck ports', () => {
  it('prints one port a line, or says there are none, and exits 0', async () => {
    const { code, stdout } = await run([]);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    if (lines[0] !== 'no serial ports found') for (const line of lines) expect(line).toMatch(/^\/dev\/|^COM\d+/);
  });

  it('prints JSON and a note on stderr when udevadm is not installed', async () => {
    const { code, stdout, stderr } = await run(['--json'], { ...process.env, PATH: '/nonexistent' });
    expect(code).toBe(0);
    const ports = JSON.parse(stdout) as Array<{ path: string }>;
    expect(Array.isArray(ports)).toBe(true);
    for (const p of ports) expect(typeof p.path).toBe('string');
    if (process.platform === 'linux') expect(stderr).toBe('modemdeck ports: udevadm not found: ports found by scanning /dev, without USB descriptions (install udev for them)\n');
  });

  it('rejects an unknown option with one line and exit code 2', async () => {
    const { code, stdout, stderr } = await run(['--bogus']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('modemdeck ports: unknown option --bogus\n');
  });
});
