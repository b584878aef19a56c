/**
 * CI: watches the checks of every worktree branch that has a PR or an upstream, runs the
 * repository's local checks, and sends failures back to the agent working in that worktree.
 *
 * One cycle ({@link CiService.refresh}) = a git scan of every repository (`ci-scan.ts`, no
 * network) + for each watched branch its PR, check runs and commit statuses (conditional
 * requests: an unchanged answer is a free 304). A change of state is a `ci.changed` event. A new
 * failure has its jobs' logs fetched, cleaned and masked (`log-clean.ts`); with auto-triage on,
 * the policy (`triage-policy.ts`: dedupe by persisted signature, N attempts, a time limit)
 * decides whether to type a prompt into the worktree's agent — only while the agent is idle and
 * nobody typed into its pane for a moment — or to notify the user instead.
 *
 * Background work (the poll loop, reacting to agents finishing turns) starts only with
 * {@link CiService.start}, which the composition root calls when the engine is not one-shot;
 * every query also works on demand without it.
 */
import path from 'node:path';
import type { AppError } from '../../../shared/errors.ts';
import type { AgentSession, AgentStatus } from '../../../shared/protocol/agents.ts';
import {
  MAX_FAILURE_LOG_CHARS,
  type CiFailureLog,
  type CiRun,
  type CiStatus,
  type CiWorktree,
  type CreatePrInput,
  type LocalChecks,
  type PullRequest,
} from '../../../shared/protocol/ci.ts';
import type { Repo } from '../../../shared/protocol/repos.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { typedPromptBytes } from '../agents/index.ts';
import { EventBus } from '../events/index.ts';
import { logCommits } from '../git/log.ts';
import { currentHead } from '../git/rev-parse-head.ts';
import { pushBranch } from '../git/push.ts';
import type { InputOrigin } from '../terminals/index.ts';
import { buildChecks, NO_CHECKS, runFromCheck, runFromStatus } from './checks-summary.ts';
import { createCiStore, emptyRecord, type CiRecord, type CiState } from './ci-store.ts';
import { newEntry, viewWorktree, type Entry } from './ci-entry.ts';
import { CiPoller, type PollerTimers, type PollOutcome } from './ci-poller.ts';
import { scanRepo } from './ci-scan.ts';
import { checkKey, failureSignature } from './failure-signature.ts';
import { GitHubClient } from './github/github-client.ts';
import { apiBaseFromEnv } from './github/github-remote.ts';
import { runLocalChecks } from './local-checks.ts';
import { cleanLogTail, failingStepFromLog, maskSecrets } from './log-clean.ts';
import {
  decideTriage,
  DEFAULT_TRIAGE_POLICY,
  recordEscalated,
  recordPassed,
  recordSent,
  type FailureKeyed,
  type TriagePolicy,
} from './triage-policy.ts';
import { buildTriagePrompt } from './triage-prompt.ts';

/** Poll interval (ao and emdash poll every 30 s; GitHub's max-age for these endpoints is 60 s). */
export const CI_POLL_MS = 30_000;
/** Longest wait after repeated failures. */
export const CI_MAX_BACKOFF_MS = 5 * 60_000;
/** A pane someone typed into less than this long ago is left alone. */
export const TYPING_QUIET_MS = 8_000;
/** Failing jobs whose logs are fetched per failure (each costs a call). */
const MAX_LOGS_PER_FAILURE = 3;
/** Branches read from GitHub at once. */
const GITHUB_CONCURRENCY = 4;
/** Lines of each job's log kept for the checks panel (the prompt takes fewer). */
const PANEL_LOG_LINES = 200;

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

