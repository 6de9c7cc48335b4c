// QCOM command-list scripts ("Save As Script" / "Load Test Script" .ini files): bytes <-> QcomScript.
// Format: quectel-at.md §8.2 and shared/fixtures/README.md. The codec is lossless: a script read
// and written back gives the same bytes (encoding, BOM, line endings, unknown keys and sections).
import iconv from 'iconv-lite';

/** QCOM V1.6 defaults for an absent [SET] (quectel-at.md §8.1: Delay Time 1000 ms, Run Times 10). */
export const QCOM_DEFAULT_RUN_TIMES = 10;
export const QCOM_DEFAULT_DELAY_MS = 1000;

/** Scripts are typed by hand: anything above this is a mistake, not a test plan. */
export const MAX_SCRIPT_BYTES = 1024 * 1024;
export const MAX_RUN_TIMES = 1_000_000;
export const MAX_DELAY_MS = 24 * 60 * 60 * 1000;
export const MAX_ROW_INDEX = 100_000;

export type QcomEncoding = 'utf-8' | 'gbk';
export type QcomLineEnding = 'crlf' | 'lf';

export interface QcomRow {
  /** The row's number: its section name `[index]`, from 1. */
  index: number;
  /** QCOM's per-row check box (`Cho`): Run sends this row. */
  selected: boolean;
  /** `CMD`: the text to send, or hex bytes when `hex`. One line; may be empty. */
  text: string;
  hex: boolean;
  /** Append Enter (CR LF) after the text. */
  enter: boolean;
  /** Per-row delay after sending; null means the script's DelayTime. */
  delayMs: number | null;
  /** Lines of this row's section ModemDeck does not interpret, written back verbatim. */
  extraLines?: string[];
}

export interface QcomSettings {
  runTimes: number;
  delayMs: number;
}

/** Parts of the file ModemDeck does not interpret, kept so a write-back loses nothing. */
export interface QcomPreservedText {
  /** Comment, blank and key lines before the first section. */
  preamble: string[];
  /** Lines of [SET] other than RunTimes and DelayTime. */
  settings: string[];
  /** Sections other than [SET] and [N], in file order. */
  sections: { name: string; lines: string[] }[];
  finalNewline: boolean;
}

export interface QcomScript {
  settings: QcomSettings;
  rows: QcomRow[];
  encoding: QcomEncoding;
  bom: boolean;
  lineEnding: QcomLineEnding;
  preserved: QcomPreservedText;
}

export type QcomIniErrorCode =
  | 'too-large'
  | 'binary'
  | 'encoding'
  | 'reserved-name'
  | 'bad-line'
  | 'bad-value'
  | 'duplicate'
  | 'no-rows'
  | 'not-writable'
  | 'bad-json';

/** One clear reason a script cannot be read or written. `line` is 1-based, null for the file as a whole. */
export class QcomIniError extends Error {
  override readonly name = 'QcomIniError';
  constructor(
    readonly code: QcomIniErrorCode,
    readonly line: number | null,
    message: string,
    /** The same message in zh-CN, for the UI. */
    readonly messageZh: string,
  ) {
    super(message);
  }
}

