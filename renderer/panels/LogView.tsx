// The terminal's line list: fixed-height rows, only the visible ones in the DOM, and a compressed
// scroll range beyond ~8 M px so any of millions of lines can be reached (performance-plan.md §4.1:
// browsers stop scrolling near 2^24-2^25 px). Text is formatted only for the rows on screen.
//
// Per frame it does only what changed (performance-plan.md §8.2.4): while following the tail the
// rows are drawn for the bottom straight away (no second render after the scroll position moves),
// and a redraw that moves nothing (a toolbar or search change) re-renders no row.
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'react';
import { DIR_NOTE, DIR_TX } from '../../shared/log-store';
import { decodeNote } from '../../shared/log-note';
import { toHex, utf8Decode } from '../../shared/bytes';
import { visibleText } from '../../shared/log-text';
import { terminalLog } from '../store/terminal-log';
import { setView, useAppStore, type ViewMode } from '../store/app-store';
import { pickText, translator, useLang, type Translate } from '../i18n';

export const ROW_HEIGHT = 18;
/** Scroll range cap; beyond it scroll positions map proportionally onto rows. */
const MAX_SCROLL_PX = 8_000_000;
const OVERSCAN = 4;

// Memoised: it redraws on its own subscriptions, not again with every render of the terminal around it.
export const LogView = memo(function LogView() {
  const lang = useLang();
  // One translate function per language, so the memoised rows skip re-rendering when lines arrive.
  const t = useMemo(() => translator(lang), [lang]);
  useAppStore((s) => s.logVersion); // redraw when lines arrive
  const view = useAppStore((s) => s.view);
  const mode = useAppStore((s) => s.prefs.viewMode);
  const showTime = useAppStore((s) => s.prefs.showTime);
  const scroller = useRef<HTMLDivElement>(null);
  /** The scroll position the rows are drawn for when not following (as last seen or set). */
  const scrollTop = useRef(0);
  /** While following: the scrollTop (and viewport height) this view last put the scroller at. */
  const pinned = useRef<{ top: number; client: number } | null>(null);
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const [height, setHeight] = useState(400);

  const following = view.follow && view.pausedAt === null;
  const limit = view.pausedAt ?? terminalLog.end;
  const count = terminalLog.viewCount(limit);
  const rowsInView = Math.max(1, Math.ceil(height / ROW_HEIGHT));
  const fullPx = count * ROW_HEIGHT;
  const compressed = fullPx > MAX_SCROLL_PX;
  const contentPx = compressed ? MAX_SCROLL_PX : fullPx;
  const maxScroll = Math.max(0, contentPx - height);
  const lastFirst = Math.max(0, count - rowsInView);

  // Following: drawn for the bottom, where the layout effect below puts the scroller.
  const top = following ? maxScroll : Math.min(scrollTop.current, maxScroll);
  const firstRow = compressed ? Math.round((maxScroll ? top / maxScroll : 0) * lastFirst) : Math.floor(top / ROW_HEIGHT);
  const windowTop = compressed ? top : firstRow * ROW_HEIGHT;

  const scrollToRow = useCallback(
    (row: number) => {
      const el = scroller.current;
      if (!el) return;
      el.scrollTop = compressed ? (lastFirst ? (Math.min(row, lastFirst) / lastFirst) * maxScroll : 0) : row * ROW_HEIGHT;
      scrollTop.current = el.scrollTop;
      redraw();
    },
    [compressed, lastFirst, maxScroll],
  );

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    setHeight(el.clientHeight);
    return () => ro.disconnect();
  }, []);

  // Follow the tail as lines arrive: one scroll position write per render, no read-back render.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || !following) {
      pinned.current = null;
      return;
    }
    const was = pinned.current;
    // Scrolled up by the user since the last render (its scroll event may not have come yet):
    // stop following rather than pull the view back down.
    if (was && el.clientHeight === was.client && el.scrollTop < was.top - 1) {
      pinned.current = null;
      scrollTop.current = el.scrollTop;
      setView({ follow: false });
      return;
    }
    el.scrollTop = contentPx;
    pinned.current = { top: el.scrollTop, client: el.clientHeight };
    scrollTop.current = pinned.current.top;
  });

  useEffect(() => {
    if (view.jumpTo === null) return;
    scrollToRow(Math.max(0, view.jumpTo - Math.floor(rowsInView / 2)));
    setView({ jumpTo: null, follow: false });
  }, [view.jumpTo, rowsInView, scrollToRow]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const now = el.scrollTop;
    const pin = pinned.current;
    // Where following put it: nothing to redraw.
    if (following && pin && Math.abs(now - pin.top) <= 1) return;
    scrollTop.current = now;
    // The user scrolled: follow only while at the bottom.
    const atBottom = now >= el.scrollHeight - el.clientHeight - ROW_HEIGHT;
    if (atBottom !== view.follow) setView({ follow: atBottom });
    else if (!following) redraw();
  };

  const rows = [];
  const gen = terminalLog.generation;
  // Following, no rows above the top one: a scroll up stops following, and that redraw adds them.
  const from = Math.max(0, firstRow - (compressed || following ? 0 : OVERSCAN));
  const to = Math.min(count, firstRow + rowsInView + OVERSCAN);
  for (let row = from; row < to; row++) {
    rows.push(
      // Keyed by screen slot, not line: when the view moves, the ~50 rows keep their elements and
      // only their text is rewritten (keyed by line, every move would remove and create rows, or
      // move them about; a screenful of new lines per frame is the common case under load).
      <LogRow
        key={row - from}
        index={terminalLog.viewIndex(row)}
        gen={gen}
        mode={mode}
        showTime={showTime}
        hit={row === view.searchRow}
        t={t}
        lang={lang}
        top={(row - firstRow) * ROW_HEIGHT}
      />,
    );
  }

  return (
    <div className="log-view" ref={scroller} onScroll={onScroll} data-testid="log-view" data-lines={count}>
      <div className="log-content" style={{ height: contentPx }}>
        <div className="log-window" style={{ transform: `translateY(${windowTop}px)` }}>
          {rows}
        </div>
      </div>
      {count === 0 && <div className="log-empty">{t('term.empty')}</div>}
    </div>
  );
});

