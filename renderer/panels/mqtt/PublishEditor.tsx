// The publish editor: an Alink template (property post from name/value rows, event post) or a raw
// topic and JSON payload, checked as typed with a readable error; the payload's UTF-8 length is
// what main declares in AT+QMTPUBEX. Send once, or repeatedly at an interval; keep snippets.
import { useState } from 'react';
import type { QoS } from '../../../shared/aliyun';
import { previewDraft } from '../../store/mqtt-draft';
import { deleteSnippet, loadSnippet, publish, saveSnippet, startRepeat, stopRepeat } from '../../store/mqtt-actions';
import { patchEditor, useMqttStore, type TemplateKind } from '../../store/mqtt-store';
import { usePick, useT } from '../../i18n';

const MAX_PAYLOAD_BYTES = 1500; // quectel-at.md §3.6.8

export function PublishEditor() {
  const t = useT();
  const pick = usePick();
  const editor = useMqttStore((s) => s.editor);
  const form = useMqttStore((s) => s.form);
  const snippets = useMqttStore((s) => s.snippets);
  const lastPublish = useMqttStore((s) => s.lastPublish);
  const repeat = useMqttStore((s) => s.status?.repeat);
  const connected = useMqttStore((s) => s.status?.session?.clients.find((c) => c.index === s.form.clientIndex)?.state === 'connected');
  const [snippetName, setSnippetName] = useState('');
  const preview = previewDraft(editor, form);
  const tooLong = preview.ok && preview.bytes > MAX_PAYLOAD_BYTES;
  const canSend = connected && preview.ok && !tooLong;

  return (
    <section className="mqtt-card" data-testid="mqtt-publish">
      <div className="mqtt-card-head">
        <h3>{t('pub.title')}</h3>
        <span className="spacer" />
        <label>
          {t('pub.template')}
          <select data-testid="mqtt-pub-kind" value={editor.kind} onChange={(e) => patchEditor({ kind: e.target.value as TemplateKind })}>
            {(['property-post', 'event-post', 'custom'] as const).map((k) => (
              <option key={k} value={k}>{t(`pub.template.${k}`)}</option>
            ))}
          </select>
        </label>
      </div>
      <div className="mqtt-row">
        {editor.kind === 'custom' ? (
          <input className="mono grow" data-testid="mqtt-pub-topic" placeholder={t('pub.topic')} value={editor.topic} onChange={(e) => patchEditor({ topic: e.target.value })} spellCheck={false} />
        ) : (
          <span className="mono grow topic" data-testid="mqtt-pub-topic-shown">{preview.ok ? preview.topic : ''}</span>
        )}
        <label>
          {t('pub.qos')}
          <select value={editor.qos} onChange={(e) => patchEditor({ qos: Number(e.target.value) as QoS })} data-testid="mqtt-pub-qos">
            <option value={0}>0</option>
            <option value={1}>1</option>
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={editor.retain} onChange={(e) => patchEditor({ retain: e.target.checked })} />
          {t('pub.retain')}
        </label>
      </div>
      {editor.kind === 'event-post' && (
        <div className="mqtt-row">
          <label className="grow">
            {t('pub.eventId')}
            <input className="mono grow" value={editor.eventId} onChange={(e) => patchEditor({ eventId: e.target.value })} spellCheck={false} />
          </label>
        </div>
      )}
      {editor.kind === 'property-post' ? (
        <div className="mqtt-params" data-testid="mqtt-pub-params">
          {editor.rows.map((r, i) => (
            <div className="mqtt-row" key={i}>
              <input className="mono" data-testid="mqtt-pub-name" placeholder={t('pub.name')} value={r.name} onChange={(e) => patchEditor({ rows: editor.rows.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)) })} spellCheck={false} />
              <input className="mono grow" data-testid="mqtt-pub-value" placeholder={t('pub.value')} value={r.value} onChange={(e) => patchEditor({ rows: editor.rows.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)) })} spellCheck={false} />
              <button onClick={() => patchEditor({ rows: editor.rows.filter((_, j) => j !== i) })} aria-label={t('pub.delete')}>×</button>
            </div>
          ))}
          <button onClick={() => patchEditor({ rows: [...editor.rows, { name: '', value: '' }] })}>{t('pub.addRow')}</button>
        </div>
      ) : (
        <textarea className="mono mqtt-json" data-testid="mqtt-pub-text" rows={6} value={editor.text} onChange={(e) => patchEditor({ text: e.target.value })} spellCheck={false} />
      )}
      <div className="small muted">{t('pub.preview')}</div>
      <pre className="mqtt-preview mono" data-testid="mqtt-pub-preview">{preview.ok ? preview.payload : ''}</pre>
      <div className="mqtt-row small">
        {preview.ok ? (
          <>
            <span data-testid="mqtt-pub-bytes" className={tooLong ? 'fail' : ''}>{t('pub.bytes', { n: preview.bytes })}</span>
            {tooLong && <span className="fail">{t('pub.tooLong')}</span>}
            {preview.jsonError ? <span className="fail" data-testid="mqtt-pub-json-error">{pick(preview.jsonError)}</span> : <span className="ok">{t('pub.jsonOk')}</span>}
          </>
        ) : (
          <span className="fail" data-testid="mqtt-pub-json-error">{pick(preview.error)}</span>
        )}
      </div>
      <div className="mqtt-row">
        <button className="primary" data-testid="mqtt-pub-send" disabled={!canSend} onClick={() => void publish()}>{t('pub.send')}</button>
        {lastPublish && !('refused' in lastPublish) && (
          <span className={`small ${lastPublish.ok ? 'ok' : 'fail'}`} data-testid="mqtt-pub-result">
            {t('pub.sent', { result: lastPublish.result, ms: lastPublish.latencyMs })}
            {lastPublish.error ? ` — ${pick(lastPublish.error.meaning)}` : ''}
          </span>
        )}
      </div>
      <div className="mqtt-row">
        <label>
          {t('pub.repeat')}
          <input type="number" min={100} className="num" value={editor.intervalMs} onChange={(e) => patchEditor({ intervalMs: Number(e.target.value) })} />
          {t('pub.ms')}
        </label>
        <label>
          <input type="number" min={0} className="num" value={editor.count} onChange={(e) => patchEditor({ count: Number(e.target.value) })} />
          {t('pub.count')}
        </label>
        {repeat?.running ? (
          <button className="danger" data-testid="mqtt-repeat-stop" onClick={() => void stopRepeat()}>{t('pub.stopRepeat')}</button>
        ) : (
          <button data-testid="mqtt-repeat-start" disabled={!canSend} onClick={() => void startRepeat()}>{t('pub.start')}</button>
        )}
        {repeat && (repeat.running || repeat.sent > 0) && (
          <span className="small muted" data-testid="mqtt-repeat-state">{t('pub.repeatState', { sent: repeat.sent, of: repeat.count ? ` / ${repeat.count}` : '' })}</span>
        )}
      </div>
      <div className="mqtt-row">
        <span>{t('pub.snippets')}</span>
        <input placeholder={t('pub.snippetName')} value={snippetName} onChange={(e) => setSnippetName(e.target.value)} />
        <button disabled={!snippetName.trim()} onClick={() => saveSnippet(snippetName)}>{t('pub.save')}</button>
        {snippets.length > 0 && (
          <select value="" onChange={(e) => e.target.value && loadSnippet(e.target.value)} aria-label={t('pub.load')}>
            <option value="">{t('pub.load')}…</option>
            {snippets.map((s) => (
              <option key={s.name} value={s.name}>{s.name}</option>
            ))}
          </select>
        )}
        {snippets.some((s) => s.name === snippetName.trim()) && <button onClick={() => deleteSnippet(snippetName.trim())}>{t('pub.delete')}</button>}
      </div>
    </section>
  );
}