export class CiService {
  private readonly store;
  private state: CiState = { worktrees: {} };
  private readonly entries = new Map<string, Entry>();
  private readonly changes = new EventBus<CiStatus>();
  private readonly client: GitHubClient;
  private readonly poller: CiPoller;
  private readonly now: () => number;
  private readonly policy: TriagePolicy;
  private readonly typingQuietMs: number;
  private readonly disposers: (() => void)[] = [];
  private readonly agentStatus = new Map<string, AgentStatus>();
  /** Per agent session: HEAD as known when its turn started (cached, so no race with its first commit). */
  private readonly headAtTurnStart = new Map<string, string | null>();
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private lastEmitted = '';
  private lastPollAt: number | null = null;
  private scanned = false;
  private refreshing: Promise<PollOutcome> | null = null;
  private started = false;
  private disposed = false;
  private readonly cycleListeners = new EventBus<PollOutcome>();

  constructor(private readonly options: CiServiceOptions) {
    this.store = createCiStore(options.home);
    this.now = options.now ?? Date.now;
    this.policy = { ...DEFAULT_TRIAGE_POLICY, ...options.policy };
    this.typingQuietMs = options.typingQuietMs ?? TYPING_QUIET_MS;
    this.client = new GitHubClient({ apiBase: apiBaseFromEnv(options.env), env: options.env, now: this.now });
    this.poller = new CiPoller({
      intervalMs: options.pollMs ?? CI_POLL_MS,
      maxIntervalMs: options.maxBackoffMs ?? CI_MAX_BACKOFF_MS,
      run: () => this.refresh(),
      now: this.now,
      ...(options.timers ? { timers: options.timers } : {}),
      onCycle: (outcome) => {
        this.emitIfChanged();
        this.cycleListeners.emit(outcome);
      },
    });
  }

  /** Read `ci.json` (toggles, signatures, last failures). */
  async load(): Promise<void> {
    this.state = await this.store.load();
  }

  /**
   * Start the background work: the poll loop (asleep while nothing is watched), local checks
   * after an agent's turn that made commits, and delivery of waiting prompts when agents go idle.
   * Not called in one-shot engines.
   */
  start(): void {
    if (this.started || this.disposed) return;
    this.started = true;
    this.disposers.push(this.options.agents.onDidChange(() => this.onAgentsChanged()));
    for (const agent of this.options.agents.list()) this.agentStatus.set(agent.sessionId, agent.status);
    this.poller.start();
  }

  /** Wake the poller (a repository or worktree changed, a branch was pushed). */
  wake(): void {
    this.poller.wake();
  }

  /** Subscribe to status changes; returns the disposer. */
  onDidChange(listener: (status: CiStatus) => void): () => void {
    return this.changes.on(listener);
  }

