// The device triplet and connection options, checked as Aliyun checks them (shared/aliyun.ts
// validateTriplet) with each error under its field; filled in one click from a QCOM script. The
// DeviceSecret is a password field that main takes and keeps: once it has it, the field shows where
// it is kept, never the secret. The signing helper shows what the module will log in with.
import { useState } from 'react';
import { ALIYUN_REGIONS, mqttHost, validateTriplet, type HostKind, type TripletField } from '../../../shared/aliyun';
import { forgetSecret, importSetup, previewSigning } from '../../store/mqtt-actions';
import { patchForm, useMqttStore } from '../../store/mqtt-store';
import { useAppStore } from '../../store/app-store';
import { usePick, useT } from '../../i18n';

const HOST_KINDS: HostKind[] = ['region', 'region-pk', 'instance', 'custom'];

export function TripletForm() {
  const t = useT();
  const pick = usePick();
  const form = useMqttStore((s) => s.form);
  const secret = useMqttStore((s) => s.status?.secret ?? null);
  const dialogs = useAppStore((s) => s.dialogs);
  const [path, setPath] = useState<string | null>(null);
  const secretKept = secret?.set === true;
  const touched = form.productKey !== '' || form.deviceName !== '';
  const errors = touched ? validateTriplet(form, { secretStored: secretKept }).errors : [];
  const errorOf = (field: TripletField) => errors.find((e) => e.field === field);

  const text = (field: 'productKey' | 'deviceName' | 'instanceId' | 'customHost' | 'clientId' | 'apn', extra: { placeholder?: string; wide?: boolean } = {}) => (
    <Field label={t(`form.${field}`)} error={pick(errorOf(field))} wide={extra.wide}>
      <input
        data-testid={`mqtt-field-${field}`}
        value={String(form[field])}
        placeholder={extra.placeholder}
        spellCheck={false}
        onChange={(e) => patchForm({ [field]: e.target.value })}
      />
    </Field>
  );
  const number = (field: 'port' | 'keepaliveS' | 'clientIndex', min: number, max: number) => (
    <Field label={t(`form.${field}`)} error={pick(errorOf(field))}>
      <input
        data-testid={`mqtt-field-${field}`}
        type="number"
        min={min}
        max={max}
        value={Number.isFinite(form[field]) ? form[field] : ''}
        onChange={(e) => patchForm({ [field]: e.target.value === '' ? Number.NaN : Number(e.target.value) })}
      />
    </Field>
  );

  return (
    <section className="mqtt-card" data-testid="mqtt-form">
      <div className="mqtt-card-head">
        <h3>{t('form.title')}</h3>
        <span className="spacer" />
        <button data-testid="mqtt-import" onClick={() => void importSetup()}>{t('form.import')}</button>
        <button data-testid="mqtt-import-file" onClick={() => (dialogs ? void importSetup({ source: 'dialog' }) : setPath(path === null ? '' : null))}>
          {t('form.importFile')}
        </button>
      </div>
      {path !== null && (
        <form
          className="mqtt-row"
          onSubmit={(e) => {
            e.preventDefault();
            if (!path.trim()) return;
            void importSetup({ source: 'path', path: path.trim() });
            setPath(null);
          }}
        >
          <input className="mono grow" data-testid="mqtt-import-path" value={path} onChange={(e) => setPath(e.target.value)} placeholder={t('form.importPath')} autoFocus spellCheck={false} />
          <button type="submit">{t('form.importGo')}</button>
        </form>
      )}
      <div className="mqtt-grid">
        {text('productKey')}
        {text('deviceName')}
        <Field label={t('form.deviceSecret')} error={pick(errorOf('deviceSecret'))} wide>
          <input
            data-testid="mqtt-field-deviceSecret"
            type="password"
            autoComplete="off"
            value={form.deviceSecret}
            placeholder={secretKept ? '•••••' : t('form.secretPlaceholder')}
            onChange={(e) => patchForm({ deviceSecret: e.target.value })}
          />
          {secretKept && form.deviceSecret === '' && (
            <span className="mqtt-secret-state" data-testid="mqtt-secret-state">
              {t(secret?.persisted ? 'form.secretKept' : 'form.secretSession')}
              <button className="link" onClick={() => void forgetSecret()}>{t('form.secretForget')}</button>
            </span>
          )}
        </Field>
        <Field label={t('form.hostKind')} wide>
          <select data-testid="mqtt-field-hostKind" value={form.hostKind} onChange={(e) => patchForm({ hostKind: e.target.value as HostKind })}>
            {HOST_KINDS.map((k) => (
              <option key={k} value={k}>{t(`form.hostKind.${k}`)}</option>
            ))}
          </select>
        </Field>
        {(form.hostKind === 'region' || form.hostKind === 'region-pk') && (
          <Field label={t('form.region')} error={pick(errorOf('region'))}>
            <input data-testid="mqtt-field-region" list="mqtt-regions" value={form.region} onChange={(e) => patchForm({ region: e.target.value })} />
            <datalist id="mqtt-regions">
              {ALIYUN_REGIONS.map((r) => (
                <option key={r} value={r} />
              ))}
            </datalist>
          </Field>
        )}
        {form.hostKind === 'instance' && text('instanceId')}
        {form.hostKind === 'custom' && text('customHost')}
        {number('port', 1, 65535)}
        {text('clientId', { placeholder: t('form.clientIdPlaceholder') })}
        {number('keepaliveS', 30, 1200)}
        {number('clientIndex', 0, 5)}
        {text('apn')}
      </div>
      {errors.length === 0 && touched && <div className="muted small" data-testid="mqtt-host">{t('form.host', { host: `${mqttHost(form)}:${form.port}` })}</div>}
      <SigningHelper />
    </section>
  );
}

function SigningHelper() {
  const t = useT();
  const pick = usePick();
  const preview = useMqttStore((s) => s.preview);
  return (
    <details className="mqtt-signing" data-testid="mqtt-signing">
      <summary>{t('sign.title')}</summary>
      <div className="mqtt-row">
        <button data-testid="mqtt-sign-show" onClick={() => void previewSigning(false)}>{t('sign.show')}</button>
        {preview && (
          <button data-testid="mqtt-sign-reveal" onClick={() => void previewSigning(!preview.revealed)}>
            {preview.revealed ? t('sign.hide') : t('sign.reveal')}
          </button>
        )}
      </div>
      {preview && (
        <dl className="mqtt-kv">
          <dt>{t('sign.clientId')}</dt>
          <dd data-testid="mqtt-sign-clientId">{preview.clientId}</dd>
          <dt>{t('sign.username')}</dt>
          <dd data-testid="mqtt-sign-username">{preview.username}</dd>
          <dt>{t('sign.password')}</dt>
          <dd data-testid="mqtt-sign-password">{preview.password}</dd>
          <dd className="muted small full">{pick(preview.note)}</dd>
        </dl>
      )}
    </details>
  );
}

function Field({ label, error, wide, children }: { label: string; error?: string; wide?: boolean; children: React.ReactNode }) {
  return (
    <label className={`mqtt-field${wide ? ' wide' : ''}${error ? ' invalid' : ''}`}>
      <span className="mqtt-label">{label}</span>
      {children}
      {error && <span className="mqtt-error" data-testid="mqtt-field-error">{error}</span>}
    </label>
  );
}
