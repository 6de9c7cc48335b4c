// Property traffic: the live property table (session model: last value, direction, desired vs
// reported), numeric properties charted, and the decoded Alink timeline — each request with its
// reply and the latency between them, raw JSON on demand, filtered by topic and method. Topics and
// payloads are untrusted and rendered as text only. The auto-reply rule is switched here.
import { useMemo } from 'react';
import { setAutoReply } from '../../store/mqtt-actions';
import { useMqttStore } from '../../store/mqtt-store';
import { methodsSeen, numericSeries, trafficEntries, type TrafficEntry } from '../../store/mqtt-traffic';
import { recentFacts } from '../../store/sync';
import { useAppStore } from '../../store/app-store';
import { PropertyChart } from './PropertyChart';
import { useT } from '../../i18n';

const TIMELINE_SHOWN = 300;

export function PropertyTraffic() {
  const t = useT();
  const status = useMqttStore((s) => s.status);
  const filter = useMqttStore((s) => s.filter);
  const openRaw = useMqttStore((s) => s.openRaw);
  // Facts live outside React (sync.ts); a new log batch or status poll re-reads them.
  const logVersion = useAppStore((s) => s.logVersion);
  const factCount = recentFacts.length;
  const lastFact = recentFacts[factCount - 1];
  // recentFacts is mutated in place: its length, last fact and the log version say it changed.
  const all = useMemo(() => trafficEntries(recentFacts), [factCount, lastFact, logVersion]);
  const shown = useMemo(() => trafficEntries(recentFacts, filter).slice(-TIMELINE_SHOWN).reverse(), [all, filter]);
  const series = useMemo(() => numericSeries(recentFacts), [all]);
  const properties = status?.session?.properties ?? [];
  const autoReply = status?.autoReply;
  const lastAuto = status?.autoReplyEvents.at(-1);

  return (
    <section className="mqtt-card mqtt-traffic" data-testid="mqtt-traffic">
      <div className="mqtt-card-head">
        <h3>{t('props.title')}</h3>
      </div>
      <div className="mqtt-table-wrap props">
        <table className="mqtt-table" data-testid="mqtt-props">
          <thead>
            <tr>
              <th>{t('props.name')}</th>
              <th>{t('props.value')}</th>
              <th>{t('props.dir')}</th>
              <th>{t('props.time')}</th>
              <th>{t('props.desired')}</th>
              <th>{t('props.reported')}</th>
            </tr>
          </thead>
          <tbody>
            {properties.map((p) => (
              <tr key={p.name} data-testid="mqtt-prop" data-name={p.name}>
                <td className="mono">{p.name}</td>
                <td className="mono" data-testid="mqtt-prop-value">{show(p.value)}</td>
                <td>{p.direction === 'down' ? '↓' : '↑'}</td>
                <td className="mono">{clock(p.t)}</td>
                <td className="mono">{p.desired === undefined ? '' : show(p.desired)}</td>
                <td className="mono">{p.reported === undefined ? '' : show(p.reported)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {properties.length === 0 && <div className="muted small">{t('props.empty')}</div>}
      </div>
      <PropertyChart series={series} />
      <div className="mqtt-card-head">
        <h3>{t('traffic.title')}</h3>
        <span className="spacer" />
        <input
          className="filter"
          data-testid="mqtt-filter-topic"
          placeholder={t('traffic.filterTopic')}
          value={filter.topic}
          onChange={(e) => useMqttStore.setState({ filter: { ...filter, topic: e.target.value } })}
        />
        <label>
          {t('traffic.filterMethod')}
          <select data-testid="mqtt-filter-method" value={filter.method} onChange={(e) => useMqttStore.setState({ filter: { ...filter, method: e.target.value } })}>
            <option value="">{t('traffic.all')}</option>
            {methodsSeen(all).map((m) => (
              <option key={m} value={m}>{m}</option>
            ))}
          </select>
        </label>
      </div>
      <div className="mqtt-row small">
        <label className="check">
          <input type="checkbox" data-testid="mqtt-auto-reply" checked={autoReply?.enabled ?? false} disabled={!status?.linkOpen} onChange={(e) => void setAutoReply({ enabled: e.target.checked })} />
          {t('traffic.autoReply')}
        </label>
        <label className="check">
          <input type="checkbox" checked={autoReply?.postNewValues ?? false} disabled={!status?.linkOpen} onChange={(e) => void setAutoReply({ postNewValues: e.target.checked })} />
          {t('traffic.autoPost')}
        </label>
        {lastAuto && <span className={lastAuto.reply.ok ? 'ok' : 'fail'}>{t('traffic.autoReplied', { id: lastAuto.requestId, result: lastAuto.reply.result })}</span>}
      </div>
      <div className="mqtt-table-wrap timeline">
        <table className="mqtt-table" data-testid="mqtt-timeline">
          <thead>
            <tr>
              <th>{t('traffic.time')}</th>
              <th>{t('traffic.dir')}</th>
              <th>{t('traffic.method')}</th>
              <th>{t('traffic.id')}</th>
              <th>{t('traffic.params')}</th>
              <th>{t('traffic.reply')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((e) => (
              <TimelineRow key={keyOf(e)} entry={e} open={openRaw[keyOf(e)] === true} />
            ))}
          </tbody>
        </table>
        {shown.length === 0 && <div className="muted small">{t('traffic.empty')}</div>}
      </div>
    </section>
  );
}

function TimelineRow({ entry: e, open }: { entry: TrafficEntry; open: boolean }) {
  const t = useT();
  const key = keyOf(e);
  return (
    <>
      <tr data-testid="mqtt-timeline-row" data-method={e.method ?? 'reply'} data-dir={e.direction} className={e.direction}>
        <td className="mono">{clock(e.t)}</td>
        <td>{e.direction === 'down' ? '↓' : '↑'}</td>
        <td className="mono" title={`${e.topic}\n${e.method ?? ''}`}>{(e.method ?? e.topic.split('/').slice(-3).join('/')).replace(/^thing\./, '')}</td>
        <td className="mono">{e.id ?? ''}</td>
        <td className="mono params">
          {e.params === undefined || e.params === null ? '' : show(e.params)}
          {e.raw !== null && (
            <button className="link" onClick={() => useMqttStore.setState((s) => ({ openRaw: { ...s.openRaw, [key]: !open } }))}>{t('traffic.raw')}</button>
          )}
        </td>
        <td className="mono reply" data-testid="mqtt-timeline-reply">
          {e.reply ? `${e.reply.code ?? ''}${e.reply.latencyMs !== null ? ` · ${e.reply.latencyMs} ms` : ''}` : <span className="muted">{expectsReply(e) ? t('traffic.waiting') : ''}</span>}
        </td>
      </tr>
      {open && e.raw !== null && (
        <tr className="raw">
          <td colSpan={6}>
            <div className="mono small muted">{e.topic}</div>
            <pre className="mqtt-preview mono">{e.raw}</pre>
          </td>
        </tr>
      )}
    </>
  );
}

/** Device posts and cloud calls get replies (cloud-protocols.md §3.2); a post echoed down does not. */
function expectsReply(e: TrafficEntry): boolean {
  if (e.isReply || !e.method) return false;
  return e.direction === 'up' ? e.method.startsWith('thing.event.') : e.method.startsWith('thing.service.');
}

const keyOf = (e: TrafficEntry) => `${e.t}|${e.topic}|${e.id ?? ''}`;

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function clock(t: number): string {
  const d = new Date(t);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
