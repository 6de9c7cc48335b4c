// The worked examples of cloud-protocols.md §1.9 and §2.2, recomputed by our signer and accepted by
// our verifier: if these fail, a real Aliyun device would fail against the hub (or the reverse).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  SIGNING_C1,
  SIGNING_C2,
  signAliyun,
  signedContent,
  verifyAliyunConnect,
  type AliyunTriplet,
} from '../../../electron/cloud/aliyun-sign';

const A: AliyunTriplet = { productKey: 'pk', deviceName: 'device', deviceSecret: 'secret' };
const B: AliyunTriplet = { productKey: 'a1X2bEnP82z', deviceName: 'example1', deviceSecret: 'ga7XA6KdlEeiPXQPpRbAjOZXwG8ydgSe' };
const F: AliyunTriplet = { productKey: 'a1fmOzBOIDW', deviceName: 'Temperature01', deviceSecret: '7c1df343a7bd95ec2427cdb460925588' };

const secretsOf = (...triplets: AliyunTriplet[]) => (pk: string, dn: string) =>
  triplets.find((t) => t.productKey === pk && t.deviceName === dn)?.deviceSecret;

describe('signAliyun reproduces the worked examples', () => {
  it('A: the official doc vector with sha1, md5 and sha256', () => {
    expect(signedContent('12345', 'device', 'pk', '789')).toBe('clientId12345deviceNamedeviceproductKeypktimestamp789');
    const sign = (signmethod: 'hmacsha1' | 'hmacmd5' | 'hmacsha256') =>
      signAliyun(A, { clientIdPrefix: '12345', variant: { layout: 'C1', signmethod, timestamp: '789', hexCase: 'upper' } });
    expect(sign('hmacsha1')).toEqual({
      clientId: '12345|securemode=3,signmethod=hmacsha1,timestamp=789|',
      username: 'device&pk',
      password: 'FAFD82A3D602B37FB0FA8B7892F24A477F851A14',
    });
    expect(sign('hmacmd5').password).toBe('14B198324FE55E1D3C88F2E705E201EE');
    expect(sign('hmacsha256').password).toBe('6074A46A91B1EBB2CC4EA42790AD0E80202C9843859FC292E57C4EB19FAD9E57');
  });

  it('B: iotkit-embedded 3.0.1 (same content, SDK clientId with extra keys)', () => {
    const out = signAliyun(B, {
      clientIdPrefix: 'a1X2bEnP82z.example1',
      variant: { layout: 'C2', signmethod: 'hmacsha256', timestamp: '2524608000000', hexCase: 'upper' },
    });
    expect(out.username).toBe('example1&a1X2bEnP82z');
    expect(out.password).toBe('B8CE8F1D706DD3C61D13BFD9855DEF7E321B785084CA9C93F0169A2B46785DD2');
  });

  it('F1: the Aliyun console parameters (securemode=2, lowercase hex)', () => {
    const out = signAliyun(F, {
      clientIdPrefix: 'a1fmOzBOIDW.Temperature01',
      variant: { layout: 'C1', signmethod: 'hmacsha256', timestamp: '1719973767245', hexCase: 'lower', securemode: 2 },
    });
    expect(out).toEqual({
      clientId: 'a1fmOzBOIDW.Temperature01|securemode=2,signmethod=hmacsha256,timestamp=1719973767245|',
      username: 'Temperature01&a1fmOzBOIDW',
      password: 'e8f091cefc101dbb736fa2187403805113e3031a4da1ea4e6790cb1430997963',
    });
  });

  it('F2: the Aliyun config tool (random prefix, sha1, lowercase)', () => {
    const out = signAliyun(F, {
      clientIdPrefix: '485519efE6DD',
      variant: { layout: 'C1', signmethod: 'hmacsha1', timestamp: '789', hexCase: 'lower' },
    });
    expect(out.clientId).toBe('485519efE6DD|securemode=3,signmethod=hmacsha1,timestamp=789|');
    expect(out.password).toBe('370f57b1a1435439c9e96a8178c105686681e65d');
  });

  it('C1 (the simulator default) and C2 with AT+QMTCONN=0,"clientA"', () => {
    expect(signAliyun(B, { clientIdPrefix: 'clientA' })).toEqual({
      clientId: 'clientA|securemode=3,signmethod=hmacsha256|',
      username: 'example1&a1X2bEnP82z',
      password: '8E3EC96D73E5E3E823B6070F0F0D6723CAD7CF796375F178C33CDEDBB3895811',
    });
    expect(signAliyun(B, { clientIdPrefix: 'clientA', variant: SIGNING_C2 })).toEqual({
      clientId: 'clientA|timestamp=20130219,securemode=3,signmethod=hmacsha1|',
      username: 'example1&a1X2bEnP82z',
      password: 'D199D11DDEFC0E663B4B8F465C27039DDFE3FAB2',
    });
  });
});

