// The MQTT workspace's half of the IPC contract (shared/contract.ts lists these commands): request
// schemas and the shapes main answers with. Kept apart so the MQTT operations change in one file.
// The DeviceSecret travels renderer → main only (a typed one, once); no answer ever carries it.
import { z } from 'zod';
import type { BilingualText, FieldError, TopicQos, TripletForm } from './aliyun';
import type { Decoded } from './facts';
import type { SessionSnapshot as ModelSnapshot } from './session-state';

const MAX_TEXT = 256;
const MAX_TOPIC = 512;
const MAX_TOPICS = 64;
/** §3.6.8: the module takes at most 1500 bytes per publish; the characters bound is looser. */
const MAX_PAYLOAD_CHARS = 8 * 1024;

export const tripletFormSchema = z
  .object({
    productKey: z.string().max(MAX_TEXT),
    deviceName: z.string().max(MAX_TEXT),
    deviceSecret: z.string().max(MAX_TEXT),
    hostKind: z.enum(['region', 'region-pk', 'instance', 'custom']),
    region: z.string().max(MAX_TEXT),
    instanceId: z.string().max(MAX_TEXT),
    customHost: z.string().max(MAX_TEXT),
    port: z.number().int(),
    clientId: z.string().max(MAX_TEXT),
    keepaliveS: z.number().int(),
    clientIndex: z.number().int(),
    apn: z.string().max(MAX_TEXT),
  })
  .strict() satisfies z.ZodType<TripletForm>;

export const deviceRefSchema = z.object({ productKey: z.string().max(MAX_TEXT), deviceName: z.string().max(MAX_TEXT) }).strict();
const qosSchema = z.union([z.literal(0), z.literal(1)]);
const topicSchema = z.string().min(1).max(MAX_TOPIC);
const topicQosSchema = z.object({ topic: topicSchema, qos: qosSchema }).strict();
const clientIndexSchema = z.number().int().min(0).max(5);
const paramsSchema = z.union([z.string().max(MAX_PAYLOAD_CHARS), z.record(z.string(), z.unknown())]);

export const publishDraftSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('property-post'), params: paramsSchema }).strict(),
  z.object({ kind: z.literal('event-post'), eventId: z.string().max(64), params: paramsSchema }).strict(),
  z.object({ kind: z.literal('custom'), topic: z.string().max(MAX_TOPIC), payload: z.string().max(MAX_PAYLOAD_CHARS) }).strict(),
]);

export const draftPublishSchema = z
  .object({ client: clientIndexSchema, device: deviceRefSchema, qos: qosSchema, retain: z.boolean().optional(), draft: publishDraftSchema })
  .strict();

/** Request schemas of the MQTT commands, by command name. */
export const mqttRequests = {
  mqttStatus: z.object({ device: deviceRefSchema.optional() }).strict(),
  mqttImport: z.object({
    from: z.discriminatedUnion('source', [
      /** The script loaded in the command list. */
      z.object({ source: z.literal('script') }).strict(),
      /** A file main reads itself (a native dialog, or a typed path), so the renderer never holds its secret. */
      z.object({ source: z.literal('dialog') }).strict(),
      z.object({ source: z.literal('path'), path: z.string().min(1).max(4096) }).strict(),
    ]),
    base: tripletFormSchema.optional(),
  }).strict(),
  mqttPreview: z.object({ form: tripletFormSchema, reveal: z.boolean() }).strict(),
  mqttConnect: z.object({ form: tripletFormSchema, topics: z.array(topicQosSchema).max(MAX_TOPICS) }).strict(),
  mqttDisconnect: z.object({ clientIndex: clientIndexSchema }).strict(),
  mqttSubscribe: z.object({ client: clientIndexSchema, topics: z.array(topicQosSchema).min(1).max(MAX_TOPICS) }).strict(),
  mqttUnsubscribe: z.object({ client: clientIndexSchema, topics: z.array(topicSchema).min(1).max(MAX_TOPICS) }).strict(),
  mqttPublish: z
    .object({ client: clientIndexSchema, topic: z.string().max(MAX_TOPIC), qos: qosSchema, retain: z.boolean(), payload: z.string().max(MAX_PAYLOAD_CHARS) })
    .strict(),
  mqttPublishDraft: draftPublishSchema,
  mqttRepeatStart: z.object({ publish: draftPublishSchema, intervalMs: z.number().int().min(0).max(86_400_000), count: z.number().int().min(0).max(1_000_000) }).strict(),
  mqttAutoReply: z.object({ enabled: z.boolean().optional(), postNewValues: z.boolean().optional(), qos: qosSchema.optional() }).strict(),
  mqttForgetSecret: deviceRefSchema,
} as const;

