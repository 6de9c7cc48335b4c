// One-click connect and its step view: each bring-up step with its state and latency, and where it
// stopped, why (the decoded error) and what to do. The client state shown is the session model's,
// so a connection made by typed commands or a script shows here the same.
import type { MqttClientState } from '../../../shared/session-state';
import { cancelBringup, connect, disconnect, reconnect } from '../../store/mqtt-actions';
import { useMqttStore } from '../../store/mqtt-store';
import { usePick, useT } from '../../i18n';

export function Connection() {
  const t = useT();
  const pick = usePick();
  const status = useMqttStore((s) => s.status);
  const clientIndex = useMqttStore((s) => s.form.clientIndex);
  const client = status?.session?.clients.find((c) => c.index === clientIndex);
  const state: MqttClientState = client?.state ?? 'closed';
  const steps = status?.steps ?? [];
  const failed = steps.find((s) => s.state === 'failed');
  const busy = status?.busy ?? false;
  const linkOpen = status?.linkOpen ?? false;
  const allOk = steps.length > 0 && !busy && steps.every((s) => s.state === 'ok' || s.state === 'skipped');

  return (
    <section className="mqtt-card" data-testid="mqtt-connection">
      <div className="mqtt-card-head">
        <h3>{t('conn.title')}</h3>
        <span className={`mqtt-state ${state}`} data-testid="mqtt-client-state" data-state={state}>
          {t('conn.state', { idx: clientIndex, state: t(`conn.state.${state}`) })}
        </span>
        {client?.host && <span className="muted small mono">{client.host}:{client.port}</span>}
      </div>
      {!linkOpen && <div className="warn small">{t('conn.noPort')}</div>}
      <div className="mqtt-row">
        <button className="primary" data-testid="mqtt-connect" disabled={!linkOpen || busy} onClick={() => void connect()}>{t('conn.connect')}</button>
        <button data-testid="mqtt-disconnect" disabled={!linkOpen || busy} onClick={() => void disconnect()}>{t('conn.disconnect')}</button>
        <button data-testid="mqtt-reconnect" disabled={!linkOpen || busy} onClick={() => void reconnect()}>{t('conn.reconnect')}</button>
        {busy && <button className="danger" onClick={() => void cancelBringup()}>{t('conn.stop')}</button>}
      </div>
      {failed && !busy && (
        <div className="mqtt-failure" data-testid="mqtt-failure" role="alert">
          <strong>{t('conn.failedAt', { step: pick(failed.label) })}</strong>
          {failed.error && (
            <div data-testid="mqtt-failure-reason">
              <span className="mono">{failed.error.code}</span> — {pick(failed.error.meaning)}
            </div>
          )}
          {(failed.error?.remedy || failed.hint) && (
            <div className="mqtt-remedy" data-testid="mqtt-failure-remedy">
              {t('conn.remedy')}: {[pick(failed.error?.remedy), pick(failed.hint)].filter(Boolean).join(' ')}
            </div>
          )}
        </div>
      )}
      {steps.length > 0 && (
        // Folded once every step passed: the list is long, the summary says enough.
        <details className="mqtt-steps-box" open={!allOk} key={allOk ? 'done' : 'open'}>
          <summary className={`small${allOk ? ' ok' : ''}`} data-testid={allOk ? 'mqtt-all-ok' : undefined}>{allOk ? t('conn.allOk') : t('conn.steps', { n: steps.length })}</summary>
        <ol className="mqtt-steps" data-testid="mqtt-steps">
          {steps.map((s) => (
            <li key={s.id} title={s.command} className={`mqtt-step ${s.state}`} data-testid="mqtt-step" data-step={s.id} data-state={s.state}>
              <span className="mqtt-step-mark" aria-hidden>{MARK[s.state]}</span>
              <span className="mqtt-step-label">{pick(s.label)}</span>
              <span className="mqtt-step-state">{t(`step.${s.state}`)}</span>
              <span className="mqtt-step-latency mono">{s.latencyMs !== null ? `${s.latencyMs} ms` : ''}</span>
              {(s.state === 'failed' || s.state === 'running') && <span className="mqtt-step-command mono" title={s.command}>{s.command}{s.result ? ` → ${s.result}` : ''}</span>}
            </li>
          ))}
        </ol>
        </details>
      )}
    </section>
  );
}

const MARK: Record<string, string> = { pending: '○', running: '◌', ok: '✓', failed: '✗', skipped: '–' };
