// `modemdeck ini show <file> [--show-secrets]` and `modemdeck ini convert <in> <out> [--mask-secrets]`:
// the shell around the QCOM script codec (electron/presets). Bad input is one line and exit 2.
import { readFile, realpath, stat, writeFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { checkFlags, flag, parseArgs, UsageError, type CliIo } from './io';
import { extractMqttSetup, findSecrets, maskKeepingTail, maskScriptSecrets } from '../presets/extract';
import { MAX_SCRIPT_BYTES, parseQcomIni, QcomIniError, writeQcomIni, type QcomScript } from '../presets/qcom-ini';
import { scriptFromJson, scriptToJson } from '../presets/qcom-json';

const USAGE = 'usage: modemdeck ini show <file.ini> [--show-secrets] | modemdeck ini convert <in.ini|.json> <out.json|.ini> [--mask-secrets]';

export default async function ini(io: CliIo): Promise<number> {
  const args = parseArgs(io.args, ['show-secrets', 'mask-secrets']);
  const [action, ...paths] = args.positionals;
  if (action === 'show' && paths.length === 1) {
    checkFlags(args, ['show-secrets']);
    const script = await loadScript(paths[0]);
    io.stdout.write(`${JSON.stringify(showView(script, flag(args, 'show-secrets') === 'true'), null, 2)}\n`);
    return 0;
  }
  if (action === 'convert' && paths.length === 2) {
    checkFlags(args, ['mask-secrets']);
    return convert(io, paths[0], paths[1], flag(args, 'mask-secrets') === 'true');
  }
  throw new UsageError(USAGE);
}

/** The JSON `ini show` prints; the DeviceSecret (and any password) masked unless asked for. */
function showView(script: QcomScript, showSecrets: boolean) {
  const shown = showSecrets ? script : maskScriptSecrets(script, (s) => maskKeepingTail(s.value));
  const setup = extractMqttSetup(shown);
  return {
    settings: shown.settings,
    rows: shown.rows.map(({ index, selected, text, hex, enter, delayMs }) => ({ index, selected, text, hex, enter, delayMs })),
    encoding: shown.encoding,
    lineEnding: shown.lineEnding,
    extracted: {
      productKey: setup.productKey,
      deviceName: setup.deviceName,
      host: setup.host,
      port: setup.port,
      clientId: setup.clientId,
      topics: setup.topics,
    },
  };
}

async function convert(io: CliIo, input: string, output: string, maskSecrets: boolean): Promise<number> {
  const from = formatOf(input);
  const to = formatOf(output);
  if (await sameFile(input, output)) throw new UsageError(`${output} is the input file: give another output path`);
  let script = from === 'ini' ? await loadScript(input) : await loadJsonScript(input);
  const secrets = findSecrets(script);
  if (maskSecrets) script = maskScriptSecrets(script, (s) => `<${s.kind}>`);
  let bytes: Uint8Array;
  try {
    bytes = to === 'ini' ? writeQcomIni(script) : new TextEncoder().encode(`${JSON.stringify(scriptToJson(script), null, 2)}\n`);
  } catch (err) {
    throw asUsageError(err, output);
  }
  await writeFile(output, bytes).catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot write ${output}: ${err.code ?? err.message}`);
  });
  if (secrets.length > 0 && !maskSecrets) {
    const rows = [...new Set(secrets.map((s) => s.row))].join(', ');
    io.stderr.write(`note: ${output} holds credentials in clear (row ${rows}); use --mask-secrets to write placeholders instead\n`);
  }
  return 0;
}

function formatOf(path: string): 'ini' | 'json' {
  const ext = extname(path).toLowerCase();
  if (ext === '.ini' || ext === '.json') return ext === '.ini' ? 'ini' : 'json';
  throw new UsageError(`${path}: name the file .ini or .json so the format is clear`);
}

async function sameFile(a: string, b: string): Promise<boolean> {
  const real = (p: string) => realpath(p).catch(() => resolve(p));
  return (await real(a)) === (await real(b));
}

async function readScriptBytes(path: string): Promise<Uint8Array> {
  try {
    // Refuse before reading: the codec would refuse anyway, but not after loading gigabytes.
    const info = await stat(path);
    if (info.isDirectory()) throw new UsageError(`${path} is a folder: give a script file`);
    if (info.size > MAX_SCRIPT_BYTES) throw new UsageError(`${path}: the file is ${info.size} bytes; a QCOM script is at most 1 MiB: is this the right file?`);
    return await readFile(path);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${path}: no such file` : `cannot read ${path}: ${code ?? String(err)}`);
  }
}

async function loadScript(path: string): Promise<QcomScript> {
  const bytes = await readScriptBytes(path);
  try {
    return parseQcomIni(bytes);
  } catch (err) {
    throw asUsageError(err, path);
  }
}

async function loadJsonScript(path: string): Promise<QcomScript> {
  const text = new TextDecoder().decode(await readScriptBytes(path));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    // V8's message quotes the text around the error, which may be a secret: keep only the position.
    const at = /position (\d+)/.exec((err as Error).message);
    const line = at ? ` line ${text.slice(0, Number(at[1])).split('\n').length}` : '';
    throw new UsageError(`${path}${line}: not valid JSON: check the brackets, quotes and commas there`);
  }
  try {
    return scriptFromJson(value);
  } catch (err) {
    throw asUsageError(err, path);
  }
}

/** `ma.ini line 7: ...`, the one line the dispatcher prints with exit code 2. */
function asUsageError(err: unknown, path: string): unknown {
  if (!(err instanceof QcomIniError)) return err;
  return new UsageError(`${path}${err.line === null ? '' : ` line ${err.line}`}: ${err.message}`);
}
