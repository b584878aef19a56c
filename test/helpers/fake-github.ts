/**
 * A fake GitHub REST API on loopback, for tests of everything that talks to GitHub.
 *
 * It speaks the endpoints and payload shapes the engine uses, with GitHub's behaviour where it
 * matters: bearer/token auth (401 "Bad credentials"), ETags and `If-None-Match` → 304 (which costs
 * no quota), `x-ratelimit-*` headers and 403/429 rate limits, and job logs served by a redirect
 * to a second server (another origin, like GitHub's blob host), which records what it received.
 *
 *   const gh = await startFakeGitHub();            // gh.apiUrl → GITHUB_API_URL, gh.token → GITHUB_TOKEN
 *   const repo = gh.repo('acme', 'widgets', { gitDir: bare });   // PR heads follow the bare repo's branches
 *   repo.setCheck(sha, 'test', { status: 'completed', conclusion: 'failure', log: '…', failedStep: 'Run npm test' });
 *   repo.addPull({ head: 'feat/x', base: 'main' });
 *   gh.setRateLimit({ remaining: 0 });             // next call: 403 with reset headers
 *   await gh.waitForRequest((r) => r.path.endsWith('/check-runs'));
 *   await gh.close();
 *
 * Endpoints: `GET/POST /repos/{o}/{r}/pulls`, `GET /repos/{o}/{r}/commits/{ref}/check-runs`,
 * `GET /repos/{o}/{r}/commits/{ref}/status`, `GET /repos/{o}/{r}/actions/jobs/{id}`,
 * `GET /repos/{o}/{r}/actions/jobs/{id}/logs` (302 → blob server). Anything else: 404.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  /** Path with query string. */
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  /** Parsed JSON body of a POST, else null. */
  readonly body: unknown;
  /** What the fake answered. */
  status: number;
}

export interface FakeCheck {
  status: 'queued' | 'in_progress' | 'completed';
  conclusion?: 'success' | 'failure' | 'neutral' | 'cancelled' | 'skipped' | 'timed_out' | 'action_required' | null;
  /** The job log (served through the redirect); default a short generic log. */
  log?: string;
  /** Name of the step that failed (listed in the job's steps). */
  failedStep?: string;
  /** App that owns the run; default `github-actions` (only those have job logs). */
  app?: string;
}

export interface FakeStatus {
  context: string;
  state: 'error' | 'failure' | 'pending' | 'success';
  targetUrl?: string;
}

export interface FakePullInput {
  head: string;
  base: string;
  title?: string;
  state?: 'open' | 'closed';
  draft?: boolean;
  merged?: boolean;
  /** Head sha when the repo has no `gitDir` (else the branch's current commit there). */
  headSha?: string;
}

export interface FakePull {
  number: number;
  head: string;
  base: string;
  title: string;
  body: string;
  state: 'open' | 'closed';
  draft: boolean;
  merged: boolean;
  headSha: string | null;
  updatedAt: string;
}

export interface FakeRepo {
  readonly owner: string;
  readonly name: string;
  readonly pulls: FakePull[];
  addPull(input: FakePullInput): FakePull;
  /** Add or replace the check called `name` on a commit; a replaced check gets a new id (a re-run). */
  setCheck(sha: string, name: string, check: FakeCheck): number;
  setStatuses(sha: string, statuses: FakeStatus[]): void;
  /** The commit a branch points at (from `gitDir` when given). */
  branchSha(branch: string): string | null;
}

export interface RateLimitScript {
  /** Requests left in the window; 0 → the next request gets 403 "API rate limit exceeded". */
  remaining: number;
  limit?: number;
  /** Seconds until the window resets (x-ratelimit-reset = now + this); default 60. */
  resetInSeconds?: number;
  /** Answer 429 with `retry-after` instead (a secondary limit). */
  secondary?: { retryAfterSeconds: number };
}

