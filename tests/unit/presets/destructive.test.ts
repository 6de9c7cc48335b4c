import { describe, expect, it } from 'vitest';
import { destructiveRow, destructiveRows } from '../../../electron/presets/destructive';
import { parseQcomIni } from '../../../electron/presets/qcom-ini';
import { readFixture } from '../../support/fixtures';

const row = (text: string, hex = false) => ({ index: 1, selected: true, text, hex, enter: true, delayMs: null });

describe('destructive rows', () => {
  it.each([
    ['AT+QPOWD', 'powers the module off'],
    ['AT+QPOWD=1', 'powers the module off'],
    ['at+cfun=0', 'radio off'],
    ['AT+CFUN=4', 'radio off'],
    ['AT+CFUN=1,1', 'reboots'],
    ['AT&F', 'factory'],
    ['AT&F0', 'factory'],
    ['ATE1;&F', 'factory'],
    ['AT+QFOTADL="http://x/y.bin"', 'firmware'],
    ['AT+IPR=921600', 'baud'],
  ])('flags %s', (text, why) => {
    expect(destructiveRow(row(text))?.why.en).toMatch(new RegExp(why, 'i'));
    expect(destructiveRow(row(text))?.why.zh.length).toBeGreaterThan(0);
  });

  it.each(['AT', 'AT+CFUN?', 'AT+CFUN=1', 'AT+IPR?', 'AT+QMTCFG="aliauth",0,"a","b","c"', '{"method":"AT+QPOWD"}'])('leaves %s alone', (text) => {
    expect(destructiveRow(row(text))).toBeNull();
  });

  it('finds none in the seed scripts, and ignores hex rows', () => {
    for (const f of ['ma_MQTT.ini', 'ma_TCP.ini', 'ma_HTTP.ini']) {
      expect(destructiveRows(parseQcomIni(readFixture('qcom-ini', f)))).toEqual([]);
    }
    expect(destructiveRow(row('41 54 26 46', true))).toBeNull();
  });
});
