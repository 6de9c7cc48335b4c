// The MQTT workspace of one open link, as the IPC handlers see it: connect/disconnect, publish,
// auto-reply and the signing preview share one send queue and one packet-id counter, and the
// DeviceSecret is resolved here, in main. The renderer sends a form whose secret is empty once the
// secret is known; it never receives the secret back (withoutSecret in shared/aliyun.ts).
import type { Scheduler } from '../../shared/clock';
import type { Decoded } from '../../shared/facts';
import {
  AlinkIds, MessageIds, formFromMqttSetup, secretKeyOf, subscribeCommand, unsubscribeCommand, validateTriplet, withoutSecret,
  type ImportedMqttSetup, type TopicQos, type TripletForm, type FieldError,
} from '../../shared/aliyun';
import type { AtClient } from '../services/at-client';
import type { SessionPipeline } from '../session/pipeline';
import type { SecretSaveResult, SecretStore } from '../secrets/secret-store';
import { AutoReply } from './auto-reply';
import { unexplained } from './bringup';
import { ConnectService, type BringupResult } from './connect-service';
import { PublishService } from './publish-service';
import { SendQueue } from './send-queue';
import { previewSigning, type SigningPreview } from './signing-preview';

export interface MqttWorkspaceDeps {
  client: AtClient;
  pipeline: SessionPipeline;
  scheduler: Scheduler;
  secrets: SecretStore;
}

export type WithSecret<T> = T & {
  /** Set when the form carried a new secret: whether it is remembered beyond this session, and why not. */
  secret?: SecretSaveResult;
};

export interface ImportedForm {
  /** The form for the renderer: secret removed, `secretSet` tells whether one is kept in main. */
  form: TripletForm & { secretSet: boolean };
  topics: TopicQos[];
  secret?: SecretSaveResult;
}

export type PreviewResult = { ok: true; preview: SigningPreview } | { ok: false; errors: FieldError[] };

/** A subscribe or unsubscribe as the module reported it (+QMTSUB / +QMTUNS, quectel-at.md §3.6.6–3.6.7). */
export interface SubscriptionOutcome {
  ok: boolean;
  msgId: number;
  result: string;
  latencyMs: number;
  error?: Decoded;
}

/**
 * One-click fill from an imported QCOM script (electron/presets/extract.ts extractMqttSetup): the
 * form without its secret for the renderer; the secret goes to the store. Needs no open port.
 */
export async function importMqttSetup(setup: ImportedMqttSetup, secrets: SecretStore, base?: TripletForm): Promise<ImportedForm> {
  const form = formFromMqttSetup(setup, base);
  const secret = setup.deviceSecret && setup.productKey && setup.deviceName ? await secrets.save(secretKeyOf(form), setup.deviceSecret) : undefined;
  return { form: withoutSecret(form), topics: setup.topics.map((topic) => ({ topic, qos: 0 })), secret };
}

export class MqttWorkspace {
  readonly connection: ConnectService;
  readonly publisher: PublishService;
  readonly autoReply: AutoReply;
  private readonly secrets: SecretStore;
  private readonly client: AtClient;
  private readonly queue: SendQueue;
  private readonly msgIds = new MessageIds();

  constructor(deps: MqttWorkspaceDeps) {
    this.queue = new SendQueue(deps.pipeline);
    this.client = deps.client;
    this.secrets = deps.secrets;
    const shared = { queue: this.queue, msgIds: this.msgIds };
    this.connection = new ConnectService({ ...deps, ...shared });
    this.publisher = new PublishService({ ...deps, ...shared, alinkIds: new AlinkIds(deps.scheduler.now()) });
    this.autoReply = new AutoReply({ pipeline: deps.pipeline, publisher: this.publisher });
  }

  /** Connects with the form; an empty DeviceSecret means the one kept for this device. */
  async connect(form: TripletForm, topics: readonly TopicQos[], opts: { signal?: AbortSignal } = {}): Promise<WithSecret<BringupResult>> {
    const resolved = await this.resolveSecret(form);
    if (!resolved.ok) return { ok: false, steps: [], failedStep: null, refused: { code: 'INVALID_FORM', en: 'Fix the marked fields first', zh: '请先修正标出的字段', fields: resolved.errors } };
    return { ...(await this.connection.connect(resolved.form, topics, opts)), secret: resolved.secret };
  }

  /** clientId, username and password the module will compute; the password only when `reveal`. */
  async previewSigning(form: TripletForm, opts: { reveal?: boolean } = {}): Promise<WithSecret<PreviewResult>> {
    const resolved = await this.resolveSecret(form);
    if (!resolved.ok) return { ok: false, errors: resolved.errors };
    return { ok: true, preview: previewSigning(resolved.form, opts), secret: resolved.secret };
  }

  importSetup(setup: ImportedMqttSetup, base?: TripletForm): Promise<ImportedForm> {
    return importMqttSetup(setup, this.secrets, base);
  }

  /** AT+QMTSUB in the shared lane, with the next packet id; the outcome is the +QMTSUB URC. */
  subscribe(clientIndex: number, topics: readonly TopicQos[]): Promise<SubscriptionOutcome> {
    return this.subscription(topics.map((t) => t.topic), (msgId) => subscribeCommand(clientIndex, msgId, topics));
  }

  unsubscribe(clientIndex: number, topics: readonly string[]): Promise<SubscriptionOutcome> {
    return this.subscription(topics, (msgId) => unsubscribeCommand(clientIndex, msgId, topics));
  }

  async forgetSecret(form: Pick<TripletForm, 'productKey' | 'deviceName'>): Promise<void> {
    await this.secrets.clear(secretKeyOf(form));
  }

  dispose(): void {
    this.connection.cancel();
    this.publisher.stopRepeat();
    this.autoReply.dispose();
  }

  private subscription(topics: readonly string[], command: (msgId: number) => string): Promise<SubscriptionOutcome> {
    if (topics.length === 0 || topics.some((t) => t === '' || t.includes('"'))) {
      const refusal = { code: 'TOPIC', meaning: { en: 'Enter at least one topic, without double quotes', zh: '请至少填写一个 topic（不能含双引号）' } };
      return Promise.resolve({ ok: false, msgId: 0, result: 'REFUSED', latencyMs: 0, error: refusal });
    }
    return this.queue.run(async () => {
      const msgId = this.msgIds.take();
      const o = await this.client.sendLine(command(msgId), { enter: 'cr', waitFor: 'result' });
      return { ok: o.ok, msgId, result: o.result, latencyMs: o.latencyMs, error: o.ok ? undefined : (o.error ?? unexplained(o.result)) };
    });
  }

  /** A typed secret is kept (persisted where a keyring allows); an empty one is looked up. */
  private async resolveSecret(form: TripletForm): Promise<{ ok: true; form: TripletForm; secret?: SecretSaveResult } | { ok: false; errors: FieldError[] }> {
    const checked = validateTriplet(form, { secretStored: true });
    if (!checked.ok) return { ok: false, errors: checked.errors };
    const key = secretKeyOf(form);
    if (form.deviceSecret !== '') return { ok: true, form, secret: await this.secrets.save(key, form.deviceSecret) };
    const stored = await this.secrets.load(key);
    if (stored !== null) return { ok: true, form: { ...form, deviceSecret: stored } };
    return { ok: false, errors: validateTriplet(form).errors };
  }
}
