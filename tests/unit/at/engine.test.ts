import { describe, expect, it } from 'vitest';
import { only, runDialogue } from '../../support/dialogue';
import { DATA_IDLE_MS } from '../../../electron/at/engine';

describe('AT engine: finals, echo, responses', () => {
  it('pairs a command with its OK and measures the latency, echo on', () => {
    const { facts } = runDialogue([['tx', 'AT\r'], ['rx', 'AT\r\r\nOK\r\n']]);
    expect(facts).toEqual([
      { kind: 'at.command', t: 1_000_000, id: 1, command: 'AT', name: 'AT' },
      expect.objectContaining({ kind: 'at.final', id: 1, result: 'OK', ok: true, latencyMs: 10, info: [] }),
    ]);
  });

  it('works with echo off after ATE0', () => {
    const { facts } = runDialogue([
      ['tx', 'ATE0\r'], ['rx', 'ATE0\r\r\nOK\r\n'],
      ['tx', 'AT+CSQ\r'], ['rx', '\r\n+CSQ: 28,99\r\n\r\nOK\r\n'],
    ]);
    const finals = only(facts, 'at.final');
    expect(finals.map((f) => [f.command, f.result, f.info])).toEqual([['ATE0', 'OK', []], ['AT+CSQ', 'OK', ['+CSQ: 28,99']]]);
  });

  it('decodes an error result with a meaning and a remedy in both languages', () => {
    const { facts } = runDialogue([['tx', 'AT+CPIN?\r'], ['rx', 'AT+CPIN?\r\r\n+CME ERROR: 10\r\n']]);
    const [final] = only(facts, 'at.final');
    expect(final).toMatchObject({ ok: false, result: '+CME ERROR: 10' });
    expect(final.error?.code).toBe('CME 10');
    expect(final.error?.meaning.en).toMatch(/SIM/i);
    expect(final.error?.meaning.zh.length).toBeGreaterThan(0);
  });

  it('keeps a URC that arrives between the echo and the final out of the response', () => {
    const { facts } = runDialogue([['tx', 'AT+CSQ\r'], ['rx', 'AT+CSQ\r\r\n+QMTSTAT: 0,1\r\n\r\n+CSQ: 28,99\r\n\r\nOK\r\n']]);
    expect(only(facts, 'at.final')[0].info).toEqual(['+CSQ: 28,99']);
    expect(only(facts, 'at.urc')[0]).toMatchObject({ name: '+QMTSTAT', text: '+QMTSTAT: 0,1' });
    expect(only(facts, 'mqtt.stat')[0]).toMatchObject({ client: 0, code: 1 });
  });

  it('treats a read response as a response, not as the deferred result (+QMTOPEN: 0,"host",1883)', () => {
    const { facts } = runDialogue([
      ['tx', 'AT+QMTOPEN?\r'], ['rx', 'AT+QMTOPEN?\r\r\n+QMTOPEN: 0,"iot-as-mqtt.cn-shanghai.aliyuncs.com",1883\r\n\r\nOK\r\n'],
      ['tx', 'AT+QMTPUBEX=?\r'], ['rx', 'AT+QMTPUBEX=?\r\r\n+QMTPUBEX: (0-5),<msgid>,(0-2),(0,1),"topic","length"\r\n\r\nOK\r\n'],
    ]);
    expect(only(facts, 'at.result')).toEqual([]);
    expect(only(facts, 'at.urc')).toEqual([]);
    expect(only(facts, 'at.final').map((f) => f.info.length)).toEqual([1, 1]);
  });

  it('completes a command whose result comes later as a URC, and decodes a failure', () => {
    const { facts } = runDialogue([
      ['tx', 'AT+QMTOPEN=0,"h.example",1883\r'], ['rx', 'AT+QMTOPEN=0,"h.example",1883\r\r\nOK\r\n'],
      ['wait', 200], ['rx', '\r\n+QMTOPEN: 0,3\r\n'],
    ]);
    expect(only(facts, 'at.final')[0]).toMatchObject({ ok: true, deferred: true });
    const [result] = only(facts, 'at.result');
    expect(result).toMatchObject({ urc: '+QMTOPEN: 0,3', ok: false, latencyMs: 210 });
    expect(result.error?.code).toBe('QMTOPEN 3');
    expect(only(facts, 'mqtt.open')[0]).toMatchObject({ client: 0, result: 3, ok: false, host: 'h.example', port: 1883 });
  });

  it('reports a deferred result that never comes, pointing at AT+QURCCFG', () => {
    const { facts } = runDialogue([
      ['tx', 'AT+QMTCONN=0,"c"\r'], ['rx', 'AT+QMTCONN=0,"c"\r\r\nOK\r\n'], ['wait', 10_000],
    ]);
    const [result] = only(facts, 'at.result');
    expect(result).toMatchObject({ urc: 'TIMEOUT', ok: false });
    expect(JSON.stringify(result.error)).toContain('QURCCFG');
    expect(only(facts, 'mqtt.connect')[0]).toMatchObject({ ok: false, result: null });
  });

  it('times a command out, and ignores its late final instead of giving it to the next command', () => {
    const { facts } = runDialogue([
      ['tx', 'AT+CSQ\r'], ['rx', 'AT+CSQ\r'], ['wait', 5_000],
      ['tx', 'AT\r'], ['rx', '\r\nOK\r\n'], ['rx', 'AT\r\r\nOK\r\n'],
    ]);
    const finals = only(facts, 'at.final');
    expect(finals.map((f) => [f.command, f.result])).toEqual([['AT+CSQ', 'TIMEOUT'], ['AT', 'OK']]);
    expect(only(facts, 'at.stray').map((f) => f.text)).toEqual(['OK']);
  });

  it('queues a command typed while a long one is pending, as the module buffers it (Q9)', () => {
    const { facts } = runDialogue([
      ['tx', 'AT+QIACT=1\r'], ['rx', 'AT+QIACT=1\r'], ['tx', 'AT+CSQ\r'], ['rx', 'AT+CSQ\r'], ['wait', 3_000],
      ['rx', '\r\nOK\r\n'], ['rx', '\r\n+CSQ: 20,99\r\n\r\nOK\r\n'],
    ]);
    expect(only(facts, 'at.final').map((f) => [f.command, f.result, f.info])).toEqual([
      ['AT+QIACT=1', 'OK', []], ['AT+CSQ', 'OK', ['+CSQ: 20,99']],
    ]);
  });

  it('fails what is in flight as "module restarted" when RDY arrives, and echo is back on', () => {
    const { facts, pipeline } = runDialogue([
      ['tx', 'ATE0\r'], ['rx', 'ATE0\r\r\nOK\r\n'],
      ['tx', 'AT+QMTOPEN=0,"h",1883\r'], ['rx', '\r\nOK\r\n'],
      ['tx', 'AT+CSQ\r'], ['rx', '\x00\xff\r\nRDY\r\n'],
    ]);
    const finals = only(facts, 'at.final');
    expect(finals.at(-1)).toMatchObject({ command: 'AT+CSQ', result: 'RESTARTED', ok: false });
    expect(only(facts, 'at.result')[0]).toMatchObject({ urc: 'RESTARTED', ok: false });
    expect(facts.some((f) => f.kind === 'at.restart')).toBe(true);
    expect(pipeline.snapshot().echo).toBe(true);
  });

  it('fails what is pending as "link lost" when the port goes away', () => {
    const { facts, pipeline } = runDialogue([['tx', 'AT+CSQ\r']]);
    pipeline.linkLost();
    expect(only(facts, 'at.final')[0]).toMatchObject({ result: 'LINK LOST', ok: false });
  });
});

