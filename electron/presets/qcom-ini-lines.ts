// The line syntax of a QCOM .ini file and the key and section names a script gives meaning to. The
// reader and the writer's checks share it, so a line the writer lets through reads back as the same
// kind of line.

/** A line of an .ini file, as the profile format knows it. */
export type IniLine =
  | { kind: 'blank' }
  | { kind: 'comment' }
  | { kind: 'section'; name: string }
  | { kind: 'key'; key: string; value: string }
  | { kind: 'bad' };

export function classifyLine(line: string): IniLine {
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
export const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
export const ROW_KEYS = ['cho', 'cmd', 'delay', 'hex', 'enter'] as const;
export const SETTINGS_KEYS = ['runtimes', 'delaytime'] as const;
export type RowKey = (typeof ROW_KEYS)[number];
export type SettingsKey = (typeof SETTINGS_KEYS)[number];

export function isRowKey(key: string): key is RowKey {
  return (ROW_KEYS as readonly string[]).includes(key);
}
export function isSettingsKey(key: string): key is SettingsKey {
  return (SETTINGS_KEYS as readonly string[]).includes(key);
}

/** A line or value of the file quoted in an error message, cut short. */
export function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
