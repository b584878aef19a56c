/**
 * The renderer asks the shell to keep (or forget) the user's GitHub token: stored encrypted
 * (`github-token-store.ts`) and handed to the engine at once. Only our own page may ask; the
 * token never comes back out over IPC.
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { DESKTOP_IPC, type StoreTokenResult } from '../../shared/desktop-bridge.ts';
import { fromOurPage } from './endpoint-ipc.ts';
import type { GitHubTokenStore } from './github-token-store.ts';

export function serveGitHubTokenOverIpc(options: {
  readonly rendererUrl: string;
  readonly store: GitHubTokenStore;
  /** Give the engine the token now (false when it could not be reached). */
  readonly apply: (token: string | null) => Promise<boolean>;
  readonly log: (line: string) => void;
}): void {
  ipcMain.handle(DESKTOP_IPC.storeGitHubToken, async (event: IpcMainInvokeEvent, token: unknown): Promise<StoreTokenResult> => {
    if (!fromOurPage(event, options.rendererUrl)) {
      options.log(`refused a token request from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
      return { ok: false, reason: 'refused' };
    }
    if (token !== null && typeof token !== 'string') return { ok: false, reason: 'not a GitHub token' };
    const saved = await options.store.save(token).catch((error: unknown) => ({ ok: false as const, reason: `could not save it: ${(error as Error).message}` }));
    if (!saved.ok) return saved;
    // Kept; the engine gets it now, or at its next connection.
    await options.apply(token === null ? null : token.trim());
    return { ok: true };
  });
}
