// Writing a QCOM script back to .ini bytes, in the layout QCOM V1.6 saves ([SET], then [1], [2], ...
// with Cho, CMD, Delay, HEX, Enter). A script from the UI or from JSON is checked first, so what is
// written reads back as the same script.
import { encodeScriptText, gbkCanHold } from './qcom-ini-encoding';
import { classifyLine, clip, RESERVED_NAMES, ROW_KEYS, SETTINGS_KEYS } from './qcom-ini-lines';
import { MAX_DELAY_MS, MAX_ROW_INDEX, MAX_RUN_TIMES, QcomIniError, type QcomEncoding, type QcomScript } from './qcom-script';

export function writeQcomIni(script: QcomScript): Uint8Array {
  checkWritable(script);
  const { settings, preserved } = script;
  const lines: string[] = [...preserved.preamble, '[SET]', `RunTimes=${settings.runTimes}`, `DelayTime=${settings.delayMs}`, ...preserved.settings];
  for (const row of script.rows) {
    lines.push(
      `[${row.index}]`,
      `Cho=${row.selected ? 1 : 0}`,
      `CMD=${row.text}`,
      `Delay=${row.delayMs ?? ''}`,
      `HEX=${row.hex ? 1 : 0}`,
      `Enter=${row.enter ? 1 : 0}`,
      ...(row.extraLines ?? []),
    );
  }
  for (const section of preserved.sections) lines.push(`[${section.name}]`, ...section.lines);
  const eol = script.lineEnding === 'crlf' ? '\r\n' : '\n';
  const text = lines.join(eol) + (preserved.finalNewline ? eol : '');
  return encodeScriptText(text, script.encoding, script.bom);
}

/** A script built by the UI or read from JSON may hold what an .ini line cannot: refuse it by name. */
function checkWritable(script: QcomScript): void {
  const { settings, rows, preserved } = script;
  checkInteger(settings.runTimes, 'RunTimes', MAX_RUN_TIMES);
  checkInteger(settings.delayMs, 'DelayTime', MAX_DELAY_MS);
  if (rows.length === 0) notWritable('the script has no rows: add at least one', '脚本没有任何行：请至少添加一行');
  const seen = new Set<number>();
  for (const row of rows) {
    if (!Number.isInteger(row.index) || row.index < 1 || row.index > MAX_ROW_INDEX || seen.has(row.index)) {
      notWritable(
        `row number ${row.index} is not a unique whole number from 1 to ${MAX_ROW_INDEX}: renumber the rows`,
        `行号 ${row.index} 不是 1 到 ${MAX_ROW_INDEX} 之间唯一的整数：请重新编号`,
      );
    }
    seen.add(row.index);
    if (row.delayMs !== null) checkInteger(row.delayMs, `Delay of row ${row.index}`, MAX_DELAY_MS);
    if (/[\r\n\0]/.test(row.text)) {
      notWritable(
        `row ${row.index} contains a line break or NUL: a QCOM row holds one line (send CR LF with Enter, or bytes with HEX)`,
        `第 ${row.index} 行含有换行符或 NUL：QCOM 每行只能有一行文本（用 Enter 发送回车换行，或用 HEX 发送字节）`,
      );
    }
    checkEncodable(script.encoding, row.text, `row ${row.index}`);
    checkKeptLines(script.encoding, row.extraLines ?? [], `row ${row.index}`, ROW_KEYS);
  }
  checkKeptLines(script.encoding, preserved.preamble, 'the lines before [SET]', []);
  checkKeptLines(script.encoding, preserved.settings, '[SET]', SETTINGS_KEYS);
  for (const section of preserved.sections) {
    const header = classifyLine(`[${section.name}]`);
    const name = section.name.toLowerCase();
    if (header.kind !== 'section' || header.name !== section.name || /^\d+$/.test(name) || name === 'set' || RESERVED_NAMES.has(name)) {
      notWritable(`"${clip(section.name)}" cannot be the name of a kept section`, `“${clip(section.name)}”不能作为保留节的名称`);
    }
    checkEncodable(script.encoding, section.name, `[${section.name}]`);
    checkKeptLines(script.encoding, section.lines, `[${section.name}]`, []);
  }
}

/** Kept lines go back verbatim, so they must stay inside their section and read back as they were. */
function checkKeptLines(encoding: QcomEncoding, lines: string[], where: string, knownKeys: readonly string[]): void {
  for (const line of lines) {
    const parsed = classifyLine(line);
    const key = parsed.kind === 'key' ? parsed.key.toLowerCase() : '';
    if (parsed.kind === 'section' || parsed.kind === 'bad' || RESERVED_NAMES.has(key) || knownKeys.includes(key) || /[\r\n\0]/.test(line)) {
      notWritable(
        `the kept line "${clip(line)}" of ${where} is not an extra key=value, comment or blank line`,
        `${where} 中保留的行“${clip(line)}”不是额外的键=值、注释或空行`,
      );
    }
    checkEncodable(encoding, line, where);
  }
}

function checkEncodable(encoding: QcomEncoding, text: string, where: string): void {
  if (encoding !== 'gbk' || gbkCanHold(text)) return;
  const bad = [...text].find((ch) => !gbkCanHold(ch)) ?? '';
  notWritable(
    `${where} contains "${bad}", which GBK cannot hold: save the script as UTF-8`,
    `${where} 含有 GBK 无法表示的字符“${bad}”：请将脚本保存为 UTF-8`,
  );
}

function checkInteger(value: number, name: string, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    notWritable(`${name} is ${value}; it must be a whole number from 0 to ${max}`, `${name} 为 ${value}；应为 0 到 ${max} 之间的整数`);
  }
}

function notWritable(message: string, messageZh: string): never {
  throw new QcomIniError('not-writable', null, message, messageZh);
}
