/**
 * Where the GitHub token comes from: GITHUB_TOKEN, then GH_TOKEN (the engine's environment), then
 * `gh auth token` for the API's host. A token the user enters in the app (`ci.setToken`; the
 * desktop shell keeps it encrypted with Electron's safeStorage and hands it over at every engine
 * start) comes before all of these: see `GitHubClient.setAppToken`.
 *
 * The token is held in memory only: never logged, never written, never part of an error, and
 * only the API fetch layer attaches it to requests (see `github-fetch.ts`).
 */
import { spawn } from 'node:child_process';

/** How long `gh auth token` may take (it may consult a keychain). */
const GH_TIMEOUT_MS = 5_000;

export interface TokenSource {
  /** Where the token came from (for the UI: "from gh"); never the value. */
  readonly from: 'app' | 'GITHUB_TOKEN' | 'GH_TOKEN' | 'gh';
  readonly token: string;
}

/** Resolve the token; null when there is none (gh missing, not logged in, or failing). */
export async function resolveGitHubToken(env: NodeJS.ProcessEnv, hostname: string): Promise<TokenSource | null> {
  const fromEnv = env.GITHUB_TOKEN?.trim();
  if (fromEnv) return { from: 'GITHUB_TOKEN', token: fromEnv };
  const gh = env.GH_TOKEN?.trim();
  if (gh) return { from: 'GH_TOKEN', token: gh };
  const printed = await ghAuthToken(env, hostname);
  return printed ? { from: 'gh', token: printed } : null;
}

/** `gh auth token --hostname <host>`, spawned with an argument array; null on any failure. */
function ghAuthToken(env: NodeJS.ProcessEnv, hostname: string): Promise<string | null> {
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn('gh', ['auth', 'token', '--hostname', hostname], {
        env,
        stdio: ['ignore', 'pipe', 'ignore'],
        windowsHide: true,
        timeout: GH_TIMEOUT_MS,
      });
    } catch {
      resolve(null);
      return;
    }
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (out.length < 4_096) out += chunk;
    });
    child.stdout.on('error', () => undefined);
    // ENOENT when gh is not installed: no token, not an error.
    child.on('error', () => resolve(null));
    child.on('close', (code) => {
      const token = out.trim().split('\n')[0]?.trim() ?? '';
      resolve(code === 0 && /^[\x21-\x7e]{8,}$/.test(token) ? token : null);
    });
  });
}
