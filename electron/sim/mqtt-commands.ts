// The MQTT AT commands of the virtual EC600S (quectel-at.md §3.6): syntax and state checks answer
// at once (bare ERROR on any failure, §2.5); the network work starts once OK is on the wire and
// reports through the client slot's URCs.
import { utf8Length } from '../../shared/bytes';
import type { AtCommand } from './at-command-line';
import { ERROR, OK, answer, intParam, quote, type CommandHandler, type CommandOutcome, type ModuleContext } from './command-outcome';
import { QMTCFG_TEST_LINES, canonicalOption } from './mqtt-config';
import { CONNECTION_STATE, RECV_SLOTS, qmtrecvLine, type MqttClientSlot } from './mqtt-client-slot';

const MAX_PUBLISH_BYTES = 1500; // §3.6.8: at most 1500 bytes per input
const MAX_HOST_BYTES = 100; // §3.6.2

function slotOf(cmd: AtCommand, ctx: ModuleContext, index = 0): MqttClientSlot | null {
  const idx = intParam(cmd, index, 0, 5);
  return idx === null ? null : ctx.slots[idx];
}

/** The client must be in `state` for the command (§3.6.14); otherwise ERROR. */
function inState(cmd: AtCommand, ctx: ModuleContext, state: MqttClientSlot['state']): MqttClientSlot | null {
  const slot = slotOf(cmd, ctx);
  return slot && slot.state === state ? slot : null;
}

const isOpen = (slot: MqttClientSlot) => CONNECTION_STATE[slot.state] !== undefined;
const qos = (cmd: AtCommand, i: number) => intParam(cmd, i, 0, 2) as 0 | 1 | 2 | null;

function configure(cmd: AtCommand, ctx: ModuleContext): CommandOutcome {
  if (cmd.form === 'test') return answer(...QMTCFG_TEST_LINES);
  if (cmd.form !== 'write' || cmd.params.length < 2) return ERROR;
  const option = canonicalOption(cmd.params[0].text);
  const slot = slotOf(cmd, ctx, 1);
  if (!option || !slot) return ERROR;
  const values = cmd.params.slice(2);
  if (values.length === 0) return answer(slot.config.queryLine(option)); // Q13: no <client_idx> in the answer
  // [INF] §3.6.1: options apply before the connection exists; an opened client refuses them.
  if (slot.state !== 'closed' || !slot.config.set(option, values)) return ERROR;
  if (option === 'willex' && slot.config.int('willex') === 1) {
    // The will message follows the prompt; bytes beyond <will_len> are dropped (§1.7).
    return {
      dataPhase: {
        length: slot.config.int('willex', 4),
        complete: (data) => {
          slot.config.willexMessage = data;
          return OK;
        },
      },
    };
  }
  return OK;
}

function open(cmd: AtCommand, ctx: ModuleContext): CommandOutcome {
  if (cmd.form === 'test') return answer('+QMTOPEN: (0-5),"hostname",(1-65535)');
  if (cmd.form === 'read') return answer(...ctx.slots.filter(isOpen).map((s) => `+QMTOPEN: ${s.index},${quote(s.host)},${s.port}`));
  const slot = slotOf(cmd, ctx);
  const host = cmd.params[1]?.text ?? '';
  const port = intParam(cmd, 2, 1, 65535);
  if (!slot || cmd.params.length !== 3 || !host || utf8Length(host) > MAX_HOST_BYTES || port === null) return ERROR;
  // §3.6.14: QMTOPEN on a busy index answers OK, then result 2 "identifier occupied".
  if (slot.state !== 'closed') return { final: 'OK', after: () => ctx.urc(`+QMTOPEN: ${slot.index},2`) };
  return { final: 'OK', after: () => slot.open(host, port) };
}

function close(cmd: AtCommand, ctx: ModuleContext): CommandOutcome {
  if (cmd.form === 'test') return answer('+QMTCLOSE: (0-5)');
  const slot = slotOf(cmd, ctx);
  if (!slot || (slot.state !== 'opened' && slot.state !== 'connected')) return ERROR;
  return { final: 'OK', after: () => slot.close() };
}

function connect(cmd: AtCommand, ctx: ModuleContext): CommandOutcome {
  if (cmd.form === 'test') return answer('+QMTCONN: (0-5),"clientid","username","password"');
  if (cmd.form === 'read') return answer(...ctx.slots.filter(isOpen).map((s) => `+QMTCONN: ${s.index},${CONNECTION_STATE[s.state]}`));
  const slot = inState(cmd, ctx, 'opened');
  const n = cmd.params.length;
  if (!slot || (n !== 2 && n !== 4) || !cmd.params[1].text) return ERROR;
  const [, clientId, username, password] = cmd.params.map((p) => p.text);
  return { final: 'OK', after: () => slot.connect(clientId, username, password) };
}

