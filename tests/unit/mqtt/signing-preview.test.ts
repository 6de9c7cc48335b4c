// The signing helper shows what the module will compute from aliauth, checked against the worked
// example C1 of cloud-protocols.md §2.2 and against the local hub's own verification.
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRIPLET_FORM, type TripletForm } from '../../../shared/aliyun';
import { verifyAliyunConnect } from '../../../electron/cloud/aliyun-sign';
import { previewSigning } from '../../../electron/mqtt/signing-preview';

// Triple B of cloud-protocols.md §1.9 with clientId "clientA": candidate C1 of §2.2.
const FORM: TripletForm = {
  ...DEFAULT_TRIPLET_FORM, productKey: 'a1X2bEnP82z', deviceName: 'example1', deviceSecret: 'ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSe', clientId: 'clientA',
};
const C1_PASSWORD = '8E3EC96D73E5E3E823B6070F0F0D6723CAD7CF796375F178C33CDEDBB3895811';

describe('previewSigning', () => {
  it('shows clientId and username, and the password only masked', () => {
    const p = previewSigning(FORM);
    expect(p).toMatchObject({
      host: 'iot-as-mqtt.cn-shanghai.aliyuncs.com', port: 1883, clientId: 'clientA|securemode=3,signmethod=hmacsha256|', username: 'example1&a1X2bEnP82z',
      revealed: false, signmethod: 'hmacsha256',
    });
    expect(p.password).toBe(`${'*'.repeat(61)}811`);
    expect(JSON.stringify(p).includes(C1_PASSWORD)).toBe(false);
    expect(JSON.stringify(p).includes(FORM.deviceSecret)).toBe(false);
    expect(p.note.zh).toMatch(/C1/);
  });

  it('reveals the password of worked example C1 when asked, and the hub accepts it', () => {
    const p = previewSigning(FORM, { reveal: true });
    expect(p.password).toBe(C1_PASSWORD);
    expect(p.rawConnectCommand).toBe(`AT+QMTCONN=0,"clientA|securemode=3,signmethod=hmacsha256|","example1&a1X2bEnP82z","${C1_PASSWORD}"`);
    expect(verifyAliyunConnect({ clientId: p.clientId, username: p.username, password: p.password }, () => FORM.deviceSecret)).toMatchObject({ ok: true });
  });

  it('signs <ProductKey>.<DeviceName> when the form has no client id', () => {
    expect(previewSigning({ ...FORM, clientId: '' }).clientId).toBe('a1X2bEnP82z.example1|securemode=3,signmethod=hmacsha256|');
  });
});