export interface FakeGitHub {
  /** Base URL to use as GITHUB_API_URL. */
  readonly apiUrl: string;
  /** Origin of the log blob host (a different port, so a different origin). */
  readonly blobUrl: string;
  /** The token the fake accepts. */
  readonly token: string;
  readonly requests: RecordedRequest[];
  /** Requests the blob host received (their headers show whether a token leaked). */
  readonly blobRequests: RecordedRequest[];
  repo(owner: string, name: string, options?: { gitDir?: string }): FakeRepo;
  setRateLimit(script: RateLimitScript | null): void;
  /** Resolves with the first request (already received or future) matching `predicate`. */
  waitForRequest(predicate: (request: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  close(): Promise<void>;
}

interface CheckEntry extends FakeCheck {
  id: number;
  name: string;
  sha: string;
}

class Repo implements FakeRepo {
  readonly pulls: FakePull[] = [];
  readonly checks: CheckEntry[] = [];
  readonly statuses = new Map<string, FakeStatus[]>();

  constructor(
    readonly owner: string,
    readonly name: string,
    readonly gitDir: string | null,
    private readonly ids: { next(): number },
  ) {}

  addPull(input: FakePullInput): FakePull {
    const pull: FakePull = {
      number: this.ids.next(),
      head: input.head,
      base: input.base,
      title: input.title ?? input.head,
      body: '',
      state: input.state ?? 'open',
      draft: input.draft ?? false,
      merged: input.merged ?? false,
      headSha: input.headSha ?? null,
      updatedAt: new Date().toISOString(),
    };
    this.pulls.push(pull);
    return pull;
  }

  setCheck(sha: string, name: string, check: FakeCheck): number {
    const at = this.checks.findIndex((entry) => entry.sha === sha && entry.name === name);
    const entry: CheckEntry = { ...check, id: this.ids.next(), name, sha };
    if (at >= 0) this.checks.splice(at, 1, entry);
    else this.checks.push(entry);
    return entry.id;
  }

  setStatuses(sha: string, statuses: FakeStatus[]): void {
    this.statuses.set(sha, statuses);
  }

  branchSha(branch: string): string | null {
    if (!this.gitDir) return null;
    try {
      return execFileSync('git', ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`], { cwd: this.gitDir, encoding: 'utf8' }).trim() || null;
    } catch {
      return null;
    }
  }

  resolveRef(ref: string): string {
    return /^[0-9a-f]{40}$/.test(ref) ? ref : (this.branchSha(ref) ?? ref);
  }

  pullHeadSha(pull: FakePull): string {
    return this.branchSha(pull.head) ?? pull.headSha ?? '0'.repeat(40);
  }
}

/** Start the fake (two loopback servers); close it in `afterEach`. */
export async function startFakeGitHub(options: { token?: string } = {}): Promise<FakeGitHub> {
  const token = options.token ?? `ghp_${randomBytes(18).toString('hex')}`;
  const repos = new Map<string, Repo>();
  const requests: RecordedRequest[] = [];
  const blobRequests: RecordedRequest[] = [];
  const waiters = new Set<{ predicate: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void }>();
  let counter = 1000;
  const ids = { next: () => ++counter };
  let rate: Required<Pick<RateLimitScript, 'remaining' | 'limit' | 'resetInSeconds'>> & { secondary?: RateLimitScript['secondary'] } = {
    remaining: 5000,
    limit: 5000,
    resetInSeconds: 3600,
  };
  let resetAt = Math.floor(Date.now() / 1000) + rate.resetInSeconds;

  const logs = new Map<number, string>();
  const blob = http.createServer((req, res) => {
    const recorded: RecordedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: null, status: 200 };
    blobRequests.push(recorded);
    const id = Number(/^\/logs\/(\d+)/.exec(req.url ?? '')?.[1]);
    const text = logs.get(id);
    if (text === undefined) {
      recorded.status = 404;
      res.writeHead(404).end('missing');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
  });
  blob.on('clientError', (_e, socket) => socket.destroy());
  await listen(blob);
  const blobUrl = `http://127.0.0.1:${(blob.address() as AddressInfo).port}`;

  const api = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      if (chunks.reduce((n, c) => n + c.length, 0) < 1_000_000) chunks.push(chunk);
    });
    req.on('error', () => undefined);
    req.on('end', () => {
      let body: unknown = null;
      if (chunks.length > 0) {
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          body = null;
        }
      }
      const recorded: RecordedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body, status: 0 };
      requests.push(recorded);
      const answer = (status: number, payload: unknown, extra: Record<string, string> = {}): void => {
        recorded.status = status;
        const text = payload === null ? '' : JSON.stringify(payload);
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...rateHeaders(), ...extra }).end(text);
        for (const waiter of [...waiters]) {
          if (waiter.predicate(recorded)) {
            waiters.delete(waiter);
            waiter.resolve(recorded);
          }
        }
      };
      handle(recorded, answer);
    });
  });
  api.on('clientError', (_e, socket) => socket.destroy());
  await listen(api);
  const apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;

  function rateHeaders(): Record<string, string> {
    return {
      'x-ratelimit-limit': String(rate.limit),
      'x-ratelimit-remaining': String(Math.max(0, rate.remaining)),
      'x-ratelimit-reset': String(resetAt),
      'x-ratelimit-resource': 'core',
    };
  }

  function handle(request: RecordedRequest, answer: (status: number, payload: unknown, extra?: Record<string, string>) => void): void {
    const auth = String(request.headers.authorization ?? '');
    if (auth !== `Bearer ${token}` && auth !== `token ${token}`) {
      answer(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' });
      return;
    }
    if (rate.secondary) {
      answer(429, { message: 'You have exceeded a secondary rate limit.' }, { 'retry-after': String(rate.secondary.retryAfterSeconds) });
      return;
    }
    if (rate.remaining <= 0) {
      answer(403, { message: 'API rate limit exceeded for user ID 1.', documentation_url: 'https://docs.github.com/rest/rate-limit' });
      return;
    }
    const url = new URL(request.path, 'http://fake');
    const match = /^\/repos\/([^/]+)\/([^/]+)\/(.+)$/.exec(url.pathname);
    const repo = match ? repos.get(`${match[1]}/${match[2]}`.toLowerCase()) : undefined;
    if (!match || !repo) {
      answer(404, { message: 'Not Found' });
      return;
    }
    const rest = match[3]!;
    const json = (payload: unknown): void => {
      // ETag over the payload: an unchanged answer to If-None-Match is a free 304.
      const etag = `W/"${createHash('sha1').update(JSON.stringify(payload)).digest('hex')}"`;
      if (request.headers['if-none-match'] === etag) {
        answer(304, null, { etag });
        return;
      }
      rate.remaining -= 1;
      answer(200, payload, { etag });
    };
    if (rest === 'pulls' && request.method === 'GET') {
      const head = url.searchParams.get('head');
      const state = url.searchParams.get('state') ?? 'open';
      const pulls = repo.pulls.filter(
        (pull) => (head === null || `${repo.owner}:${pull.head}` === head) && (state === 'all' || pull.state === state),
      );
      json(pulls.sort((a, b) => b.number - a.number).map((pull) => pullPayload(repo, pull)));
      return;
    }
    if (rest === 'pulls' && request.method === 'POST') {
      const input = (request.body ?? {}) as { title?: string; head?: string; base?: string; body?: string; draft?: boolean };
      if (!input.head || !input.base || !input.title) {
        answer(422, { message: 'Validation Failed', errors: [{ resource: 'PullRequest', code: 'missing_field' }] });
        return;
      }
      const head = input.head.includes(':') ? input.head.split(':')[1]! : input.head;
      if (repo.pulls.some((pull) => pull.head === head && pull.state === 'open')) {
        answer(422, { message: 'Validation Failed', errors: [{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${repo.owner}:${head}.` }] });
        return;
      }
      if (repo.gitDir !== null && repo.branchSha(head) === null) {
        answer(422, { message: 'Validation Failed', errors: [{ resource: 'PullRequest', field: 'head', code: 'invalid' }] });
        return;
      }
      const pull = repo.addPull({ head, base: input.base, title: input.title, draft: input.draft ?? false });
      pull.body = input.body ?? '';
      rate.remaining -= 1;
      answer(201, pullPayload(repo, pull));
      return;
    }
    const commit = /^commits\/([^/]+)\/(check-runs|status)$/.exec(rest);
    if (commit && request.method === 'GET') {
      const sha = repo.resolveRef(decodeURIComponent(commit[1]!));
      if (commit[2] === 'check-runs') {
        const runs = repo.checks.filter((check) => check.sha === sha);
        json({ total_count: runs.length, check_runs: runs.map((check) => checkRunPayload(repo, check)) });
      } else {
        const statuses = repo.statuses.get(sha) ?? [];
        const states = statuses.map((status) => status.state);
        const state = states.some((s) => s === 'error' || s === 'failure') ? 'failure' : states.length === 0 || states.includes('pending') ? 'pending' : 'success';
        json({
          state,
          sha,
          total_count: statuses.length,
          statuses: statuses.map((status, i) => ({
            id: i + 1,
            context: status.context,
            state: status.state,
            target_url: status.targetUrl ?? null,
            description: null,
            created_at: new Date(0).toISOString(),
          })),
        });
      }
      return;
    }
    const job = /^actions\/jobs\/(\d+)(\/logs)?$/.exec(rest);
    if (job && request.method === 'GET') {
      const check = repo.checks.find((entry) => entry.id === Number(job[1]) && (entry.app ?? 'github-actions') === 'github-actions');
      if (!check) {
        answer(404, { message: 'Not Found' });
        return;
      }
      if (job[2]) {
        logs.set(check.id, check.log ?? `##[group]Run ${check.name}\n${check.name} ran\n##[endgroup]\n`);
        rate.remaining -= 1;
        recorded302(answer, `${blobUrl}/logs/${check.id}?sig=${randomBytes(8).toString('hex')}`);
        return;
      }
      json({
        id: check.id,
        name: check.name,
        head_sha: check.sha,
        status: check.status,
        conclusion: check.conclusion ?? null,
        html_url: checkUrl(repo, check),
        steps: [
          { name: 'Set up job', status: 'completed', conclusion: 'success', number: 1 },
          ...(check.failedStep ? [{ name: check.failedStep, status: 'completed', conclusion: 'failure', number: 2 }] : []),
        ],
      });
      return;
    }
    answer(404, { message: 'Not Found' });
  }

  return {
    apiUrl,
    blobUrl,
    token,
    requests,
    blobRequests,
    repo(owner, name, repoOptions = {}) {
      const key = `${owner}/${name}`.toLowerCase();
      let repo = repos.get(key);
      if (!repo) {
        repo = new Repo(owner, name, repoOptions.gitDir ?? null, ids);
        repos.set(key, repo);
      }
      return repo;
    },
    setRateLimit(script) {
      rate = script
        ? { remaining: script.remaining, limit: script.limit ?? 5000, resetInSeconds: script.resetInSeconds ?? 60, ...(script.secondary ? { secondary: script.secondary } : {}) }
        : { remaining: 5000, limit: 5000, resetInSeconds: 3600 };
      resetAt = Math.floor(Date.now() / 1000) + rate.resetInSeconds;
    },
    waitForRequest(predicate, timeoutMs = 10_000) {
      const seen = requests.find((request) => request.status !== 0 && predicate(request));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: (request: RecordedRequest) => {
            clearTimeout(timer);
            resolve(request);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`fake GitHub: no matching request within ${timeoutMs} ms; got:\n${requests.map((r) => `${r.method} ${r.path} → ${r.status}`).join('\n')}`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    async close() {
      await Promise.all([closeServer(api), closeServer(blob)]);
    },
  };
}

function recorded302(answer: (status: number, payload: unknown, extra?: Record<string, string>) => void, location: string): void {
  answer(302, null, { location });
}

function checkUrl(repo: Repo, check: CheckEntry): string {
  return `https://github.com/${repo.owner}/${repo.name}/actions/runs/1/job/${check.id}`;
}

function checkRunPayload(repo: Repo, check: CheckEntry): unknown {
  return {
    id: check.id,
    name: check.name,
    head_sha: check.sha,
    status: check.status,
    conclusion: check.status === 'completed' ? (check.conclusion ?? 'success') : null,
    html_url: checkUrl(repo, check),
    details_url: checkUrl(repo, check),
    started_at: new Date(0).toISOString(),
    completed_at: check.status === 'completed' ? new Date(0).toISOString() : null,
    output: { title: null, summary: null, text: null, annotations_count: 0 },
    app: { id: 15368, slug: check.app ?? 'github-actions', name: check.app ?? 'GitHub Actions' },
  };
}

function pullPayload(repo: Repo, pull: FakePull): unknown {
  const fullName = `${repo.owner}/${repo.name}`;
  return {
    id: pull.number * 10,
    number: pull.number,
    html_url: `https://github.com/${fullName}/pull/${pull.number}`,
    state: pull.state,
    draft: pull.draft,
    merged_at: pull.merged ? new Date(0).toISOString() : null,
    title: pull.title,
    body: pull.body,
    created_at: pull.updatedAt,
    updated_at: pull.updatedAt,
    head: { label: `${repo.owner}:${pull.head}`, ref: pull.head, sha: repo.pullHeadSha(pull), repo: { full_name: fullName } },
    base: { label: `${repo.owner}:${pull.base}`, ref: pull.base, sha: repo.branchSha(pull.base) ?? '0'.repeat(40), repo: { full_name: fullName } },
    user: { login: repo.owner },
  };
}

function listen(server: http.Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
