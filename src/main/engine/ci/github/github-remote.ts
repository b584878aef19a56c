/**
 * Which GitHub repository a git remote URL names.
 *
 * Accepted forms (what `git clone` and GitHub's "Code" button produce):
 * `https://github.com/owner/repo(.git)`, `https://user@host/owner/repo`, `ssh://git@host(:port)/owner/repo(.git)`,
 * `git@host:owner/repo(.git)` (scp-like), and `git://host/owner/repo`. Anything else (a local
 * path, a GitLab subgroup path) names no GitHub repository.
 */

export interface GitHubRepoRef {
  /** The remote's host (`github.com`, or a GitHub Enterprise host). */
  readonly host: string;
  readonly owner: string;
  readonly repo: string;
}

const NAME = /^[A-Za-z0-9_.-]+$/;

/** Parse a remote URL; null when it is not `host` + `owner/repo`. */
export function parseGitHubRemote(url: string): GitHubRepoRef | null {
  const text = url.trim();
  let host: string;
  let pathname: string;
  const scp = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/)(.+)$/.exec(text);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    let parsed: URL;
    try {
      parsed = new URL(text);
    } catch {
      return null;
    }
    if (!['https:', 'http:', 'ssh:', 'git:', 'git+ssh:', 'ssh+git:'].includes(parsed.protocol)) return null;
    host = parsed.hostname;
    pathname = decodeURIComponent(parsed.pathname);
  } else if (scp && !/^[A-Za-z]$/.test(scp[1]!)) {
    // scp-like `git@github.com:owner/repo.git` (a single letter before ':' is a Windows drive).
    host = scp[1]!;
    pathname = scp[2]!;
  } else {
    return null;
  }
  const parts = pathname.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '').split('/');
  if (parts.length !== 2) return null;
  const [owner, repo] = parts as [string, string];
  if (!host || !NAME.test(owner) || !NAME.test(repo) || repo === '.' || repo === '..') return null;
  return { host: host.toLowerCase(), owner, repo };
}

/** The public API's host; remotes on other hosts need a GITHUB_API_URL (GitHub Enterprise). */
export const PUBLIC_API = 'https://api.github.com';

/**
 * Whether a remote on `host` is served by the API at `apiBase`: the public API serves only
 * github.com; a custom API base (Enterprise, a test server) is taken to serve the remotes it is
 * configured for.
 */
export function remoteServedBy(host: string, apiBase: string): boolean {
  if (apiBase.replace(/\/+$/, '') !== PUBLIC_API) return true;
  return host === 'github.com' || host === 'www.github.com' || host === 'ssh.github.com';
}

/** The API base from the environment: GITHUB_API_URL, default the public API; no trailing slash. */
export function apiBaseFromEnv(env: NodeJS.ProcessEnv): string {
  const value = env.GITHUB_API_URL?.trim();
  if (!value) return PUBLIC_API;
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return PUBLIC_API;
    return url.toString().replace(/\/+$/, '');
  } catch {
    return PUBLIC_API;
  }
}

/** The host `gh auth token --hostname` knows the API base by (github.com for the public API). */
export function ghHostname(apiBase: string): string {
  const host = new URL(apiBase).host;
  return host === 'api.github.com' ? 'github.com' : host;
}
