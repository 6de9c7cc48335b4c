// The terminal: view controls (text / hex / both, time, filter, search, pause, follow), the log,
// copy, clear and the continuous log file.
import { useState } from 'react';
import { terminalLog } from '../store/terminal-log';
import { setPrefs, setView, useAppStore, type ViewMode } from '../store/app-store';
import { clearLog, startLog, stopLog } from '../store/actions';
import { useT } from '../i18n';
import { LogView, formatTime, lineText } from './LogView';
import { DIR_NOTE, DIR_TX } from '../../shared/log-store';
import { decodeNote } from '../../shared/log-note';
import { toHex } from '../../shared/bytes';

const COPY_MAX_LINES = 200_000;

export function Terminal() {
  const t = useT();
  const view = useAppStore((s) => s.view);
  const mode = useAppStore((s) => s.prefs.viewMode);
  const showTime = useAppStore((s) => s.prefs.showTime);
  const logFile = useAppStore((s) => s.logFile);
  const dialogs = useAppStore((s) => s.dialogs);
  const [askPath, setAskPath] = useState(false);
  const [path, setPath] = useState('');
  const [note, setNote] = useState('');

  // The lines themselves are read when needed: this toolbar does not redraw as lines arrive (the
  // log view, the line count and the match count do).
  const find = (step: 1 | -1) => {
    const limit = view.pausedAt ?? terminalLog.end;
    const count = terminalLog.viewCount(limit);
    const from = view.searchRow < 0 ? (step === 1 ? 0 : count - 1) : view.searchRow + step;
    const row = terminalLog.find(view.search, from, step, limit);
    setView({ searchRow: row, jumpTo: row >= 0 ? row : null });
  };

  const copy = async () => {
    const count = terminalLog.viewCount(view.pausedAt ?? terminalLog.end);
    const n = Math.min(count, COPY_MAX_LINES);
    const lines: string[] = [];
    for (let row = count - n; row < count; row++) {
      const line = terminalLog.line(terminalLog.viewIndex(row));
      if (!line) continue;
      const time = showTime ? `${formatTime(line.t)} ` : '';
      if (line.dir === DIR_NOTE) {
        const result = decodeNote(line.bytes);
        if (result) lines.push(`${time}└ ${result.command} ${result.result} ${result.latencyMs} ms`);
        continue;
      }
      const dir = line.dir === DIR_TX ? '→' : '←';
      const body = mode === 'hex' ? toHex(line.bytes) : mode === 'both' ? `${lineText(line.bytes)}  ${toHex(line.bytes)}` : lineText(line.bytes);
      lines.push(`${time}${dir} ${body}`);
    }
    await navigator.clipboard.writeText(lines.join('\n'));
    setNote(t('term.copied', { n: lines.length }));
  };

  const onSaveLog = () => {
    if (logFile) return void stopLog();
    if (dialogs) return void startLog();
    setAskPath(true);
  };

  return (
    <section className="terminal panel" aria-label={t('term.title')}>
      <div className="toolbar">
        <div className="segmented" role="group" aria-label={t('term.title')}>
          {(['text', 'hex', 'both'] as ViewMode[]).map((m) => (
            <button key={m} className={mode === m ? 'on' : ''} aria-pressed={mode === m} onClick={() => setPrefs({ viewMode: m })} data-testid={`view-${m}`}>
              {t(`term.view.${m}`)}
            </button>
          ))}
        </div>
        <label className="check">
          <input type="checkbox" checked={showTime} onChange={(e) => setPrefs({ showTime: e.target.checked })} />
          {t('term.showTime')}
        </label>
        <input
          className="filter"
          type="search"
          placeholder={t('term.filter')}
          value={view.filter}
          onChange={(e) => {
            terminalLog.setFilter(e.target.value);
            setView({ filter: e.target.value, searchRow: -1 });
          }}
          data-testid="filter"
        />
        <input
          className="search"
          type="search"
          placeholder={t('term.search')}
          value={view.search}
          onChange={(e) => setView({ search: e.target.value, searchRow: -1 })}
          onKeyDown={(e) => e.key === 'Enter' && find(e.shiftKey ? -1 : 1)}
          data-testid="search"
        />
        <button onClick={() => find(-1)} disabled={!view.search} title={t('term.searchPrev')}>
          ↑
        </button>
        <button onClick={() => find(1)} disabled={!view.search} title={t('term.searchNext')}>
          ↓
        </button>
        {view.search && <SearchMatches search={view.search} pausedAt={view.pausedAt} />}
        <span className="spacer" />
        <button
          onClick={() => setView(view.pausedAt === null ? { pausedAt: terminalLog.end } : { pausedAt: null, follow: true })}
          className={view.pausedAt !== null ? 'on' : ''}
          data-testid="pause"
        >
          {view.pausedAt === null ? t('term.pause') : t('term.resume')}
        </button>
        <button className={view.follow ? 'on' : ''} aria-pressed={view.follow} onClick={() => setView({ follow: !view.follow })}>
          {t('term.follow')}
        </button>
        <button onClick={() => void clearLog()} data-testid="clear-log">
          {t('term.clear')}
        </button>
        <button onClick={() => void copy()}>{t('term.copy')}</button>
        <button onClick={onSaveLog} className={logFile ? 'on' : ''} data-testid="save-log">
          {logFile ? t('term.stopLog') : t('term.saveLog')}
        </button>
      </div>
      {askPath && !logFile && (
        <form
          className="toolbar ask"
          onSubmit={(e) => {
            e.preventDefault();
            void startLog(path).then(() => setAskPath(false));
          }}
        >
          <label>
            {t('term.logPath')}
            <input value={path} onChange={(e) => setPath(e.target.value)} placeholder="/tmp/modemdeck.log" data-testid="log-path" autoFocus />
          </label>
          <button type="submit" disabled={!path} data-testid="log-start">
            {t('term.start')}
          </button>
          <button type="button" onClick={() => setAskPath(false)}>
            {t('term.cancel')}
          </button>
        </form>
      )}
      <LogView />
      <div className="terminal-foot muted">
        <LineCount pausedAt={view.pausedAt} />
        {view.pausedAt !== null && <span className="warn">{t('term.paused')}</span>}
        {logFile && <span data-testid="log-file">{t('term.logTo', { path: logFile.path })}</span>}
        {note && <span>{note}</span>}
      </div>
    </section>
  );
}

/** How many lines the view holds; redraws as lines arrive. */
function LineCount({ pausedAt }: { pausedAt: number | null }) {
  const t = useT();
  useAppStore((s) => s.logVersion);
  return <span>{t('term.lines', { n: terminalLog.viewCount(pausedAt ?? terminalLog.end) })}</span>;
}

/** How many lines hold the search text; recounted as lines arrive. */
function SearchMatches({ search, pausedAt }: { search: string; pausedAt: number | null }) {
  const t = useT();
  useAppStore((s) => s.logVersion);
  const matches = terminalLog.countMatches(search, 100_000, pausedAt ?? terminalLog.end);
  return <span className="muted">{matches ? t('term.matches', { n: matches }) : t('term.noMatch')}</span>;
}
