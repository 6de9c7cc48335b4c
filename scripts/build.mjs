#!/usr/bin/env node
// `npm run build`: the Electron main process (ESM, native and networking packages left external),
// the preload (one CommonJS file with everything but 'electron' bundled in: a sandboxed preload
// can require nothing else), then the renderer with vite.
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const only = process.argv.includes('--renderer') ? 'renderer' : process.argv.includes('--electron') ? 'electron' : 'all';

if (only !== 'renderer') {
  await build({
    absWorkingDir: root,
    entryPoints: ['electron/main.ts'],
    outfile: 'dist-electron/main.js',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    external: ['electron', 'serialport', '@serialport/*', 'aedes', 'mqtt', 'ws', 'iconv-lite', 'zod'],
    // ESM output still meets CommonJS packages that call require(): give them one.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  await build({
    absWorkingDir: root,
    entryPoints: ['electron/preload.ts'],
    outfile: 'dist-electron/preload.cjs',
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    target: 'chrome130',
    external: ['electron'],
    logLevel: 'warning',
  });
}
if (only !== 'electron') {
  await viteBuild({ configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)), logLevel: 'warn' });
}
