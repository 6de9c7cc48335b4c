// Paths to the shared real-world fixtures (../shared/fixtures beside the repository, in a
// developer's workspace and in CI alike).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const fixturesDir = resolve(repoRoot, '../shared/fixtures');

export function fixturePath(...parts: string[]): string {
  return resolve(fixturesDir, ...parts);
}

export function readFixture(...parts: string[]): Buffer {
  return readFileSync(fixturePath(...parts));
}
