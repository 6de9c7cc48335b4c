// What the user can do in the MQTT workspace, as plain async functions outside React. Each calls
// main through api.ts; a failure lands in the store as a message in both languages, never a throw.
// Nothing here changes client state by itself: the next status poll shows what the module did.
import { validateTriplet, type QoS, type TopicQos } from '../../shared/aliyun';
import type { Result } from '../../shared/contract';
import { api } from '../api';
import { bothLanguages } from '../i18n';
import { draftOf } from './mqtt-draft';
import { patchForm, setMessage, useMqttStore, type PublishEditor } from './mqtt-store';

const POLL_MS = 300;

async function call<T>(pending: Promise<Result<T>>): Promise<T | null> {
  const r = await pending;
  if (r.ok) return r.value;
  if (r.error.code !== 'CANCELLED') setMessage({ level: 'error', en: r.error.message, zh: r.error.zh ?? r.error.message });
  return null;
}

const device = () => {
  const { productKey, deviceName } = useMqttStore.getState().form;
  return { productKey, deviceName };
};

/** Main keeps the typed secret once it has it: the renderer forgets its copy. */
function dropTypedSecret(): void {
  if (useMqttStore.getState().form.deviceSecret !== '') patchForm({ deviceSecret: '' });
}

export async function pollStatus(): Promise<void> {
  const status = await call(api.mqttStatus({ device: device() }));
  if (status) useMqttStore.setState({ status });
}

/** Polls main's status while the workspace is shown. */
export function startStatusPolling(): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const tick = async () => {
    await pollStatus().catch(() => undefined);
    if (!stopped) timer = setTimeout(() => void tick(), POLL_MS);
  };
  void tick();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}

/**
 * One click: the form from the script in the command list, or from an .ini file main reads itself
 * (a dialog, or a typed path in the browser host), so the renderer never holds the file's secret.
 */
export async function importSetup(from: { source: 'script' } | { source: 'dialog' } | { source: 'path'; path: string } = { source: 'script' }): Promise<void> {
  const imported = await call(api.mqttImport({ from, base: { ...useMqttStore.getState().form, deviceSecret: '' } }));
  if (!imported) return;
  const { secretSet: _secretSet, ...form } = imported.form;
  useMqttStore.setState((s) => ({
    form,
    preview: null,
    connectTopics: imported.topics.length ? Object.fromEntries(imported.topics.map((t) => [t.topic, t.qos])) : s.connectTopics,
    message: { level: 'info', ...bothLanguages('form.imported', { n: imported.topics.length }) },
  }));
  await pollStatus();
}

export async function connect(): Promise<void> {
  const { form, connectTopics, status } = useMqttStore.getState();
  const checked = validateTriplet(form, { secretStored: status?.secret?.set ?? false });
  if (!checked.ok) {
    setMessage({ level: 'error', ...bothLanguages('form.fixFirst') });
    return;
  }
  const topics: TopicQos[] = Object.entries(connectTopics).map(([topic, qos]) => ({ topic, qos }));
  setMessage(null);
  useMqttStore.setState({ lastBringup: null });
  const outcome = await call(api.mqttConnect({ form, topics }));
  if (!outcome) return;
  if (!outcome.refused) dropTypedSecret();
  useMqttStore.setState({ lastBringup: outcome });
  if (outcome.refused) setMessage({ level: 'error', en: outcome.refused.en, zh: outcome.refused.zh });
  await pollStatus();
}

export async function disconnect(): Promise<void> {
  const outcome = await call(api.mqttDisconnect({ clientIndex: useMqttStore.getState().form.clientIndex }));
  if (outcome) useMqttStore.setState({ lastBringup: outcome });
  await pollStatus();
}

export async function reconnect(): Promise<void> {
  const outcome = await call(api.mqttReconnect());
  if (outcome) useMqttStore.setState({ lastBringup: outcome });
  if (outcome?.refused) setMessage({ level: 'error', en: outcome.refused.en, zh: outcome.refused.zh });
  await pollStatus();
}

export async function cancelBringup(): Promise<void> {
  await call(api.mqttCancel());
}

export async function previewSigning(reveal: boolean): Promise<void> {
  const answer = await call(api.mqttPreview({ form: useMqttStore.getState().form, reveal }));
  if (!answer) return;
  if (!answer.ok) {
    setMessage({ level: 'error', ...bothLanguages('form.fixFirst') });
    return;
  }
  dropTypedSecret();
  useMqttStore.setState({ preview: answer.preview });
}

export async function forgetSecret(): Promise<void> {
  await call(api.mqttForgetSecret(device()));
  await pollStatus();
}

export async function subscribe(topic: string, qos: QoS): Promise<void> {
  const r = await call(api.mqttSubscribe({ client: useMqttStore.getState().form.clientIndex, topics: [{ topic, qos }] }));
  if (r && !r.ok && r.error) setMessage({ level: 'error', en: `${r.error.meaning.en}${r.error.remedy ? `: ${r.error.remedy.en}` : ''}`, zh: `${r.error.meaning.zh}${r.error.remedy ? `：${r.error.remedy.zh}` : ''}` });
  await pollStatus();
}

export async function unsubscribe(topic: string): Promise<void> {
  await call(api.mqttUnsubscribe({ client: useMqttStore.getState().form.clientIndex, topics: [topic] }));
  await pollStatus();
}

function draftRequest(editor: PublishEditor) {
  return { client: useMqttStore.getState().form.clientIndex, device: device(), qos: editor.qos, retain: editor.retain, draft: draftOf(editor) };
}

export async function publish(): Promise<void> {
  const answer = await call(api.mqttPublishDraft(draftRequest(useMqttStore.getState().editor)));
  if (!answer) return;
  useMqttStore.setState({ lastPublish: answer });
  if ('refused' in answer) setMessage({ level: 'error', ...answer.refused });
}

export async function startRepeat(): Promise<void> {
  const { editor } = useMqttStore.getState();
  const answer = await call(api.mqttRepeatStart({ publish: draftRequest(editor), intervalMs: editor.intervalMs, count: editor.count }));
  if (answer && 'refused' in answer) setMessage({ level: 'error', ...answer.refused });
  await pollStatus();
}

export async function stopRepeat(): Promise<void> {
  await call(api.mqttRepeatStop());
  await pollStatus();
}

export async function setAutoReply(patch: { enabled?: boolean; postNewValues?: boolean }): Promise<void> {
  await call(api.mqttAutoReply(patch));
  await pollStatus();
}

export function saveSnippet(name: string): void {
  const trimmed = name.trim();
  if (!trimmed) return;
  useMqttStore.setState((s) => ({ snippets: [...s.snippets.filter((x) => x.name !== trimmed), { name: trimmed, editor: s.editor }] }));
}

export function loadSnippet(name: string): void {
  const found = useMqttStore.getState().snippets.find((s) => s.name === name);
  if (found) useMqttStore.setState({ editor: found.editor });
}

export function deleteSnippet(name: string): void {
  useMqttStore.setState((s) => ({ snippets: s.snippets.filter((x) => x.name !== name) }));
}
