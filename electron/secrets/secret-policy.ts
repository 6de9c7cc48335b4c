// When may a DeviceSecret be written to disk? Only encrypted by a real OS keyring (reliability
// checklist: secrets never in clear). Electron's safeStorage on Linux falls back to a hard-coded
// key ('basic_text') when no keyring is found, which is obfuscation, not protection; 'unknown'
// means it was asked before the app was ready. macOS Keychain and Windows DPAPI are real whenever
// encryption is available. Pure: the caller reports what safeStorage says.
import type { BilingualText } from '../../shared/aliyun';

export interface KeyringStatus {
  /** process.platform: 'linux', 'darwin', 'win32'… */
  platform: string;
  /** safeStorage.getSelectedStorageBackend() on Linux; null elsewhere. */
  backend: string | null;
  encryptionAvailable: boolean;
}

export type PersistenceDecision = { persist: true; backend: string } | { persist: false; reason: BilingualText };

const NO_REAL_KEYRING = new Set(['basic_text', 'unknown']);

export const NO_KEYRING: BilingualText = {
  en: 'No system keyring (GNOME Keyring or KWallet) is available, so the DeviceSecret is kept for this session only. Install and unlock a keyring to have it remembered.',
  zh: '没有可用的系统密钥环（GNOME Keyring 或 KWallet），DeviceSecret 只在本次运行期间保留。安装并解锁密钥环后即可记住它。',
};

export const NO_SECURE_STORAGE: BilingualText = {
  en: 'Secure storage is not available here, so the DeviceSecret is kept for this session only.',
  zh: '此处没有可用的安全存储，DeviceSecret 只在本次运行期间保留。',
};

export function decidePersistence(status: KeyringStatus): PersistenceDecision {
  if (status.platform === 'linux') {
    if (status.backend === null || NO_REAL_KEYRING.has(status.backend)) return { persist: false, reason: NO_KEYRING };
  }
  if (!status.encryptionAvailable) return { persist: false, reason: NO_SECURE_STORAGE };
  return { persist: true, backend: status.backend ?? status.platform };
}
