// `modemdeck run <script.ini> --port <path>`: runs a QCOM script's rows against a real port,
// each row waiting for its result (and, for AT+QMTOPEN and friends, its URC) before the next; a
// row right after a `>` prompt is sent as the data. Prints the transcript and a summary; exit 1
// when a row failed.
import { readFile } from 'node:fs/promises';
import { parseQcomIni, QcomIniError } from '../presets/qcom-ini';
import { destructiveRows } from '../presets/destructive';
import { isEmptyRow, parseRowSelection, RowSelectionError, ScriptRunner } from '../presets/script-runner';
import { openSerialLink, LinkOpenError } from '../link/serial-link';
import { DEFAULT_SERIAL } from '../link/types';
import { CaptureWriter, CaptureOpenError } from '../capture/capture-writer';
import { SessionPipeline } from '../session/pipeline';
import { SecretMasker } from '../session/secret-mask';
import { AtClient } from '../services/at-client';
import { createRowExecutor } from '../services/row-executor';
import { schedulerSleeper, systemScheduler } from '../platform/system-scheduler';
import { describeFact } from '../../shared/fact-text';
import { checkFlags, flag, parseArgs, UsageError, type CliIo } from './io';

const USAGE = 'usage: modemdeck run <script.ini> --port <path> [--baud 115200] [--rows 1,2,5-7 | --all] [--times N] [--delay ms] [--timeout ms] [--capture out.jsonl] [--json] [--yes]';

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} takes a whole number, not "${value}"`);
  return Number(value);
}

export default async function run(io: CliIo): Promise<number> {
  const args = parseArgs(io.args, ['all', 'json', 'yes']);
  checkFlags(args, ['port', 'baud', 'rows', 'all', 'times', 'delay', 'timeout', 'capture', 'json', 'yes']);
  if (args.positionals.length !== 1) throw new UsageError(USAGE);
  const file = args.positionals[0];
  const port = flag(args, 'port');
  if (!port) throw new UsageError(`--port <path> is required (${USAGE.replace('usage: ', '')})`);
  const baudRate = positiveInt(flag(args, 'baud'), 'baud', 115200);
  const times = positiveInt(flag(args, 'times'), 'times', 1);
  const delay = flag(args, 'delay') === undefined ? undefined : positiveInt(flag(args, 'delay'), 'delay', 0);
  const timeoutMs = flag(args, 'timeout') === undefined ? undefined : positiveInt(flag(args, 'timeout'), 'timeout', 0);

  let script;
  try {
    script = parseQcomIni(await readFile(file));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`${file}: no such file`);
    if (err instanceof QcomIniError) throw new UsageError(`${file}${err.line ? ` line ${err.line}` : ''}: ${err.message}`);
    throw err;
  }
  let rows: number[];
  try {
    if (flag(args, 'rows') && flag(args, 'all')) throw new UsageError('give --rows or --all, not both');
    if (flag(args, 'rows')) rows = parseRowSelection(flag(args, 'rows')!, script.rows.length);
    else if (flag(args, 'all')) rows = script.rows.filter((r) => !isEmptyRow(r)).map((r) => r.index);
    else rows = script.rows.filter((r) => r.selected && !isEmptyRow(r)).map((r) => r.index);
  } catch (err) {
    if (err instanceof RowSelectionError) throw new UsageError(err.message);
    throw err;
  }
  if (rows.length === 0) throw new UsageError(`${file} has no selected rows (Cho=1): name them with --rows 1,2,5-7 or run every row with --all`);
  const risky = destructiveRows(script, rows);
  if (risky.length > 0 && !flag(args, 'yes')) {
    const list = risky.map((d) => `row ${d.index} ${d.text} (${d.why.en})`).join('; ');
    throw new UsageError(`${list}: add --yes to run it anyway`);
  }
  if (delay !== undefined) {
    script = { ...script, settings: { ...script.settings, delayMs: delay }, rows: script.rows.map((r) => ({ ...r, delayMs: null })) };
  }

  let link;
  try {
    link = await openSerialLink({ ...DEFAULT_SERIAL, path: port, baudRate });
  } catch (err) {
    if (err instanceof LinkOpenError) {
      if (err.code === 'NOT_FOUND') throw new UsageError(err.message);
      io.stderr.write(`modemdeck run: ${err.message}\n`);
      return 1;
    }
    throw err;
  }

  const masker = new SecretMasker();
  const pipeline = new SessionPipeline({ clock: systemScheduler, masker });
  const client = new AtClient({ link, pipeline, scheduler: systemScheduler });
  let capture: CaptureWriter | null = null;
  const capturePath = flag(args, 'capture');
  try {
    if (capturePath) {
      try {
        capture = await CaptureWriter.open({ path: capturePath, port, baudRate, masker, note: `modemdeck run ${file}` });
      } catch (err) {
        if (err instanceof CaptureOpenError) throw new UsageError(err.message);
        throw err;
      }
      client.onTx((bytes, t) => capture?.record('tx', bytes, t));
      client.onRx((bytes, t) => capture?.record('rx', bytes, t));
    }
    const t0 = systemScheduler.now();
    const stamp = (t: number) => `${((t - t0) / 1000).toFixed(3).padStart(8)} `;
    const json = Boolean(flag(args, 'json'));
    pipeline.onFact((f) => {
      if (json) io.stdout.write(`${JSON.stringify(f)}\n`);
      else if (f.kind !== 'at.command') io.stdout.write(`${stamp(f.t)}  ${describeFact(f)}\n`);
    });
    link.onClose((c) => {
      if (c.unplugged) io.stderr.write(`modemdeck run: ${port} went away: ${c.message}\n`);
    });

    const runner = new ScriptRunner({ executor: createRowExecutor(client), sleeper: schedulerSleeper(systemScheduler), clock: systemScheduler });
    void io.interrupted.then(() => runner.stop());
    const summary = await runner.run(script, {
      rows,
      runTimes: times,
      waitForResult: true,
      resultTimeoutMs: timeoutMs,
      onProgress: (ev) => {
        if (json) return;
        if (ev.kind === 'row-started') {
          const row = script.rows[ev.row - 1];
          io.stdout.write(`${stamp(ev.t)}[${ev.row}] ${row.hex ? `HEX ${row.text}` : masker.maskText(row.text)}\n`);
        } else if (ev.kind === 'row-done' && !ev.outcome.ok) {
          io.stdout.write(`${stamp(ev.t)}[${ev.row}] FAILED: ${ev.outcome.result}${ev.outcome.detail ? ` — ${ev.outcome.detail}` : ''}\n`);
        }
      },
    });
    const line = `${summary.rowsSent} row(s) sent, ${summary.failures} failed${summary.stopped ? ', stopped' : ''}`;
    if (json) io.stderr.write(`${line}\n`);
    else io.stdout.write(`${line}\n`);
    return summary.failures > 0 ? 1 : 0;
  } finally {
    client.close();
    await capture?.close();
    await link.close().catch(() => {});
  }
}
