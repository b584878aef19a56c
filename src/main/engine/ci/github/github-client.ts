/**
 * The GitHub REST calls CI needs, through Octokit, with errors as values.
 *
 * Octokit (`@octokit/rest`) builds the requests and parses responses; our fetch layer
 * (`github-fetch.ts`) owns the token, ETags, redirects and rate-limit headers. This class adds
 * the token's lifecycle (resolved lazily, dropped after a 401 so a fixed token is picked up),
 * a gate that makes no call while GitHub asked us to wait, and the mapping of failures to
 * `AppError` kinds. Only the REST endpoints a local fake can serve are used.
 */
import type { Octokit } from '@octokit/rest';
import type { AppError } from '../../../../shared/errors.ts';
import type { PullRequest, PullRequestState } from '../../../../shared/protocol/ci.ts';
import { err, ok, type Result } from '../../../../shared/result.ts';
import { maskSecrets } from '../log-clean.ts';
import { createGitHubFetch, NOT_MODIFIED_HEADER, type RateLimitReport } from './github-fetch.ts';
import { ghHostname } from './github-remote.ts';
import { resolveGitHubToken, type TokenSource } from './github-token.ts';

/** Bytes kept from the end of a job log (it is cleaned and cut to a short tail afterwards). */
export const LOG_TAIL_BYTES = 256 * 1024;
/** Wait after a rate-limit answer that names no reset time. */
const DEFAULT_LIMIT_WAIT_MS = 60_000;

export interface RepoCoordinates {
  readonly owner: string;
  readonly repo: string;
}

/** A check run as CI needs it. */
export interface CheckRunData {
  readonly id: number;
  readonly name: string;
  readonly status: string;
  readonly conclusion: string | null;
  readonly url: string | null;
  /** `github-actions` for Actions jobs (whose id is the job id with a log). */
  readonly app: string | null;
}

/** A legacy commit status. */
export interface StatusData {
  readonly context: string;
  readonly state: string;
  readonly url: string | null;
}

export interface Fresh<T> {
  readonly value: T;
  /** GitHub answered 304: nothing changed since the last identical call. */
  readonly notModified: boolean;
}

export interface GitHubClientOptions {
  readonly apiBase: string;
  /** Where GITHUB_TOKEN / GH_TOKEN / PATH (for gh) come from. */
  readonly env: NodeJS.ProcessEnv;
  readonly now?: () => number;
  readonly fetch?: typeof globalThis.fetch;
  readonly userAgent?: string;
}

export interface GitHubAccessState {
  readonly hasToken: boolean;
  /** Where the token in use came from; null before the first lookup or without one. */
  readonly tokenFrom: TokenSource['from'] | null;
  readonly rateLimit: { limit: number | null; remaining: number | null; resetAtMs: number | null } | null;
  readonly limitedUntilMs: number | null;
  readonly problem: AppError | null;
}

export class GitHubClient {
  /** Built on the first call: Octokit is ~150 KB the engine parses only once it talks to GitHub. */
  private octokit: Promise<Octokit> | null = null;
  private readonly now: () => number;
  private token: string | null = null;
  private tokenFrom: TokenSource['from'] | null = null;
  /** A token the user entered in the app (the desktop shell keeps it in safeStorage): held in memory only. */
  private appToken: string | null = null;
  private tokenLookup: Promise<TokenSource | null> | null = null;
  private rateLimit: GitHubAccessState['rateLimit'] = null;
  private limitedUntilMs: number | null = null;
  private problem: AppError | null = null;

