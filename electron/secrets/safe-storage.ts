// Electron's safeStorage as the secret store's keyring: the only file here that imports 'electron'.
// Electron 45 has an async API (encryptStringAsync, decryptStringAsync, isAsyncEncryptionAvailable)
// and deprecates the sync one; older runtimes only have the sync calls, so both are handled.
import { safeStorage } from 'electron';
import { KeyringSecretStore, type Encryptor, type SecretStore } from './secret-store';

type SafeStorageApi = typeof safeStorage;
/** The async members, optional: absent before Electron 45. */
type AsyncSafeStorage = Partial<Pick<SafeStorageApi, 'encryptStringAsync' | 'decryptStringAsync' | 'isAsyncEncryptionAvailable'>>;

export function safeStorageEncryptor(platform: string = process.platform): Encryptor {
  const api = safeStorage as SafeStorageApi & AsyncSafeStorage;
  return {
    async status() {
      const encryptionAvailable = api.isAsyncEncryptionAvailable ? await api.isAsyncEncryptionAvailable() : api.isEncryptionAvailable();
      return { platform, backend: platform === 'linux' ? api.getSelectedStorageBackend() : null, encryptionAvailable };
    },
    async encrypt(plain) {
      const cipher = api.encryptStringAsync ? await api.encryptStringAsync(plain) : api.encryptString(plain);
      return new Uint8Array(cipher);
    },
    async decrypt(cipher) {
      const bytes = Buffer.from(cipher);
      if (!api.decryptStringAsync) return { plain: api.decryptString(bytes), stale: false };
      const { result, shouldReEncrypt } = await api.decryptStringAsync(bytes);
      return { plain: result, stale: shouldReEncrypt };
    },
  };
}

/** The app's secret store: ciphertext in `filePath` (in userData) where a real keyring exists. */
export function createSecretStore(filePath: string, opts: { platform?: string } = {}): SecretStore {
  return new KeyringSecretStore({ filePath, encryptor: safeStorageEncryptor(opts.platform) });
}
