// `modemdeck replay <capture.jsonl | raw-rx.bin> [--json]`: the facts of a recorded session, one
// per line in time order — exactly what the app showed live. Secrets stay masked unless asked.
import { readCapture, CaptureParseError } from '../capture/capture-reader';
import { replayRecords } from '../session/replay';
import { SecretMasker } from '../session/secret-mask';
import { describeFact } from '../../shared/fact-text';
import { checkFlags, flag, parseArgs, UsageError, type CliIo } from './io';

export default async function replay(io: CliIo): Promise<number> {
  const args = parseArgs(io.args, ['json', 'show-secrets', 'zh']);
  checkFlags(args, ['json', 'show-secrets', 'zh']);
  if (args.positionals.length !== 1) throw new UsageError('usage: modemdeck replay <capture.jsonl | raw-rx.bin> [--json] [--show-secrets]');
  const file = args.positionals[0];
  let capture;
  try {
    capture = await readCapture(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${file}: no such file`);
    if (code === 'EISDIR') throw new UsageError(`${file} is a folder, not a capture`);
    if (err instanceof CaptureParseError) throw new UsageError(`${file}: ${err.message}`);
    throw err;
  }
  const masker = flag(args, 'show-secrets') ? undefined : new SecretMasker();
  const facts = replayRecords(capture.records, { masker });
  const t0 = capture.records[0]?.t ?? 0;
  for (const f of facts) {
    if (flag(args, 'json')) io.stdout.write(`${JSON.stringify(f)}\n`);
    else io.stdout.write(`${((f.t - t0) / 1000).toFixed(3).padStart(9)}  ${f.kind.padEnd(16)} ${describeFact(f, flag(args, 'zh') ? 'zh' : 'en')}\n`);
  }
  if (capture.truncatedLines > 0) io.stderr.write(`note: ${capture.truncatedLines} cut-off record(s) skipped (the recording ended abruptly)\n`);
  return 0;
}
