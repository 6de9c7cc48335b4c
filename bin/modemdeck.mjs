#!/usr/bin/env node
// Entry point of `npx modemdeck`: runs the TypeScript CLI through tsx (a runtime dependency),
// so the command works straight from a clone or an install with no build step.
import { register } from 'tsx/esm/api';

register();
// `modemdeck replay x | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}
const { main } = await import('../electron/cli.ts');
const code = await main(process.argv.slice(2));
// Let streams drain; subcommands that hold sockets close them before returning.
process.exitCode = code;
