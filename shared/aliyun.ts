// The Aliyun side of the MQTT workspace, pure so the renderer can validate and preview as the user
// types. Each part lives in its own file; this one gathers them under the name importers already use:
// - aliyun-triplet.ts: the device triplet form (cloud-protocols.md §1), its validation, the secret
// - aliyun-connection.ts: the MQTT host and clientId a form makes (§1.3, §1.6), and back from a script
// - alink-topics.ts: the Alink topic list and the custom-topic rule (§3.1)
// - qmt-subscribe.ts: the module's subscribe commands (quectel-at.md §3.6.6–3.6.7) and packet ids
// - alink-payloads.ts: the payload templates and publish drafts (§3.2)
// - json-check.ts: a JSON checker with a readable error position
// No IO, no clock of their own: callers pass times in.
export type { BilingualText } from './bilingual-text';
export {
  ALIYUN_REGIONS, DEFAULT_TRIPLET_FORM, secretKeyOf, validateTriplet, withoutSecret,
  type DeviceRef, type FieldError, type HostKind, type TripletField, type TripletForm, type TripletValidation,
} from './aliyun-triplet';
export { effectiveClientId, formFromMqttSetup, hostFields, mqttHost, type ImportedMqttSetup } from './aliyun-connection';
export { alinkTopics, validateCustomTopic, type AlinkTopicEntry, type CustomTopic, type QoS, type TopicListOptions } from './alink-topics';
export { MessageIds, subscribeCommand, unsubscribeCommand, type TopicQos } from './qmt-subscribe';
export {
  AlinkIds, buildPublish, eventPostPayload, propertyPostPayload, setReplyPayload,
  type AlinkParams, type BuiltPublish, type PublishDraft,
} from './alink-payloads';
export { validateJson, type JsonCheck } from './json-check';
