// The virtual EC600S as a host sees it on the wire: exact bytes, per quectel-at.md §1, §3, §5.
import { describe, expect, it } from 'vitest';
import { bootedModule } from './module-harness';

describe('power-up', () => {
  it('sends RDY and the boot URCs after the boot delay, and ignores input before RDY', () => {
    const h = bootedModule({ bootDelayMs: 500 });
    expect(h.take()).toBe('\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\n+QUSIM: 1\r\n\r\n+QIND: SMS DONE\r\n\r\n+QIND: PB DONE\r\n');

    h.module.reboot();
    h.send('AT\r', 100);
    expect(h.take()).not.toMatch(/AT|OK/);
    h.scheduler.advance(400);
    expect(h.take()).toMatch(/^\r\nRDY\r\n/);
  });

  it('spaces the boot URCs in realistic timing', () => {
    const h = bootedModule({ timing: 'realistic', bootDelayMs: 100 });
    expect(h.take()).toBe('\r\nRDY\r\n');
    h.scheduler.advance(1000);
    expect(h.take()).toContain('+QIND: PB DONE');
  });
});

describe('echo and framing', () => {
  it('echoes byte for byte, then frames the result (§5.2)', () => {
    const h = bootedModule();
    h.take();
    h.send('AT\r');
    expect(h.take()).toBe('AT\r\r\nOK\r\n');
    h.send('AT+CPIN?\r');
    expect(h.take()).toBe('AT+CPIN?\r\r\n+CPIN: READY\r\n\r\nOK\r\n');
    h.send('AT\r\n');
    expect(h.take()).toBe('AT\r\r\nOK\r\n\n');
  });

  it('echoes ATE0 itself, then stops echoing; ATE1 brings it back', () => {
    const h = bootedModule();
    h.take();
    h.send('ATE0\r');
    expect(h.take()).toBe('ATE0\r\r\nOK\r\n');
    h.send('AT+CSQ\r');
    expect(h.take()).toBe('\r\n+CSQ: 28,99\r\n\r\nOK\r\n');
    h.send('ATE1\r');
    expect(h.take()).toBe('\r\nOK\r\n');
    h.send('AT\r');
    expect(h.take()).toBe('AT\r\r\nOK\r\n');
  });

  it('echoes as bytes arrive, whatever the chunking', () => {
    const h = bootedModule();
    h.take();
    for (const ch of 'AT+CREG?\r') h.send(ch);
    expect(h.take()).toBe('AT+CREG?\r\r\n+CREG: 0,1\r\n\r\nOK\r\n');
  });

  it('prints ATI as one information block', () => {
    const h = bootedModule();
    h.take();
    h.send('ATI\r');
    expect(h.take()).toBe('ATI\r\r\nQuectel\r\nEC600S\r\nRevision: EC600SCNAAR01A03M16\r\n\r\nOK\r\n');
  });

  it('answers numerically after ATV0 and says nothing after ATQ1', () => {
    const h = bootedModule();
    h.send('ATE0\r');
    h.take();
    h.send('ATV0\r');
    expect(h.take()).toBe('0\r');
    h.send('AT+CSQ\r');
    expect(h.take()).toBe('+CSQ: 28,99\r\n0\r');
    h.send('AT+NOPE\r');
    expect(h.take()).toBe('4\r');
    h.send('ATV1Q1\r');
    expect(h.take()).toBe('');
    h.send('AT+CSQ\r');
    expect(h.take()).toBe('\r\n+CSQ: 28,99\r\n');
  });
});

