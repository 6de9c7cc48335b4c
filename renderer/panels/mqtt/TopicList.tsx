// The device's Alink topics generated from the triplet, plus custom /user/ topics the user adds;
// downlinks can be subscribed (now, or at Connect) with a QoS, and the state and granted QoS come
// from the session model's subscriptions.
import { useState } from 'react';
import { alinkTopics, validateCustomTopic, type QoS } from '../../../shared/aliyun';
import { subscribe, unsubscribe } from '../../store/mqtt-actions';
import { useMqttStore } from '../../store/mqtt-store';
import { usePick, useT } from '../../i18n';

export function TopicList() {
  const t = useT();
  const pick = usePick();
  const form = useMqttStore((s) => s.form);
  const customTopics = useMqttStore((s) => s.customTopics);
  const connectTopics = useMqttStore((s) => s.connectTopics);
  const status = useMqttStore((s) => s.status);
  const [draft, setDraft] = useState('');
  const device = { productKey: form.productKey, deviceName: form.deviceName };
  const client = status?.session?.clients.find((c) => c.index === form.clientIndex);
  const connected = client?.state === 'connected';
  const subs = new Map((client?.subscriptions ?? []).map((s) => [s.topic, s]));
  const draftError = draft ? validateCustomTopic(device, draft) : null;

  if (!form.productKey || !form.deviceName) {
    return (
      <section className="mqtt-card">
        <h3>{t('topics.title')}</h3>
        <div className="muted small">{t('topics.none')}</div>
      </section>
    );
  }
  const entries = alinkTopics(device, { custom: customTopics });
  // Topics from an imported script that the generated list does not hold (a /sys/…/post, say).
  const extra = Object.keys(connectTopics).filter((topic) => !entries.some((e) => e.topic === topic));

  const setAtConnect = (topic: string, qos: QoS | null) =>
    useMqttStore.setState((s) => {
      const next = { ...s.connectTopics };
      if (qos === null) delete next[topic];
      else next[topic] = qos;
      return { connectTopics: next };
    });

  const row = (topic: string, direction: 'up' | 'down' | null, label: string, custom: boolean) => {
    const sub = subs.get(topic);
    const atConnect = connectTopics[topic];
    const qos: QoS = atConnect ?? 0;
    return (
      <tr key={topic} data-testid="mqtt-topic" data-topic={topic}>
        <td className="mono topic" title={`${label}\n${topic}`}>
          {direction && <span className={`dir ${direction}`} title={t(direction === 'up' ? 'topics.up' : 'topics.down')}>{direction === 'up' ? '↑ ' : '↓ '}</span>}
          {shortTopic(topic, form.productKey, form.deviceName)}
        </td>
        <td>
          <input type="checkbox" title={t('topics.atConnect')} checked={atConnect !== undefined} onChange={(e) => setAtConnect(topic, e.target.checked ? qos : null)} />
        </td>
        <td>
          <select value={qos} onChange={(e) => setAtConnect(topic, Number(e.target.value) as QoS)} data-testid="mqtt-topic-qos">
            <option value={0}>0</option>
            <option value={1}>1</option>
          </select>
        </td>
        <td className={sub?.state ?? ''}>
          <span data-testid="mqtt-topic-state">{sub ? t(`sub.${sub.state}`) : ''}</span>
          {sub?.grantedQos !== null && sub?.grantedQos !== undefined && (
            <span className="muted" title={t('topics.granted')}> · QoS <span data-testid="mqtt-topic-granted">{sub.grantedQos}</span></span>
          )}
        </td>
        <td className="tools">
          {sub && sub.state !== 'failed' ? (
            <button disabled={!connected} onClick={() => void unsubscribe(topic)}>{t('topics.unsubscribe')}</button>
          ) : (
            <button disabled={!connected || direction === 'up'} data-testid="mqtt-topic-subscribe" onClick={() => void subscribe(topic, qos)}>{t('topics.subscribe')}</button>
          )}
          {custom && (
            <button onClick={() => useMqttStore.setState((s) => ({ customTopics: s.customTopics.filter((c) => c.topic !== topic) }))}>{t('topics.remove')}</button>
          )}
        </td>
      </tr>
    );
  };

  return (
    <section className="mqtt-card" data-testid="mqtt-topics">
      <h3>{t('topics.title')}</h3>
      <div className="mqtt-table-wrap">
        <table className="mqtt-table">
          <thead>
            <tr>
              <th>{t('topics.topic')}</th>
              <th title={t('topics.atConnect')}>{t('topics.atConnect')}</th>
              <th>{t('topics.qos')}</th>
              <th>{t('topics.state')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => row(e.topic, e.direction, pick(e.label), e.custom))}
            {extra.map((topic) => row(topic, null, topic, false))}
          </tbody>
        </table>
      </div>
      <div className="mqtt-row">
        <input className="mono grow" value={draft} placeholder={t('topics.addPlaceholder')} onChange={(e) => setDraft(e.target.value)} spellCheck={false} />
        <button
          disabled={!draft || draftError !== null}
          onClick={() => {
            useMqttStore.setState((s) => ({ customTopics: [...s.customTopics, { topic: draft, direction: 'down' }] }));
            setDraft('');
          }}
        >
          {t('topics.add')}
        </button>
      </div>
      {draftError && <div className="mqtt-error">{pick(draftError)}</div>}
    </section>
  );
}

/** The device's own prefix is the same on every row: show what follows it. */
function shortTopic(topic: string, productKey: string, deviceName: string): string {
  for (const prefix of [`/sys/${productKey}/${deviceName}/`, `/${productKey}/${deviceName}/`]) {
    if (topic.startsWith(prefix)) return `…/${topic.slice(prefix.length)}`;
  }
  return topic;
}