describe('AT engine: the > data phase', () => {
  const topic = '/sys/a1wFylTxYeD/co_0001/thing/event/property/post';
  const payload = '{"method":"thing.event.property.post","id":"1","params":{"温度":21.5},"version":"1.0.0"}';
  const n = new TextEncoder().encode(payload).length;

  it('sends exactly the declared UTF-8 bytes after the prompt and pairs the +QMTPUBEX result', () => {
    const { facts } = runDialogue([
      ['tx', `AT+QMTPUBEX=0,0,0,0,"${topic}",${n}\r`], ['rx', `AT+QMTPUBEX=0,0,0,0,"${topic}",${n}\r\r\n> `],
      ['tx', payload], ['rx', payload], ['rx', '\r\nOK\r\n'], ['rx', '\r\n+QMTPUBEX: 0,0,0\r\n'],
    ]);
    expect(only(facts, 'at.prompt')[0]).toMatchObject({ declaredLength: n });
    expect(only(facts, 'at.data')[0]).toMatchObject({ accepted: payload, sentLength: n, declaredLength: n });
    expect(only(facts, 'at.final')[0]).toMatchObject({ result: 'OK', info: [] });
    expect(only(facts, 'mqtt.publish')[0]).toMatchObject({ topic, declaredLength: n, sentLength: n, truncated: false, ok: true, result: 0 });
    expect(only(facts, 'alink')[0]).toMatchObject({ direction: 'up', method: 'thing.event.property.post', params: { 温度: 21.5 } });
  });

  it('flags a publish whose sent bytes exceed the declared length: the cloud got the first bytes only', () => {
    const { facts } = runDialogue([
      ['tx', `AT+QMTPUBEX=0,0,0,0,"${topic}",10\r`], ['rx', `AT+QMTPUBEX=0,0,0,0,"${topic}",10\r\r\n> `],
      ['tx', `${payload}\r\n`], ['rx', payload.slice(0, 10)], ['rx', '\r\nOK\r\n\r\n+QMTPUBEX: 0,0,0\r\n'],
    ]);
    const [pub] = only(facts, 'mqtt.publish');
    expect(pub).toMatchObject({ declaredLength: 10, sentLength: n + 2, truncated: true, payload: payload.slice(0, 10) });
  });

  it('sees the prompt even when "> " is split across reads', () => {
    const { facts } = runDialogue([
      ['tx', `AT+QMTPUBEX=0,0,0,0,"${topic}",2\r`], ['rx', `AT+QMTPUBEX=0,0,0,0,"${topic}",2\r\r\n>`], ['rx', ' '],
      ['tx', 'hi'], ['rx', 'hi\r\nOK\r\n\r\n+QMTPUBEX: 0,0,0\r\n'],
    ]);
    expect(only(facts, 'mqtt.publish')[0]).toMatchObject({ payload: 'hi', ok: true });
    expect(only(facts, 'at.stray')).toEqual([]);
  });

  // reliability-checklist B14, quectel-at.md Q3: a short payload leaves the module waiting, and
  // whatever the host sends next becomes payload.
  describe('a data phase the host leaves short', () => {
    const cmd = `AT+QMTPUBEX=0,0,0,0,"${topic}",10`;

    it('knows the bytes still owed, does not time the command out, and says so once nothing came for a while', () => {
      const { facts, pipeline, clock } = runDialogue([['tx', `${cmd}\r`], ['rx', `${cmd}\r\r\n> `], ['tx', 'abcd'], ['rx', 'abcd']]);
      expect(pipeline.pending()[0]).toMatchObject({ phase: 'data', owedBytes: 6 });
      // the payload bytes left the host two steps (20 ms) ago
      expect(pipeline.nextDeadline()).toBe(clock.now() - 20 + DATA_IDLE_MS);
      clock.advance(DATA_IDLE_MS);
      pipeline.tick();
      expect(only(facts, 'at.data-short')).toEqual([
        expect.objectContaining({ command: cmd, declaredLength: 10, acceptedLength: 4, owedBytes: 6 }),
      ]);
      // The module waits without a limit: an hour later the command is still in its data phase, not timed out.
      clock.advance(3_600_000);
      pipeline.tick();
      expect(only(facts, 'at.final')).toEqual([]);
      expect(only(facts, 'at.data-short')).toHaveLength(1);
      expect(pipeline.pending()[0]).toMatchObject({ phase: 'data', owedBytes: 6 });
    });

    it('a command typed into the short phase is payload, as the module takes it; the padded rest completes it and AT answers again', () => {
      const { facts, pipeline } = runDialogue([
        ['tx', `${cmd}\r`], ['rx', `${cmd}\r\r\n> `], ['tx', 'abcd'], ['rx', 'abcd'], ['wait', DATA_IDLE_MS],
        ['tx', 'AT\r'], ['rx', 'AT\r'],
      ]);
      expect(only(facts, 'at.command').map((f) => f.command)).toEqual([cmd]);
      expect(pipeline.pending()[0]).toMatchObject({ phase: 'data', owedBytes: 3 });
      const rest = runDialogue([
        ['tx', `${cmd}\r`], ['rx', `${cmd}\r\r\n> `], ['tx', 'abcd'], ['rx', 'abcd'], ['wait', DATA_IDLE_MS],
        ['tx', '      '], ['rx', '      \r\nOK\r\n'], ['rx', '\r\n+QMTPUBEX: 0,0,0\r\n'],
        ['tx', 'AT\r'], ['rx', 'AT\r\r\nOK\r\n'],
      ]);
      expect(only(rest.facts, 'at.data')[0]).toMatchObject({ accepted: 'abcd      ', sentLength: 10, declaredLength: 10 });
      expect(only(rest.facts, 'at.final').map((f) => [f.command, f.result])).toEqual([[cmd, 'OK'], ['AT', 'OK']]);
      expect(rest.pipeline.pending()).toEqual([]);
    });

    it('times the module answer from the end of the payload', () => {
      const { facts, pipeline } = runDialogue([
        ['tx', `${cmd}\r`], ['rx', `${cmd}\r\r\n> `], ['wait', 60_000], ['tx', '0123456789'], ['rx', '0123456789'], ['wait', 10_000],
      ]);
      expect(only(facts, 'at.final')).toEqual([]);
      expect(pipeline.pending()[0].phase).toBe('data-done');
    });

    it('a variable-length phase owes an unknown amount; ESC ends it and the module answers', () => {
      const { facts, pipeline, clock } = runDialogue([['tx', 'AT+CMGS="10086"\r'], ['rx', 'AT+CMGS="10086"\r\r\n> '], ['tx', 'hello'], ['rx', 'hello']]);
      expect(pipeline.pending()[0]).toMatchObject({ phase: 'data', owedBytes: null });
      clock.advance(DATA_IDLE_MS);
      pipeline.tick();
      expect(only(facts, 'at.data-short')[0]).toMatchObject({ declaredLength: null, owedBytes: null, acceptedLength: 5 });
      pipeline.tx(Uint8Array.of(0x1b));
      pipeline.rx(new TextEncoder().encode('\r\nOK\r\n'));
      expect(only(facts, 'at.data')[0]).toMatchObject({ accepted: 'hello', cancelled: true });
      expect(only(facts, 'at.final')[0]).toMatchObject({ command: 'AT+CMGS="10086"', result: 'OK' });
      expect(pipeline.pending()).toEqual([]);
    });

    it('an AT+QMTPUB cancelled with ESC waits for no +QMTPUB result: nothing was published', () => {
      const cmd = 'AT+QMTPUB=0,1,1,0,"/a/b"';
      const { facts, pipeline, clock } = runDialogue([['tx', `${cmd}\r`], ['rx', `${cmd}\r\r\n> `], ['tx', 'hel'], ['rx', 'hel']]);
      pipeline.tx(Uint8Array.of(0x1b));
      pipeline.rx(new TextEncoder().encode('\r\nOK\r\n'));
      expect(only(facts, 'at.final')[0]).toMatchObject({ command: cmd, result: 'OK' });
      expect(only(facts, 'at.final')[0].deferred).toBeUndefined();
      expect(pipeline.pending()).toEqual([]);
      clock.advance(60_000);
      pipeline.tick();
      expect(only(facts, 'at.result')).toEqual([]);
    });
  });
});