  constructor(private readonly options: GitHubClientOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * The Octokit instance, imported and built on first use: an engine without CI to watch (every
   * one-shot CLI command) never loads it (issue 14, CLI start).
   */
  private api(): Promise<Octokit> {
    const options = this.options;
    this.octokit ??= import('@octokit/rest').then(
      ({ Octokit }) =>
        new Octokit({
          baseUrl: options.apiBase,
          userAgent: options.userAgent ?? 'agent-orchestrator',
          // Octokit's own logger would print deprecation notices to the engine's stderr; errors are values here.
          log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
          request: {
            fetch: createGitHubFetch({
              apiBase: options.apiBase,
              token: () => this.token,
              onResponse: (report) => this.onResponse(report),
              ...(options.fetch ? { fetch: options.fetch } : {}),
            }),
          },
        }),
    );
    return this.octokit;
  }

  get apiBase(): string {
    return this.options.apiBase;
  }

  /** Exact strings log cleaning must mask: the token in use (a log may echo it). */
  secretsToMask(): string[] {
    return [this.token, this.appToken].filter((token): token is string => token !== null);
  }

  /** Token presence, rate limit and the last problem, for the status view (never the token). */
  state(): GitHubAccessState {
    // A token entered in the app is the one in use from the moment it is given.
    const from = this.appToken !== null ? 'app' : this.token !== null ? this.tokenFrom : null;
    return { hasToken: from !== null, tokenFrom: from, rateLimit: this.rateLimit, limitedUntilMs: this.limitedUntil(), problem: this.problem };
  }

  /** The PR whose head is `owner:branch`: the newest open one, else the newest of any state. */
  async findPullRequest(ref: RepoCoordinates, branch: string): Promise<Result<Fresh<PullRequest | null>>> {
    return this.call(async () => {
      const octokit = await this.api();
      const response = await octokit.rest.pulls.list({ ...ref, head: `${ref.owner}:${branch}`, state: 'all', per_page: 20 });
      const pulls = response.data.filter((pull) => pull.head.ref === branch);
      const open = pulls.filter((pull) => pull.state === 'open').sort((a, b) => b.number - a.number);
      const any = [...pulls].sort((a, b) => Date.parse(b.updated_at) - Date.parse(a.updated_at));
      const pick = open[0] ?? any[0];
      return { value: pick ? toPullRequest(pick) : null, notModified: notModified(response.headers) };
    });
  }

  /** Open a PR of `branch` into `base` (GitHub answers 422 when one is already open). */
  async createPullRequest(
    ref: RepoCoordinates,
    input: { branch: string; base: string; title: string; body: string; draft: boolean },
  ): Promise<Result<PullRequest>> {
    return this.call(async () => {
      const octokit = await this.api();
      const response = await octokit.rest.pulls.create({
        ...ref,
        head: input.branch,
        base: input.base,
        title: input.title,
        body: input.body,
        draft: input.draft,
      });
      return toPullRequest(response.data);
    });
  }

  /** Check runs of a commit (first 100: more than a branch's CI ever has). */
  async checkRuns(ref: RepoCoordinates, sha: string): Promise<Result<Fresh<CheckRunData[]>>> {
    return this.call(async () => {
      const octokit = await this.api();
      const response = await octokit.rest.checks.listForRef({ ...ref, ref: sha, per_page: 100, filter: 'latest' });
      const runs = response.data.check_runs.map((run) => ({
        id: run.id,
        name: run.name,
        status: run.status,
        conclusion: run.conclusion ?? null,
        url: run.html_url ?? run.details_url ?? null,
        app: run.app?.slug ?? null,
      }));
      return { value: runs, notModified: notModified(response.headers) };
    });
  }

  /** Legacy commit statuses (Travis, Jenkins, Buildkite…) of a commit. */
  async combinedStatus(ref: RepoCoordinates, sha: string): Promise<Result<Fresh<StatusData[]>>> {
    return this.call(async () => {
      const octokit = await this.api();
      const response = await octokit.rest.repos.getCombinedStatusForRef({ ...ref, ref: sha, per_page: 100 });
      const statuses = response.data.statuses.map((status) => ({ context: status.context, state: status.state, url: status.target_url ?? null }));
      return { value: statuses, notModified: notModified(response.headers) };
    });
  }

  /** The first failed step of an Actions job, when the job lists its steps. */
  async failingStep(ref: RepoCoordinates, jobId: number): Promise<Result<string | null>> {
    return this.call(async () => {
      const octokit = await this.api();
      const response = await octokit.rest.actions.getJobForWorkflowRun({ ...ref, job_id: jobId });
      const step = (response.data.steps ?? []).find((candidate) => candidate.conclusion === 'failure');
      return step?.name ?? null;
    });
  }

  /**
   * The end of an Actions job's log. GitHub answers with a redirect to a signed URL on another
   * host, which the fetch layer follows without the token; only the last {@link LOG_TAIL_BYTES}
   * are kept while reading.
   */
  async jobLogTail(ref: RepoCoordinates, jobId: number, maxBytes = LOG_TAIL_BYTES): Promise<Result<string>> {
    return this.call(async () => {
      const octokit = await this.api();
      const response = await octokit.request('GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs', {
        ...ref,
        job_id: jobId,
        request: { parseSuccessResponseBody: false },
      });
      return readTail(response.data as unknown as ReadableStream<Uint8Array> | string | null, maxBytes);
    });
  }

  /**
   * Use a token the user entered in the app (null forgets it). It comes before the environment
   * and `gh`: entering one is the user's explicit choice, often to replace one that was refused.
   * The next call uses it; a standing "no token" or 401 problem is cleared.
   */
  setAppToken(token: string | null): void {
    this.appToken = token;
    this.token = null;
    this.tokenFrom = null;
    this.tokenLookup = null;
    if (this.problem?.kind === 'GITHUB_NO_TOKEN' || this.problem?.kind === 'GITHUB_UNAUTHORIZED') this.problem = null;
  }

  private lookUpToken(): Promise<TokenSource | null> {
    if (this.appToken !== null) return Promise.resolve({ from: 'app', token: this.appToken });
    return resolveGitHubToken(this.options.env, ghHostname(this.options.apiBase));
  }

  /** Run one API call: token first, the rate-limit gate, errors mapped to kinds. */
  private async call<T>(work: () => Promise<T>): Promise<Result<T>> {
    const until = this.limitedUntil();
    if (until !== null) return err({ kind: 'GITHUB_RATE_LIMITED', resetAt: new Date(until).toISOString() });
    if (this.token === null) {
      this.tokenLookup ??= this.lookUpToken();
      const found = await this.tokenLookup;
      this.tokenLookup = null;
      this.token = found?.token ?? null;
      this.tokenFrom = found?.from ?? null;
      if (this.token === null) return this.fail({ kind: 'GITHUB_NO_TOKEN', apiBase: this.options.apiBase });
    }
    try {
      const value = await work();
      this.problem = null;
      return ok(value);
    } catch (error) {
      return this.fail(this.toAppError(error));
    }
  }

  private fail<T>(error: AppError): Result<T> {
    // A rate limit is shown as such (limitedUntil), not as a standing problem.
    if (error.kind !== 'GITHUB_RATE_LIMITED') this.problem = error;
    return err(error);
  }

  private toAppError(error: unknown): AppError {
    const status = typeof (error as { status?: unknown }).status === 'number' ? (error as { status: number }).status : null;
    const raw = error instanceof Error ? error.message : String(error);
    // Never let a token reach an error text, even one echoed back by a server.
    const message = maskSecrets(raw, this.token ? [this.token] : []).slice(0, 500);
    if (status === 401) {
      this.token = null; // look it up again next time: the user may have fixed it
      return { kind: 'GITHUB_UNAUTHORIZED', apiBase: this.options.apiBase, message };
    }
    const until = this.limitedUntil();
    if ((status === 403 || status === 429) && until !== null) return { kind: 'GITHUB_RATE_LIMITED', resetAt: new Date(until).toISOString() };
    if (status === 500 && (error as { cause?: unknown }).cause !== undefined) return { kind: 'GITHUB_FAILED', status: null, message };
    return { kind: 'GITHUB_FAILED', status, message };
  }

  private onResponse(report: RateLimitReport): void {
    if (report.limit !== null || report.remaining !== null) {
      this.rateLimit = { limit: report.limit, remaining: report.remaining, resetAtMs: report.resetAtMs };
    }
    const primary = report.status === 403 && report.remaining === 0;
    const secondary = (report.status === 403 || report.status === 429) && (report.retryAfterMs !== null || report.status === 429);
    if (!primary && !secondary) return;
    const now = this.now();
    const until = report.retryAfterMs !== null ? now + report.retryAfterMs : (report.resetAtMs ?? now + DEFAULT_LIMIT_WAIT_MS);
    this.limitedUntilMs = Math.max(until, now + 1_000);
  }

  private limitedUntil(): number | null {
    if (this.limitedUntilMs !== null && this.limitedUntilMs <= this.now()) this.limitedUntilMs = null;
    return this.limitedUntilMs;
  }
}

function notModified(headers: Record<string, unknown>): boolean {
  return headers[NOT_MODIFIED_HEADER] === '1';
}

interface PullLike {
  number: number;
  html_url: string;
  state: string;
  draft?: boolean | null;
  merged_at: string | null;
  title: string;
  base: { ref: string };
  head: { sha: string };
}

function toPullRequest(pull: PullLike): PullRequest {
  const state: PullRequestState = pull.merged_at ? 'merged' : pull.state === 'closed' ? 'closed' : pull.draft ? 'draft' : 'open';
  return { number: pull.number, url: pull.html_url, state, base: pull.base.ref, title: pull.title, headSha: pull.head.sha || null };
}

/** Read a body, keeping only its last `maxBytes` (a multi-megabyte log never sits in memory whole). */
async function readTail(body: ReadableStream<Uint8Array> | string | null, maxBytes: number): Promise<string> {
  if (body === null) return '';
  if (typeof body === 'string') return body.slice(-maxBytes);
  const chunks: Uint8Array[] = [];
  let held = 0;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    chunks.push(chunk);
    held += chunk.byteLength;
    while (chunks.length > 1 && held - chunks[0]!.byteLength >= maxBytes) held -= chunks.shift()!.byteLength;
  }
  const all = Buffer.concat(chunks);
  const tail = all.byteLength > maxBytes ? all.subarray(all.byteLength - maxBytes) : all;
  // A cut may land inside a UTF-8 sequence: the decoder replaces it, and it is on the first line anyway.
  return new TextDecoder().decode(tail);
}
