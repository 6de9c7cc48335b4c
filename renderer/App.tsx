// The QCOM workspace: port bar on top, terminal and send box on the left, the command list on the
// right, the status area below. Sizes, language and theme are remembered.
import { useEffect, useState } from 'react';
import { PortBar } from './panels/PortBar';
import { Terminal } from './panels/Terminal';
import { SendBox } from './panels/SendBox';
import { CommandList } from './panels/CommandList';
import { StatusArea } from './panels/StatusArea';
import { Banners } from './panels/Banners';
import { setPrefs, useAppStore, type ThemePref } from './store/app-store';
import { loadScriptFrom } from './store/actions';
import { useLang, useT, type Lang } from './i18n';
// The layer rule's 'mqtt' (the npm package) pattern also matches this folder's name.
import { MqttWorkspace } from './panels/mqtt/MqttWorkspace';
import { WorkspaceTabs, useWorkspaceTab } from './panels/mqtt/WorkspaceTabs';

export function App() {
  const t = useT();
  const lang = useLang();
  const prefs = useAppStore((s) => s.prefs);
  const synced = useAppStore((s) => s.synced);
  const dark = useDarkTheme(prefs.theme);
  const [dragging, setDragging] = useState(false);
  const tab = useWorkspaceTab();

  useEffect(() => {
    document.documentElement.lang = lang;
    document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  }, [lang, dark]);

  return (
    <div
      className={`app${dragging ? ' dragging' : ''}`}
      data-synced={synced}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => e.currentTarget === e.target && setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        const file = e.dataTransfer.files[0];
        if (file) void loadScriptFrom({ file });
      }}
    >
      <header className="top">
        <span className="brand">{t('app.title')}</span>
        <WorkspaceTabs />
        <PortBar />
        <span className="prefs-group">
          <label className="check">
            {t('lang.label')}
            <select value={lang} onChange={(e) => setPrefs({ lang: e.target.value as Lang })} data-testid="lang">
              <option value="zh-CN">中文</option>
              <option value="en">English</option>
            </select>
          </label>
          <label className="check">
            {t('theme.label')}
            <select value={prefs.theme} onChange={(e) => setPrefs({ theme: e.target.value as ThemePref })} data-testid="theme">
              <option value="system">{t('theme.system')}</option>
              <option value="light">{t('theme.light')}</option>
              <option value="dark">{t('theme.dark')}</option>
            </select>
          </label>
        </span>
      </header>
      <Banners />
      {tab === 'mqtt' && <MqttWorkspace />}
      <main className="workspace" hidden={tab !== 'qcom'} style={{ gridTemplateColumns: `minmax(320px, 1fr) 6px ${prefs.listWidth}px` }}>
        <div className="left">
          <Terminal />
          <SendBox />
        </div>
        <Splitter axis="x" onDrag={(d) => setPrefs({ listWidth: clamp(useAppStore.getState().prefs.listWidth - d, 300, 1400) })} />
        <CommandList />
      </main>
      <Splitter axis="y" onDrag={(d) => setPrefs({ statusHeight: clamp(useAppStore.getState().prefs.statusHeight - d, 48, 600) })} />
      <footer style={{ height: prefs.statusHeight }}>
        <StatusArea />
      </footer>
      {dragging && <div className="drop-hint">{t('list.drop')}</div>}
    </div>
  );
}

function Splitter({ axis, onDrag }: { axis: 'x' | 'y'; onDrag: (delta: number) => void }) {
  return (
    <div
      className={`splitter ${axis}`}
      role="separator"
      aria-orientation={axis === 'x' ? 'vertical' : 'horizontal'}
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        let last = axis === 'x' ? e.clientX : e.clientY;
        const move = (ev: PointerEvent) => {
          const now = axis === 'x' ? ev.clientX : ev.clientY;
          onDrag(now - last);
          last = now;
        };
        const up = () => {
          window.removeEventListener('pointermove', move);
          window.removeEventListener('pointerup', up);
        };
        window.addEventListener('pointermove', move);
        window.addEventListener('pointerup', up);
      }}
    />
  );
}

function useDarkTheme(pref: ThemePref): boolean {
  const query = '(prefers-color-scheme: dark)';
  const [systemDark, setSystemDark] = useState(() => matchMedia(query).matches);
  useEffect(() => {
    const mq = matchMedia(query);
    const on = () => setSystemDark(mq.matches);
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
  return pref === 'dark' || (pref === 'system' && systemDark);
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, n));
}
