/**
 * What the CI service's parts share: the live entries (one per worktree), the persisted records
 * (`ci.json`), the GitHub client and the poller, and the one place a change of the status is
 * noticed and emitted as `ci.changed`.
 *
 * The parts (`ci-cycle.ts`, `ci-failure.ts`, `triage-delivery.ts`, `local-check-run.ts`,
 * `ci-agent-turns.ts`, `ci-create-pr.ts`) act on this; `CiService` wires them and is the public face.
 */
import path from 'node:path';
import type { AgentSession } from '../../../shared/protocol/agents.ts';
import type { CiStatus, CiWorktree } from '../../../shared/protocol/ci.ts';
import type { Repo } from '../../../shared/protocol/repos.ts';
import type { Result } from '../../../shared/result.ts';
import { EventBus } from '../events/index.ts';
import type { JsonStore } from '../state/index.ts';
import type { InputOrigin } from '../terminals/index.ts';
import { createCiStore, emptyRecord, type CiRecord, type CiState } from './ci-store.ts';
import { viewWorktree, type Entry } from './ci-entry.ts';
import { CiPoller, type PollerTimers, type PollOutcome } from './ci-poller.ts';
import { GitHubClient } from './github/github-client.ts';
import { apiBaseFromEnv } from './github/github-remote.ts';
import { DEFAULT_TRIAGE_POLICY, type TriagePolicy } from './triage-policy.ts';

/** Poll interval (ao and emdash poll every 30 s; GitHub's max-age for these endpoints is 60 s). */
export const CI_POLL_MS = 30_000;
/** Longest wait after repeated failures. */
export const CI_MAX_BACKOFF_MS = 5 * 60_000;

export interface CiAgents {
  list(): readonly AgentSession[];
  onDidChange(listener: () => void): () => void;
}

export interface CiTerminals {
  input(sessionId: string, data: string, origin: InputOrigin): Result<null>;
  lastUserInputAt(sessionId: string): number | null;
}

export interface CiServiceOptions {
  readonly home: string;
  /** GITHUB_TOKEN / GH_TOKEN / GITHUB_API_URL / PATH (for gh and the check commands). */
  readonly env: NodeJS.ProcessEnv;
  readonly repos: () => readonly Repo[];
  readonly agents: CiAgents;
  readonly terminals: CiTerminals;
  /** The repository config's `check` commands (INVALID_CONFIG when the config is broken). */
  readonly checkCommands: (repoPath: string) => Promise<Result<readonly string[]>>;
  /** An escalation, for the notification service (toast, OS notification, its own toggle). */
  readonly notify: (notification: { sessionId: string | null; title: string; body: string }) => void;
  readonly now?: () => number;
  readonly pollMs?: number;
  readonly maxBackoffMs?: number;
  readonly typingQuietMs?: number;
  readonly policy?: Partial<TriagePolicy>;
  readonly timers?: PollerTimers;
  /**
   * Answer queries and run commands, but never type a prompt or escalate (a one-shot CLI engine:
   * its notification would reach nobody, and the serving engine that runs later must still act).
   */
  readonly passive?: boolean;
}

/** What the poller runs, and what else happens after each of its cycles. */
export interface CiCycleHooks {
  run(): Promise<PollOutcome>;
  onCycle(outcome: PollOutcome): void;
}

export class CiContext {
  readonly entries = new Map<string, Entry>();
  state: CiState = { worktrees: {} };
  readonly changes = new EventBus<CiStatus>();
  readonly client: GitHubClient;
  readonly poller: CiPoller;
  readonly now: () => number;
  readonly policy: TriagePolicy;
  lastPollAt: number | null = null;
  disposed = false;
  private readonly store: JsonStore<CiState>;
  private lastEmitted = '';

  constructor(
    readonly options: CiServiceOptions,
    hooks: CiCycleHooks,
  ) {
    this.store = createCiStore(options.home);
    this.now = options.now ?? Date.now;
    this.policy = { ...DEFAULT_TRIAGE_POLICY, ...options.policy };
    this.client = new GitHubClient({ apiBase: apiBaseFromEnv(options.env), env: options.env, now: this.now });
    this.poller = new CiPoller({
      intervalMs: options.pollMs ?? CI_POLL_MS,
      maxIntervalMs: options.maxBackoffMs ?? CI_MAX_BACKOFF_MS,
      run: () => hooks.run(),
      now: this.now,
      ...(options.timers ? { timers: options.timers } : {}),
      onCycle: (outcome) => {
        this.emitIfChanged();
        hooks.onCycle(outcome);
      },
    });
  }