describe('verifyAliyunConnect accepts what real devices send', () => {
  const lookup = secretsOf(A, B, F);
  const vectors = [
    { clientId: '12345|securemode=3,signmethod=hmacsha1,timestamp=789|', username: 'device&pk', password: 'FAFD82A3D602B37FB0FA8B7892F24A477F851A14' },
    { clientId: '12345|securemode=3,signmethod=hmacmd5,timestamp=789|', username: 'device&pk', password: '14B198324FE55E1D3C88F2E705E201EE' },
    { clientId: '12345|securemode=3,timestamp=789|', username: 'device&pk', password: '14b198324fe55e1d3c88f2e705e201ee' },
    {
      clientId: 'a1X2bEnP82z.example1|timestamp=2524608000000,_v=sdk-c-3.0.1,securemode=3,signmethod=hmacsha256,lan=C,gw=0,ext=0|',
      username: 'example1&a1X2bEnP82z',
      password: 'B8CE8F1D706DD3C61D13BFD9855DEF7E321B785084CA9C93F0169A2B46785DD2',
    },
    {
      clientId: 'a1fmOzBOIDW.Temperature01|securemode=2,signmethod=hmacsha256,timestamp=1719973767245|',
      username: 'Temperature01&a1fmOzBOIDW',
      password: 'e8f091cefc101dbb736fa2187403805113e3031a4da1ea4e6790cb1430997963',
    },
    { clientId: '485519efE6DD|securemode=3,signmethod=hmacsha1,timestamp=789|', username: 'Temperature01&a1fmOzBOIDW', password: '370f57b1a1435439c9e96a8178c105686681e65d' },
    { clientId: 'clientA|securemode=3,signmethod=hmacsha256|', username: 'example1&a1X2bEnP82z', password: '8E3EC96D73E5E3E823B6070F0F0D6723CAD7CF796375F178C33CDEDBB3895811' },
    { clientId: 'clientA|timestamp=20130219,securemode=3,signmethod=hmacsha1|', username: 'example1&a1X2bEnP82z', password: 'D199D11DDEFC0E663B4B8F465C27039DDFE3FAB2' },
  ];
  it.each(vectors)('accepts $clientId', (v) => {
    expect(verifyAliyunConnect(v, lookup)).toMatchObject({ ok: true });
  });

  it('accepts an empty prefix (LinkSDK "assigned clientId")', () => {
    const creds = signAliyun(B, { clientIdPrefix: '' });
    expect(verifyAliyunConnect(creds, lookup)).toMatchObject({ ok: true, productKey: 'a1X2bEnP82z', deviceName: 'example1' });
  });

  it('refuses with CONNACK 4 a wrong secret, an unknown device or a bad username', () => {
    const wrong = signAliyun({ ...B, deviceSecret: 'not-the-secret' }, { clientIdPrefix: 'x' });
    expect(verifyAliyunConnect(wrong, lookup)).toMatchObject({ ok: false, returnCode: 4 });
    const unknown = signAliyun({ ...B, deviceName: 'nobody' }, { clientIdPrefix: 'x' });
    expect(verifyAliyunConnect(unknown, lookup)).toMatchObject({ ok: false, returnCode: 4, reason: 'unknown device a1X2bEnP82z/nobody' });
    const good = signAliyun(B, { clientIdPrefix: 'x' });
    expect(verifyAliyunConnect({ ...good, username: 'example1' }, lookup)).toMatchObject({ ok: false, returnCode: 4 });
    expect(verifyAliyunConnect({ ...good, password: undefined }, lookup)).toMatchObject({ ok: false, returnCode: 4 });
  });

  it('refuses with CONNACK 2 a malformed clientId, a short keepalive or an unknown signmethod', () => {
    const good = signAliyun(B, { clientIdPrefix: 'x' });
    expect(verifyAliyunConnect({ ...good, clientId: 'clientExample_0' }, lookup)).toMatchObject({ ok: false, returnCode: 2 });
    expect(verifyAliyunConnect({ ...good, clientId: `${'p'.repeat(65)}|securemode=3|` }, lookup)).toMatchObject({ returnCode: 2 });
    expect(verifyAliyunConnect({ ...good, keepalive: 29 }, lookup)).toMatchObject({ ok: false, returnCode: 2 });
    expect(verifyAliyunConnect({ ...good, keepalive: 30 }, lookup)).toMatchObject({ ok: true });
    expect(verifyAliyunConnect({ ...good, clientId: 'x|signmethod=hmacsha512|' }, lookup)).toMatchObject({ returnCode: 2 });
  });

  it('round-trips every variant, whatever the triple and prefix', () => {
    const text = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !/[|&]/.test(s));
    fc.assert(
      fc.property(
        text,
        text,
        fc.string({ maxLength: 64 }),
        fc.string({ maxLength: 64 }).filter((s) => !/[|,]/.test(s)),
        fc.constantFrom('C1', 'C2'),
        fc.constantFrom('hmacsha256', 'hmacsha1', 'hmacmd5'),
        fc.option(fc.stringMatching(/^[0-9]{1,13}$/), { nil: undefined }),
        fc.constantFrom('upper', 'lower'),
        (productKey, deviceName, deviceSecret, prefix, layout, signmethod, timestamp, hexCase) => {
          const triplet = { productKey, deviceName, deviceSecret };
          const creds = signAliyun(triplet, { clientIdPrefix: prefix, variant: { layout, signmethod, timestamp, hexCase } });
          const verdict = verifyAliyunConnect(creds, (pk, dn) => (pk === productKey && dn === deviceName ? deviceSecret : undefined));
          expect(verdict).toEqual({ ok: true, productKey, deviceName, clientIdPrefix: prefix, signmethod });
        },
      ),
    );
  });

  it('C1 is the default variant', () => {
    expect(signAliyun(B, { clientIdPrefix: 'c' })).toEqual(signAliyun(B, { clientIdPrefix: 'c', variant: SIGNING_C1 }));
  });
});