export function emptyPreservedText(): QcomPreservedText {
  return { preamble: [], settings: [], sections: [], finalNewline: true };
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface ParseQcomIniOptions {
  /** Skip detection (the user picked the encoding). */
  encoding?: QcomEncoding;
}

export function parseQcomIni(bytes: Uint8Array, options: ParseQcomIniOptions = {}): QcomScript {
  if (bytes.length > MAX_SCRIPT_BYTES) {
    throw new QcomIniError(
      'too-large',
      null,
      `the file is ${bytes.length} bytes; a QCOM script is at most ${MAX_SCRIPT_BYTES} bytes (1 MiB): is this the right file?`,
      `文件有 ${bytes.length} 字节，QCOM 脚本最大 1 MiB：请确认选对了文件`,
    );
  }
  const { text, encoding, bom } = decodeScriptBytes(bytes, options.encoding);
  const lines = text.split(/\r\n|\n|\r/);
  const finalNewline = lines.length > 1 && lines[lines.length - 1] === '';
  if (finalNewline) lines.pop();

  const reader = new ScriptReader();
  lines.forEach((line, i) => reader.read(line, i + 1));
  const { settings, rows, preserved } = reader.finish();
  return {
    settings,
    rows,
    encoding,
    bom,
    lineEnding: detectLineEnding(text),
    preserved: { ...preserved, finalNewline },
  };
}

function detectLineEnding(text: string): QcomLineEnding {
  const m = /\r\n|\n|\r/.exec(text);
  // QCOM on Windows writes CRLF; a bare CR (old Mac) is written back as CRLF.
  return m && m[0] === '\n' ? 'lf' : 'crlf';
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8', { fatal: false });

function decodeScriptBytes(bytes: Uint8Array, forced?: QcomEncoding): { text: string; encoding: QcomEncoding; bom: boolean } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new QcomIniError(
      'encoding',
      1,
      'the file is UTF-16; save it as UTF-8 or ANSI (GBK) and load it again',
      '文件是 UTF-16 编码；请另存为 UTF-8 或 ANSI (GBK) 后再加载',
    );
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw binaryContent(lineOfByte(bytes, nul));
  let controls = 0;
  let firstControl = -1;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b >= 0x20 || b === 0x09 || b === 0x0a || b === 0x0d) continue;
    controls++;
    if (firstControl < 0) firstControl = i;
  }
  if (controls > bytes.length / 10) throw binaryContent(lineOfByte(bytes, firstControl));

  const bom = UTF8_BOM.every((b, i) => bytes[i] === b);
  const body = bom ? bytes.subarray(3) : bytes;
  const encoding = forced ?? (bom || isUtf8(body) ? 'utf-8' : 'gbk');
  if (encoding === 'utf-8') {
    if (isUtf8(body)) return { text: strictUtf8.decode(body), encoding, bom };
    const text = lenientUtf8.decode(body);
    throw notDecodable('UTF-8', lineOfChar(text, text.indexOf('\uFFFD')));
  }
  // GBK has no U+FFFD, so every replacement character marks bytes that are not GBK.
  const text = iconv.decode(body, 'gbk');
  const bad = text.indexOf('\uFFFD');
  if (bad >= 0) {
    const line = lineOfChar(text, bad);
    throw countOf(text, '\uFFFD') > text.length / 10 ? binaryContent(line) : notDecodable('GBK', line);
  }
  return { text, encoding, bom };
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function binaryContent(line: number): QcomIniError {
  return new QcomIniError(
    'binary',
    line,
    'binary content, not a text script: load the .ini file QCOM saved with "Save As Script"',
    '这是二进制内容，不是文本脚本：请加载 QCOM“Save As Script”保存的 .ini 文件',
  );
}

function notDecodable(as: string, line: number): QcomIniError {
  return new QcomIniError(
    'encoding',
    line,
    `bytes that are neither UTF-8 nor GBK (read as ${as}): save the file as UTF-8 and load it again`,
    `存在既不是 UTF-8 也不是 GBK 的字节（按 ${as} 读取）：请另存为 UTF-8 后再加载`,
  );
}

function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function lineOfChar(text: string, offset: number): number {
  return text.slice(0, Math.max(0, offset)).split(/\r\n|\n|\r/).length;
}

function countOf(text: string, ch: string): number {
  let n = 0;
  for (const c of text) if (c === ch) n++;
  return n;
}

/** A line of an .ini file, as the profile format knows it. */
type IniLine =
  | { kind: 'blank' }
  | { kind: 'comment' }
  | { kind: 'section'; name: string }
  | { kind: 'key'; key: string; value: string }
  | { kind: 'bad' };

function classifyLine(line: string): IniLine {
  const trimmed = line.trim();
  if (trimmed === '') return { kind: 'blank' };
  if (trimmed.startsWith(';') || trimmed.startsWith('#')) return { kind: 'comment' };
  if (trimmed.startsWith('[')) {
    return trimmed.endsWith(']') && trimmed.length > 2 ? { kind: 'section', name: trimmed.slice(1, -1).trim() } : { kind: 'bad' };
  }
  const eq = line.indexOf('=');
  if (eq <= 0 || line.slice(0, eq).trim() === '') return { kind: 'bad' };
  // Split on the first '=' only: CMD=AT+QICSGP=1 is the key CMD with the value AT+QICSGP=1.
  return { kind: 'key', key: line.slice(0, eq).trim(), value: line.slice(eq + 1) };
}

