// QCOM's command list: numbered rows with select / text / HEX / Enter / Delay and a Send button,
// plus what QCOM lacks: wait-for-result per row, the result of each row in the last run, editing,
// reordering. Load and Save go through main and the .ini codec; dropping a file loads it.
import { useEffect, useRef, useState } from 'react';
import type { ScriptRow } from '../../shared/contract';
import { editScript, useAppStore } from '../store/app-store';
import {
  addRow,
  loadScriptFrom,
  moveRow,
  removeRow,
  runScript,
  saveScriptTo,
  selectAllRows,
  sendRow,
  setReconnectRows,
  stopScript,
  updateRow,
} from '../store/actions';
import { useT } from '../i18n';

export function CommandList() {
  const t = useT();
  const script = useAppStore((s) => s.script);
  const run = useAppStore((s) => s.run);
  const open = useAppStore((s) => s.link.phase === 'open');
  const dialogs = useAppStore((s) => s.dialogs);
  const fileInput = useRef<HTMLInputElement>(null);
  const [savePath, setSavePath] = useState<string | null>(null);
  const masked = new Set(script.maskedRowIds ?? []);
  const allSelected = script.rows.length > 0 && script.rows.every((r) => r.selected);
  const [rerunOnReconnect, setRerunOnReconnect] = useState(false);
  const everOn = useRef(false);
  const selectedIds = script.rows.filter((r) => r.selected && r.id > 0).map((r) => r.id).join(',');
  // Main keeps the list; it follows the selection while the option is on (nothing to say before).
  useEffect(() => {
    if (!rerunOnReconnect && !everOn.current) return;
    everOn.current = true;
    void setReconnectRows(rerunOnReconnect && selectedIds ? selectedIds.split(',').map(Number) : []);
  }, [rerunOnReconnect, selectedIds]);

  const setSettings = (patch: Partial<typeof script.settings>) => editScript(script.rows, { ...script.settings, ...patch });

  return (
    <section className="command-list panel" aria-label={t('list.title')} data-testid="command-list">
      <div className="toolbar">
        <strong className="title" title={script.name}>
          {script.name || t('list.title')}
        </strong>
        <span className="spacer" />
        <button onClick={() => (dialogs ? void loadScriptFrom('dialog') : fileInput.current?.click())} data-testid="load-ini">
          {t('list.load')}
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".ini,text/plain"
          hidden
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void loadScriptFrom({ file });
          }}
          data-testid="load-ini-input"
        />
        <button onClick={() => (dialogs ? void saveScriptTo() : setSavePath(savePath === null ? '' : null))} data-testid="save-ini">
          {t('list.save')}
        </button>
      </div>
      {savePath !== null && (
        <form
          className="toolbar ask"
          onSubmit={(e) => {
            e.preventDefault();
            void saveScriptTo(savePath).then(() => setSavePath(null));
          }}
        >
          <label>
            {t('list.savePath')}
            <input value={savePath} onChange={(e) => setSavePath(e.target.value)} placeholder="/tmp/commands.ini" data-testid="ini-path" autoFocus />
          </label>
          <button type="submit" disabled={!savePath} data-testid="ini-save-start">
            {t('term.start')}
          </button>
          <button type="button" onClick={() => setSavePath(null)}>
            {t('term.cancel')}
          </button>
        </form>
      )}
      <div className="toolbar">
        <label className="check">
          <input type="checkbox" checked={allSelected} onChange={(e) => selectAllRows(e.target.checked)} data-testid="select-all" />
          {t('list.selectAll')}
        </label>
        <label className="check">
          {t('list.delayTime')}
          <input
            className="num"
            type="number"
            min={0}
            value={script.settings.delayMs}
            onChange={(e) => setSettings({ delayMs: clampInt(e.target.value, 0, 3_600_000) })}
            data-testid="delay-time"
          />
        </label>
        <label className="check">
          {t('list.runTimes')}
          <input
            className="num"
            type="number"
            min={1}
            value={script.settings.runTimes}
            onChange={(e) => setSettings({ runTimes: clampInt(e.target.value, 1, 100_000) })}
            data-testid="run-times"
          />
        </label>
        <label className="check" title={t('list.rerunOnReconnectHint')}>
          <input type="checkbox" checked={rerunOnReconnect} onChange={(e) => setRerunOnReconnect(e.target.checked)} data-testid="rerun-on-reconnect" />
          {t('list.rerunOnReconnect')}
        </label>
        <span className="spacer" />
        {run.running && <span className="muted">{t('list.loop', { loop: run.loop, of: run.runTimes })}</span>}
        <button className="primary" onClick={() => void runScript()} disabled={!open || run.running} data-testid="run">
          {t('list.run')}
        </button>
        <button className="danger" onClick={() => void stopScript()} disabled={!run.running} data-testid="stop">
          {t('list.stop')}
        </button>
      </div>
      <div className="rows" data-testid="rows">
        {script.rows.length === 0 ? (
          <p className="muted empty">{t('list.empty')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{t('list.col.no')}</th>
                <th />
                <th className="wide">{t('list.col.command')}</th>
                <th>{t('list.col.hex')}</th>
                <th>{t('list.col.enter')}</th>
                <th>{t('list.col.delay')}</th>
                <th>{t('list.col.wait')}</th>
                <th />
                <th>{t('list.col.result')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {script.rows.map((row, i) => (
                <Row
                  key={row.id || `new-${i}`}
                  row={row}
                  index={i}
                  count={script.rows.length}
                  running={run.rowId === row.id && run.running}
                  outcome={run.outcomes[row.id]}
                  masked={masked.has(row.id)}
                  open={open}
                />
              ))}
            </tbody>
          </table>
        )}
        <button className="add-row" onClick={addRow} data-testid="add-row">
          + {t('list.add')}
        </button>
      </div>
    </section>
  );
}

