// The terminal's filter and search find lines regardless of case, follow new lines, and reach
// any line of a million.
import { describe, expect, it } from 'vitest';
import { TerminalLog } from '../../../renderer/store/terminal-log';
import { packedLines } from './fake-api';

describe('terminal log', () => {
  it('filters lines as they arrive and finds the next and previous match', () => {
    const log = new TerminalLog();
    log.append(packedLines(0, ['AT+CSQ', '+CSQ: 28,99', 'OK', 'at+cpin?', '+CPIN: READY', 'OK']));
    log.setFilter('cpin');
    expect(log.viewCount()).toBe(2);
    expect(log.viewIndex(1)).toBe(4);
    log.append(packedLines(6, ['AT+CPIN?']));
    expect(log.viewCount()).toBe(3);
    log.setFilter('');
    expect(log.viewCount()).toBe(7);
    expect(log.find('ok', 0, 1)).toBe(2);
    expect(log.find('ok', 3, 1)).toBe(5);
    expect(log.find('ok', 1, -1)).toBe(5);
    expect(log.countMatches('ok')).toBe(2);
    expect(log.find('QMTOPEN', 0, 1)).toBe(-1);
    // Paused at line 3: later lines are not in view.
    expect(log.viewCount(3)).toBe(3);
  });

  it('holds a million lines and reaches the last one', () => {
    const log = new TerminalLog();
    const texts = Array.from({ length: 10_000 }, (_, i) => `+QMTRECV: 0,${i},"/sys/pk/dn/thing/service/property/set"`);
    for (let chunk = 0; chunk < 100; chunk++) log.append(packedLines(chunk * 10_000, texts));
    expect(log.viewCount()).toBe(1_000_000);
    expect(new TextDecoder().decode(log.line(log.viewIndex(999_999))!.bytes)).toBe(texts[9_999]);
    log.setFilter(',9999,');
    expect(log.viewCount()).toBe(100);
  });
});