describe('command line', () => {
  it('answers ERROR to unknown commands and to AT+QMTPUB (not in this firmware, §3.6.9)', () => {
    const h = bootedModule();
    h.send('ATE0\r');
    h.take();
    h.send('AT+FOO\r');
    expect(h.take()).toBe('\r\nERROR\r\n');
    h.send('AT+QMTPUB=0,0,0,0,"t",1\r');
    expect(h.take()).toBe('\r\nERROR\r\n');
  });

  it('ignores lines that are not commands, and a stray LF', () => {
    const h = bootedModule();
    h.send('ATE0\r');
    h.take();
    h.send('hello\r\n');
    expect(h.take()).toBe('');
    h.send('\nAT\r');
    expect(h.take()).toBe('\r\nOK\r\n');
  });

  it('applies backspace (S5) and repeats the last line on A/', () => {
    const h = bootedModule();
    h.take();
    h.send('AT+CSX\bQ\r');
    expect(h.take()).toBe('AT+CSX\bQ\r\r\n+CSQ: 28,99\r\n\r\nOK\r\n');
    h.send('A/');
    expect(h.take()).toBe('A/\r\n+CSQ: 28,99\r\n\r\nOK\r\n');
  });

  it('runs chained commands and stops at the first error ([ATM] 11.5)', () => {
    const h = bootedModule();
    h.send('ATE0\r');
    h.take();
    h.send('AT+CMEE?;+CSQ\r');
    expect(h.take()).toBe('\r\n+CMEE: 1\r\n+CSQ: 28,99\r\n\r\nOK\r\n');
    h.send('AT+CMEE=2;+BAD;+CMEE=0\r');
    expect(h.take()).toBe('\r\nERROR\r\n');
    h.send('AT+CMEE?\r');
    expect(h.take()).toBe('\r\n+CMEE: 2\r\n\r\nOK\r\n');
  });

  it('answers ERROR to an over-long line', () => {
    const h = bootedModule();
    h.send('ATE0\r');
    h.take();
    h.send(`AT+QMTPUBEX=${'9'.repeat(3000)}\r`);
    expect(h.take()).toBe('\r\nERROR\r\n');
    h.send('AT\r');
    expect(h.take()).toBe('\r\nOK\r\n');
  });

  it('reports errors as AT+CMEE asks (§1.6)', () => {
    const h = bootedModule();
    h.send('ATE0\r');
    h.send('AT+CFUN=0\r');
    h.take();
    h.send('AT+CPIN?\r');
    expect(h.take()).toBe('\r\n+CME ERROR: 13\r\n');
    h.send('AT+CMEE=2\r');
    h.send('AT+CPIN?\r');
    expect(h.take()).toBe('\r\nOK\r\n\r\n+CME ERROR: SIM failure\r\n');
    h.send('AT+CMEE=0;+CPIN?\r');
    expect(h.take()).toBe('\r\nERROR\r\n');
  });

  it('waits with new input while a command is busy (Q9)', () => {
    const h = bootedModule({ timing: 'realistic', bootDelayMs: 0 });
    h.scheduler.advance(2000);
    h.send('ATE0\r', 200);
    h.take();
    h.send('AT+QIACT=1\rAT\r');
    h.scheduler.advance(400);
    expect(h.take()).toBe('');
    h.scheduler.advance(3000);
    expect(h.take()).toBe('\r\nOK\r\n\r\nOK\r\n');
  });
});

