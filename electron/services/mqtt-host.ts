// The MQTT workspace of whatever link the workbench has open: one MqttWorkspace (electron/mqtt) per
// AtClient, made when first needed and dropped when the link changes. It answers the contract's
// mqtt* commands; its status (steps, repeat, auto-reply, the session model) is polled by the tab.
// Secrets stay here and in the SecretStore: answers say only whether one is set and where it is kept.
import { readFile } from 'node:fs/promises';
import type { Scheduler } from '../../shared/clock';
import { MessageIds, formFromMqttSetup, secretKeyOf, withoutSecret, subscribeCommand, unsubscribeCommand, type DeviceRef, type TopicQos, type TripletForm } from '../../shared/aliyun';
import type { AutoReplyEventView, BringupOutcome, BringupStepView, ImportedSetupView, MqttStatus, SubscribeOutcome } from '../../shared/mqtt-contract';
import { extractMqttSetup } from '../presets/extract';
import { parseQcomIni, QcomIniError, type QcomScript } from '../presets/qcom-ini';
import { MqttWorkspace } from '../mqtt/mqtt-workspace';
import type { SecretSaveResult, SecretStore } from '../secrets/secret-store';
import type { AtClient } from './at-client';
import { AppError, toAppError, type Workbench } from './workbench';

export interface MqttHostDeps {
  workbench: Pick<Workbench, 'atClient' | 'loadedScript'>;
  scheduler: Scheduler;
  secrets: SecretStore;
}

const AUTO_REPLY_EVENTS_KEPT = 50;
/**
 * Subscribe/unsubscribe packet ids from a range of their own: the workspace's counter is private to
 * it, and two ids in flight at once must differ (§3.6.6); bring-ups use small ids.
 */
const OWN_MSG_ID_START = 40_001;

const IDLE_REPEAT: MqttStatus['repeat'] = { running: false, sent: 0, count: 0, intervalMs: 0, last: null, endedBy: null };

/** For hosts without a keyring (the browser host, tests): secrets live in memory for this run only. */
export class MqttHost {
  private workspace: { client: AtClient; mqtt: MqttWorkspace; off: () => void } | null = null;
  private steps: BringupStepView[] = [];
  private autoReplyEvents: AutoReplyEventView[] = [];
  /** Where each device's secret went when it was last saved (a loaded one came from the keyring). */
  private readonly saved = new Map<string, SecretSaveResult>();
  private readonly msgIds = new MessageIds(OWN_MSG_ID_START);

  constructor(private readonly deps: MqttHostDeps) {}

  async status(device?: DeviceRef): Promise<MqttStatus> {
    const ws = this.current();
    const secret = device && device.productKey && device.deviceName ? await this.secretStatus(device) : null;
    return {
      linkOpen: ws !== null,
      session: ws ? ws.client.pipeline.snapshot() : null,
      steps: this.steps,
      busy: ws?.mqtt.connection.busy ?? false,
      repeat: ws?.mqtt.publisher.repeatState() ?? IDLE_REPEAT,
      autoReply: ws?.mqtt.autoReply.current() ?? { enabled: false, postNewValues: false, qos: 0 },
      autoReplyEvents: this.autoReplyEvents,
      secret,
    };
  }

  /** One-click fill from the loaded command list or a QCOM .ini file; the secret stays in main. */
  async importSetup(from: { source: 'script' } | { source: 'path'; path: string }, base?: TripletForm): Promise<ImportedSetupView> {
    const script = from.source === 'script' ? this.deps.workbench.loadedScript() : await readScript(from.path);
    const setup = extractMqttSetup(script);
    if (!setup.productKey && !setup.deviceName && !setup.host) {
      throw new AppError('BAD_SCRIPT', 'the script has no aliauth, AT+QMTOPEN or AT+QMTCONN row to fill the form from: load an Aliyun MQTT script', '脚本中没有 aliauth、AT+QMTOPEN 或 AT+QMTCONN 行，无法填写表单：请加载阿里云 MQTT 脚本');
    }
    // As MqttWorkspace.importSetup does, without needing an open port: filling the form comes first.
    const form = formFromMqttSetup(setup, base);
    const secret = setup.deviceSecret && setup.productKey && setup.deviceName ? await this.deps.secrets.save(secretKeyOf(form), setup.deviceSecret) : undefined;
    this.noteSaved(form, secret);
    return { form: withoutSecret(form), topics: setup.topics.map((topic) => ({ topic, qos: 0 })), secret };
  }