interface RowProps {
  row: ScriptRow;
  index: number;
  count: number;
  running: boolean;
  outcome?: { ok: boolean; result: string; latencyMs: number };
  masked: boolean;
  open: boolean;
}

function Row({ row, index, count, running, outcome, masked, open }: RowProps) {
  const t = useT();
  const set = (patch: Partial<ScriptRow>) => updateRow(index, patch);
  return (
    <tr className={running ? 'running' : ''} data-testid="row">
      <td className="no">{index + 1}</td>
      <td>
        <input type="checkbox" checked={row.selected} onChange={(e) => set({ selected: e.target.checked })} aria-label={t('list.selectAll')} data-testid="row-select" />
      </td>
      <td className="wide">
        <input
          className={`cmd${masked ? ' masked' : ''}`}
          value={row.text}
          onChange={(e) => set({ text: e.target.value })}
          spellCheck={false}
          title={masked ? t('list.masked') : undefined}
          data-testid="row-text"
        />
      </td>
      <td>
        <input type="checkbox" checked={row.hex} onChange={(e) => set({ hex: e.target.checked })} data-testid="row-hex" />
      </td>
      <td>
        <input type="checkbox" checked={row.enter} onChange={(e) => set({ enter: e.target.checked })} data-testid="row-enter" />
      </td>
      <td>
        <input
          className="num delay"
          type="number"
          min={0}
          value={row.delayMs ?? ''}
          placeholder="—"
          onChange={(e) => set({ delayMs: e.target.value === '' ? null : clampInt(e.target.value, 0, 3_600_000) })}
          data-testid="row-delay"
        />
      </td>
      <td>
        <input type="checkbox" checked={row.waitForResult} onChange={(e) => set({ waitForResult: e.target.checked })} data-testid="row-wait" />
      </td>
      <td>
        <button onClick={() => void sendRow(index)} disabled={!open || !row.text} data-testid="row-send">
          {t('list.send')}
        </button>
      </td>
      <td className={`result ${outcome ? (outcome.ok ? 'ok' : 'fail') : ''}`} data-testid="row-result">
        {outcome ? `${outcome.result}${outcome.latencyMs ? ` · ${outcome.latencyMs} ms` : ''}` : ''}
      </td>
      <td className="row-tools">
        <button onClick={() => moveRow(index, -1)} disabled={index === 0} title={t('list.up')} aria-label={t('list.up')}>
          ↑
        </button>
        <button onClick={() => moveRow(index, 1)} disabled={index === count - 1} title={t('list.down')} aria-label={t('list.down')}>
          ↓
        </button>
        <button onClick={() => removeRow(index)} title={t('list.remove')} aria-label={t('list.remove')}>
          ✕
        </button>
      </td>
    </tr>
  );
}

function clampInt(text: string, min: number, max: number): number {
  const n = Math.round(Number(text));
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : min;
}
