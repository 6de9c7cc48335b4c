// The module's subscribe and unsubscribe commands (quectel-at.md §3.6.6–3.6.7) and the MQTT packet
// identifiers they, and QoS 1 publishes, carry.
import { isIntIn } from './int-range';
import type { QoS } from './alink-topics';

export interface TopicQos {
  topic: string;
  qos: QoS;
}

/** quectel-at.md §3.6.6: `AT+QMTSUB=<client_idx>,<msgid>,"<topic1>",<qos1>[,…]`. */
export function subscribeCommand(clientIndex: number, msgId: number, topics: readonly TopicQos[]): string {
  return `AT+QMTSUB=${clientIndex},${msgId},${topics.map((t) => `"${t.topic}",${t.qos}`).join(',')}`;
}

/** quectel-at.md §3.6.7: `AT+QMTUNS=<client_idx>,<msgid>,"<topic1>"[,…]`. */
export function unsubscribeCommand(clientIndex: number, msgId: number, topics: readonly string[]): string {
  return `AT+QMTUNS=${clientIndex},${msgId},${topics.map((t) => `"${t}"`).join(',')}`;
}

/** MQTT packet identifiers for SUB, UNS and QoS 1 publishes: 1–65535, never 0 (§3.6.6, §3.6.8). */
export class MessageIds {
  private next: number;

  constructor(start = 1) {
    this.next = isIntIn(start, 1, 65535) ? start : 1;
  }

  take(): number {
    const id = this.next;
    this.next = id === 65535 ? 1 : id + 1;
    return id;
  }
}
