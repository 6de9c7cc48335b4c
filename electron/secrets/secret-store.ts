// Device secrets kept between sessions only where a real keyring encrypts them (secret-policy.ts);
// otherwise in memory for this session, and the caller is told why so the UI can say so. On disk:
// one JSON file in userData (path injected) holding, per key, the ciphertext and the backend that
// made it — never the secret. A damaged file is treated as empty, never a crash.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { fromBase64, toBase64 } from '../../shared/bytes';
import type { BilingualText } from '../../shared/aliyun';
import { NO_SECURE_STORAGE, decidePersistence, type KeyringStatus } from './secret-policy';

export interface SecretSaveResult {
  persisted: boolean;
  /** Why it is kept for this session only. */
  reason?: BilingualText;
}

export interface SecretStore {
  save(key: string, secret: string): Promise<SecretSaveResult>;
  load(key: string): Promise<string | null>;
  clear(key: string): Promise<void>;
}

/** What the store needs of an OS keyring (electron/secrets/safe-storage.ts adapts safeStorage). */
export interface Encryptor {
  status(): Promise<KeyringStatus>;
  encrypt(plain: string): Promise<Uint8Array>;
  /** `stale`: the keyring rotated its key; encrypt again to keep the best protection. */
  decrypt(cipher: Uint8Array): Promise<{ plain: string; stale: boolean }>;
}

const fileSchema = z.object({
  version: z.literal(1),
  entries: z.record(z.string(), z.object({ backend: z.string(), ciphertext: z.string() })),
});
type SecretFile = z.infer<typeof fileSchema>;

export class KeyringSecretStore implements SecretStore {
  private readonly memory = new Map<string, string>();
  private readonly filePath: string;
  private readonly encryptor: Encryptor;

  constructor(opts: { filePath: string; encryptor: Encryptor }) {
    this.filePath = opts.filePath;
    this.encryptor = opts.encryptor;
  }

  async save(key: string, secret: string): Promise<SecretSaveResult> {
    this.memory.set(key, secret);
    const decision = decidePersistence(await this.encryptor.status());
    const file = await this.read();
    if (!decision.persist) {
      // An older copy on disk would come back next session in place of this one.
      if (key in file.entries) await this.write(withoutEntry(file, key));
      return { persisted: false, reason: decision.reason };
    }
    const cipher = await this.encryptor.encrypt(secret);
    await this.write({ ...file, entries: { ...file.entries, [key]: { backend: decision.backend, ciphertext: toBase64(cipher) } } });
    return { persisted: true };
  }

  async load(key: string): Promise<string | null> {
    const kept = this.memory.get(key);
    if (kept !== undefined) return kept;
    const entry = (await this.read()).entries[key];
    if (!entry) return null;
    try {
      const { plain, stale } = await this.encryptor.decrypt(fromBase64(entry.ciphertext));
      this.memory.set(key, plain);
      if (stale) await this.save(key, plain);
      return plain;
    } catch {
      // Made by another keyring or user: ask for the secret again rather than fail.
      return null;
    }
  }

  async clear(key: string): Promise<void> {
    this.memory.delete(key);
    const file = await this.read();
    if (key in file.entries) await this.write(withoutEntry(file, key));
  }

  private async read(): Promise<SecretFile> {
    try {
      const parsed = fileSchema.safeParse(JSON.parse(await readFile(this.filePath, 'utf8')));
      if (parsed.success) return parsed.data;
    } catch {
      // missing or unreadable: start empty
    }
    return { version: 1, entries: {} };
  }

  private async write(file: SecretFile): Promise<void> {
    await mkdir(dirname(this.filePath), { recursive: true });
    const temp = `${this.filePath}.tmp`;
    await writeFile(temp, JSON.stringify(file, null, 2), { encoding: 'utf8', mode: 0o600 });
    await rename(temp, this.filePath);
  }
}

/** For hosts with no keyring at all (the browser host, tests): every secret is kept for this run only. */
export class SessionSecretStore implements SecretStore {
  private readonly kept = new Map<string, string>();

  async save(key: string, secret: string): Promise<SecretSaveResult> {
    this.kept.set(key, secret);
    return { persisted: false, reason: NO_SECURE_STORAGE };
  }

  async load(key: string): Promise<string | null> {
    return this.kept.get(key) ?? null;
  }

  async clear(key: string): Promise<void> {
    this.kept.delete(key);
  }
}

function withoutEntry(file: SecretFile, key: string): SecretFile {
  const entries = { ...file.entries };
  delete entries[key];
  return { ...file, entries };
}
