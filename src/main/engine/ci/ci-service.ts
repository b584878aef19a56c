/**
 * CI: watches the checks of every worktree branch that has a PR or an upstream, runs the
 * repository's local checks, and sends failures back to the agent working in that worktree.
 *
 * One cycle ({@link CiService.refresh}, `ci-cycle.ts`) = a git scan of every repository
 * (`ci-scan.ts`, no network) + for each watched branch its PR, check runs and commit statuses
 * (conditional requests: an unchanged answer is a free 304). A change of state is a `ci.changed`
 * event. A new failure has its jobs' logs fetched, cleaned and masked (`ci-failure.ts`,
 * `log-clean.ts`); with auto-triage on, the policy (`triage-policy.ts`: dedupe by persisted
 * signature, N attempts, a time limit) decides whether to type a prompt into the worktree's
 * agent — only while the agent is idle and nobody typed into its pane for a moment
 * (`triage-delivery.ts`) — or to notify the user instead.
 *
 * This class is the public face: it wires the parts over one shared `CiContext` and delegates.
 * Background work (the poll loop, reacting to agents finishing turns, `ci-agent-turns.ts`) starts
 * only with {@link CiService.start}, which the composition root calls when the engine is not
 * one-shot; every query also works on demand without it.
 */
import type { CiFailureLog, CiStatus, CiWorktree, CreatePrInput, LocalChecks, PullRequest } from '../../../shared/protocol/ci.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { EventBus } from '../events/index.ts';
import type { Entry } from './ci-entry.ts';
import { CiAgentTurns } from './ci-agent-turns.ts';
import { CiContext, type CiServiceOptions } from './ci-context.ts';
import { createPullRequest } from './ci-create-pr.ts';
import { CiCycle } from './ci-cycle.ts';
import { onCiChecks } from './ci-failure.ts';
import type { PollOutcome } from './ci-poller.ts';
import { runChecksIn } from './local-check-run.ts';
import { TriageDelivery } from './triage-delivery.ts';

export { CI_MAX_BACKOFF_MS, CI_POLL_MS, type CiAgents, type CiServiceOptions, type CiTerminals } from './ci-context.ts';
export { TYPING_QUIET_MS } from './triage-delivery.ts';

export class CiService {
  private readonly ctx: CiContext;
  private readonly delivery: TriageDelivery;
  private readonly cycle: CiCycle;
  private readonly turns: CiAgentTurns;
  private readonly disposers: (() => void)[] = [];
  private readonly cycleListeners = new EventBus<PollOutcome>();
  private started = false;

  constructor(options: CiServiceOptions) {
    this.ctx = new CiContext(options, {
      run: () => this.refresh(),
      onCycle: (outcome) => this.cycleListeners.emit(outcome),
    });
    this.delivery = new TriageDelivery(this.ctx);
    this.cycle = new CiCycle(this.ctx, this.delivery);
    this.turns = new CiAgentTurns(this.ctx, this.delivery, (worktree) => this.runChecks(worktree));
  }

  /** Read `ci.json` (toggles, signatures, last failures). */
  load(): Promise<void> {
    return this.ctx.load();
  }

  /**
   * Start the background work: the poll loop (asleep while nothing is watched), local checks
   * after an agent's turn that made commits, and delivery of waiting prompts when agents go idle.
   * Not called in one-shot engines.
   */
  start(): void {
    if (this.started || this.ctx.disposed) return;
    this.started = true;
    this.disposers.push(this.turns.start());
    this.ctx.poller.start();
  }

  /** Wake the poller (a repository or worktree changed, a branch was pushed). */
  wake(): void {
    this.ctx.poller.wake();
  }

  /** Subscribe to status changes; returns the disposer. */
  onDidChange(listener: (status: CiStatus) => void): () => void {
    return this.ctx.changes.on(listener);
  }

  /** After every background poll cycle (tests wait on this instead of on time). */
  onDidPoll(listener: (outcome: PollOutcome) => void): () => void {
    return this.cycleListeners.on(listener);
  }

  async dispose(): Promise<void> {
    if (this.ctx.disposed) return;
    this.ctx.disposed = true;
    for (const dispose of this.disposers.splice(0)) dispose();
    this.delivery.dispose();
    await this.ctx.poller.stop();
    await this.cycle.settled();
    await Promise.all([...this.ctx.entries.values()].map((entry) => entry.localRun?.catch(() => undefined)));
    await this.ctx.saveLast();
  }