describe('network and PDP commands', () => {
  it('answers the seed session queries (§5.2, §5.3)', () => {
    const h = bootedModule();
    h.send('ATE0\r');
    h.take();
    const ask = (cmd: string) => {
      h.send(`${cmd}\r`);
      return h.take();
    };
    expect(ask('AT+CREG?')).toBe('\r\n+CREG: 0,1\r\n\r\nOK\r\n');
    expect(ask('AT+CGREG?')).toBe('\r\n+CGREG: 0,1\r\n\r\nOK\r\n');
    expect(ask('AT+CEREG?')).toBe('\r\n+CEREG: 0,1\r\n\r\nOK\r\n');
    expect(ask('AT+COPS?')).toBe('\r\n+COPS: 0,0,"CHINA MOBILE",7\r\n\r\nOK\r\n');
    expect(ask('AT+QICSGP=1')).toBe('\r\n+QICSGP: 1,"CMNET","","",1\r\n\r\nOK\r\n');
    expect(ask('AT+QICSGP=2,1,"UNINET","","",1')).toBe('\r\nOK\r\n');
    expect(ask('AT+QICSGP=2')).toBe('\r\n+QICSGP: 1,"UNINET","","",1\r\n\r\nOK\r\n');
    expect(ask('AT+QICSGP=3')).toBe('\r\n+QICSGP: 1,"","","",0\r\n\r\nOK\r\n');
    expect(ask('AT+QIACT?')).toBe('\r\nOK\r\n');
    expect(ask('AT+QIACT=1')).toBe('\r\nOK\r\n');
    expect(ask('AT+QIACT=1')).toBe('\r\nERROR\r\n'); // Q11
    expect(ask('AT+QIACT?')).toBe('\r\n+QIACT: 1,1,1,"10.189.73.246"\r\n\r\nOK\r\n');
    expect(ask('AT+CGPADDR=1')).toBe('\r\n+CGPADDR: 1,"10.189.73.246"\r\n\r\nOK\r\n');
    expect(ask('AT+QIDEACT=1')).toBe('\r\nOK\r\n');
    expect(ask('AT+QIACT?')).toBe('\r\nOK\r\n');
    expect(ask('AT+CREG=2')).toBe('\r\nOK\r\n');
    expect(ask('AT+CREG?')).toBe('\r\n+CREG: 2,1,"D509","80D413D",7\r\n\r\nOK\r\n');
    expect(ask('AT+CGDCONT=2,"IP","UNINET"')).toBe('\r\nOK\r\n');
    expect(ask('AT+CGACT=1,2')).toBe('\r\nOK\r\n');
    expect(ask('AT+CGACT?')).toBe('\r\n+CGACT: 1,0\r\n+CGACT: 2,1\r\n\r\nOK\r\n');
  });

  it('loses registration in flight mode and gets the SIM URCs back after AT+CFUN=1', () => {
    const h = bootedModule();
    h.send('ATE0\r');
    h.send('AT+CFUN=4\r');
    h.take();
    h.send('AT+CEREG?\r');
    expect(h.take()).toBe('\r\n+CEREG: 0,0\r\n\r\nOK\r\n');
    h.send('AT+CFUN=1\r');
    expect(h.take()).toBe('\r\nOK\r\n\r\n+CPIN: READY\r\n\r\n+QUSIM: 1\r\n\r\n+QIND: SMS DONE\r\n\r\n+QIND: PB DONE\r\n');
  });

  it('restarts on AT+CFUN=1,1 and powers down on AT+QPOWD', () => {
    const h = bootedModule();
    h.send('ATE0\r');
    h.take();
    h.send('AT+CFUN=1,1\r');
    expect(h.take()).toMatch(/^\r\nOK\r\n\r\nRDY\r\n/);
    h.send('AT+QPOWD=1\r');
    expect(h.take()).toBe('AT+QPOWD=1\r\r\nOK\r\n\r\nPOWERED DOWN\r\n');
    h.send('AT\r');
    expect(h.take()).toBe('');
    h.module.powerOn();
    h.scheduler.advance(0);
    expect(h.take()).toMatch(/^\r\nRDY\r\n/);
  });
});