interface RowProps {
  /** Absolute line index in terminalLog. */
  index: number;
  /** terminalLog.generation: the same index holds another line after a snapshot replaced the log. */
  gen: number;
  mode: ViewMode;
  showTime: boolean;
  hit: boolean;
  t: Translate;
  lang: string;
  top: number;
}

const LogRow = memo(function LogRow({ index, mode, showTime, hit, t, lang, top }: RowProps) {
  const line = terminalLog.line(index);
  if (!line) return null;
  const time = showTime ? <span className="time">{formatTime(line.t)}</span> : null;
  const style = { top };
  if (line.dir === DIR_NOTE) {
    const note = decodeNote(line.bytes);
    if (!note) return null;
    const meaning = pickText(lang, note.error?.meaning);
    const remedy = pickText(lang, note.error?.remedy);
    return (
      <div className={`log-row note ${note.ok ? 'ok' : 'fail'}${hit ? ' hit' : ''}`} style={style} data-testid="log-note" title={remedy}>
        {time}
        <span className="dir">└</span>
        <span className="note-command">{note.command}</span>
        <span className="note-result">{note.result}</span>
        <span className="latency">{note.latencyMs} ms</span>
        {note.deferred && <span className="deferred">{t('term.deferred')}</span>}
        {meaning && <span className="meaning">{meaning}</span>}
        {remedy && (
          <span className="remedy">
            {t('term.remedy')}: {remedy}
          </span>
        )}
      </div>
    );
  }
  const tx = line.dir === DIR_TX;
  return (
    <div className={`log-row ${tx ? 'tx' : 'rx'}${hit ? ' hit' : ''}`} style={style} data-testid={tx ? 'log-tx' : 'log-rx'}>
      {time}
      <span className="dir">{tx ? '→' : '←'}</span>
      {mode !== 'hex' && <span className="text">{lineText(line.bytes)}</span>}
      {mode !== 'text' && <span className="hex">{toHex(line.bytes)}</span>}
    </div>
  );
});

/** 12:30:05.123 */
export function formatTime(t: number): string {
  const d = new Date(t);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

/** The line as text (shared/log-text.ts). */
export function lineText(bytes: Uint8Array): string {
  return visibleText(bytes, utf8Decode);
}
