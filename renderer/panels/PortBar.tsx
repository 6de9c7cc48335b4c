// The port bar: pick or type a port (the built-in virtual EC600S is always there), its settings,
// Open/Close, DTR/RTS, and the CTS/DSR/DCD/RI lamps where the port reports them. Port names and
// USB descriptors are untrusted text: rendered as text only.
import { useEffect, useState } from 'react';
import type { SerialSettings } from '../../shared/contract';
import { setPrefs, useAppStore } from '../store/app-store';
import { closePort, openPort, refreshPorts, setSignals } from '../store/actions';
import { useT } from '../i18n';

const BAUDS = [4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600];
const VIRTUAL = 'virtual:ec600s';

export function PortBar() {
  const t = useT();
  const serial = useAppStore((s) => s.prefs.serial);
  const link = useAppStore((s) => s.link);
  const ports = useAppStore((s) => s.ports);
  const [customBaud, setCustomBaud] = useState(!BAUDS.includes(serial.baudRate));

  useEffect(() => {
    void refreshPorts();
  }, []);

  const set = (patch: Partial<SerialSettings>) => setPrefs({ serial: { ...serial, ...patch } });
  const busy = link.phase === 'opening' || link.phase === 'closing';
  const open = link.phase === 'open';
  const locked = link.phase !== 'closed';

  return (
    <div className="port-bar" data-testid="port-bar">
      <label>
        {t('port.label')}
        <input
          className="port-path"
          value={serial.path}
          onChange={(e) => set({ path: e.target.value })}
          placeholder={t('port.placeholder')}
          disabled={locked}
          spellCheck={false}
          data-testid="port-path"
        />
      </label>
      <select
        className="port-pick"
        value=""
        onChange={(e) => e.target.value && set({ path: e.target.value })}
        disabled={locked}
        aria-label={t('port.label')}
        title={ports?.error ? t('port.listError', { detail: ports.error }) : undefined}
        data-testid="port-list"
      >
        <option value="">▾</option>
        {(ports?.ports ?? [{ path: VIRTUAL, virtual: true }]).map((p) => (
          <option key={p.path} value={p.path}>
            {p.virtual ? `${p.path} — ${t('port.virtual')}` : [p.path, p.manufacturer, p.serialNumber].filter(Boolean).join(' — ')}
          </option>
        ))}
      </select>
      <button onClick={() => void refreshPorts()} disabled={locked} title={ports?.error ? t('port.listError', { detail: ports.error }) : undefined}>
        {t('port.refresh')}
      </button>
      <label>
        {t('port.baud')}
        {customBaud ? (
          <input
            className="baud-custom"
            type="number"
            min={50}
            value={serial.baudRate}
            onChange={(e) => set({ baudRate: Number(e.target.value) || 115200 })}
            disabled={locked}
            data-testid="baud-custom"
          />
        ) : (
          <select
            value={serial.baudRate}
            onChange={(e) => (e.target.value === 'custom' ? setCustomBaud(true) : set({ baudRate: Number(e.target.value) }))}
            disabled={locked}
            data-testid="baud"
          >
            {BAUDS.map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
            <option value="custom">{t('port.custom')}</option>
          </select>
        )}
      </label>
      <label>
        {t('port.dataBits')}
        <select value={serial.dataBits} onChange={(e) => set({ dataBits: Number(e.target.value) as SerialSettings['dataBits'] })} disabled={locked}>
          {[8, 7, 6, 5].map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('port.parity')}
        <select value={serial.parity} onChange={(e) => set({ parity: e.target.value as SerialSettings['parity'] })} disabled={locked}>
          {(['none', 'even', 'odd', 'mark', 'space'] as const).map((p) => (
            <option key={p} value={p}>
              {t(`parity.${p}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('port.stopBits')}
        <select value={serial.stopBits} onChange={(e) => set({ stopBits: Number(e.target.value) as SerialSettings['stopBits'] })} disabled={locked}>
          {[1, 1.5, 2].map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('port.flow')}
        <select value={serial.flowControl} onChange={(e) => set({ flowControl: e.target.value as SerialSettings['flowControl'] })} disabled={locked}>
          {(['none', 'rtscts', 'xonxoff'] as const).map((f) => (
            <option key={f} value={f}>
              {t(`flow.${f}`)}
            </option>
          ))}
        </select>
      </label>
      <button className={open ? 'danger' : 'primary'} onClick={() => void (open ? closePort() : openPort())} disabled={busy || !serial.path} data-testid="open-port">
        {link.phase === 'opening' ? t('port.opening') : open ? t('port.close') : t('port.open')}
      </button>
      <label className="check">
        <input type="checkbox" checked={link.dtr} disabled={!open} onChange={(e) => void setSignals({ dtr: e.target.checked })} data-testid="dtr" />
        DTR
      </label>
      <label className="check">
        <input type="checkbox" checked={link.rts} disabled={!open} onChange={(e) => void setSignals({ rts: e.target.checked })} data-testid="rts" />
        RTS
      </label>
      <span className="lamps" title={link.lines ? undefined : t('lines.unknown')} data-testid="lamps">
        {(['cts', 'dsr', 'dcd', 'ri'] as const).map((k) => (
          <span key={k} className={`lamp ${link.lines === null ? 'unknown' : link.lines[k] ? 'on' : 'off'}`}>
            {k.toUpperCase()}
          </span>
        ))}
      </span>
    </div>
  );
}
