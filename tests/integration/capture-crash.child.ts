// Run by capture.test.ts and killed with SIGKILL mid-stream: records numbered lines as fast as
// asked and reports on stdout "<time> <n>" once lines 0..n-1 have been handed to the writer.
import { CaptureWriter } from '../../electron/capture/capture-writer';
import { SecretMasker } from '../../electron/session/secret-mask';
import { utf8Encode } from '../../shared/bytes';

const [path, rate] = process.argv.slice(2);
// fast: far past the 64 KiB threshold; slow: only the one-second timer ever writes.
const { perBurst, everyMs } = rate === 'fast' ? { perBurst: 100, everyMs: 2 } : { perBurst: 5, everyMs: 50 };

const writer = await CaptureWriter.open({ path, port: 'ttySIM', baudRate: 115200, masker: new SecretMasker() });
let seq = 0;
const burst = () => {
  for (let i = 0; i < perBurst; i++, seq++) writer.record(seq % 2 ? 'rx' : 'tx', utf8Encode(`+SEQ: ${seq}\r\n`));
  process.stdout.write(`${Date.now()} ${seq}\n`);
  setTimeout(burst, everyMs);
};
burst();
