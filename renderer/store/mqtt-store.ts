// The MQTT workspace's view state: the triplet form (the DeviceSecret only while typed, until main
// has taken it), the topic choices, the publish editor, saved snippets, and the last status main
// reported (steps, session model, repeat, auto-reply). Form, topics and snippets are remembered;
// the secret never is. Client state always comes from main's status (the session model).
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { DEFAULT_TRIPLET_FORM, type BilingualText, type CustomTopic, type QoS, type TripletForm } from '../../shared/aliyun';
import type { BringupOutcome, MqttStatus, PublishAnswer, SigningPreviewView } from '../../shared/mqtt-contract';

export type TemplateKind = 'property-post' | 'event-post' | 'custom';

export interface ParamRow {
  name: string;
  /** As typed: 1, 23.5, true, "text" or any JSON value; other text is sent as a string. */
  value: string;
}

export interface PublishEditor {
  kind: TemplateKind;
  rows: ParamRow[];
  eventId: string;
  /** Event params (JSON object) or the raw payload for 'custom'. */
  text: string;
  topic: string;
  qos: QoS;
  retain: boolean;
  intervalMs: number;
  count: number;
}

export interface Snippet {
  name: string;
  editor: PublishEditor;
}

export interface MqttState {
  /** deviceSecret here is what the user is typing; it is cleared once main keeps it. */
  form: TripletForm;
  customTopics: CustomTopic[];
  /** Topics subscribed by Connect, with their QoS; filled from an imported script or ticked. */
  connectTopics: Record<string, QoS>;
  editor: PublishEditor;
  snippets: Snippet[];
  status: MqttStatus | null;
  lastBringup: BringupOutcome | null;
  preview: SigningPreviewView | null;
  lastPublish: PublishAnswer | null;
  /** A message for the user (failure or note), in both languages. */
  message: (BilingualText & { level: 'info' | 'error' }) | null;
  filter: { topic: string; method: string };
  /** Payload rows the user opened ("raw JSON on demand"), by timeline key. */
  openRaw: Record<string, boolean>;
}

export const DEFAULT_EDITOR: PublishEditor = {
  kind: 'property-post',
  rows: [{ name: 'PowerSwitch_1', value: '1' }],
  eventId: '',
  text: '{}',
  topic: '',
  qos: 0,
  retain: false,
  intervalMs: 5000,
  count: 0,
};

export const useMqttStore = create<MqttState>()(
  persist(
    (): MqttState => ({
      form: { ...DEFAULT_TRIPLET_FORM },
      customTopics: [],
      connectTopics: {},
      editor: DEFAULT_EDITOR,
      snippets: [],
      status: null,
      lastBringup: null,
      preview: null,
      lastPublish: null,
      message: null,
      filter: { topic: '', method: '' },
      openRaw: {},
    }),
    {
      name: 'modemdeck.mqtt',
      version: 1,
      // Never the secret: it is typed once and kept by main.
      partialize: (s) => ({ form: { ...s.form, deviceSecret: '' }, customTopics: s.customTopics, connectTopics: s.connectTopics, editor: s.editor, snippets: s.snippets }),
    },
  ),
);

export function patchForm(patch: Partial<TripletForm>): void {
  useMqttStore.setState((s) => ({ form: { ...s.form, ...patch }, preview: null }));
}

export function patchEditor(patch: Partial<PublishEditor>): void {
  useMqttStore.setState((s) => ({ editor: { ...s.editor, ...patch } }));
}

export function setMessage(message: MqttState['message']): void {
  useMqttStore.setState({ message });
}
