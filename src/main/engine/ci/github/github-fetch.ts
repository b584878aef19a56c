/**
 * The `fetch` Octokit talks through: the one place the GitHub token is attached, conditional
 * requests, redirects, and rate-limit bookkeeping.
 *
 * - **Token by origin.** `Authorization: Bearer …` is added only to requests whose origin is the
 *   API base's. Octokit itself never sees the token, so nothing it logs or throws can hold it.
 * - **Redirects by hand.** Every request is sent with `redirect: 'manual'`; a redirect to the
 *   API's own origin is followed with the token, one to any other host (GitHub sends job logs to
 *   a blob host with a signed URL) without it. A signed URL needs no token, and a token must never
 *   reach a host the user did not configure.
 * - **ETags.** GET responses with an ETag are cached (LRU); the next identical GET carries
 *   `If-None-Match`, and a 304 (which costs no rate-limit quota) is answered from the cache as a
 *   200 marked `x-ao-not-modified: 1`, so callers see data and can tell nothing changed.
 * - **Rate limits.** Every response's `x-ratelimit-*` and `retry-after` headers are reported.
 */

/** Cached GET responses (per URL + Accept); desktop's commit-status store keeps 250. */
export const ETAG_CACHE_ENTRIES = 500;
/** Bodies bigger than this are not cached (a job log, a huge list). */
const MAX_CACHED_BODY_CHARS = 1_000_000;
/** Redirect hops followed before giving up. */
const MAX_REDIRECTS = 5;

/** Header a cached answer to a 304 carries. */
export const NOT_MODIFIED_HEADER = 'x-ao-not-modified';

export interface RateLimitReport {
  readonly status: number;
  readonly limit: number | null;
  readonly remaining: number | null;
  /** Epoch ms the window resets. */
  readonly resetAtMs: number | null;
  /** From `retry-after` (secondary limits, 429). */
  readonly retryAfterMs: number | null;
}

export interface GitHubFetchOptions {
  /** `https://api.github.com` or an Enterprise/test base; the only origin that gets the token. */
  readonly apiBase: string;
  /** The current token, or null to send none. */
  readonly token: () => string | null;
  /** Called for every API response (not for responses from other hosts). */
  readonly onResponse?: (report: RateLimitReport) => void;
  readonly fetch?: typeof globalThis.fetch;
  readonly cacheEntries?: number;
}

interface CachedResponse {
  readonly etag: string;
  readonly body: string;
  readonly headers: [string, string][];
}

/** Build the fetch function to pass as Octokit's `request.fetch`. */
export function createGitHubFetch(options: GitHubFetchOptions): typeof globalThis.fetch {
  const apiOrigin = new URL(options.apiBase).origin;
  const baseFetch = options.fetch ?? globalThis.fetch;
  const cache = new Map<string, CachedResponse>();
  const capacity = options.cacheEntries ?? ETAG_CACHE_ENTRIES;

  const send = async (url: URL, init: RequestInit, headers: Headers): Promise<Response> => {
    let current = url;
    let method = (init.method ?? 'GET').toUpperCase();
    let body = init.body ?? null;
    let hopHeaders = headers;
    for (let hop = 0; ; hop++) {
      const sent = new Headers(hopHeaders);
      sent.delete('authorization');
      const token = current.origin === apiOrigin ? options.token() : null;
      if (token) sent.set('authorization', `Bearer ${token}`);
      const response = await baseFetch(current, {
        method,
        headers: sent,
        body,
        redirect: 'manual',
        ...(init.signal ? { signal: init.signal } : {}),
        ...(body ? { duplex: 'half' } : {}),
      } as RequestInit);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status > 399 || response.status === 304 || !location || hop >= MAX_REDIRECTS) {
        return response;
      }
      await response.body?.cancel().catch(() => undefined);
      const next = new URL(location, current);
      if (next.protocol !== 'https:' && next.protocol !== 'http:') return response;
      if (next.origin !== apiOrigin) {
        // Leaving the API: a signed URL, no conditional headers of ours.
        hopHeaders = new Headers(hopHeaders);
        hopHeaders.delete('if-none-match');
      }
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
        method = 'GET';
        body = null;
      }
      current = next;
    }
  };

  return async (input, init = {}) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const headers = new Headers(init.headers);
    const method = (init.method ?? 'GET').toUpperCase();
    const key = method === 'GET' && url.origin === apiOrigin ? `${headers.get('accept') ?? ''} ${url.href}` : null;
    const cached = key ? cache.get(key) : undefined;
    if (cached) headers.set('if-none-match', cached.etag);

    const response = await send(url, init, headers);
    if (new URL(response.url || url.href).origin === apiOrigin || response.url === '') report(options, response);

    if (response.status === 304 && cached && key) {
      cache.delete(key);
      cache.set(key, cached);
      return new Response(cached.body, { status: 200, headers: [...cached.headers, [NOT_MODIFIED_HEADER, '1']] });
    }
    const etag = response.headers.get('etag');
    const type = response.headers.get('content-type') ?? '';
    if (key && response.status === 200 && etag && type.includes('json')) {
      const body = await response.text();
      const headerList = [...response.headers].filter(([name]) => name !== 'content-length' && name !== 'content-encoding');
      if (body.length <= MAX_CACHED_BODY_CHARS) {
        cache.delete(key);
        cache.set(key, { etag, body, headers: headerList });
        while (cache.size > capacity) cache.delete(cache.keys().next().value!);
      }
      return new Response(body, { status: 200, headers: headerList });
    }
    return response;
  };
}

function report(options: GitHubFetchOptions, response: Response): void {
  if (!options.onResponse) return;
  const number = (name: string): number | null => {
    const value = response.headers.get(name);
    if (value === null || value.trim() === '') return null;
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : null;
  };
  const reset = number('x-ratelimit-reset');
  const retryAfter = number('retry-after');
  options.onResponse({
    status: response.status,
    limit: number('x-ratelimit-limit'),
    remaining: number('x-ratelimit-remaining'),
    resetAtMs: reset === null ? null : reset * 1000,
    retryAfterMs: retryAfter === null ? null : retryAfter * 1000,
  });
}
