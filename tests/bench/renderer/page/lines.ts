// Packed batches of Quectel-style lines made inside the page (shipping 100 MB through
// page.evaluate would measure Playwright, not the renderer). Every line carries its number, so a
// test can tell which line is on screen; the mix and widths follow tests/bench/at-corpus.ts.
import { DIR_RX, DIR_TX, type PackedLog } from '../../../../shared/log-store';

const enc = new TextEncoder();

function lineText(n: number): string {
  switch (n % 8) {
    case 0:
      return `AT+CSQ;+N=${n}\r\r\n`;
    case 1:
      return `+CSQ: 28,99 #${n}\r\n`;
    case 2:
      return `OK #${n}\r\n`;
    case 3:
      return `+QMTRECV: 0,0,"/sys/a1wFylTxYeD/co_0001/thing/service/property/set",42,"{"id":"${n}","params":{"PowerSwitch_1":1}}"\r\n`;
    case 4:
      return `+QMTPUBEX: 0,0,0 #${n}\r\n`;
    case 5:
      return `+CEREG: 1,"D509","80D413D",7 #${n}\r\n`;
    case 6:
      return `AT+QMTOPEN?;+N=${n}\r\r\n`;
    default:
      return `+QMTOPEN: 0,"iot-as-mqtt.cn-shanghai.aliyuncs.com",1883 #${n}\r\n`;
  }
}

/** The unique text of line `n` as the view shows it (line ends dropped). */
export function shownText(n: number): string {
  return lineText(n).replace(/[\r\n]+$/, '').replace(/\r/g, '␍');
}

/** Lines [first, first + count) as one packed batch, stamped `t0 + i` ms. */
export function makeBatch(first: number, count: number, t0 = 1_700_000_000_000): PackedLog {
  // One string and one encode per batch (the lines are ASCII, so a line's bytes are its
  // characters): filling millions of lines is setup, not what the rows time.
  const texts = new Array<string>(count);
  for (let i = 0; i < count; i++) texts[i] = lineText(first + i);
  const joined = texts.join('');
  let bytes = enc.encode(joined);
  const ascii = bytes.length === joined.length;
  if (!ascii) bytes = new Uint8Array(0);
  const parts: Uint8Array[] = ascii ? [] : texts.map((t) => enc.encode(t));
  if (!ascii) {
    bytes = new Uint8Array(parts.reduce((n, b) => n + b.length, 0));
    let at = 0;
    for (const b of parts) {
      bytes.set(b, at);
      at += b.length;
    }
  }
  const offsets = new Uint32Array(count + 1);
  const times = new Float64Array(count);
  const dirs = new Uint8Array(count);
  let at = 0;
  for (let i = 0; i < count; i++) {
    at += ascii ? texts[i].length : parts[i].length;
    offsets[i + 1] = at;
    times[i] = t0 + first + i;
    dirs[i] = (first + i) % 8 === 0 || (first + i) % 8 === 6 ? DIR_TX : DIR_RX;
  }
  return { first, bytes, offsets, times, dirs };
}

/** `total` lines as batches of `per` lines. */
export function makeBatches(total: number, per: number, first = 0): PackedLog[] {
  const out: PackedLog[] = [];
  for (let at = first; at < first + total; at += per) out.push(makeBatch(at, Math.min(per, first + total - at)));
  return out;
}