  /** Read `ci.json` (toggles, signatures, last failures). */
  async load(): Promise<void> {
    this.state = await this.store.load();
  }

  /** A worktree's persisted record, made empty on first use. */
  record(worktree: string): CiRecord {
    let record = this.state.worktrees[worktree];
    if (!record) {
      record = emptyRecord();
      this.state.worktrees[worktree] = record;
    }
    return record;
  }

  save(): Promise<void> {
    return this.store.save(this.state).catch((error: unknown) => console.error(`[ci] saving ci.json failed: ${(error as Error).message}`));
  }

  /** The last save, on dispose: a failure there has nobody left to tell. */
  async saveLast(): Promise<void> {
    await this.store.save(this.state).catch(() => undefined);
  }

  background(work: Promise<unknown>): void {
    work.catch((error: unknown) => console.error(`[ci] ${(error as Error).message}`));
  }

  /**
   * Branches worth GitHub calls: pushed (an upstream), with a known PR, or with auto-triage on —
   * a worktree made by hand for `run --auto-handle-ci` often gets its PR from the agent
   * (`gh pr create`) or from another machine, without a local upstream.
   */
  watched(entry: Entry): boolean {
    if (entry.scan.github === null || entry.scan.branch === null) return false;
    return entry.scan.upstream !== null || entry.pr !== null || this.state.worktrees[entry.scan.path]?.autoTriage === true;
  }

  /** The worktree a folder is in (the deepest, for worktrees nested inside the main checkout). */
  owning(folder: string): Entry | undefined {
    let best: Entry | undefined;
    for (const entry of this.entries.values()) {
      if (isInside(folder, entry.scan.path) && (!best || entry.scan.path.length > best.scan.path.length)) best = entry;
    }
    return best;
  }

  /** The newest live agent session in the worktree. */
  agentFor(worktree: string): AgentSession | null {
    const agents = this.options.agents
      .list()
      .filter((agent) => agent.status !== 'exited' && this.owning(agent.cwd)?.scan.path === worktree)
      .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
    return agents[0] ?? null;
  }

  view(): CiStatus {
    const access = this.client.state();
    const worktrees = [...this.entries.values()]
      .sort((a, b) => a.scan.repoId.localeCompare(b.scan.repoId) || a.scan.path.localeCompare(b.scan.path))
      .map((entry) => this.viewEntry(entry));
    return {
      worktrees,
      github: {
        apiBase: this.client.apiBase,
        hasToken: access.hasToken,
        tokenFrom: access.tokenFrom,
        rateLimit: access.rateLimit
          ? {
              limit: access.rateLimit.limit,
              remaining: access.rateLimit.remaining,
              resetAt: access.rateLimit.resetAtMs === null ? null : new Date(access.rateLimit.resetAtMs).toISOString(),
            }
          : null,
        limitedUntil: access.limitedUntilMs === null ? null : new Date(access.limitedUntilMs).toISOString(),
        problem: access.problem,
      },
      polling: this.poller.active,
      intervalMs: this.poller.intervalMs,
      lastPollAt: this.lastPollAt === null ? null : new Date(this.lastPollAt).toISOString(),
    };
  }

  viewEntry(entry: Entry): CiWorktree {
    return viewWorktree(entry, this.state.worktrees[entry.scan.path] ?? emptyRecord(), {
      maxAttempts: this.policy.maxAttempts,
      watched: this.watched(entry),
    });
  }

  emitIfChanged(): void {
    if (this.disposed) return;
    const status = this.view();
    // Times that move on every poll do not make a change by themselves.
    const key = JSON.stringify({ ...status, lastPollAt: null, worktrees: status.worktrees.map((w) => ({ ...w, checks: { ...w.checks, updatedAt: null } })) });
    if (key === this.lastEmitted) return;
    this.lastEmitted = key;
    this.changes.emit(status);
  }
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(path.resolve(parent), path.resolve(child));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
