// Each fault knob of the virtual EC600S does what a host would notice on a bad day.
import { describe, expect, it } from 'vitest';
import { latin1Decode } from '../../../shared/bytes';
import { bootedModule } from './module-harness';

const joined = (chunks: Uint8Array[]) => chunks.map((c) => latin1Decode(c)).join('');

describe('output chunking (Q2)', () => {
  it('without faults, the echo comes as the bytes arrive and the answer as one frame', () => {
    const h = bootedModule();
    h.take();
    h.send('AT+CSQ\r');
    expect(h.chunks.map((c) => latin1Decode(c))).toEqual(['AT+CSQ\r', '\r\n+CSQ: 28,99\r\n\r\nOK\r\n']);
  });

  it('byte drip: one byte per chunk, same bytes in the same order', () => {
    const h = bootedModule({ faults: { chunking: 'byte' } });
    h.take();
    h.send('ATI\r');
    expect(h.chunks.every((c) => c.length === 1)).toBe(true);
    expect(joined(h.chunks)).toBe('ATI\r\r\nQuectel\r\nEC600S\r\nRevision: EC600SCNAAR01A03M16\r\n\r\nOK\r\n');
  });

  it('random splits are the same for the same seed, and keep the bytes', () => {
    const run = (seed: number) => {
      const h = bootedModule({ seed, faults: { chunking: 'random' } });
      h.take();
      h.send('ATI\r');
      return h.chunks.map((c) => c.length);
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
    const h = bootedModule({ seed: 3, faults: { chunking: 'random' } });
    h.take();
    h.send('AT+QICSGP=1\r');
    expect(h.chunks.length).toBeGreaterThan(3);
    expect(joined(h.chunks)).toBe('AT+QICSGP=1\r\r\n+QICSGP: 1,"CMNET","","",1\r\n\r\nOK\r\n');
  });

  it('a gap between chunks spreads the answer over time', () => {
    const h = bootedModule({ faults: { chunking: 'byte', chunkGapMs: 10 } });
    h.scheduler.advance(10_000);
    h.take();
    h.send('AT\r');
    h.scheduler.advance(25);
    expect(h.take()).toBe('AT\r');
    h.scheduler.advance(1000);
    expect(h.take()).toBe('\r\nOK\r\n');
  });
});

describe('injected URCs, dropped and late finals', () => {
  it('sends an injected URC between the echo and the final result, one per command', () => {
    const h = bootedModule({ faults: { injectUrcs: ['+QMTSTAT: 0,1', '+CPIN: NOT READY'] } });
    h.take();
    h.send('AT+CSQ\r');
    expect(h.take()).toBe('AT+CSQ\r\r\n+QMTSTAT: 0,1\r\n\r\n+CSQ: 28,99\r\n\r\nOK\r\n');
    h.send('AT\r');
    expect(h.take()).toBe('AT\r\r\n+CPIN: NOT READY\r\n\r\nOK\r\n');
    h.send('AT\r');
    expect(h.take()).toBe('AT\r\r\nOK\r\n');
  });

  it('drops the final result of the next N commands; information text still comes', () => {
    const h = bootedModule();
    h.take();
    h.module.setFaults({ dropFinals: 1 });
    h.send('AT+CSQ\r');
    expect(h.take()).toBe('AT+CSQ\r\r\n+CSQ: 28,99\r\n');
    h.send('AT\r');
    expect(h.take()).toBe('AT\r\r\nOK\r\n');
  });

  it('sends finals late and stays busy meanwhile', () => {
    const h = bootedModule({ faults: { lateFinalMs: 5000 } });
    h.take();
    h.send('AT\rAT+CSQ\r');
    expect(h.take()).toBe('AT\r');
    h.scheduler.advance(5000);
    expect(h.take()).toBe('\r\nOK\r\nAT+CSQ\r\r\n+CSQ: 28,99\r\n');
    h.scheduler.advance(5000);
    expect(h.take()).toBe('\r\nOK\r\n');
  });
});

describe('line noise', () => {
  it('puts garbage bytes before frames at the given rate', () => {
    const h = bootedModule({ faults: { garbageRate: 1 } });
    h.take();
    h.send('AT\r');
    const out = h.take();
    expect(out).toMatch(/[\x80-\xff]/);
    expect(out.replace(/[\x80-\xff]/g, '')).toBe('AT\r\r\nOK\r\n');
  });

  it('sends one over-long line before the next frame', () => {
    const h = bootedModule();
    h.take();
    h.module.setFaults({ longLine: 70_000 });
    h.send('AT\r');
    const out = h.take();
    expect(out.length).toBe(70_000 + 4 + 'AT\r\r\nOK\r\n'.length);
    expect(out.endsWith(`${'x'.repeat(10)}\r\nAT\r\r\nOK\r\n`)).toBe(true);
    h.send('AT\r');
    expect(h.take()).toBe('AT\r\r\nOK\r\n');
  });
});

describe('reboot', () => {
  it('reboot(): garbage, then RDY; echo is back on and settings are lost', () => {
    const h = bootedModule();
    h.send('ATE0\r');
    h.send('AT+CMEE=2\r');
    h.take();
    h.module.reboot();
    h.scheduler.advance(0);
    const out = h.take();
    expect(out).toMatch(/^[\x80-\xff]+\r\nRDY\r\n/);
    h.send('AT+CMEE?\r');
    expect(h.take()).toBe('AT+CMEE?\r\r\n+CMEE: 1\r\n\r\nOK\r\n');
  });

  it('rebootOn: reboots right after echoing the named command, which never gets its answer', () => {
    const h = bootedModule({ faults: { rebootOn: 'AT+QIACT' } });
    h.take();
    h.send('AT+QIACT=1\r');
    const out = h.take();
    expect(out.startsWith('AT+QIACT=1\r')).toBe(true);
    expect(out).toMatch(/\r\nRDY\r\n/);
    expect(out).not.toContain('OK');
    h.send('AT+QIACT=1\r');
    expect(h.take()).toBe('AT+QIACT=1\r\r\nOK\r\n');
  });
});

describe('stalled reads and suppressed URCs', () => {
  it('holds input, unechoed and unanswered, until reading resumes', () => {
    const h = bootedModule();
    h.take();
    h.module.setFaults({ stallReads: true });
    h.send('AT\r', 1000);
    expect(h.take()).toBe('');
    h.module.setFaults({ stallReads: false });
    h.scheduler.advance(0);
    expect(h.take()).toBe('AT\r\r\nOK\r\n');
  });

  it('suppressUrcs: URCs never arrive, responses still do', () => {
    const h = bootedModule({ faults: { suppressUrcs: true } });
    expect(h.take()).toBe('');
    h.send('AT+CFUN=0;+CFUN=1\r');
    expect(h.take()).toBe('AT+CFUN=0;+CFUN=1\r\r\nOK\r\n');
  });

  it('AT+QURCCFG="urcport" away from this port has the same effect, and survives a reboot', () => {
    const h = bootedModule();
    h.send('ATE0\r');
    h.take();
    h.send('AT+QURCCFG="urcport"\r');
    expect(h.take()).toBe('\r\n+QURCCFG: "urcport","usbat"\r\n\r\nOK\r\n');
    h.send('AT+QURCCFG="urcport","uart1"\r');
    h.take();
    h.module.reboot();
    h.scheduler.advance(0);
    expect(h.take()).not.toContain('RDY');
  });
});