// ---------------------------------------------------------------------------------------------
// Answers (same shapes as electron/mqtt's, restated here so shared/ imports nothing from main)

export type BringupStepState = 'pending' | 'running' | 'ok' | 'failed' | 'skipped';

export interface BringupStepView {
  id: string;
  label: BilingualText;
  /** The command, secret masked. */
  command: string;
  state: BringupStepState;
  latencyMs: number | null;
  result: string | null;
  error?: Decoded;
  hint?: BilingualText;
}

export interface BringupOutcome {
  ok: boolean;
  steps: BringupStepView[];
  failedStep: string | null;
  refused?: BilingualText & { code: string; fields?: FieldError[] };
  secret?: SecretStatus;
}

/** Where main keeps a device's secret: never the secret itself. */
export interface SecretStatus {
  persisted: boolean;
  reason?: BilingualText;
}

export interface ImportedSetupView {
  form: TripletForm & { secretSet: boolean };
  topics: TopicQos[];
  secret?: SecretStatus;
}

export interface SigningPreviewView {
  host: string;
  port: number;
  clientId: string;
  username: string;
  password: string;
  revealed: boolean;
  signmethod: string;
  rawConnectCommand: string;
  note: BilingualText;
}

export type SigningPreviewAnswer = ({ ok: true; preview: SigningPreviewView } | { ok: false; errors: FieldError[] }) & { secret?: SecretStatus };

export interface PublishOutcome {
  ok: boolean;
  msgId: number;
  length: number;
  result: string;
  latencyMs: number;
  error?: Decoded;
  alinkId?: string;
}

export type PublishAnswer = PublishOutcome | { ok: false; refused: BilingualText };

export interface RepeatView {
  running: boolean;
  sent: number;
  count: number;
  intervalMs: number;
  last: PublishOutcome | null;
  endedBy: 'done' | 'failure' | 'user' | null;
}

export type RepeatAnswer = RepeatView | { ok: false; refused: BilingualText };

export interface AutoReplyView {
  enabled: boolean;
  postNewValues: boolean;
  qos: 0 | 1;
}

export interface AutoReplyEventView {
  t: number;
  requestId: string;
  topic: string;
  reply: { ok: boolean; result: string; error?: BilingualText };
  post?: { ok: boolean; result: string; alinkId?: string; error?: BilingualText };
}

export interface SubscribeOutcome {
  ok: boolean;
  result: string;
  latencyMs: number;
  error?: Decoded;
}

/** Everything the MQTT workspace shows that is not a fact: polled while the tab is visible. */
export interface MqttStatus {
  /** False while no port is open: nothing can be sent. */
  linkOpen: boolean;
  /** The session model: per-client state, subscriptions with granted QoS, the property table. */
  session: ModelSnapshot | null;
  /** The last (or running) bring-up's steps. */
  steps: BringupStepView[];
  busy: boolean;
  repeat: RepeatView;
  autoReply: AutoReplyView;
  autoReplyEvents: AutoReplyEventView[];
  /** About the asked device: whether main holds a secret for it, and where. */
  secret: (SecretStatus & { set: boolean }) | null;
}
