// Layer rules of docs/architecture.md, enforced: the pure core imports no IO,
// shared/ stays runtime-neutral, and only the named files touch 'electron' or 'serialport'.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const io = ['electron', 'serialport', '@serialport/*', 'fs', 'fs/*', 'node:*', 'net', 'child_process', 'mqtt', 'aedes', 'ws'];
// Bare package names are matched exactly (so a folder named mqtt/ is not a package); globs and
// relative paths as patterns.
const restrict = (specs, message) => {
  const exact = specs.filter((s) => !s.includes('*') && !s.startsWith('.'));
  const globs = specs.filter((s) => s.includes('*') || s.startsWith('.'));
  return {
    'no-restricted-imports': [
      'error',
      { paths: exact.map((name) => ({ name, message })), patterns: globs.map((group) => ({ group: [group], message })) },
    ],
  };
};

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'dist-electron', 'dist-renderer', 'release', 'bench/out', 'coverage', 'test-results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['shared/**'],
    rules: { ...restrict([...io, '../electron/*', '../renderer/*', '../../electron/*', '../../renderer/*'], 'shared/ is imported by both sides: no electron, no node, no DOM') },
  },
  {
    files: ['renderer/**'],
    rules: { ...restrict([...io, '../electron/*', '../../electron/*', '../../../electron/*'], 'the renderer reaches the main process only through renderer/api.ts') },
  },
  {
    files: ['electron/**'],
    ignores: ['electron/main.ts', 'electron/window.ts', 'electron/preload.ts', 'electron/ipc/electron-*.ts', 'electron/secrets/safe-storage.ts'],
    rules: { ...restrict(['electron'], "only main.ts, window.ts, preload.ts and ipc/electron-*.ts import 'electron'") },
  },
  // After the electron/** block: flat config lets the later block win, and the pure core is stricter.
  {
    files: ['electron/at/**', 'electron/session/**', 'electron/presets/**'],
    ignores: ['electron/presets/*-file.ts'],
    rules: {
      ...restrict([...io, 'timers', 'node:timers'], 'the pure core (at, session, presets) does no IO: take bytes and a clock'),
      'no-restricted-globals': ['error', 'setTimeout', 'setInterval', 'Date', 'process', 'Buffer'],
    },
  },
  {
    files: ['bin/**/*.mjs', 'scripts/**/*.mjs', '*.js', 'tests/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
  },
);