function disconnect(cmd: AtCommand, ctx: ModuleContext): CommandOutcome {
  if (cmd.form === 'test') return answer('+QMTDISC: (0-5)');
  const slot = inState(cmd, ctx, 'connected');
  return slot && cmd.params.length === 1 ? { final: 'OK', after: () => slot.disconnect() } : ERROR;
}

function subscribe(cmd: AtCommand, ctx: ModuleContext): CommandOutcome {
  if (cmd.form === 'test') return answer('+QMTSUB: (0-5),(1-65535),<topic>,(0-2)');
  const slot = inState(cmd, ctx, 'connected');
  const msgid = intParam(cmd, 1, 1, 65535);
  const pairs = cmd.params.slice(2);
  if (!slot || msgid === null || pairs.length === 0 || pairs.length % 2 !== 0) return ERROR;
  const topics: { topic: string; qos: 0 | 1 | 2 }[] = [];
  for (let i = 2; i < cmd.params.length; i += 2) {
    const q = qos(cmd, i + 1);
    if (!cmd.params[i].text || q === null) return ERROR;
    topics.push({ topic: cmd.params[i].text, qos: q });
  }
  return { final: 'OK', after: () => slot.subscribe(msgid, topics) };
}

function unsubscribe(cmd: AtCommand, ctx: ModuleContext): CommandOutcome {
  if (cmd.form === 'test') return answer('+QMTUNS: (0-5),(1-65535),<topic>');
  const slot = inState(cmd, ctx, 'connected');
  const msgid = intParam(cmd, 1, 1, 65535);
  const topics = cmd.params.slice(2).map((p) => p.text);
  if (!slot || msgid === null || topics.length === 0 || topics.some((t) => !t)) return ERROR;
  return { final: 'OK', after: () => slot.unsubscribe(msgid, topics) };
}

function publish(cmd: AtCommand, ctx: ModuleContext): CommandOutcome {
  if (cmd.form === 'test') return answer('+QMTPUBEX: (0-5),<msgid>,(0-2),(0,1),"topic","length"');
  const slot = inState(cmd, ctx, 'connected');
  const msgid = intParam(cmd, 1, 0, 65535);
  const q = qos(cmd, 2);
  const retain = intParam(cmd, 3, 0, 1);
  const topic = cmd.params[4]?.text ?? '';
  const length = intParam(cmd, 5, 0, MAX_PUBLISH_BYTES);
  if (!slot || cmd.params.length !== 6 || msgid === null || q === null || retain === null || !topic || length === null) return ERROR;
  // §3.6.8: <msgid> is 0 only, and always, for QoS 0; at most 5 publishes in flight.
  if ((q === 0) !== (msgid === 0) || slot.publishWindowFull) return ERROR;
  return {
    dataPhase: {
      length,
      complete: (payload) =>
        slot.state === 'connected' ? { final: 'OK', after: () => slot.publish(msgid, q, retain === 1, topic, payload) } : ERROR,
    },
  };
}

function receive(cmd: AtCommand, ctx: ModuleContext): CommandOutcome {
  if (cmd.form === 'test') return OK;
  const connected = ctx.slots.filter((s) => s.state === 'connected');
  if (cmd.form === 'read') {
    return answer(...connected.map((s) => `+QMTRECV: ${s.index},${s.stored.map((m) => (m ? 1 : 0)).join(',')}`));
  }
  const slot = inState(cmd, ctx, 'connected');
  const recvId = cmd.params.length > 1 ? intParam(cmd, 1, 0, RECV_SLOTS - 1) : undefined;
  if (!slot || recvId === null || cmd.params.length > 2) return ERROR;
  const withLength = slot.config.int('recv/mode', 1) === 1;
  return answer(...slot.take(recvId).map((m) => qmtrecvLine(slot.index, m, withLength)));
}

export const MQTT_COMMANDS: Record<string, CommandHandler> = {
  '+QMTCFG': configure,
  '+QMTOPEN': open,
  '+QMTCLOSE': close,
  '+QMTCONN': connect,
  '+QMTDISC': disconnect,
  '+QMTSUB': subscribe,
  '+QMTUNS': unsubscribe,
  '+QMTPUBEX': publish,
  '+QMTRECV': receive,
};
