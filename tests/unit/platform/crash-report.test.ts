// Reliability checklist D5: a crash report names no secret and no home folder, and the session
// outlives the error.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { redactCrashText } from '../../../electron/platform/crash-report';
import { SecretMasker } from '../../../electron/session/secret-mask';

const SECRET = 'Zq81tQ2wE5yU7iO9pA3s';

describe('crash reports', () => {
  it('mask known secrets and write the home folder as ~', () => {
    const masker = new SecretMasker();
    masker.add(SECRET);
    const text = redactCrashText(`Error: bad row "${SECRET}"\n    at run (/home/wang/modemdeck/x.js:1:1)`, (t) => masker.maskText(t), '/home/wang');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('/home/wang');
    expect(text).toContain('(~/modemdeck/x.js:1:1)');
  });

  it('are written for an uncaught error, redacted, and the process goes on', () => {
    const dir = mkdtempSync(join(tmpdir(), 'modemdeck-crash-'));
    try {
      const child = resolve(import.meta.dirname, 'crash-child.ts');
      const home = '/home/wang';
      const run = spawnSync(process.execPath, ['--import', 'tsx', child, dir, SECRET, home], { encoding: 'utf8', timeout: 20_000 });
      expect(run.stdout).toContain('still running');
      expect(run.status).toBe(0);
      const files = readdirSync(dir);
      expect(files).toHaveLength(1);
      const report = readFileSync(join(dir, files[0]), 'utf8');
      expect(report).toMatch(/^ModemDeck main-process error at /);
      expect(report).toContain('~/scripts/ma_MQTT.ini row 16');
      for (const text of [report, run.stderr]) {
        expect(text).not.toContain(SECRET);
        expect(text).not.toContain(SECRET.slice(0, 10));
        expect(text).not.toContain(home);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
