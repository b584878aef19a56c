/**
 * The desktop shell's GitHub token: kept encrypted (never in plain text, owner-only), refused
 * where the OS has no real secret store, and handed to every engine the shell connects to —
 * including a restarted one. Electron's safeStorage cannot run here (no Electron binary), so it
 * is stood in for at that boundary by real AES-GCM under a key only the test holds.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentEventsClient } from '../../../src/main/electron/agent-events.ts';
import { GitHubTokenStore, TOKEN_FILE, type SafeStorageLike } from '../../../src/main/electron/github-token-store.ts';
import { startEngine, type Engine } from '../../../src/main/engine/index.ts';
import { startServer, type RunningServer } from '../../../src/main/transport/server.ts';
import type { WebSocketLike } from '../../../src/shared/protocol/client.ts';
import { makeTempDir } from '../../helpers/git-repo.ts';

const TOKEN = 'ghp_' + 'A1b2C3d4'.repeat(4) + 'xyzw';

/** A secret store like the OS keychain behind safeStorage: AES-256-GCM under a private key. */
function keychain(options: { available?: boolean; backend?: string } = {}): SafeStorageLike {
  const key = randomBytes(32);
  return {
    isEncryptionAvailable: () => options.available ?? true,
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
    encryptString(text) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(data) {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

describe('the GitHub token store', () => {
  it('keeps the token encrypted in an owner-only file, and gives it back', async () => {
    const dir = makeTempDir('ao-token-');
    const store = new GitHubTokenStore(dir, keychain());
    expect(await store.load()).toBeNull();
    expect(await store.save(`  ${TOKEN}\n`)).toEqual({ ok: true });
    const file = path.join(dir, TOKEN_FILE);
    expect(readFileSync(file).includes(Buffer.from(TOKEN))).toBe(false);
    expect(readFileSync(file).includes(Buffer.from(TOKEN.slice(4, 20)))).toBe(false);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await store.load()).toBe(TOKEN);
    // No temporary files left beside it.
    expect(readdirSync(dir)).toEqual([TOKEN_FILE]);
    expect(await store.save(null)).toEqual({ ok: true });
    expect(await store.load()).toBeNull();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses without a real secret store, and a malformed token, writing nothing', async () => {
    const dir = makeTempDir('ao-token-');
    expect(await new GitHubTokenStore(dir, keychain({ available: false })).save(TOKEN)).toEqual({ ok: false, reason: expect.stringContaining('no encrypted storage') });
    expect(await new GitHubTokenStore(dir, keychain({ backend: 'basic_text' })).save(TOKEN)).toEqual({ ok: false, reason: expect.stringContaining('no keyring is running') });
    expect(await new GitHubTokenStore(dir, keychain()).save('ghp_with space inside')).toEqual({ ok: false, reason: expect.stringContaining('no spaces') });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('gives nothing back from a file another key wrote, or a file that is not one', async () => {
    const dir = makeTempDir('ao-token-');
    await new GitHubTokenStore(dir, keychain()).save(TOKEN);
    expect(await new GitHubTokenStore(dir, keychain()).load()).toBeNull();
    writeFileSync(path.join(dir, TOKEN_FILE), Buffer.alloc(100_000));
    expect(await new GitHubTokenStore(dir, keychain()).load()).toBeNull();
  });
});

describe('the shell hands the stored token to the engine', () => {
  let engine: Engine | null = null;
  let server: RunningServer | null = null;
  let client: AgentEventsClient | null = null;
  afterEach(async () => {
    await client?.dispose();
    await server?.close();
    await engine?.dispose();
    client = null;
    server = null;
    engine = null;
  });

  it('at each connection (a restarted engine gets it again), and at once when the user enters one', async () => {
    const home = makeTempDir('ao-token-home-');
    const env = { ...process.env, GITHUB_TOKEN: '', GH_TOKEN: '', PATH: '/nonexistent', GITHUB_API_URL: 'http://127.0.0.1:9' };
    const store = new GitHubTokenStore(makeTempDir('ao-token-'), keychain());
    await store.save(TOKEN);
    const start = async (): Promise<void> => {
      engine = await startEngine({ home, env });
      server = await startServer({ engine, port: 0 });
    };
    let connections = 0;
    const handedOver = (): Promise<void> =>
      new Promise((resolve) => {
        const check = (): void => (engine!.ci.current().github.tokenFrom === 'app' ? resolve() : void setTimeout(check, 20));
        check();
      });
    await start();
    // Before the shell connects, the engine has no token of its own.
    expect(engine!.ci.current().github.tokenFrom).toBeNull();
    client = new AgentEventsClient({
      createSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
      onAgents: () => undefined,
      onNotification: () => undefined,
      onConnected: async (engineClient) => {
        connections++;
        const token = await store.load();
        if (token !== null) await engineClient.ci.setToken({ token });
      },
      retryMs: 50,
    });
    client.setEndpoint({ baseUrl: server!.baseUrl, token: server!.token });
    await handedOver();
    expect(engine!.ci.current().github).toMatchObject({ tokenFrom: 'app', hasToken: true });

    // The engine restarts (new port and token): the new one gets the token too.
    await server!.close();
    await engine!.dispose();
    await start();
    expect(engine!.ci.current().github.tokenFrom).toBeNull();
    client.setEndpoint({ baseUrl: server!.baseUrl, token: server!.token });
    await handedOver();
    expect(connections).toBeGreaterThanOrEqual(2);

    // The user forgets it in the app: gone from the engine at once.
    expect(await client.setGitHubToken(null)).toBe(true);
    expect(engine!.ci.current().github.tokenFrom).toBeNull();
  }, 60_000);
});
