// Conditions that need the user's eye until they end (reliability-checklist A1, §5): the port went
// away and main is waiting to reopen it; recording to disk is suspended; an earlier session's
// capture was cut by a crash and can be exported; the module waits for payload the host left short
// (B14). Everything shown is text (paths and module text are untrusted).
import { useEffect, useState } from 'react';
import type { Notice, Result, UnfinishedCaptureEntry } from '../../shared/contract';
import { api } from '../api';
import { errorText, systemLang, useT } from '../i18n';
import { setError, useAppStore } from '../store/app-store';
import { closePort, finishDataPhase } from '../store/actions';

export function Banners() {
  const t = useT();
  const link = useAppStore((s) => s.link);
  const notices = useAppStore((s) => s.notices);
  const suspended = lastOf(notices, 'capture.')?.code === 'capture.suspended';

  return (
    <div className="banners" data-testid="banners">
      {link.phase === 'reconnecting' && (
        <div className="banner warn" role="alert" data-testid="banner-reconnecting">
          <span>{t('banner.reconnecting', { subject: link.name ?? '' })}</span>
          <button onClick={() => void closePort()}>{t('banner.stopReconnect')}</button>
        </div>
      )}
      {suspended && (
        <div className="banner error" role="alert" data-testid="banner-capture-suspended">
          {t('banner.captureSuspended')}
        </div>
      )}
      <DataPhaseWaiting />
      <ConfirmDestructiveRun />
      <UnfinishedCaptures />
    </div>
  );
}

/**
 * The module still waits for payload and takes whatever comes next as payload (quectel-at.md Q3):
 * main said so in a 'data.short' / 'data.open' notice, and a later 'data.*' notice ends it.
 */
function DataPhaseWaiting() {
  const t = useT();
  const notices = useAppStore((s) => s.notices);
  const open = useAppStore((s) => s.link.phase === 'open');
  const [busy, setBusy] = useState(false);
  const last = lastOf(notices, 'data.');
  if (!open || !last || (last.code !== 'data.short' && last.code !== 'data.open')) return null;
  const fixed = last.code === 'data.short';
  // A padded AT+QMTPUBEX is published as padded: say so; willex / QISEND take the padded bytes.
  const padHint = /QMTPUB/i.test(last.subject ?? '') ? t('banner.dataPadHint') : t('banner.dataPadHintOther');
  const finish = async () => {
    setBusy(true);
    try {
      await finishDataPhase(fixed ? 'pad' : 'cancel');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="banner warn" role="alert" data-testid="banner-data-phase">
      <span>{fixed ? t('banner.dataShort', { subject: last.subject ?? '', n: last.count ?? 0 }) : t('banner.dataOpen', { subject: last.subject ?? '' })}</span>
      <span className="muted">{fixed ? padHint : t('banner.dataCancelHint')}</span>
      <button onClick={() => void finish()} disabled={busy} data-testid="data-phase-finish">
        {fixed ? t('banner.dataPad', { n: last.count ?? 0 }) : t('banner.dataCancel')}
      </button>
    </div>
  );
}

/**
 * Main refused to start a run holding destructive rows and listed them in a 'script.confirm'
 * notice; this asks, and only "Run anyway" sends the run again with `confirmed`.
 */
function ConfirmDestructiveRun() {
  const t = useT();
  const notices = useAppStore((s) => s.notices);
  const [answered, setAnswered] = useState<number | null>(null);
  const ask = lastOf(notices, 'script.');
  if (!ask || ask.code !== 'script.confirm' || ask.t === answered) return null;
  const run = async () => {
    setAnswered(ask.t);
    const ids = useAppStore.getState().script.rows.filter((r) => r.selected && r.id > 0).map((r) => r.id);
    const r = await api.runScript({ ids, confirmed: true });
    if (!r.ok) setError(errorText(r.error, useAppStore.getState().prefs.lang ?? systemLang()));
  };
  return (
    <div className="banner warn" role="alertdialog" aria-label={t('banner.confirmTitle')} data-testid="confirm-destructive">
      <strong>{t('banner.confirmTitle')}</strong>
      <pre data-testid="confirm-destructive-rows">{ask.detail}</pre>
      <button className="danger" onClick={() => void run()} data-testid="confirm-destructive-run">
        {t('banner.confirmRun')}
      </button>
      <button onClick={() => setAnswered(ask.t)} data-testid="confirm-destructive-cancel">
        {t('banner.cancel')}
      </button>
    </div>
  );
}

function UnfinishedCaptures() {
  const t = useT();
  const dialogs = useAppStore((s) => s.dialogs);
  const [captures, setCaptures] = useState<UnfinishedCaptureEntry[]>([]);
  const [paths, setPaths] = useState<Record<string, string>>({});
  const [exported, setExported] = useState<string | null>(null);

  const refresh = async () => {
    const r = await api.listUnfinishedCaptures();
    // A host without capture support answers nothing: no banner, never a broken page.
    setCaptures(r.ok && Array.isArray(r.value) ? r.value : []);
  };
  useEffect(() => {
    void refresh();
  }, []);

  const done = async (r: Result<unknown>) => {
    if (!r.ok) {
      if (r.error.code !== 'CANCELLED') setError(errorText(r.error, useAppStore.getState().prefs.lang ?? systemLang()));
      return false;
    }
    await refresh();
    return true;
  };
  const exportOne = async (capture: string) => {
    const path = paths[capture]?.trim();
    const target = dialogs && !path ? { source: 'dialog' as const } : { source: 'path' as const, path: path ?? '' };
    if (target.source === 'path' && !target.path) return;
    const r = await api.exportUnfinishedCapture({ capture, target });
    if ((await done(r)) && r.ok) setExported(r.value.path);
  };

  return (
    <>
      {exported && (
        <div className="banner info" data-testid="banner-exported">
          {t('banner.exported', { subject: exported })}
        </div>
      )}
      {captures.map((c) => (
        <div key={c.path} className="banner warn" data-testid="banner-unfinished">
          <span>{t('banner.unfinished', { subject: c.path, bytes: c.bytes })}</span>
          <input
            placeholder={t('banner.exportPath')}
            value={paths[c.path] ?? ''}
            onChange={(e) => setPaths({ ...paths, [c.path]: e.target.value })}
            spellCheck={false}
            data-testid="unfinished-export-path"
          />
          <button onClick={() => void exportOne(c.path)} data-testid="unfinished-export">
            {t('banner.export')}
          </button>
          <button onClick={() => void api.dismissUnfinishedCapture({ capture: c.path }).then(done)}>{t('banner.dismiss')}</button>
        </div>
      ))}
    </>
  );
}

function lastOf(notices: Notice[], prefix: string): Notice | undefined {
  for (let i = notices.length - 1; i >= 0; i--) if (notices[i].code.startsWith(prefix)) return notices[i];
  return undefined;
}