// The profile format is case-insensitive (Windows GetPrivateProfileString), so are we.
const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
const ROW_KEYS = ['cho', 'cmd', 'delay', 'hex', 'enter'] as const;
const SETTINGS_KEYS = ['runtimes', 'delaytime'] as const;
type RowKey = (typeof ROW_KEYS)[number];
type SettingsKey = (typeof SETTINGS_KEYS)[number];

function isRowKey(key: string): key is RowKey {
  return (ROW_KEYS as readonly string[]).includes(key);
}
function isSettingsKey(key: string): key is SettingsKey {
  return (SETTINGS_KEYS as readonly string[]).includes(key);
}

function checkNotReserved(name: string, what: 'section' | 'key', line: number): void {
  if (!RESERVED_NAMES.has(name.toLowerCase())) return;
  throw new QcomIniError(
    'reserved-name',
    line,
    `the ${what} name "${name}" is not allowed in a script (it could tamper with the program): remove that ${what}`,
    `脚本中不允许使用${what === 'section' ? '节' : '键'}名“${name}”（可能篡改程序）：请删除它`,
  );
}

/** A known key's value with the line it came from, so errors point at it. */
interface KeyValue {
  value: string;
  line: number;
}

type Section =
  | { kind: 'preamble' }
  | { kind: 'settings' }
  | { kind: 'row'; index: number; line: number; keys: Map<RowKey, KeyValue>; extraLines: string[] }
  | { kind: 'other'; lines: string[] };

/** Reads lines one by one into settings, rows and preserved text; Maps only, so no name reaches a prototype. */
class ScriptReader {
  private section: Section = { kind: 'preamble' };
  private readonly settingsKeys = new Map<SettingsKey, KeyValue>();
  private readonly rowSections = new Map<number, Extract<Section, { kind: 'row' }>>();
  private readonly seenSections = new Map<string, number>();
  private readonly preserved: Omit<QcomPreservedText, 'finalNewline'> = { preamble: [], settings: [], sections: [] };

  read(text: string, line: number): void {
    const parsed = classifyLine(text);
    switch (parsed.kind) {
      case 'bad':
        throw new QcomIniError(
          'bad-line',
          line,
          // The line itself is not quoted: it may be a command carrying a DeviceSecret.
          'this line is neither a [section], a key=value line, a comment nor blank: fix or remove it',
          '该行既不是 [节]、键=值、注释，也不是空行：请修改或删除该行',
        );
      case 'section':
        return this.openSection(parsed.name, line);
      case 'key':
        checkNotReserved(parsed.key, 'key', line);
        if (this.takeKnownKey(parsed.key.toLowerCase(), parsed.value, line)) return;
    }
    this.keepLine(text);
  }

  private openSection(name: string, line: number): void {
    checkNotReserved(name, 'section', line);
    const seen = this.seenSections.get(name.toLowerCase());
    if (seen !== undefined) {
      throw new QcomIniError(
        'duplicate',
        line,
        `section [${name}] appears twice (lines ${seen} and ${line}): keep one of them`,
        `节 [${name}] 出现了两次（第 ${seen} 行和第 ${line} 行）：请只保留一个`,
      );
    }
    this.seenSections.set(name.toLowerCase(), line);
    if (name.toUpperCase() === 'SET') {
      this.section = { kind: 'settings' };
    } else if (/^\d+$/.test(name)) {
      const index = Number(name);
      if (index < 1 || index > MAX_ROW_INDEX) {
        throw new QcomIniError(
          'bad-value',
          line,
          `row number [${name}] is out of range: rows are numbered from 1 to ${MAX_ROW_INDEX}`,
          `行号 [${name}] 超出范围：行号应为 1 到 ${MAX_ROW_INDEX}`,
        );
      }
      const row = { kind: 'row' as const, index, line, keys: new Map<RowKey, KeyValue>(), extraLines: [] };
      this.rowSections.set(index, row);
      this.section = row;
    } else {
      const other = { name, lines: [] };
      this.preserved.sections.push(other);
      this.section = { kind: 'other', lines: other.lines };
    }
  }

