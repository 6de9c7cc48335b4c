// What React renders from: the state main reports (link, run, command list, notices), view state
// (hex mode, filter, follow) and remembered preferences. The log itself lives in terminal-log.ts;
// `logVersion` here only tells the terminal to redraw. The renderer never drives the module
// optimistically: link and run state change only when main says so.
import { create } from 'zustand';
import { createJSONStorage, persist, type PersistStorage } from 'zustand/middleware';
import type {
  Enter,
  LinkState,
  LogFileState,
  Notice,
  PortListing,
  RunState,
  ScriptRow,
  ScriptSettings,
  ScriptView,
  SerialSettings,
  TransferState,
} from '../../shared/contract';

export type Lang = 'en' | 'zh-CN';
export type ThemePref = 'system' | 'light' | 'dark';
export type ViewMode = 'text' | 'hex' | 'both';

export interface Prefs {
  /** Null: follow the system language. */
  lang: Lang | null;
  theme: ThemePref;
  serial: SerialSettings;
  enter: Enter;
  hexSend: boolean;
  history: string[];
  showTime: boolean;
  viewMode: ViewMode;
  /** Command list width in px. */
  listWidth: number;
  /** Status area height in px. */
  statusHeight: number;
}

export interface ViewState {
  filter: string;
  search: string;
  /** View row of the current search hit. */
  searchRow: number;
  follow: boolean;
  /** Absolute line index the view is frozen at while paused. */
  pausedAt: number | null;
  /** A row the terminal should scroll to once (search hits). */
  jumpTo: number | null;
}

export interface AppState {
  synced: boolean;
  dialogs: boolean;
  link: LinkState;
  run: RunState;
  transfer: TransferState | null;
  logFile: LogFileState | null;
  notices: Notice[];
  ports: PortListing | null;
  /** The command list as the user edits it. */
  script: ScriptView;
  /** Counts local edits of the list; `confirmedEdit` is the last one main has answered. */
  editVersion: number;
  confirmedEdit: number;
  logVersion: number;
  view: ViewState;
  prefs: Prefs;
  /** The last failed operation, shown until the next one. */
  error: string | null;
  /** A typed line main refused because the module waits for payload (B14): asks before it goes as payload. */
  sendConfirm: { text: string; message: string } | null;
}

export const DEFAULT_SERIAL: SerialSettings = {
  path: 'virtual:ec600s',
  baudRate: 115200,
  dataBits: 8,
  parity: 'none',
  stopBits: 1,
  flowControl: 'none',
};

const CLOSED: LinkState = { phase: 'closed', name: null, settings: null, dtr: false, rts: false, lines: null, txBytes: 0, rxBytes: 0 };

export const initialState = (): AppState => ({
  synced: false,
  dialogs: false,
  link: CLOSED,
  run: { running: false, rowId: null, loop: 0, runTimes: 0, outcomes: {} },
  transfer: null,
  logFile: null,
  notices: [],
  ports: null,
  script: { name: '', rows: [], settings: { runTimes: 1, delayMs: 1000 }, maskedRowIds: [] },
  editVersion: 0,
  confirmedEdit: 0,
  logVersion: 0,
  view: { filter: '', search: '', searchRow: -1, follow: true, pausedAt: null, jumpTo: null },
  prefs: {
    lang: null,
    theme: 'system',
    serial: DEFAULT_SERIAL,
    // QCOM's "Send With Enter" sends CR LF; shown in the send box so it is never a surprise.
    enter: 'crlf',
    hexSend: false,
    history: [],
    showTime: true,
    viewMode: 'text',
    listWidth: 680,
    statusHeight: 120,
  },
  error: null,
  sendConfirm: null,
});

export const NOTICE_KEEP = 200;
export const HISTORY_KEEP = 100;

export const useAppStore = create<AppState>()(
  persist(() => initialState(), {
    name: 'modemdeck.prefs',
    version: 1,
    storage: writeOnChange(createJSONStorage<{ prefs: Prefs }>(() => window.localStorage)),
    // Only preferences are remembered; nothing from the session (and never a secret).
    partialize: (s) => ({ prefs: s.prefs }),
    merge: (persisted, current) => ({
      ...current,
      prefs: { ...current.prefs, ...((persisted as Partial<AppState> | undefined)?.prefs ?? {}) },
    }),
  }),
);

/**
 * The persist middleware writes after every setState; lines arriving set state every frame, so
 * without this the preferences went to localStorage (serialised, synchronously) 50 times a second.
 * Writes only when a remembered value is another object than the one last written.
 */
function writeOnChange<S extends object>(storage: PersistStorage<S> | undefined): PersistStorage<S> | undefined {
  if (!storage) return storage;
  let last: S | null = null;
  return {
    getItem: (name) => storage.getItem(name),
    setItem: (name, value) => {
      const same = last !== null && Object.keys(value.state).every((k) => (value.state as Record<string, unknown>)[k] === (last as Record<string, unknown>)[k]);
      if (same) return;
      last = value.state;
      return storage.setItem(name, value);
    },
    removeItem: (name) => {
      last = null;
      return storage.removeItem(name);
    },
  };
}

export const setView = (patch: Partial<ViewState>) => useAppStore.setState((s) => ({ view: { ...s.view, ...patch } }));
export const setPrefs = (patch: Partial<Prefs>) => useAppStore.setState((s) => ({ prefs: { ...s.prefs, ...patch } }));
export const setError = (error: string | null) => useAppStore.setState({ error });

/** A list main answered with (load, save): it replaces any local edit still pending. */
export function adoptScript(script: ScriptView): void {
  useAppStore.setState((s) => ({ script, editVersion: s.editVersion + 1, confirmedEdit: s.editVersion + 1 }));
}

/** A local edit of the command list; sync.ts sends it to main after a short pause. */
export function editScript(rows: ScriptRow[], settings?: ScriptSettings): void {
  useAppStore.setState((s) => ({
    script: { ...s.script, rows, settings: settings ?? s.script.settings },
    editVersion: s.editVersion + 1,
  }));
}