describe('MQTT commands without a network', () => {
  const ready = () => {
    const h = bootedModule();
    h.send('ATE0\r');
    h.take();
    return (cmd: string) => {
      h.send(`${cmd}\r`);
      return h.take();
    };
  };

  it('sets and reads back options; query answers omit the client index (Q13)', () => {
    const ask = ready();
    expect(ask('AT+QMTCFG="recv/mode",0')).toBe('\r\n+QMTCFG: "recv/mode",0,0\r\n\r\nOK\r\n');
    expect(ask('AT+QMTCFG="recv/mode",0,0,1')).toBe('\r\nOK\r\n');
    expect(ask('AT+QMTCFG="recv/mode",0,1')).toBe('\r\nOK\r\n'); // without the length field: it stays
    expect(ask('AT+QMTCFG="recv/mode",0')).toBe('\r\n+QMTCFG: "recv/mode",1,1\r\n\r\nOK\r\n');
    expect(ask('AT+QMTCFG="aliauth",0,"a1wFylTxYeD","co_0001","7ab0c4b3532b5783df5fdc58a2895d7a"')).toBe('\r\nOK\r\n');
    expect(ask('AT+QMTCFG="aliauth",0')).toBe('\r\n+QMTCFG: "aliauth","a1wFylTxYeD","co_0001","7ab0c4b3532b5783df5fdc58a2895d7a"\r\n\r\nOK\r\n');
    expect(ask('AT+QMTCFG="aliauth",1')).toBe('\r\n+QMTCFG: "aliauth","","",""\r\n\r\nOK\r\n');
    expect(ask('AT+QMTCFG="KeepAlive",0,60')).toBe('\r\nOK\r\n'); // option names are case-insensitive (Q12)
    expect(ask('AT+QMTCFG="keepalive",0')).toBe('\r\n+QMTCFG: "keepalive",60\r\n\r\nOK\r\n');
    expect(ask('AT+QMTCFG="timeout",0,10')).toBe('\r\nOK\r\n');
    expect(ask('AT+QMTCFG="timeout",0')).toBe('\r\n+QMTCFG: "timeout",10,3,0\r\n\r\nOK\r\n');
    expect(ask('AT+QMTCFG="version",0,3')).toBe('\r\nOK\r\n');
    expect(ask('AT+QMTCFG="session",0,0')).toBe('\r\nOK\r\n');
    expect(ask('AT+QMTCFG="pdpcid",0,2')).toBe('\r\nOK\r\n');
    expect(ask('AT+QMTCFG="will",0,1,1,0,"/a/b","bye"')).toBe('\r\nOK\r\n');
    expect(ask('AT+QMTCFG="will",0')).toBe('\r\n+QMTCFG: "will",1,1,0,"/a/b","bye"\r\n\r\nOK\r\n');
    expect(ask('AT+QMTCFG="will",0,0')).toBe('\r\nOK\r\n');
    expect(ask('AT+QMTCFG="will",0')).toBe('\r\n+QMTCFG: "will",0\r\n\r\nOK\r\n');
    expect(ask('AT+QMTCFG=?')).toContain('+QMTCFG: "aliauth",(0-5),"productkey","devicename","devicesecret"');
  });

  it('refuses bad options and values', () => {
    const ask = ready();
    for (const bad of [
      'AT+QMTCFG="nope",0,1',
      'AT+QMTCFG="keepalive",6,60',
      'AT+QMTCFG="keepalive",0,3601',
      'AT+QMTCFG="recv/mode",0,2',
      'AT+QMTCFG="aliauth",0,"pk","dn"',
      'AT+QMTCFG="will",0,1,1,0',
      'AT+QMTCFG="version",0,5',
    ]) {
      expect(ask(bad), bad).toBe('\r\nERROR\r\n');
    }
  });

  it('answers ERROR to MQTT commands in the wrong state (§3.6.14)', () => {
    const ask = ready();
    expect(ask('AT+QMTOPEN?')).toBe('\r\nOK\r\n');
    expect(ask('AT+QMTCONN?')).toBe('\r\nOK\r\n');
    expect(ask('AT+QMTCONN=0,"c"')).toBe('\r\nERROR\r\n');
    expect(ask('AT+QMTSUB=0,1,"/a",0')).toBe('\r\nERROR\r\n');
    expect(ask('AT+QMTUNS=0,1,"/a"')).toBe('\r\nERROR\r\n');
    expect(ask('AT+QMTPUBEX=0,0,0,0,"/a",3')).toBe('\r\nERROR\r\n'); // no prompt without a connection
    expect(ask('AT+QMTDISC=0')).toBe('\r\nERROR\r\n');
    expect(ask('AT+QMTCLOSE=0')).toBe('\r\nERROR\r\n');
    expect(ask('AT+QMTRECV=0')).toBe('\r\nERROR\r\n');
    expect(ask('AT+QMTRECV?')).toBe('\r\nOK\r\n');
    expect(ask('AT+QMTOPEN=6,"h",1883')).toBe('\r\nERROR\r\n');
    expect(ask('AT+QMTOPEN=0,"h",0')).toBe('\r\nERROR\r\n');
  });

  it('reads exactly <will_len> bytes after the willex prompt, echoing them and dropping the surplus', () => {
    const h = bootedModule();
    h.take();
    h.send('AT+QMTCFG="willex",0,1,0,0,"/a/will",5\r');
    expect(h.take()).toBe('AT+QMTCFG="willex",0,1,0,0,"/a/will",5\r\r\n> ');
    h.send('bye!!+SURPLUS\r\n', 1);
    expect(h.take()).toBe('bye!!\r\nOK\r\n');
    h.send('AT+QMTCFG="willex",0\r');
    expect(h.take()).toBe('AT+QMTCFG="willex",0\r\r\n+QMTCFG: "willex",1,0,0,"/a/will",5\r\n\r\nOK\r\n');
  });

  // reliability-checklist B14, quectel-at.md Q3: a short payload leaves the module waiting.
  it('keeps waiting when the payload is short: the next command line becomes payload, and padding the rest gets the answer', () => {
    const h = bootedModule();
    h.take();
    h.send('AT+QMTCFG="willex",0,1,0,0,"/a/will",8\r');
    expect(h.take()).toBe('AT+QMTCFG="willex",0,1,0,0,"/a/will",8\r\r\n> ');
    h.send('bye', 60_000);
    expect(h.take()).toBe('bye');
    h.send('AT\r', 1000);
    expect(h.take()).toBe('AT\r'); // payload, echoed; no OK
    h.send('  ', 1000); // 'bye' + 'AT\r' + two more make the 8 declared bytes
    expect(h.take()).toBe('  \r\nOK\r\n');
    h.send('AT+QMTCFG="willex",0\r');
    expect(h.take()).toContain('+QMTCFG: "willex",1,0,0,"/a/will",8');
    h.send('AT\r');
    expect(h.take()).toBe('AT\r\r\nOK\r\n');
  });

  it('reads a variable-length payload until Ctrl+Z, and ESC cancels it with OK and nothing sent (AT+CMGS, §1.7)', () => {
    const h = bootedModule();
    h.send('AT+CMGF=1\r');
    h.take();
    h.send('AT+CMGS="10086"\r');
    expect(h.take()).toBe('AT+CMGS="10086"\r\r\n> ');
    h.send('hello\r\nAT\r', 60_000);
    expect(h.take()).toBe('hello\r\nAT\r'); // still data
    h.send(Uint8Array.of(0x1b));
    expect(h.take()).toBe('\r\nOK\r\n');
    h.send('AT+CMGS="10086"\r');
    h.take();
    h.send(new Uint8Array([...new TextEncoder().encode('hi'), 0x1a]), 1000);
    expect(h.take()).toBe('hi\r\n+CMGS: 1\r\n\r\nOK\r\n');
    h.send('AT\r');
    expect(h.take()).toBe('AT\r\r\nOK\r\n');
  });

  it('does not echo data after the prompt with echo off', () => {
    const h = bootedModule();
    h.send('ATE0\r');
    h.take();
    h.send('AT+QMTCFG="willex",0,1,0,0,"/a/will",3\r');
    expect(h.take()).toBe('\r\n> ');
    h.send('abc', 1);
    expect(h.take()).toBe('\r\nOK\r\n');
  });
});
