// The send box: text or a hex string, Enter as CR LF (QCOM's default, shown), CR or nothing,
// history on the arrow keys, and "send file" with progress. A line main held back because the
// module waits for payload is asked about here, never sent silently (reliability-checklist B14).
import { useRef, useState } from 'react';
import type { Enter } from '../../shared/contract';
import { setPrefs, useAppStore } from '../store/app-store';
import { cancelSendFile, sendFile, sendText } from '../store/actions';
import { useT } from '../i18n';
import { CommandQueue } from './CommandQueue';

export function SendBox() {
  const t = useT();
  const prefs = useAppStore((s) => s.prefs);
  const open = useAppStore((s) => s.link.phase === 'open');
  const transfer = useAppStore((s) => s.transfer);
  const confirm = useAppStore((s) => s.sendConfirm);
  const [text, setText] = useState('');
  const [historyAt, setHistoryAt] = useState(-1);
  const fileInput = useRef<HTMLInputElement>(null);

  const send = async (asPayload = false) => {
    if (await sendText(text, asPayload)) {
      setText('');
      setHistoryAt(-1);
    }
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void send();
    } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      const next = Math.max(-1, Math.min(prefs.history.length - 1, historyAt + (e.key === 'ArrowUp' ? 1 : -1)));
      setHistoryAt(next);
      setText(next < 0 ? '' : prefs.history[next]);
    }
  };

  return (
    <>
      <CommandQueue />
      {confirm && (
        <div className="banner warn send-confirm" role="alertdialog" aria-label={confirm.message} data-testid="send-confirm">
          <span>{confirm.message}</span>
          <button className="danger" onClick={() => void send(true)} data-testid="send-as-payload">
            {t('send.asPayload')}
          </button>
          <button onClick={() => useAppStore.setState({ sendConfirm: null })} data-testid="send-dont">
            {t('send.dontSend')}
          </button>
        </div>
      )}
      <div className="send-box">
        <input
          className="send-input"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          placeholder={t('send.placeholder')}
          spellCheck={false}
          data-testid="send-input"
        />
        <label className="check">
          <input type="checkbox" checked={prefs.hexSend} onChange={(e) => setPrefs({ hexSend: e.target.checked })} data-testid="send-hex" />
          {t('send.hex')}
        </label>
        <label className="check">
          {t('send.enter')}
          <select value={prefs.enter} onChange={(e) => setPrefs({ enter: e.target.value as Enter })} data-testid="send-enter">
            <option value="crlf">{t('send.enter.crlf')}</option>
            <option value="cr">{t('send.enter.cr')}</option>
            <option value="none">{t('send.enter.none')}</option>
          </select>
        </label>
        <button className="primary" onClick={() => void send()} disabled={!open} data-testid="send">
          {t('send.send')}
        </button>
        <input
          ref={fileInput}
          type="file"
          hidden
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void sendFile(file);
          }}
          data-testid="send-file-input"
        />
        {transfer && !transfer.done ? (
          <span className="progress">
            <progress max={transfer.total} value={transfer.sent} />
            {t('send.fileProgress', { name: transfer.name, sent: transfer.sent, total: transfer.total })}
            <button onClick={() => void cancelSendFile()}>{t('send.cancel')}</button>
          </span>
        ) : (
          <button onClick={() => fileInput.current?.click()} disabled={!open}>
            {t('send.file')}
          </button>
        )}
      </div>
    </>
  );
}
