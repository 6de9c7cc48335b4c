// A generated host ⇄ module dialogue for the session-pipeline bench (row 2): what crosses the link
// in a busy Aliyun session with echo on, shaped like the seed capture (shared/fixtures/captures):
// commands and their echoes, responses and finals, a property post through the `>` prompt with
// its echo and deferred +QMTPUBEX result, the cloud's post_reply and property set as +QMTRECV,
// and registration URCs. Every command gets its answer, so nothing times out or stays pending.
import { utf8Encode } from '../../shared/bytes';

export interface DialogueStep {
  dir: 'tx' | 'rx';
  bytes: Uint8Array;
}

export interface AtDialogue {
  steps: DialogueStep[];
  /** All rx bytes in order (what a line parser alone would see). */
  rx: Uint8Array;
  /** Commands the host sent, URCs the module sent: a sanity check on the facts that come out. */
  commands: number;
  messages: number;
  /** Every Alink JSON text in the dialogue, once per time the session model parses it. */
  json: string[];
}

const PK = 'a1wFylTxYeD';
const DN = 'co_0001';
const POST = `/sys/${PK}/${DN}/thing/event/property/post`;
const SET = `/sys/${PK}/${DN}/thing/service/property/set`;

/** A dialogue whose rx side is at least `rxBytes` long. */
export function atDialogue(rxBytes: number): AtDialogue {
  const steps: DialogueStep[] = [];
  let rxSize = 0;
  let commands = 0;
  let messages = 0;
  const json: string[] = [];
  const tx = (text: string) => {
    steps.push({ dir: 'tx', bytes: utf8Encode(text) });
    if (text.endsWith('\r')) commands++;
  };
  const rx = (text: string) => {
    const bytes = utf8Encode(text);
    steps.push({ dir: 'rx', bytes });
    rxSize += bytes.length;
  };
  const recv = (topic: string, payload: string) => {
    rx(`\r\n+QMTRECV: 0,0,"${topic}",${utf8Encode(payload).length},"${payload}"\r\n`);
    messages++;
    json.push(payload);
  };
  for (let i = 0; rxSize < rxBytes; i++) {
    tx('AT+CSQ\r');
    rx('AT+CSQ\r\r\n+CSQ: 28,99\r\n\r\nOK\r\n');
    const id = String(1142523359 + i);
    const post = `{"method":"thing.event.property.post","id":"${id}","params":{"PowerSwitch_1":${i % 2},"温度":${(i % 400) / 10}},"version":"1.0.0"}`;
    const pub = `AT+QMTPUBEX=0,0,0,0,"${POST}",${utf8Encode(post).length}`;
    tx(`${pub}\r`);
    rx(`${pub}\r\r\n> `);
    tx(post);
    rx(post);
    json.push(post);
    rx('\r\nOK\r\n\r\n+QMTPUBEX: 0,0,0\r\n');
    recv(`${POST}_reply`, `{"code":200,"data":{},"id":"${id}","message":"success","method":"thing.event.property.post","version":"1.0"}`);
    recv(SET, `{"method":"thing.service.property.set","id":"${220958108 + i}","params":{"PowerSwitch_1":${(i + 1) % 2}},"version":"1.0.0"}`);
    tx('AT+QMTOPEN?\r');
    rx('AT+QMTOPEN?\r\r\n+QMTOPEN: 0,"iot-as-mqtt.cn-shanghai.aliyuncs.com",1883\r\n\r\nOK\r\n');
    rx('\r\n+CEREG: 1,"D509","80D413D",7\r\n');
  }
  const all = new Uint8Array(rxSize);
  let at = 0;
  for (const s of steps) {
    if (s.dir !== 'rx') continue;
    all.set(s.bytes, at);
    at += s.bytes.length;
  }
  return { steps, rx: all, commands, messages, json };
}
