// The contract's names without its schemas: what the sandboxed preload and the renderer need to
// build one method per command, without bundling the validators (zod) that only main runs.
// shared/contract.ts checks at compile time that these lists are exactly its commands and events.

export const COMMAND_NAMES = [
  'snapshot',
  'listPorts',
  'openLink',
  'closeLink',
  'setSignals',
  'send',
  'sendFile',
  'cancelSendFile',
  'clearLog',
  'startLogFile',
  'stopLogFile',
  'loadScript',
  'saveScript',
  'setScript',
  'sendRow',
  'runScript',
  'stopScript',
  'mqttStatus',
  'mqttImport',
  'mqttPreview',
  'mqttConnect',
  'mqttDisconnect',
  'mqttReconnect',
  'mqttCancel',
  'mqttSubscribe',
  'mqttUnsubscribe',
  'mqttPublish',
  'mqttPublishDraft',
  'mqttRepeatStart',
  'mqttRepeatStop',
  'mqttAutoReply',
  'mqttForgetSecret',
  'setReconnectRows',
  'listUnfinishedCaptures',
  'exportUnfinishedCapture',
  'dismissUnfinishedCapture',
  'finishDataPhase',
] as const;

export const EVENT_NAMES = ['stream'] as const;

/** IPC channel of a command or event (one namespace, so nothing else can be reached). */
export const channelOf = (name: (typeof COMMAND_NAMES)[number] | (typeof EVENT_NAMES)[number]): string => `modemdeck:${name}`;
