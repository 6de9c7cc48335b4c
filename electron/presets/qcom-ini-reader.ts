// Reading a QCOM script: bytes -> decoded lines -> settings, rows and the text ModemDeck keeps but
// does not interpret. Every refusal names the line and the fix.
import { decodeScriptBytes } from './qcom-ini-encoding';
import { classifyLine, clip, isRowKey, isSettingsKey, RESERVED_NAMES, type RowKey, type SettingsKey } from './qcom-ini-lines';
import {
  MAX_DELAY_MS,
  MAX_ROW_INDEX,
  MAX_RUN_TIMES,
  MAX_SCRIPT_BYTES,
  QCOM_DEFAULT_DELAY_MS,
  QCOM_DEFAULT_RUN_TIMES,
  QcomIniError,
  type QcomEncoding,
  type QcomLineEnding,
  type QcomPreservedText,
  type QcomRow,
  type QcomScript,
  type QcomSettings,
} from './qcom-script';

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