  /** After every background poll cycle (tests wait on this instead of on time). */
  onDidPoll(listener: (outcome: PollOutcome) => void): () => void {
    return this.cycleListeners.on(listener);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const dispose of this.disposers.splice(0)) dispose();
    for (const timer of this.retryTimers) clearTimeout(timer);
    await this.poller.stop();
    await this.refreshing?.catch(() => undefined);
    await Promise.all([...this.entries.values()].map((entry) => entry.localRun?.catch(() => undefined)));
    await this.store.save(this.state).catch(() => undefined);
  }

  // ---- queries ----

  /** Every worktree's CI state; `refresh` reads git and GitHub first (the CLI, one-shot engines). */
  async status(input: { repoId?: string; refresh?: boolean } = {}): Promise<Result<CiStatus>> {
    if (input.repoId !== undefined && !this.options.repos().some((repo) => repo.id === input.repoId)) {
      return err({ kind: 'REPO_NOT_FOUND', repoId: input.repoId });
    }
    if (input.refresh) await this.refresh();
    else if (!this.scanned) await this.refresh({ github: false });
    const status = this.view();
    return ok(input.repoId === undefined ? status : { ...status, worktrees: status.worktrees.filter((w) => w.repoId === input.repoId) });
  }

  /**
   * Use a GitHub token the user entered in the app (null forgets it), held in memory only; the
   * next poll (started now) uses it. Returns the view, which says where the token came from.
   */
  setToken(token: string | null): Result<CiStatus> {
    this.client.setAppToken(token);
    this.poller.wake();
    return ok(this.view());
  }

  /** What is known now, without reading git or GitHub (the event stream's first CI event). */
  current(): CiStatus {
    return this.view();
  }

  /** The last failure's log and prompt of a worktree, null when it has none. */
  async failureLog(worktree: string): Promise<Result<CiFailureLog | null>> {
    const found = await this.entryFor(worktree);
    if (!found.ok) return found;
    const record = this.record(found.value.scan.path);
    if (!record.lastFailure) return ok(null);
    return ok({ failure: record.lastFailure, log: record.failureLog ?? '', prompt: record.failurePrompt ?? '' });
  }

  /** The handoff prompt's "last CI failure" for the worktree holding `cwd`. */
  async lastFailureText(cwd: string): Promise<string | null> {
    const found = await this.entryFor(cwd);
    if (!found.ok) return null;
    const record = this.record(found.value.scan.path);
    const failure = record.lastFailure;
    if (!failure) return null;
    const head = `${failure.source === 'ci' ? 'CI' : 'Local check'} failed: ${failure.names.join(', ')}${failure.step ? ` (step: ${failure.step})` : ''}${failure.url ? ` ${failure.url}` : ''}`;
    return record.failureLog ? `${head}\n${record.failureLog}` : head;
  }

  // ---- commands ----

  /** Switch auto-triage for a worktree; switching it on handles a failure that is already there. */
  async setAutoTriage(worktree: string, enabled: boolean): Promise<Result<CiWorktree>> {
    const found = await this.entryFor(worktree);
    if (!found.ok) return found;
    const entry = found.value;
    const record = this.record(entry.scan.path);
    record.autoTriage = enabled;
    if (!enabled) {
      entry.pending = null;
      entry.waitingFor = null;
    }
    await this.save();
    if (enabled) {
      await this.retriage(entry);
      this.poller.wake();
    }
    this.emitIfChanged();
    return ok(this.viewEntry(entry));
  }

  /** Run the `check` commands in a worktree now (or join the run in progress). */
  async runChecks(worktree: string): Promise<Result<LocalChecks>> {
    const found = await this.entryFor(worktree);
    if (!found.ok) return found;
    const entry = found.value;
    if (entry.localRun) return entry.localRun;
    entry.localRun = this.runLocal(entry).finally(() => {
      entry.localRun = null;
    });
    return entry.localRun;
  }

  /** Push the branch (`git push -u origin`, progress in the status) and open its PR against the target. */
  async createPr(input: CreatePrInput): Promise<Result<PullRequest>> {
    await this.refresh({ github: false });
    const found = await this.entryFor(input.worktree);
    if (!found.ok) return found;
    const entry = found.value;
    const { branch, github, target } = entry.scan;
    if (!branch) return err({ kind: 'DETACHED_HEAD', path: entry.scan.path });
    if (!github) return err({ kind: 'NO_GITHUB_REMOTE', path: entry.scan.repoPath, remote: entry.scan.remote });
    if (!target) return err({ kind: 'INVALID_INPUT', message: `${branch} has no target branch to open a pull request against` });
    if (entry.push && (entry.push.phase === 'pushing' || entry.push.phase === 'creating-pr')) {
      return err({ kind: 'INVALID_INPUT', message: `${branch} is already being pushed` });
    }
    const fail = (error: AppError): Result<PullRequest> => {
      entry.push = { phase: 'failed', progress: entry.push?.progress ?? null, error };
      this.emitIfChanged();
      return err(error);
    };
    entry.push = { phase: 'pushing', progress: null, error: null };
    this.emitIfChanged();
    let lastEmit = 0;
    const pushed = await pushBranch(entry.scan.path, branch, {
      onProgress: (line) => {
        if (!entry.push) return;
        entry.push = { ...entry.push, progress: line };
        // Progress lines come many per second: a tenth of a second is smooth enough.
        if (this.now() - lastEmit >= 100) {
          lastEmit = this.now();
          this.emitIfChanged();
        }
      },
    });
    if (!pushed.ok) return fail(pushed.error);
    entry.push = { phase: 'creating-pr', progress: entry.push.progress, error: null };
    this.emitIfChanged();
    const existing = await this.client.findPullRequest(github, branch);
    if (!existing.ok) return fail(existing.error);
    let pr = existing.value.value;
    if (!pr || pr.state === 'closed' || pr.state === 'merged') {
      const title = input.title ?? (await lastCommitSubject(entry.scan.path)) ?? branch;
      const created = await this.client.createPullRequest(github, { branch, base: target, title, body: input.body ?? '', draft: input.draft ?? false });
      if (!created.ok) return fail(created.error);
      pr = created.value;
    }
    entry.pr = pr;
    entry.push = { phase: 'done', progress: entry.push.progress, error: null };
    await this.refresh({ github: false });
    this.poller.wake();
    this.emitIfChanged();
    return ok(pr);
  }

  // ---- the cycle ----

  /** One cycle: scan git, then (unless `github: false`) read GitHub for watched branches. */
  refresh(options: { github?: boolean } = {}): Promise<PollOutcome> {
    // One cycle at a time: callers that arrive meanwhile share it (or the next, for a git-only scan).
    if (this.refreshing) return this.refreshing;
    this.refreshing = this.cycle(options.github ?? true).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async cycle(github: boolean): Promise<PollOutcome> {
    const repos = this.options.repos();
    const scanned = (await Promise.all(repos.map((repo) => scanRepo(repo, this.client.apiBase)))).flat();
    const seen = new Set<string>();
    for (const scan of scanned) {
      seen.add(scan.path);
      const entry = this.entries.get(scan.path);
      if (entry) {
        if (entry.scan.branch !== scan.branch) {
          entry.pr = null;
          entry.checks = NO_CHECKS;
        }
        entry.scan = scan;
      } else {
        this.entries.set(scan.path, newEntry(scan));
      }
    }
    for (const key of [...this.entries.keys()]) if (!seen.has(key)) this.entries.delete(key);
    this.scanned = true;
    const watched = [...this.entries.values()].filter((entry) => this.watched(entry));
    if (!github) {
      this.emitIfChanged();
      return watched.length > 0 ? { kind: 'ok' } : { kind: 'idle' };
    }
    if (watched.length === 0) {
      this.emitIfChanged();
      return { kind: 'idle' };
    }
    let outcome: PollOutcome = { kind: 'ok' };
    const queue = [...watched];
    const worker = async (): Promise<void> => {
      for (let entry = queue.shift(); entry && outcome.kind === 'ok'; entry = queue.shift()) {
        const read = await this.readGitHub(entry);
        if (read.ok) continue;
        const limited = this.client.state().limitedUntilMs;
        outcome = read.error.kind === 'GITHUB_RATE_LIMITED' && limited !== null ? { kind: 'limited', untilMs: limited } : { kind: 'error' };
      }
    };
    await Promise.all(Array.from({ length: Math.min(GITHUB_CONCURRENCY, watched.length) }, worker));
    this.lastPollAt = this.now();
    this.emitIfChanged();
    return outcome;
  }

  /**
   * Branches worth GitHub calls: pushed (an upstream), with a known PR, or with auto-triage on —
   * a worktree made by hand for `run --auto-handle-ci` often gets its PR from the agent
   * (`gh pr create`) or from another machine, without a local upstream.
   */
  private watched(entry: Entry): boolean {
    if (entry.scan.github === null || entry.scan.branch === null) return false;
    return entry.scan.upstream !== null || entry.pr !== null || this.state.worktrees[entry.scan.path]?.autoTriage === true;
  }

  private async readGitHub(entry: Entry): Promise<Result<null>> {
    const { github, branch } = entry.scan;
    if (!github || !branch) return ok(null);
    const found = await this.client.findPullRequest(github, branch);
    if (!found.ok) return found;
    entry.pr = found.value.value;
    const openPr = entry.pr && (entry.pr.state === 'open' || entry.pr.state === 'draft') ? entry.pr : null;
    const sha = openPr?.headSha ?? entry.scan.upstreamSha ?? entry.pr?.headSha ?? null;
    if (!sha) {
      entry.checks = NO_CHECKS;
      return ok(null);
    }
    const [runs, statuses] = await Promise.all([this.client.checkRuns(github, sha), this.client.combinedStatus(github, sha)]);
    if (!runs.ok) return runs;
    if (!statuses.ok) return statuses;
    const all: CiRun[] = [...runs.value.value.map(runFromCheck), ...statuses.value.value.map(runFromStatus)];
    entry.checks = buildChecks(sha, all, new Date(this.now()).toISOString());
    await this.onCiChecks(entry);
    return ok(null);
  }

  /** React to a fresh read of a branch's checks: passes reset counts, a new failure is described and triaged. */
  private async onCiChecks(entry: Entry): Promise<void> {
    const record = this.record(entry.scan.path);
    const { checks } = entry;
    const passed = checks.runs.filter((run) => run.state === 'success' || run.state === 'neutral').map((run) => checkKey('ci', run.name));
    const before = record.triage;
    record.triage = recordPassed(record.triage, passed);
    if (checks.state === 'success' && entry.pending?.source === 'ci') {
      entry.pending = null;
      entry.waitingFor = null;
    }
    if (checks.state !== 'failure') {
      if (record.triage !== before) await this.save();
      return;
    }
    const failing = checks.runs.filter((run) => run.state === 'failure');
    const keyed: FailureKeyed = {
      signature: failureSignature({ source: 'ci', sha: checks.sha, failing: failing.map((run) => `${run.name}#${run.jobId ?? run.url ?? ''}`) }),
      checks: failing.map((run) => checkKey('ci', run.name)),
    };
    let details: { step: string | null; prompt: string; steps: Map<string, string | null> } | null = null;
    if (record.lastFailure?.signature !== keyed.signature) {
      const described = await this.describeCiFailure(entry, failing);
      record.lastFailure = {
        source: 'ci',
        names: failing.map((run) => run.name),
        url: failing[0]?.url ?? null,
        step: described.steps.get(failing[0]?.name ?? '') ?? null,
        sha: checks.sha,
        at: new Date(this.now()).toISOString(),
        signature: keyed.signature,
      };
      record.failureLog = described.panelLog;
      details = { step: record.lastFailure.step, prompt: described.promptLog, steps: described.steps };
      await this.save();
    }
    const promptLog = details?.prompt ?? cleanLogTail(record.failureLog ?? '');
    const steps = details?.steps ?? new Map<string, string | null>([[record.lastFailure?.names[0] ?? '', record.lastFailure?.step ?? null]]);
    await this.triage(entry, keyed, 'ci', (attempt) =>
      buildTriagePrompt({
        source: 'ci',
        branch: entry.scan.branch,
        sha: checks.sha,
        checks: failing.map((run) => ({ name: run.name, url: run.url, step: steps.get(run.name) ?? null })),
        logTail: promptLog,
        attempt,
        maxAttempts: this.policy.maxAttempts,
      }),
    );
  }

  /** Fetch the failing jobs' steps and logs (Actions only), cleaned and masked. */
  private async describeCiFailure(
    entry: Entry,
    failing: readonly CiRun[],
  ): Promise<{ steps: Map<string, string | null>; promptLog: string; panelLog: string }> {
    const steps = new Map<string, string | null>();
    const promptParts: string[] = [];
    const panelParts: string[] = [];
    const github = entry.scan.github!;
    const known = this.client.secretsToMask();
    const withLogs = failing.filter((run) => run.jobId !== null).slice(0, MAX_LOGS_PER_FAILURE);
    for (const run of withLogs) {
      const [step, log] = await Promise.all([this.client.failingStep(github, run.jobId!), this.client.jobLogTail(github, run.jobId!)]);
      const raw = log.ok ? log.value : '';
      steps.set(run.name, (step.ok ? step.value : null) ?? (raw ? failingStepFromLog(raw) : null));
      if (!raw) continue;
      const title = withLogs.length > 1 ? `── ${run.name} ──\n` : '';
      promptParts.push(title + cleanLogTail(raw, { lines: Math.max(15, Math.floor(40 / withLogs.length)), known }));
      panelParts.push(title + cleanLogTail(raw, { lines: PANEL_LOG_LINES, chars: Math.floor(MAX_FAILURE_LOG_CHARS / withLogs.length) - 100, known }));
    }
    return { steps, promptLog: promptParts.join('\n'), panelLog: panelParts.join('\n') };
  }

  // ---- local checks ----

  private async runLocal(entry: Entry): Promise<Result<LocalChecks>> {
    const commands = await this.options.checkCommands(entry.scan.repoPath);
    if (!commands.ok) return commands;
    if (commands.value.length === 0) return err({ kind: 'NO_CHECK_COMMAND', path: entry.scan.repoPath });
    const head = await readHead(entry.scan.path);
    entry.local = { state: 'running', commands: [...commands.value], failed: null, exitCode: null, head, finishedAt: null };
    this.emitIfChanged();
    const outcome = await runLocalChecks(commands.value, { cwd: entry.scan.path, env: this.options.env });
    entry.local = {
      state: outcome.ok ? 'success' : 'failure',
      commands: [...commands.value],
      failed: outcome.failed,
      exitCode: outcome.exitCode,
      head,
      finishedAt: new Date(this.now()).toISOString(),
    };
    const record = this.record(entry.scan.path);
    if (outcome.ok) {
      record.triage = recordPassed(record.triage, commands.value.map((command) => checkKey('local', command)));
      if (entry.pending?.source === 'local') {
        entry.pending = null;
        entry.waitingFor = null;
      }
      await this.save();
      this.emitIfChanged();
      return ok(entry.local);
    }
    const failed = outcome.failed ?? commands.value[0]!;
    const keyed: FailureKeyed = {
      signature: failureSignature({ source: 'local', sha: head, failing: [`${failed}#${outcome.exitCode ?? 'spawn'}`] }),
      checks: [checkKey('local', failed)],
    };
    const known = this.client.secretsToMask();
    record.lastFailure = { source: 'local', names: [failed], url: null, step: null, sha: head, at: new Date(this.now()).toISOString(), signature: keyed.signature };
    record.failureLog = cleanLogTail(outcome.output, { lines: PANEL_LOG_LINES, chars: MAX_FAILURE_LOG_CHARS, known });
    await this.save();
    const tail = cleanLogTail(outcome.output, { known });
    await this.triage(entry, keyed, 'local', (attempt) =>
      buildTriagePrompt({
        source: 'local',
        branch: entry.scan.branch,
        sha: head,
        checks: [{ name: failed, url: null, step: outcome.exitCode === null ? null : `exit code ${outcome.exitCode}` }],
        logTail: tail,
        attempt,
        maxAttempts: this.policy.maxAttempts,
      }),
    );
    this.emitIfChanged();
    return ok(entry.local);
  }

  // ---- triage ----

  private async triage(entry: Entry, keyed: FailureKeyed, source: 'ci' | 'local', prompt: (attempt: number) => string): Promise<void> {
    const record = this.record(entry.scan.path);
    if (!record.autoTriage || this.options.passive) return;
    if (entry.pending?.keyed.signature === keyed.signature) {
      this.deliver(entry);
      return;
    }
    const decision = decideTriage(record.triage, keyed, this.policy, this.now());
    switch (decision.action) {
      case 'duplicate':
      case 'silent':
        return;
      case 'escalate': {
        entry.pending = null;
        entry.waitingFor = null;
        record.triage = recordEscalated(record.triage, keyed, this.now());
        await this.save();
        const name = decision.check.slice(decision.check.indexOf(':') + 1);
        const why =
          decision.reason === 'attempts'
            ? `still failing after ${decision.attempts} attempt${decision.attempts === 1 ? '' : 's'}`
            : `still failing after ${Math.round(this.policy.escalateAfterMs / 60_000)} minutes`;
        this.options.notify({
          sessionId: this.agentFor(entry.scan.path)?.sessionId ?? null,
          title: `${source === 'ci' ? 'CI' : 'Local check'} needs you: ${name}`,
          body: `${entry.scan.branch ?? path.basename(entry.scan.path)}: ${why}; auto-triage stopped`,
        });
        this.emitIfChanged();
        return;
      }
      case 'send': {
        // Masked as a whole too: a check's name or command line may carry a secret of its own.
        const text = maskSecrets(prompt(decision.attempt), this.client.secretsToMask());
        record.failurePrompt = text;
        entry.pending = { keyed, source, prompt: text };
        this.deliver(entry);
        return;
      }
    }
  }

  /** Type the waiting prompt into the worktree's agent if it is idle and its pane is quiet. */
  private deliver(entry: Entry): void {
    const pending = entry.pending;
    if (!pending || this.disposed) return;
    const agent = this.agentFor(entry.scan.path);
    const before = entry.waitingFor;
    if (!agent) {
      entry.waitingFor = 'no-agent';
    } else if (agent.status !== 'idle') {
      entry.waitingFor = 'agent-busy';
    } else {
      const typedAt = this.options.terminals.lastUserInputAt(agent.sessionId);
      const quietFor = typedAt === null ? Infinity : this.now() - typedAt;
      if (quietFor < this.typingQuietMs) {
        entry.waitingFor = 'user-typing';
        this.retryLater(entry, this.typingQuietMs - quietFor + 50);
      } else {
        const sent = this.options.terminals.input(agent.sessionId, typedPromptBytes(pending.prompt), 'engine');
        if (sent.ok) {
          const record = this.record(entry.scan.path);
          record.triage = recordSent(record.triage, pending.keyed, this.now());
          entry.pending = null;
          entry.waitingFor = null;
          entry.lastSentAt = this.now();
          this.background(this.save());
        } else {
          entry.waitingFor = 'no-agent';
        }
      }
    }
    if (before !== entry.waitingFor || entry.pending === null) this.emitIfChanged();
  }

  private retryLater(entry: Entry, ms: number): void {
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      this.deliver(entry);
    }, ms);
    timer.unref();
    this.retryTimers.add(timer);
  }

  /** Switching triage on: handle the failure that is already there. */
  private async retriage(entry: Entry): Promise<void> {
    if (entry.checks.state === 'failure') await this.onCiChecks(entry);
    else if (entry.local.state === 'failure') await this.runChecks(entry.scan.path);
  }

  /** The worktree a folder is in (the deepest, for worktrees nested inside the main checkout). */
  private owning(folder: string): Entry | undefined {
    let best: Entry | undefined;
    for (const entry of this.entries.values()) {
      if (isInside(folder, entry.scan.path) && (!best || entry.scan.path.length > best.scan.path.length)) best = entry;
    }
    return best;
  }

  /** The newest live agent session in the worktree. */
  private agentFor(worktree: string): AgentSession | null {
    const agents = this.options.agents
      .list()
      .filter((agent) => agent.status !== 'exited' && this.owning(agent.cwd)?.scan.path === worktree)
      .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
    return agents[0] ?? null;
  }

  private onAgentsChanged(): void {
    if (this.disposed) return;
    for (const agent of this.options.agents.list()) {
      const previous = this.agentStatus.get(agent.sessionId);
      this.agentStatus.set(agent.sessionId, agent.status);
      if (previous === agent.status) continue;
      if (agent.status === 'working') {
        const entry = this.owning(agent.cwd);
        // The last checked commit, else the last scanned one: possibly older than the real HEAD,
        // which at worst checks a commit made by hand too; never newer, so no agent commit is missed.
        this.headAtTurnStart.set(agent.sessionId, entry ? (entry.local.head ?? entry.scan.head) : null);
      } else if (previous === 'working' && (agent.status === 'idle' || agent.status === 'needs-input')) {
        this.background(this.afterTurn(agent));
      }
    }
    for (const entry of this.entries.values()) if (entry.pending) this.deliver(entry);
  }

  /** A turn ended: new commits → run the local checks; the agent may have pushed → poll soon. */
  private async afterTurn(agent: AgentSession): Promise<void> {
    const startHead = this.headAtTurnStart.get(agent.sessionId) ?? null;
    this.headAtTurnStart.delete(agent.sessionId);
    const head = await readHead(agent.cwd);
    if (head === null || head === startHead) return;
    this.poller.wake();
    const entry = this.owning(agent.cwd);
    if (!entry || agent.status !== 'idle') return;
    const commands = await this.options.checkCommands(entry.scan.repoPath);
    if (commands.ok && commands.value.length > 0) await this.runChecks(entry.scan.path);
  }

  // ---- views and state ----

  private async entryFor(worktree: string): Promise<Result<Entry>> {
    if (!this.scanned) await this.refresh({ github: false });
    const wanted = path.resolve(worktree);
    const find = (): Entry | undefined => this.owning(wanted);
    let entry = find();
    if (!entry) {
      await this.refresh({ github: false });
      entry = find();
    }
    return entry ? ok(entry) : err({ kind: 'WORKTREE_NOT_FOUND', path: worktree });
  }

  private record(worktree: string): CiRecord {
    let record = this.state.worktrees[worktree];
    if (!record) {
      record = emptyRecord();
      this.state.worktrees[worktree] = record;
    }
    return record;
  }

  private view(): CiStatus {
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

  private viewEntry(entry: Entry): CiWorktree {
    return viewWorktree(entry, this.state.worktrees[entry.scan.path] ?? emptyRecord(), {
      maxAttempts: this.policy.maxAttempts,
      watched: this.watched(entry),
    });
  }

  private emitIfChanged(): void {
    if (this.disposed) return;
    const status = this.view();
    // Times that move on every poll do not make a change by themselves.
    const key = JSON.stringify({ ...status, lastPollAt: null, worktrees: status.worktrees.map((w) => ({ ...w, checks: { ...w.checks, updatedAt: null } })) });
    if (key === this.lastEmitted) return;
    this.lastEmitted = key;
    this.changes.emit(status);
  }

  private save(): Promise<void> {
    return this.store.save(this.state).catch((error: unknown) => console.error(`[ci] saving ci.json failed: ${(error as Error).message}`));
  }

  private background(work: Promise<unknown>): void {
    work.catch((error: unknown) => console.error(`[ci] ${(error as Error).message}`));
  }
}

/** HEAD's commit, null when unborn or unreadable (a worktree being removed). */
async function readHead(cwd: string): Promise<string | null> {
  const head = await currentHead(cwd).catch(() => null);
  return head?.ok ? head.value : null;
}

/** The subject of HEAD's commit: the default title of a PR. */
async function lastCommitSubject(cwd: string): Promise<string | null> {
  const commits = await logCommits(cwd, { revisions: ['HEAD'], maxCount: 1 }).catch(() => null);
  return commits?.ok ? (commits.value[0]?.subject || null) : null;
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(path.resolve(parent), path.resolve(child));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
