// A generated AT receive stream for throughput benches: what an EC600S sends in a busy MQTT
// session (echoes, responses, finals, URCs, +QMTRECV with JSON payloads), repeated to size.
import { utf8Encode } from '../../shared/bytes';

export function atCorpus(bytes: number): Uint8Array {
  const parts: string[] = [];
  let i = 0;
  let size = 0;
  while (size < bytes) {
    const payload = `{"method":"thing.service.property.set","id":"${100000 + i}","params":{"PowerSwitch_1":${i % 2},"温度":${(i % 400) / 10}},"version":"1.0.0"}`;
    const block =
      'AT+CSQ\r\r\n+CSQ: 28,99\r\n\r\nOK\r\n' +
      `AT+QMTPUBEX=0,0,0,0,"/sys/a1wFylTxYeD/co_0001/thing/event/property/post",10\r\r\n> 0123456789\r\nOK\r\n\r\n+QMTPUBEX: 0,0,0\r\n` +
      `\r\n+QMTRECV: 0,0,"/sys/a1wFylTxYeD/co_0001/thing/service/property/set",${utf8Encode(payload).length},"${payload}"\r\n` +
      'AT+QMTOPEN?\r\r\n+QMTOPEN: 0,"iot-as-mqtt.cn-shanghai.aliyuncs.com",1883\r\n\r\nOK\r\n' +
      `\r\n+CEREG: 1,"D509","80D413D",7\r\n`;
    parts.push(block);
    size += utf8Encode(block).length;
    i++;
  }
  return utf8Encode(parts.join('')).subarray(0, bytes);
}
