import { describe, expect, it } from 'vitest';
import { runDialogue } from '../../support/dialogue';
import { commandQueue } from '../../../renderer/store/command-queue';

describe('the terminal’s command queue (B13)', () => {
  it('shows a command typed behind a pending one as queued until the first one ends, then as running, then gone', () => {
    const { facts, pipeline } = runDialogue([['tx', 'AT+QMTOPEN=0,"h.example",1883\r'], ['tx', 'AT+CSQ\r']]);
    expect(commandQueue(facts)).toEqual({
      running: { id: 1, command: 'AT+QMTOPEN=0,"h.example",1883' },
      queued: [{ id: 2, command: 'AT+CSQ' }],
    });
    // The engine's own view agrees.
    expect(pipeline.pending().map((p) => p.phase)).toEqual(['await-final', 'queued']);

    pipeline.rx(new TextEncoder().encode('AT+QMTOPEN=0,"h.example",1883\r\r\nOK\r\n'));
    expect(commandQueue(facts)).toEqual({ running: { id: 2, command: 'AT+CSQ' }, queued: [] });
    pipeline.rx(new TextEncoder().encode('AT+CSQ\r\r\n+CSQ: 28,99\r\n\r\nOK\r\n'));
    expect(commandQueue(facts)).toEqual({ running: null, queued: [] });
  });

  it('clears the queue when the port goes away', () => {
    const { facts, pipeline } = runDialogue([['tx', 'AT+COPS=?\r'], ['tx', 'ATI\r']]);
    pipeline.linkLost();
    expect(commandQueue(facts)).toEqual({ running: null, queued: [] });
  });
});
