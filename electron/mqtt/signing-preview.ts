// What the module will send when it logs in with AT+QMTCFG="aliauth" (feature-anchors.md §4.3):
// clientId, username and the HMAC password, computed in main from the triplet (the secret never
// goes to the renderer). The password opens the device's session, so it is masked unless the user
// explicitly asks to reveal it.
import { effectiveClientId, mqttHost, type BilingualText, type TripletForm } from '../../shared/aliyun';
import { SIGNING_C1, signAliyun, type SigningVariant } from '../cloud/aliyun-sign';
import { maskKeepingTail } from '../presets/extract';

export interface SigningPreview {
  host: string;
  port: number;
  clientId: string;
  username: string;
  /** Masked unless revealed. */
  password: string;
  revealed: boolean;
  signmethod: SigningVariant['signmethod'];
  /** The same login without aliauth: AT+QMTCONN with username and password (password masked unless revealed). */
  rawConnectCommand: string;
  note: BilingualText;
}

// cloud-protocols.md §2.2: what EC600S firmware puts on the wire is not documented; the simulator
// and this preview use variant C1, and Aliyun accepts every variant.
const VARIANT_NOTE: BilingualText = {
  en: 'Computed as securemode=3, signmethod=hmacsha256 without timestamp (variant C1). Quectel does not document what EC600S firmware sends; Aliyun accepts every variant.',
  zh: '按 securemode=3、signmethod=hmacsha256、不带 timestamp 计算（C1 方式）。移远未公开 EC600S 固件的具体做法；阿里云对各种方式都接受。',
};

export function previewSigning(form: TripletForm, opts: { reveal?: boolean; variant?: SigningVariant } = {}): SigningPreview {
  const variant = opts.variant ?? SIGNING_C1;
  const creds = signAliyun(
    { productKey: form.productKey, deviceName: form.deviceName, deviceSecret: form.deviceSecret },
    { clientIdPrefix: effectiveClientId(form), variant },
  );
  const revealed = opts.reveal === true;
  const password = revealed ? creds.password : maskKeepingTail(creds.password);
  return {
    host: mqttHost(form),
    port: form.port,
    clientId: creds.clientId,
    username: creds.username,
    password,
    revealed,
    signmethod: variant.signmethod,
    rawConnectCommand: `AT+QMTCONN=${form.clientIndex},"${creds.clientId}","${creds.username}","${password}"`,
    note: VARIANT_NOTE,
  };
}
