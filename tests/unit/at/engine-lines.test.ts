// The engine's line paths: a command line typed in pieces, and module lines settled from their
// bytes (prefixed lines, their names and the rest of the line) giving what the text path gives.
import { describe, expect, it } from 'vitest';
import { AtEngine } from '../../../electron/at/engine';
import { utf8Encode } from '../../../shared/bytes';
import type { AtFact } from '../../../shared/facts';

function run(steps: Array<['tx' | 'rx', string]>, txChunk = 0): AtFact[] {
  let t = 1000;
  const engine = new AtEngine({ clock: { now: () => t } });
  const facts: AtFact[] = [];
  engine.on((f) => facts.push(f));
  for (const [dir, text] of steps) {
    const bytes = utf8Encode(text);
    if (dir === 'rx') engine.rx(bytes, t);
    else if (txChunk > 0) for (let i = 0; i < bytes.length; i += txChunk) engine.tx(bytes.subarray(i, i + txChunk), t);
    else engine.tx(bytes, t);
    t += 10;
  }
  return facts;
}

describe('AT engine: command lines from the host', () => {
  it('gives the same facts for a command typed byte by byte, in pieces, or in one write', () => {
    const steps: Array<['tx' | 'rx', string]> = [
      ['tx', '\n\nAT+CSQ\r\nAT+QMTOPEN?\r'], ['rx', 'AT+CSQ\r\r\n+CSQ: 28,99\r\n\r\nOK\r\nAT+QMTOPEN?\r\r\n+QMTOPEN: 0,"h",1883\r\n\r\nOK\r\n'],
    ];
    const whole = run(steps);
    expect(whole.filter((f) => f.kind === 'at.command').map((f) => (f as { command: string }).command)).toEqual(['AT+CSQ', 'AT+QMTOPEN?']);
    for (const chunk of [1, 2, 3, 5]) expect(run(steps, chunk)).toEqual(whole);
  });

  it('keeps a LF inside a line that has begun, and drops LFs before it', () => {
    const facts = run([['tx', '\nAT+C\nSQ\r']]);
    expect(facts[0]).toMatchObject({ kind: 'at.command', command: 'AT+C\nSQ' });
  });

  it('reads a command line seen before the same way, whether or not its bytes are the same', () => {
    const facts = run([['tx', 'AT+CSQ\r'], ['tx', 'AT+CSQ\r'], ['tx', ' AT+CSQ \r'], ['tx', 'AT+CSQ \r'], ['tx', 'at+csq\r'], ['tx', 'xAT+CSQ\r']]);
    const commands = facts.filter((f) => f.kind === 'at.command') as Array<{ id: number; command: string; name: string }>;
    expect(commands.map((f) => [f.id, f.command, f.name])).toEqual([
      [1, 'AT+CSQ', '+CSQ'], [2, 'AT+CSQ', '+CSQ'], [3, 'AT+CSQ', '+CSQ'], [4, 'AT+CSQ', '+CSQ'], [5, 'at+csq', '+CSQ'],
    ]);
  });

  it('stops a command line at 4096 bytes, however the bytes arrive', () => {
    const long = `AT+X=${'1'.repeat(5000)}\r`;
    const whole = run([['tx', long]]);
    expect((whole[0] as { command: string }).command.length).toBe(4096);
    expect(run([['tx', long]], 999)).toEqual(whole);
  });
});

describe('AT engine: prefixed lines from the module', () => {
  it('names a prefixed line upper-case and keeps its text as sent', () => {
    const facts = run([['rx', '\r\n+cereg: 1,"D509"\r\n\r\n+QMTSTAT: 0,1 \r\n\r\n+QMTSTAT:0,1\r\n\r\n+CSQ : 28,99\r\n']]);
    expect(facts.map((f) => [(f as { name: string }).name, (f as { text: string }).text])).toEqual([
      ['+CEREG', '+cereg: 1,"D509"'], ['+QMTSTAT', '+QMTSTAT: 0,1 '], ['+QMTSTAT', '+QMTSTAT:0,1'], ['+CSQ', '+CSQ : 28,99'],
    ]);
    expect(facts[1]).toMatchObject({ decoded: { code: 'QMTSTAT 1' } });
    expect(facts[2]).toMatchObject({ decoded: { code: 'QMTSTAT 1' } });
  });

  it('pairs a deferred result whose line ends in a space', () => {
    const facts = run([['tx', 'AT+QMTOPEN=0,"h",1883\r'], ['rx', 'AT+QMTOPEN=0,"h",1883\r\r\nOK\r\n\r\n+QMTOPEN: 0,0 \r\n']]);
    expect(facts.at(-1)).toMatchObject({ kind: 'at.result', urc: '+QMTOPEN: 0,0 ', ok: true });
  });
});
