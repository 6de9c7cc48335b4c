// The DeviceSecret store through Electron's safeStorage (a stand-in: the binary cannot run here):
// persisted only with a real keyring, session-only otherwise with the reason in both languages, and
// never written in clear.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSecretStore } from '../../../electron/secrets/safe-storage';
import { decidePersistence } from '../../../electron/secrets/secret-policy';

const keyring = vi.hoisted(() => ({
  backend: 'gnome_libsecret' as string,
  available: true,
  /** The keyring rotated its key: decrypt says re-encrypt. */
  rotated: false,
  encrypts: 0,
}));

vi.mock('electron', () => {
  // A toy cipher with a keyring-held key: enough to prove the store writes what safeStorage returns.
  const key = 0x5a;
  const scramble = (bytes: Buffer) => Buffer.from(bytes.map((b) => b ^ key));
  return {
    safeStorage: {
      getSelectedStorageBackend: () => keyring.backend,
      isEncryptionAvailable: () => keyring.available,
      isAsyncEncryptionAvailable: async () => keyring.available,
      encryptStringAsync: async (plain: string) => {
        keyring.encrypts++;
        return Buffer.concat([Buffer.from('v11'), scramble(Buffer.from(plain, 'utf8'))]);
      },
      decryptStringAsync: async (cipher: Buffer) => {
        if (cipher.subarray(0, 3).toString() !== 'v11') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
        return { result: scramble(cipher.subarray(3)).toString('utf8'), shouldReEncrypt: keyring.rotated };
      },
      encryptString: () => {
        throw new Error('the sync API must not be used when the async one exists');
      },
      decryptString: () => {
        throw new Error('the sync API must not be used when the async one exists');
      },
    },
  };
});

const SECRET = '7ab0c4b3532b5783df5fdc58a2895d7a';
const KEY = 'aliyun:a1wFylTxYeD/co_0001';
let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'modemdeck-secrets-'));
  file = join(dir, 'secrets.json');
  Object.assign(keyring, { backend: 'gnome_libsecret', available: true, rotated: false, encrypts: 0 });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Nothing of the secret on disk: not whole, not any 8-character piece of it. */
function expectNoSecretOnDisk(): void {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  for (let i = 0; i + 8 <= SECRET.length; i++) expect(text.includes(SECRET.slice(i, i + 8)), `piece ${i} of the secret on disk`).toBe(false);
}

describe('with a real keyring (gnome_libsecret)', () => {
  it('persists the secret encrypted and a new session reads it back', async () => {
    expect(await createSecretStore(file, { platform: 'linux' }).save(KEY, SECRET)).toEqual({ persisted: true });
    const onDisk = JSON.parse(readFileSync(file, 'utf8'));
    expect(onDisk.entries[KEY].backend).toBe('gnome_libsecret');
    expectNoSecretOnDisk();
    expect(await createSecretStore(file, { platform: 'linux' }).load(KEY)).toBe(SECRET);
  });

  it('clears it from memory and disk', async () => {
    const store = createSecretStore(file, { platform: 'linux' });
    await store.save(KEY, SECRET);
    await store.clear(KEY);
    expect(await store.load(KEY)).toBeNull();
    expect(await createSecretStore(file, { platform: 'linux' }).load(KEY)).toBeNull();
  });

  it('encrypts again when the keyring says its key was rotated', async () => {
    await createSecretStore(file, { platform: 'linux' }).save(KEY, SECRET);
    keyring.rotated = true;
    expect(await createSecretStore(file, { platform: 'linux' }).load(KEY)).toBe(SECRET);
    expect(keyring.encrypts).toBe(2);
  });

  it('asks again rather than failing when the ciphertext cannot be decrypted or the file is damaged', async () => {
    writeFileSync(file, JSON.stringify({ version: 1, entries: { [KEY]: { backend: 'kwallet5', ciphertext: 'AAAA' } } }));
    expect(await createSecretStore(file, { platform: 'linux' }).load(KEY)).toBeNull();
    writeFileSync(file, '{ not json');
    const store = createSecretStore(file, { platform: 'linux' });
    expect(await store.load(KEY)).toBeNull();
    expect(await store.save(KEY, SECRET)).toEqual({ persisted: true });
    expect(await createSecretStore(file, { platform: 'linux' }).load(KEY)).toBe(SECRET);
  });
});

describe('without a real keyring', () => {
  it.each(['basic_text', 'unknown'])('%s: keeps the secret for this session only and says why', async (backend) => {
    keyring.backend = backend;
    const store = createSecretStore(file, { platform: 'linux' });
    const saved = await store.save(KEY, SECRET);
    expect(saved.persisted).toBe(false);
    expect(saved.reason?.en).toMatch(/this session only/);
    expect(saved.reason?.zh).toMatch(/本次运行/);
    expect(await store.load(KEY)).toBe(SECRET);
    expect(await createSecretStore(file, { platform: 'linux' }).load(KEY)).toBeNull();
    expect(keyring.encrypts).toBe(0);
    expectNoSecretOnDisk();
  });

  it('drops a copy persisted earlier, so an old secret does not come back next session', async () => {
    await createSecretStore(file, { platform: 'linux' }).save(KEY, 'an-older-secret-value');
    keyring.backend = 'basic_text';
    await createSecretStore(file, { platform: 'linux' }).save(KEY, SECRET);
    expect(await createSecretStore(file, { platform: 'linux' }).load(KEY)).toBeNull();
  });
});

describe('decidePersistence', () => {
  it('trusts macOS and Windows when encryption is available, whatever Linux would say', () => {
    expect(decidePersistence({ platform: 'darwin', backend: null, encryptionAvailable: true })).toEqual({ persist: true, backend: 'darwin' });
    expect(decidePersistence({ platform: 'win32', backend: null, encryptionAvailable: false })).toMatchObject({ persist: false });
    expect(decidePersistence({ platform: 'linux', backend: 'kwallet6', encryptionAvailable: true })).toEqual({ persist: true, backend: 'kwallet6' });
    expect(decidePersistence({ platform: 'linux', backend: 'kwallet6', encryptionAvailable: false })).toMatchObject({ persist: false });
  });

  it('persists on macOS through the same store', async () => {
    keyring.backend = 'basic_text'; // not consulted off Linux
    expect(await createSecretStore(file, { platform: 'darwin' }).save(KEY, SECRET)).toEqual({ persisted: true });
    expectNoSecretOnDisk();
  });
});
