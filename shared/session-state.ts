// What the session model knows at a moment: the state the MQTT workspace shows. Derived only from
// the bytes that crossed the link (electron/session), so typing commands by hand, running a script
// and clicking Connect all show the same thing. Secrets are never part of it.

export type MqttClientState = 'closed' | 'opening' | 'open' | 'connecting' | 'connected' | 'disconnecting';

export interface SubscriptionState {
  topic: string;
  qos: number;
  grantedQos: number | null;
  state: 'subscribing' | 'subscribed' | 'failed' | 'unsubscribing';
}

export interface MqttClientSnapshot {
  index: number;
  state: MqttClientState;
  host: string | null;
  port: number | null;
  clientId: string | null;
  subscriptions: SubscriptionState[];
  /** recv/mode: 0 = messages in the URC, 1 = stored in slots; lengthEnabled = msg_len_enable. */
  recvMode: { mode: number; lengthEnabled: boolean } | null;
  aliauth: { productKey: string; deviceName: string; secretSet: boolean } | null;
  keepaliveS: number | null;
}

export interface PropertyState {
  name: string;
  value: unknown;
  direction: 'up' | 'down';
  t: number;
  /** Last value the cloud asked for (property set). */
  desired?: unknown;
  desiredAt?: number;
  /** Last value the device reported (property post). */
  reported?: unknown;
  reportedAt?: number;
}

export interface PendingCommandState {
  id: number;
  command: string;
  phase: string;
  deadline: number;
  /** In the 'data' phase: payload bytes the module still waits for; null: until Ctrl+Z (no length declared). */
  owedBytes?: number | null;
}

export interface SessionSnapshot {
  clients: MqttClientSnapshot[];
  properties: PropertyState[];
  pending: PendingCommandState[];
  echo: boolean;
  /** Set after an RDY: the module restarted at this time. */
  restartedAt: number | null;
}