  async preview(form: TripletForm, reveal: boolean) {
    const answer = await this.require().mqtt.previewSigning(form, { reveal });
    this.noteSaved(form, answer.secret);
    return answer;
  }

  async connect(form: TripletForm, topics: TopicQos[]): Promise<BringupOutcome> {
    const result = await this.require().mqtt.connect(form, topics);
    this.noteSaved(form, result.secret);
    return result;
  }

  disconnect(clientIndex: number): Promise<BringupOutcome> {
    return this.require().mqtt.connection.disconnect(clientIndex);
  }

  reconnect(): Promise<BringupOutcome> {
    return this.require().mqtt.connection.reconnect();
  }

  cancel(): void {
    this.current()?.mqtt.connection.cancel();
  }

  subscribe(client: number, topics: TopicQos[]): Promise<SubscribeOutcome> {
    return this.queued(subscribeCommand(client, this.msgIds.take(), topics));
  }

  unsubscribe(client: number, topics: string[]): Promise<SubscribeOutcome> {
    return this.queued(unsubscribeCommand(client, this.msgIds.take(), topics));
  }

  get publisher() {
    return this.require().mqtt.publisher;
  }

  configureAutoReply(patch: Parameters<MqttWorkspace['autoReply']['configure']>[0]) {
    return this.require().mqtt.autoReply.configure(patch);
  }

  async forgetSecret(device: DeviceRef): Promise<void> {
    this.saved.delete(secretKeyOf(device));
    await this.deps.secrets.clear(secretKeyOf(device));
  }

  dispose(): void {
    this.drop();
  }

  // ------------------------------------------------------------------------------------------

  private async secretStatus(device: DeviceRef): Promise<MqttStatus['secret']> {
    const key = secretKeyOf(device);
    const set = (await this.deps.secrets.load(key)) !== null;
    if (!set) return { set: false, persisted: false };
    return { set: true, ...(this.saved.get(key) ?? { persisted: true }) };
  }

  private noteSaved(device: DeviceRef, secret: SecretSaveResult | undefined): void {
    if (secret) this.saved.set(secretKeyOf(device), secret);
  }

  /** A subscribe/unsubscribe in the workspace's one send lane; its result is the deferred URC. */
  private async queued(command: string): Promise<SubscribeOutcome> {
    const { client, mqtt } = this.require();
    const o = await mqtt.publisher.queue.run(() => client.sendLine(command, { enter: 'cr', waitFor: 'result' }));
    return { ok: o.ok, result: o.result, latencyMs: o.latencyMs, error: o.error };
  }

  private require(): { client: AtClient; mqtt: MqttWorkspace } {
    const ws = this.current();
    if (!ws) throw new AppError('NOT_OPEN', 'no port is open: open the module\'s AT port (or the virtual EC600S) on the QCOM tab first', '串口未打开：请先在 QCOM 页打开模组的 AT 口（或虚拟 EC600S）');
    return ws;
  }

  /** The workspace of the open link, made on first use; a new link gets a new one. */
  private current(): { client: AtClient; mqtt: MqttWorkspace } | null {
    const client = this.deps.workbench.atClient;
    if (this.workspace && this.workspace.client !== client) this.drop();
    if (!client) return null;
    if (!this.workspace) {
      const mqtt = new MqttWorkspace({ client, pipeline: client.pipeline, scheduler: this.deps.scheduler, secrets: this.deps.secrets });
      const offs = [
        mqtt.connection.onProgress((steps) => (this.steps = steps)),
        mqtt.autoReply.onEvent((e) => (this.autoReplyEvents = [...this.autoReplyEvents, e].slice(-AUTO_REPLY_EVENTS_KEPT))),
      ];
      this.workspace = { client, mqtt, off: () => offs.forEach((off) => off()) };
    }
    return this.workspace;
  }

  private drop(): void {
    if (!this.workspace) return;
    this.workspace.off();
    this.workspace.mqtt.dispose();
    this.workspace = null;
  }
}

async function readScript(path: string): Promise<QcomScript> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw toAppError(err, path);
  }
  try {
    return parseQcomIni(bytes);
  } catch (err) {
    if (err instanceof QcomIniError) throw new AppError('BAD_SCRIPT', `${path}: ${err.message}`, `${path}：${err.messageZh}`);
    throw new AppError('BAD_SCRIPT', `${path} cannot be read as a QCOM script`, `${path} 不是可读取的 QCOM 脚本`);
  }
}
