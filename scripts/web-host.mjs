#!/usr/bin/env node
// Entry of `npm run web` (after the renderer is built): the browser host, run from the TypeScript
// sources through tsx like bin/modemdeck.mjs. Options: --port N (default: a free port),
// --renderer DIR (default: dist-renderer).
import { register } from 'tsx/esm/api';

register();
const { runWebHost } = await import('../electron/web-host.ts');
process.exitCode = await runWebHost(process.argv.slice(2));
