// What a triplet form connects to, and the way back: the host AT+QMTOPEN dials (cloud-protocols.md
// §1.6) and the clientId the module signs with (§1.3), and an imported QCOM script's host and setup
// read into the form's fields.
import { DEFAULT_TRIPLET_FORM, type TripletForm } from './aliyun-triplet';

/** The host AT+QMTOPEN connects to (§1.6). */
export function mqttHost(form: TripletForm): string {
  switch (form.hostKind) {
    case 'region':
      return `iot-as-mqtt.${form.region}.aliyuncs.com`;
    case 'region-pk':
      return `${form.productKey}.iot-as-mqtt.${form.region}.aliyuncs.com`;
    case 'instance':
      return `${form.instanceId}.mqtt.iothub.aliyuncs.com`;
    case 'custom':
      return form.customHost;
  }
}

/** The clientId the module will sign with; `<ProductKey>.<DeviceName>` when the form leaves it empty. */
export function effectiveClientId(form: Pick<TripletForm, 'clientId' | 'productKey' | 'deviceName'>): string {
  return form.clientId !== '' ? form.clientId : `${form.productKey}.${form.deviceName}`;
}

/** Reads a host back into the form's host fields (an imported script names the host, not the kind). */
export function hostFields(host: string): Pick<TripletForm, 'hostKind' | 'region' | 'instanceId' | 'customHost'> {
  const plain = /^iot-as-mqtt\.([a-z0-9-]+)\.aliyuncs\.com$/i.exec(host);
  if (plain) return { hostKind: 'region', region: plain[1], instanceId: '', customHost: '' };
  const prefixed = /^[A-Za-z0-9]+\.iot-as-mqtt\.([a-z0-9-]+)\.aliyuncs\.com$/i.exec(host);
  if (prefixed) return { hostKind: 'region-pk', region: prefixed[1], instanceId: '', customHost: '' };
  const instance = /^([a-z0-9-]+)\.mqtt\.iothub\.aliyuncs\.com$/i.exec(host);
  if (instance) return { hostKind: 'instance', region: DEFAULT_TRIPLET_FORM.region, instanceId: instance[1], customHost: '' };
  return { hostKind: 'custom', region: DEFAULT_TRIPLET_FORM.region, instanceId: '', customHost: host };
}

/** What a QCOM script says about its connection (electron/presets/extract.ts reads it from the rows). */
export interface ImportedMqttSetup {
  productKey: string | null;
  deviceName: string | null;
  deviceSecret: string | null;
  host: string | null;
  port: number | null;
  clientId: string | null;
  /** The `<client_idx>` the setup belongs to: the first one an aliauth, QMTOPEN or QMTCONN row names. */
  clientIndex: number | null;
  /** QMTSUB topics of that client, first occurrence first. */
  topics: string[];
}

/** The form filled from an imported script, in one click; what the script does not say stays as it was. */
export function formFromMqttSetup(setup: ImportedMqttSetup, base: TripletForm = DEFAULT_TRIPLET_FORM): TripletForm {
  return {
    ...base,
    productKey: setup.productKey ?? base.productKey,
    deviceName: setup.deviceName ?? base.deviceName,
    deviceSecret: setup.deviceSecret ?? base.deviceSecret,
    ...(setup.host ? hostFields(setup.host) : {}),
    port: setup.port ?? base.port,
    clientId: setup.clientId ?? base.clientId,
    clientIndex: setup.clientIndex ?? base.clientIndex,
  };
}
