// Rows that change the module for good or cut it off: running them by accident from a colleague's
// script costs a trip to the bench (reliability-checklist.md F3). The app and `modemdeck run` ask
// before running a script that holds one.
import { commandName, isCommandLine } from '../at/commands';
import type { QcomRow, QcomScript } from './qcom-ini';

export interface DestructiveRow {
  index: number;
  text: string;
  why: { en: string; zh: string };
}

function whyDestructive(text: string): DestructiveRow['why'] | null {
  if (!isCommandLine(text)) return null;
  // One line may chain several commands with ';' (quectel-at.md §1.2).
  for (const part of text.trim().slice(2).split(';')) {
    const cmd = `AT${part.trim().replace(/^AT/i, '')}`;
    const { name, rest } = commandName(cmd);
    // Test (=?) and read (?) forms only ask.
    if (rest.startsWith('?') || rest.startsWith('=?')) continue;
    const arg = rest.replace(/^=/, '').trim();
    if (name === '+QPOWD') return { en: 'powers the module off', zh: '会关闭模块电源' };
    if (name === '+CFUN' && /^(0|4)\b/.test(arg)) return { en: 'turns the radio off (minimum functionality / flight mode)', zh: '会关闭射频（最小功能/飞行模式）' };
    if (name === '+CFUN' && /^1\s*,\s*1/.test(arg)) return { en: 'reboots the module', zh: '会重启模块' };
    if (name === '&F') return { en: 'restores factory settings', zh: '会恢复出厂设置' };
    if (name === '+QFOTADL' || (name === '+QFUPL' && /fota/i.test(arg))) return { en: 'starts a firmware upgrade', zh: '会开始固件升级' };
    if (name === '+QPRTPARA') return { en: 'rewrites the module\'s stored parameters', zh: '会改写模块保存的参数' };
    if (name === '+IPR' && arg !== '') return { en: 'changes the UART baud rate: the port must follow', zh: '会修改串口波特率，之后需同步修改端口设置' };
    if (name === '+QCFG' && /^"(usbnet|nwscanmode)"/i.test(arg) && arg.includes(',')) return { en: 'changes the network or USB mode stored in the module', zh: '会修改模块保存的网络或 USB 模式' };
  }
  return null;
}

export function destructiveRow(row: QcomRow): DestructiveRow | null {
  if (row.hex) return null;
  const why = whyDestructive(row.text);
  return why ? { index: row.index, text: row.text, why } : null;
}

/** The rows among `indexes` (default: all) that need a confirmation before Run. */
export function destructiveRows(script: QcomScript, indexes?: number[]): DestructiveRow[] {
  const pick = indexes ? new Set(indexes) : null;
  return script.rows.filter((r) => !pick || pick.has(r.index)).map(destructiveRow).filter((d): d is DestructiveRow => d !== null);
}