  /** True when the key is one ModemDeck interprets in the current section. */
  private takeKnownKey(key: string, value: string, line: number): boolean {
    const section = this.section;
    let keys: Map<string, KeyValue>;
    if (section.kind === 'settings' && isSettingsKey(key)) keys = this.settingsKeys;
    else if (section.kind === 'row' && isRowKey(key)) keys = section.keys;
    else return false;
    const earlier = keys.get(key);
    if (earlier) {
      throw new QcomIniError(
        'duplicate',
        line,
        `key ${key} appears twice in one section (lines ${earlier.line} and ${line}): keep one of them`,
        `同一节中键 ${key} 出现了两次（第 ${earlier.line} 行和第 ${line} 行）：请只保留一个`,
      );
    }
    keys.set(key, { value, line });
    return true;
  }

  private keepLine(text: string): void {
    const section = this.section;
    if (section.kind === 'preamble') this.preserved.preamble.push(text);
    else if (section.kind === 'settings') this.preserved.settings.push(text);
    else if (section.kind === 'row') section.extraLines.push(text);
    else section.lines.push(text);
  }

  finish(): { settings: QcomSettings; rows: QcomRow[]; preserved: Omit<QcomPreservedText, 'finalNewline'> } {
    if (this.rowSections.size === 0) {
      throw new QcomIniError(
        'no-rows',
        null,
        'the file has no command rows ([1], [2], ...): is it a QCOM script saved with "Save As Script"?',
        '文件中没有命令行（[1]、[2]……）：这是 QCOM“Save As Script”保存的脚本吗？',
      );
    }
    const s = this.settingsKeys;
    const settings = {
      runTimes: readInteger(s.get('runtimes'), 'RunTimes', QCOM_DEFAULT_RUN_TIMES, MAX_RUN_TIMES),
      delayMs: readInteger(s.get('delaytime'), 'DelayTime', QCOM_DEFAULT_DELAY_MS, MAX_DELAY_MS),
    };
    const rows = [...this.rowSections.values()]
      .sort((a, b) => a.index - b.index)
      .map((section): QcomRow => {
        const k = section.keys;
        const delay = k.get('delay');
        const row: QcomRow = {
          index: section.index,
          selected: readFlag(k.get('cho'), 'Cho', false),
          text: k.get('cmd')?.value ?? '',
          hex: readFlag(k.get('hex'), 'HEX', false),
          enter: readFlag(k.get('enter'), 'Enter', true),
          delayMs: delay && delay.value.trim() !== '' ? readInteger(delay, 'Delay', 0, MAX_DELAY_MS) : null,
        };
        if (section.extraLines.length > 0) row.extraLines = section.extraLines;
        return row;
      });
    return { settings, rows, preserved: this.preserved };
  }
}

function readInteger(kv: KeyValue | undefined, name: string, fallback: number, max: number): number {
  const raw = kv?.value.trim() ?? '';
  if (raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) > max) {
    throw new QcomIniError(
      'bad-value',
      kv?.line ?? null,
      `${name}=${clip(raw)} must be a whole number from 0 to ${max}`,
      `${name}=${clip(raw)} 应为 0 到 ${max} 之间的整数`,
    );
  }
  return Number(raw);
}

/** QCOM reads check boxes as integers: 0 is off, anything else on. */
function readFlag(kv: KeyValue | undefined, name: string, fallback: boolean): boolean {
  const raw = kv?.value.trim() ?? '';
  if (raw === '') return fallback;
  if (!/^-?\d+$/.test(raw)) {
    throw new QcomIniError(
      'bad-value',
      kv?.line ?? null,
      `${name}=${clip(raw)} must be 0 or 1`,
      `${name}=${clip(raw)} 应为 0 或 1`,
    );
  }
  return Number(raw) !== 0;
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

// ---------------------------------------------------------------------------------------------
// Writing

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
  if (script.encoding === 'gbk') return iconv.encode(text, 'gbk');
  const body = new TextEncoder().encode(text);
  if (!script.bom) return body;
  const out = new Uint8Array(body.length + 3);
  out.set(UTF8_BOM);
  out.set(body, 3);
  return out;
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
  if (encoding !== 'gbk' || iconv.decode(iconv.encode(text, 'gbk'), 'gbk') === text) return;
  const bad = [...text].find((ch) => iconv.decode(iconv.encode(ch, 'gbk'), 'gbk') !== ch) ?? '';
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
