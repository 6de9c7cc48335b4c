// Link and app events (opened, closed, unplugged, errors), newest last, in the UI language.
import { useEffect, useRef } from 'react';
import { useAppStore } from '../store/app-store';
import { useT, type StringKey } from '../i18n';
import { formatTime } from './LogView';

export function StatusArea() {
  const t = useT();
  const notices = useAppStore((s) => s.notices);
  const error = useAppStore((s) => s.error);
  const link = useAppStore((s) => s.link);
  const list = useRef<HTMLOListElement>(null);

  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: 'end' });
  }, [notices.length]);

  return (
    <section className="status-area panel" aria-label={t('status.title')} data-testid="status-area">
      {error && (
        <div className="error-banner" role="alert" data-testid="error">
          {error}
        </div>
      )}
      <ol ref={list}>
        {notices.length === 0 && <li className="muted">{t('status.empty')}</li>}
        {notices.map((n, i) => (
          <li key={`${n.t}-${i}`} className={n.level}>
            <span className="time">{formatTime(n.t)}</span>
            <span>{t(`notice.${n.code}` as StringKey, { subject: n.subject ?? '', count: n.count ?? '' })}</span>
            {n.detail && <span className="muted"> — {n.detail}</span>}
          </li>
        ))}
      </ol>
      <div className="counters muted">
        TX {link.txBytes} · RX {link.rxBytes}
      </div>
    </section>
  );
}
