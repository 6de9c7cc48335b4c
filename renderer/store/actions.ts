// What the user can do, as plain async functions outside React (model-codebases.md §4.8). Each
// calls main through api.ts; failures land in the store as a translated message, never a throw.
import type { Result, ScriptRow } from '../../shared/contract';
import { api } from '../api';
import { errorText, systemLang } from '../i18n';
import { HISTORY_KEEP, adoptScript, editScript, setError, setPrefs, useAppStore } from './app-store';

async function call<T>(pending: Promise<Result<T>>): Promise<T | null> {
  const r = await pending;
  if (r.ok) {
    setError(null);
    return r.value;
  }
  if (r.error.code !== 'CANCELLED') setError(errorText(r.error, useAppStore.getState().prefs.lang ?? systemLang()));
  return null;
}

export async function refreshPorts(): Promise<void> {
  const ports = await call(api.listPorts());
  if (ports) useAppStore.setState({ ports });
}

export async function openPort(): Promise<void> {
  await call(api.openLink({ settings: useAppStore.getState().prefs.serial }));
}

export async function closePort(): Promise<void> {
  await call(api.closeLink());
}

export async function setSignals(signals: { dtr?: boolean; rts?: boolean }): Promise<void> {
  await call(api.setSignals(signals));
}

/**
 * Sends the send box's text. When main answers DATA_PHASE (the module waits for payload, and this
 * would become payload) nothing was sent: the send box asks, and `asPayload` sends it anyway.
 */
export async function sendText(text: string, asPayload = false): Promise<boolean> {
  const { prefs } = useAppStore.getState();
  const r = await api.send({ text, hex: prefs.hexSend, enter: prefs.enter, ...(asPayload ? { asPayload } : {}) });
  if (!r.ok && r.error.code === 'DATA_PHASE') {
    useAppStore.setState({ sendConfirm: { text, message: errorText(r.error, prefs.lang ?? systemLang()) } });
    return false;
  }
  useAppStore.setState({ sendConfirm: null });
  const sent = await call(Promise.resolve(r));
  if (sent && text.trim()) {
    const history = [text, ...prefs.history.filter((h) => h !== text)].slice(0, HISTORY_KEEP);
    setPrefs({ history });
  }
  return sent !== null;
}

/** Ends the data phase the module waits in: pad the owed bytes, or cancel with ESC (B14). */
export async function finishDataPhase(how: 'pad' | 'cancel'): Promise<void> {
  await call(api.finishDataPhase({ how }));
}

export async function sendFile(file: File): Promise<void> {
  const data = new Uint8Array(await file.arrayBuffer());
  await call(api.sendFile({ name: file.name, data }));
}

export async function cancelSendFile(): Promise<void> {
  await call(api.cancelSendFile());
}

export async function clearLog(): Promise<void> {
  await call(api.clearLog());
}

export async function startLog(path?: string): Promise<void> {
  await call(api.startLogFile({ target: path ? { source: 'path', path } : { source: 'dialog' } }));
}

export async function stopLog(): Promise<void> {
  await call(api.stopLogFile());
}

export async function loadScriptFrom(source: { path: string } | { file: File } | 'dialog'): Promise<void> {
  let req: Parameters<typeof api.loadScript>[0];
  if (source === 'dialog') req = { source: 'dialog' };
  else if ('path' in source) req = { source: 'path', path: source.path };
  else req = { source: 'bytes', name: source.file.name, data: new Uint8Array(await source.file.arrayBuffer()) };
  const view = await call(api.loadScript(req));
  if (view) adoptScript(view);
}

export async function saveScriptTo(path?: string): Promise<void> {
  await flushScriptEdits();
  await call(api.saveScript({ target: path ? { source: 'path', path } : { source: 'dialog' } }));
}

/** Sends pending list edits now (before Run, Send or Save use main's copy). */
export async function flushScriptEdits(): Promise<void> {
  const s = useAppStore.getState();
  if (s.editVersion === s.confirmedEdit) return;
  const version = s.editVersion;
  const view = await call(api.setScript({ rows: s.script.rows, settings: s.script.settings }));
  if (view && useAppStore.getState().editVersion === version) useAppStore.setState({ script: view, confirmedEdit: version });
}

/** The Send button of the row at `index` (after pending edits gave it an id). */
export async function sendRow(index: number): Promise<void> {
  await flushScriptEdits();
  const row = useAppStore.getState().script.rows[index];
  if (row && row.id > 0) await call(api.sendRow({ id: row.id }));
}

/** Rows main re-runs by itself after the port came back from an unplug (empty: none). */
export async function setReconnectRows(ids: number[]): Promise<void> {
  await call(api.setReconnectRows({ ids }));
}

export async function runScript(): Promise<void> {
  await flushScriptEdits();
  const ids = useAppStore.getState().script.rows.filter((r) => r.selected && r.id > 0).map((r) => r.id);
  await call(api.runScript({ ids }));
}

export async function stopScript(): Promise<void> {
  await call(api.stopScript());
}

export function updateRow(index: number, patch: Partial<ScriptRow>): void {
  const rows = useAppStore.getState().script.rows.slice();
  rows[index] = { ...rows[index], ...patch };
  editScript(rows);
}

export function addRow(): void {
  const rows = useAppStore.getState().script.rows;
  editScript([...rows, { id: 0, selected: true, text: '', hex: false, enter: true, delayMs: null, waitForResult: false }]);
}

export function removeRow(index: number): void {
  const rows = useAppStore.getState().script.rows.slice();
  rows.splice(index, 1);
  editScript(rows);
}

export function moveRow(index: number, by: -1 | 1): void {
  const rows = useAppStore.getState().script.rows.slice();
  const to = index + by;
  if (to < 0 || to >= rows.length) return;
  [rows[index], rows[to]] = [rows[to], rows[index]];
  editScript(rows);
}

export function selectAllRows(selected: boolean): void {
  editScript(useAppStore.getState().script.rows.map((r) => ({ ...r, selected })));
}
