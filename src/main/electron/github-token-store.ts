/**
 * The GitHub token a desktop user entered, kept encrypted with Electron's `safeStorage` (the
 * macOS Keychain, Windows DPAPI, libsecret/kwallet on Linux) in the app's data folder.
 *
 * Never in plain text: when the OS offers no real encryption (Linux without a keyring, where
 * Electron falls back to a hard-coded key: `basic_text`), the token is refused with the reason
 * instead of being written under a key anyone can read. The file is owner-only besides.
 *
 * Deliberately free of `electron` imports (`safeStorage` is passed in), so it is tested under
 * plain Node; the token is never logged.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GitHubTokenSchema } from '../../shared/protocol/ci.ts';
import type { StoreTokenResult } from '../../shared/desktop-bridge.ts';

/** An encrypted token is a few hundred bytes; anything much larger is not ours. */
const MAX_FILE_BYTES = 16_384;

/** The part of Electron's `safeStorage` this needs. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  /** Linux only: which secret store backs it (`basic_text` means none). */
  getSelectedStorageBackend?(): string;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export const TOKEN_FILE = 'github-token.enc';

export class GitHubTokenStore {
  private readonly file: string;

  constructor(
    dir: string,
    private readonly safeStorage: SafeStorageLike,
  ) {
    this.file = path.join(dir, TOKEN_FILE);
  }

  /** Why a token cannot be kept here, or null when it can. */
  unavailable(): string | null {
    if (!this.safeStorage.isEncryptionAvailable()) return 'this system offers no encrypted storage for secrets';
    if (this.safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
      return 'no keyring is running (GNOME Keyring or KWallet), so the token could not be stored encrypted';
    }
    return null;
  }

  /** Keep `token` (validated as the engine would), or forget it with null. */
  async save(token: string | null): Promise<StoreTokenResult> {
    if (token === null) {
      await rm(this.file, { force: true });
      return { ok: true };
    }
    const parsed = GitHubTokenSchema.safeParse(token);
    if (!parsed.success) return { ok: false, reason: parsed.error.issues[0]?.message ?? 'not a GitHub token' };
    const why = this.unavailable();
    if (why) return { ok: false, reason: why };
    // Owner-only from the first byte, renamed into place: never readable by others, never half-written.
    const temp = `${this.file}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temp, this.safeStorage.encryptString(parsed.data), { mode: 0o600, flag: 'wx' });
    await rename(temp, this.file);
    return { ok: true };
  }

  /** The kept token; null when there is none or it cannot be decrypted (another user, a new keyring). */
  async load(): Promise<string | null> {
    const info = await stat(this.file).catch(() => null);
    if (!info?.isFile() || info.size > MAX_FILE_BYTES || this.unavailable()) return null;
    const encrypted = await readFile(this.file).catch(() => null);
    if (!encrypted) return null;
    try {
      const parsed = GitHubTokenSchema.safeParse(this.safeStorage.decryptString(encrypted));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }
}