  // ---- queries ----

  /** Every worktree's CI state; `refresh` reads git and GitHub first (the CLI, one-shot engines). */
  async status(input: { repoId?: string; refresh?: boolean } = {}): Promise<Result<CiStatus>> {
    if (input.repoId !== undefined && !this.ctx.options.repos().some((repo) => repo.id === input.repoId)) {
      return err({ kind: 'REPO_NOT_FOUND', repoId: input.repoId });
    }
    if (input.refresh) await this.refresh();
    else if (!this.cycle.scanned) await this.refresh({ github: false });
    const status = this.ctx.view();
    return ok(input.repoId === undefined ? status : { ...status, worktrees: status.worktrees.filter((w) => w.repoId === input.repoId) });
  }

  /**
   * Use a GitHub token the user entered in the app (null forgets it), held in memory only; the
   * next poll (started now) uses it. Returns the view, which says where the token came from.
   */
  setToken(token: string | null): Result<CiStatus> {
    this.ctx.client.setAppToken(token);
    this.ctx.poller.wake();
    return ok(this.ctx.view());
  }

  /** What is known now, without reading git or GitHub (the event stream's first CI event). */
  current(): CiStatus {
    return this.ctx.view();
  }

  /** The last failure's log and prompt of a worktree, null when it has none. */
  async failureLog(worktree: string): Promise<Result<CiFailureLog | null>> {
    const found = await this.cycle.entryFor(worktree);
    if (!found.ok) return found;
    const record = this.ctx.record(found.value.scan.path);
    if (!record.lastFailure) return ok(null);
    return ok({ failure: record.lastFailure, log: record.failureLog ?? '', prompt: record.failurePrompt ?? '' });
  }

  /** The handoff prompt's "last CI failure" for the worktree holding `cwd`. */
  async lastFailureText(cwd: string): Promise<string | null> {
    const found = await this.cycle.entryFor(cwd);
    if (!found.ok) return null;
    const record = this.ctx.record(found.value.scan.path);
    const failure = record.lastFailure;
    if (!failure) return null;
    const head = `${failure.source === 'ci' ? 'CI' : 'Local check'} failed: ${failure.names.join(', ')}${failure.step ? ` (step: ${failure.step})` : ''}${failure.url ? ` ${failure.url}` : ''}`;
    return record.failureLog ? `${head}\n${record.failureLog}` : head;
  }

  // ---- commands ----

  /** Switch auto-triage for a worktree; switching it on handles a failure that is already there. */
  async setAutoTriage(worktree: string, enabled: boolean): Promise<Result<CiWorktree>> {
    const found = await this.cycle.entryFor(worktree);
    if (!found.ok) return found;
    const entry = found.value;
    const record = this.ctx.record(entry.scan.path);
    record.autoTriage = enabled;
    if (!enabled) {
      entry.pending = null;
      entry.waitingFor = null;
    }
    await this.ctx.save();
    if (enabled) {
      await this.retriage(entry);
      this.ctx.poller.wake();
    }
    this.ctx.emitIfChanged();
    return ok(this.ctx.viewEntry(entry));
  }

  /** Run the `check` commands in a worktree now (or join the run in progress). */
  async runChecks(worktree: string): Promise<Result<LocalChecks>> {
    const found = await this.cycle.entryFor(worktree);
    if (!found.ok) return found;
    return runChecksIn(this.ctx, this.delivery, found.value);
  }

  /** Push the branch (`git push -u origin`, progress in the status) and open its PR against the target. */
  createPr(input: CreatePrInput): Promise<Result<PullRequest>> {
    return createPullRequest(this.ctx, this.cycle, input);
  }

  /** One cycle: scan git, then (unless `github: false`) read GitHub for watched branches. */
  refresh(options: { github?: boolean } = {}): Promise<PollOutcome> {
    return this.cycle.refresh(options);
  }

  /** Switching triage on: handle the failure that is already there. */
  private async retriage(entry: Entry): Promise<void> {
    if (entry.checks.state === 'failure') await onCiChecks(this.ctx, this.delivery, entry);
    else if (entry.local.state === 'failure') await this.runChecks(entry.scan.path);
  }
}
