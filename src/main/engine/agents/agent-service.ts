/**
 * Agents: launch coding-agent CLIs in worktrees, bring them back after a restart, and start
 * fresh sessions with a handoff. The public face of the agents domain.
 *
 * An agent session is a terminal session (same id, same pane) plus what this domain adds. The
 * work is split three ways, and this service only composes them:
 * - launching (`launch/agent-launcher.ts`): installed?, arguments, environment, hooks;
 * - the session registry (`registry/session-registry.ts`): records, `agents.json`, early hooks;
 * - status tracking (`status/status-tracking.ts`): trackers, hooks, typing, stalls, context
 *   fill, and what goes to the notifications service.
 * Restoring after a restart (here) uses all three: each agent that was running comes back in
 * its pane, resumed with the CLI's resume arguments where it has them, otherwise a shell in the
 * same worktree, with the old screen above.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type {
  AgentProfileInfo,
  AgentSession,
  FanOutInput,
  FanOutResult,
  HandoffInput,
  HandoffPreview,
  HandoffResult,
  LaunchAgentInput,
} from '../../../shared/protocol/agents.ts';
import { MAX_PANES } from '../../../shared/protocol/layout.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { EventBus } from '../events/index.ts';
import type { LayoutService } from '../layout/index.ts';
import { Disposables } from '../lifecycle/index.ts';
import type { NotificationService } from '../notifications/index.ts';
import type { SettingsService } from '../settings/index.ts';
import type { RespawnInput, TerminalService } from '../terminals/index.ts';
import type { AgentUsageSource } from './agent-usage.ts';
import { collectHandoffFacts } from './handoff/handoff-facts.ts';
import { buildHandoffPrompt } from './handoff/handoff-prompt.ts';
import { AgentLauncher } from './launch/agent-launcher.ts';
import { describeProfile } from './profiles/describe-profile.ts';
import { restoreChoice } from './profiles/launch-args.ts';
import { ProfileLookup } from './profiles/profile-lookup.ts';
import type { RepoAgentEntry } from './profiles/resolve-profiles.ts';
import type { AgentRecord } from './registry/agent-store.ts';
import { placeOf, SessionRegistry, type Tracked } from './registry/session-registry.ts';
import { codexHomeOf, findCodexThread } from './restore/codex-thread-finder.ts';
import { followCodexThread } from './restore/codex-thread-follower.ts';
import { restoreBanner, restorePreface } from './restore/restore-preface.ts';
import { StatusTracking } from './status/status-tracking.ts';
import { exitedState, initialState } from './status/status-machine.ts';

/** The layout commands the service needs (the engine's LayoutService). */
export type AgentLayout = Pick<LayoutService, 'hasRoom' | 'open' | 'replace'>;

/** A registered repository, as far as agents care. */
export interface AgentRepo {
  readonly id: string;
  readonly name: string;
  readonly path: string;
}

export interface AgentServiceOptions {
  home: string;
  terminals: TerminalService;
  layout: AgentLayout;
  settings: SettingsService;
  /** Where status changes become notifications. */
  notifications: NotificationService;
  /** Registered repositories (names for notifications, main checkout for handoffs). */
  repos: () => readonly AgentRepo[];
  /** The repository config's `agents` (its `agent-orchestrator.json`), or INVALID_CONFIG. */
  repoAgents?: (repoId: string) => Promise<Result<Readonly<Record<string, RepoAgentEntry>>>>;
  /** Base environment of sessions (as the terminal service's); PATH decides what is installed. */
  env?: NodeJS.ProcessEnv;
  /** Context fill, stalls and status lines; null without a usage module. */
  usage?: AgentUsageSource | null;
  /** The last CI failure of a worktree's branch, when a CI module knows it. */
  ciFailure?: (cwd: string, branch: string | null) => Promise<string | null>;
  now?: () => number;
  /** Node used to run the hook helper (default: this process's). */
  hookNode?: string;
  /** Screen classification delay (tests). */
  classifyDelayMs?: number;
  /** Hook file poll interval (tests). */
  hookPollMs?: number;
  /** Wait before each look for a Codex thread id, by attempt (tests; default codex-thread-follower's). */
  codexLookDelay?: (attempt: number) => number;
}

export class AgentService {
  private readonly registry: SessionRegistry;
  private readonly launcher: AgentLauncher;
  private readonly status: StatusTracking;
  private readonly lookup: ProfileLookup;
  private readonly changes = new EventBus<void>();
  private readonly owned = new Disposables();
  private readonly now: () => number;
  private readonly env: NodeJS.ProcessEnv;
  private readonly usage: AgentUsageSource | null;
  /** Codex sessions whose thread id is being followed: session id → stop. */
  private readonly following = new Map<string, () => void>();

  constructor(private readonly options: AgentServiceOptions) {
    this.now = options.now ?? Date.now;
    this.env = options.env ?? process.env;
    this.usage = options.usage ?? null;
    this.registry = new SessionRegistry(options.home);
    this.lookup = new ProfileLookup({
      customAgents: () => options.settings.get().agents.custom,
      repoAgents: options.repoAgents,
    });
    this.launcher = new AgentLauncher({
      home: options.home,
      settings: options.settings,
      env: this.env,
      usage: this.usage,
      ...(options.hookNode ? { hookNode: options.hookNode } : {}),
      ...(options.hookPollMs ? { hookPollMs: options.hookPollMs } : {}),
    });
    this.status = new StatusTracking({
      registry: this.registry,
      terminals: options.terminals,
      settings: options.settings,
      notifications: options.notifications,
      usage: this.usage,
      env: this.env,
      now: this.now,
      place: (record) => placeOf(record, options.repos()),
      changed: () => this.changes.emit(),
      recordChanged: () => this.background(this.registry.save()),
      releaseHooks: (key) => this.background(this.launcher.release(key)),
      wentIdle: (tracked) => this.lookForCodexThread(tracked, true),
      ...(options.classifyDelayMs !== undefined ? { classifyDelayMs: options.classifyDelayMs } : {}),
      onError: (error) => this.background(Promise.reject(error)),
    });
  }

  /**
   * Install the hook helper, read `agents.json`, and bring back the agents that were running
   * when the engine stopped. Call after the terminal service has loaded its sessions.
   */
  async load(): Promise<void> {
    const { terminals, settings } = this.options;
    await this.launcher.start();
    this.owned.add(this.launcher.hooks.onEvent((event) => this.status.hook(event)));
    this.owned.add(this.launcher.hooks.onStatusLine((event) => this.status.statusLine(event)));
    this.owned.add(terminals.onDidInput((sessionId, data) => this.status.input(sessionId, data)));
    this.owned.add(terminals.onDidChange(() => this.onSessionsChanged()));
    if (this.usage) this.owned.add(this.usage.onDidChange((event) => this.status.usageChanged(event.what)));

    const infos = new Map(terminals.list().map((info) => [info.id, info]));
    const resume = settings.get().agents.resumeOnRestart;
    for (const record of await this.registry.loadRecords()) {
      const info = infos.get(record.sessionId);
      if (!info || this.registry.has(record.sessionId)) continue;
      if (record.running && info.status === 'exited' && info.exitCode === null && resume) {
        await this.restore(record);
      } else {
        const profile = await this.lookup.forRecord(record.agentId, record.repoId);
        this.status.track(record, profile, exitedState(this.now(), info.exitCode), null, null);
      }
    }
    await this.registry.save();
    this.changes.emit();
  }

  /**
   * Built-in and custom agents (plus the repository's), and whether each is installed. A broken
   * repository config leaves its agents out rather than every agent (the worktree views report
   * the config error itself).
   */
  async profiles(repoId?: string): Promise<Result<AgentProfileInfo[]>> {
    const cwd = this.repoPath(repoId ?? null) ?? this.options.home;
    const profiles = await this.lookup.all(repoId ?? null);
    return ok(await Promise.all(profiles.map((profile) => describeProfile(profile, cwd, this.env))));
  }

  /** Every agent session, in creation order. */
  list(): AgentSession[] {
    return this.registry.all().map((tracked) => this.registry.view(tracked));
  }

  /** Start an agent in a worktree (a new pane, focused). */
  async launch(input: LaunchAgentInput, extra: { handoffFrom?: string; placeAfter?: string | null; replace?: string } = {}): Promise<Result<AgentSession>> {
    if (this.owned.isDisposed) return err({ kind: 'INTERNAL', message: 'the agents service is shut down' });
    // Every agent gets a pane: refuse before starting one that could not be seen.
    if (!extra.replace && !this.options.layout.hasRoom()) return err({ kind: 'TOO_MANY_PANES', max: MAX_PANES });
    const repoId = input.repoId ?? null;
    const found = await this.lookup.find(input.agentId, repoId);
    if (!found.ok) return found;
    const profile = found.value;
    const cwd = path.resolve(input.cwd);
    if (!(await this.launcher.isInstalled(profile, cwd))) {
      return err({ kind: 'AGENT_NOT_INSTALLED', agentId: profile.id, command: profile.command, installHint: profile.installHint });
    }
    const pinnedId = profile.pinSessionArgs ? randomUUID() : null;
    const prompt = input.prompt?.trim() ? input.prompt : null;
    const plan = await this.launcher.plan(profile, cwd, { prompt, session: { kind: 'new', pinnedId } });
    const startedAt = new Date(this.now()).toISOString();
    const created = await this.options.terminals.create({
      cwd,
      repoId,
      command: plan.command,
      args: plan.args,
      env: plan.env,
      title: input.title ?? `${profile.name} · ${path.basename(cwd)}`,
      cols: input.cols,
      rows: input.rows,
    });
    if (!created.ok) {
      await this.launcher.release(plan.hookKey);
      return created;
    }
    const record: AgentRecord = {
      sessionId: created.value.id,
      agentId: profile.id,
      agentName: profile.name,
      repoId,
      cwd: created.value.cwd,
      prompt,
      agentSessionId: pinnedId,
      createdAt: startedAt,
      handoffFrom: extra.handoffFrom ?? null,
      running: true,
      restored: null,
      startedAt,
    };
    // Working from the start when the task is on the command line; typed prompts count once typed.
    const working = prompt !== null && plan.typedPrompt === null;
    const tracked = this.status.track(record, profile, initialState(this.now(), working), plan.hookKey, plan.typedPrompt);
    if (pinnedId) this.usage?.pin(pinnedId, record.sessionId);
    this.lookForCodexThread(tracked);
    await this.registry.save();
    this.changes.emit();
    const { layout } = this.options;
    await (extra.replace
      ? layout.replace(extra.replace, record.sessionId)
      : layout.open({ sessionId: record.sessionId, after: extra.placeAfter ?? null }));
    return ok(this.registry.view(tracked));
  }

  /** The same task in several worktrees, one session (and pane) each; one failure does not stop the others. */
  async fanOut(input: FanOutInput): Promise<Result<FanOutResult>> {
    const found = await this.lookup.find(input.agentId, input.targets[0]?.repoId ?? null);
    if (!found.ok) return found;
    const results: FanOutResult = [];
    // One after another, so the panes appear in the order of the targets.
    for (const target of input.targets) {
      const launched = await this.launch({
        agentId: input.agentId,
        cwd: target.cwd,
        repoId: target.repoId ?? null,
        prompt: input.prompt,
        cols: input.cols,
        rows: input.rows,
      });
      results.push({ cwd: target.cwd, session: launched.ok ? launched.value : null, error: launched.ok ? null : launched.error });
    }
    return ok(results);
  }

  /** The handoff prompt for a session, without starting anything. */
  async handoffPreview(sessionId: string, notes: string | null): Promise<Result<HandoffPreview>> {
    const tracked = this.registry.get(sessionId);
    if (!tracked) return err(this.options.terminals.list().some((s) => s.id === sessionId) ? { kind: 'NOT_AN_AGENT_SESSION', sessionId } : { kind: 'SESSION_NOT_FOUND', sessionId });
    const { record } = tracked;
    const facts = await collectHandoffFacts({
      cwd: record.cwd,
      mainPath: this.repoPath(record.repoId),
      task: record.prompt,
      notes,
      ciFailure: this.options.ciFailure ? await this.options.ciFailure(record.cwd, null).catch(() => null) : null,
    });
    return ok({ prompt: buildHandoffPrompt(facts), facts });
  }

  /** A fresh session in the same worktree seeded with a handoff prompt; the old one is closed or kept. */
  async handoff(input: HandoffInput): Promise<Result<HandoffResult>> {
    const old = this.registry.get(input.sessionId);
    if (!old) return err({ kind: 'NOT_AN_AGENT_SESSION', sessionId: input.sessionId });
    let prompt = input.prompt ?? null;
    if (prompt === null) {
      const preview = await this.handoffPreview(input.sessionId, input.notes ?? null);
      if (!preview.ok) return preview;
      prompt = preview.value.prompt;
    }
    const launched = await this.launch(
      { agentId: input.agentId ?? old.record.agentId, cwd: old.record.cwd, repoId: old.record.repoId, prompt, cols: input.cols, rows: input.rows },
      { handoffFrom: old.record.sessionId, placeAfter: old.record.sessionId, ...(input.closeOld ? { replace: old.record.sessionId } : {}) },
    );
    if (!launched.ok) return launched;
    if (input.closeOld) await this.options.terminals.remove(old.record.sessionId);
    return ok({ session: launched.value, closed: input.closeOld });
  }

  /** Show and focus a session's pane (a clicked notification). */
  async focus(sessionId: string): Promise<Result<null>> {
    const opened = await this.options.layout.open({ sessionId });
    return opened.ok ? ok(null) : opened;
  }

  onDidChange(listener: () => void): () => void {
    return this.changes.on(listener);
  }

  /**
   * Stop tracking and save, before the terminal service shuts down: sessions that are running
   * now stay marked running, so the next engine brings them back.
   */
  async dispose(): Promise<void> {
    if (this.owned.isDisposed) return;
    await this.owned.dispose();
    this.status.dispose();
    await this.registry.save();
    await this.launcher.dispose();
  }

  // ---- restoring after a restart ----

  private async restore(record: AgentRecord): Promise<void> {
    const { terminals } = this.options;
    const profile = await this.lookup.forRecord(record.agentId, record.repoId);
    const choice = (await this.launcher.isInstalled(profile, record.cwd)) ? restoreChoice(profile, record.agentSessionId) : null;
    const when = new Date(this.now());
    if (choice) {
      const plan = await this.launcher.plan(profile, record.cwd, { prompt: null, session: choice });
      const restored = choice.kind === 'resume' ? 'resumed' : 'continued';
      const respawn: RespawnInput = {
        command: plan.command,
        args: plan.args,
        env: plan.env,
        preface: (snapshot, rows) => restorePreface(snapshot, rows, restoreBanner(restored, profile.name, when)),
      };
      const result = await terminals.respawn(record.sessionId, respawn);
      if (result.ok) {
        const next: AgentRecord = { ...record, running: true, restored, startedAt: when.toISOString() };
        const tracked = this.status.track(next, profile, initialState(this.now(), false), plan.hookKey, null);
        if (record.agentSessionId) this.usage?.pin(record.agentSessionId, record.sessionId);
        this.lookForCodexThread(tracked);
        return;
      }
      await this.launcher.release(plan.hookKey);
      console.error(`[agents] could not resume ${record.agentId} in ${record.cwd}: ${result.error.kind}`);
    }
    // No way to resume it here: a shell in the same worktree, the old screen above. It is no
    // longer an agent session, so its record is dropped.
    const shell = await terminals.respawn(record.sessionId, {
      preface: (snapshot, rows) => restorePreface(snapshot, rows, restoreBanner('shell', profile.name, when)),
    });
    if (!shell.ok) {
      this.status.track({ ...record, running: false }, profile, exitedState(this.now(), null), null, null);
    }
  }

  /** Sessions removed from the terminal list (a closed pane) stop being agents. */
  private onSessionsChanged(): void {
    if (this.owned.isDisposed) return;
    const alive = new Set(this.options.terminals.list().map((info) => info.id));
    if (!this.status.forgetRemoved(alive)) return;
    this.background(this.registry.save());
    this.changes.emit();
  }

  /**
   * Learn a Codex session's thread id from its rollout file (without hooks, or before the first
   * notify): followed from launch until found or the session ends, and looked for at once each
   * time it goes idle (a turn just ended, so the rollout exists now).
   */
  private lookForCodexThread(tracked: Tracked, once = false): void {
    if (tracked.profile.id !== 'codex' || tracked.record.agentSessionId) return;
    const sessionId = tracked.record.sessionId;
    const look = async (): Promise<'found' | 'stop' | 'again'> => {
      const current = this.registry.get(sessionId);
      if (!current || !current.record.running || this.owned.isDisposed) return 'stop';
      if (current.record.agentSessionId) return 'found';
      const found = await findCodexThread({
        codexHome: codexHomeOf({ ...this.env, ...current.profile.env }),
        cwd: current.record.cwd,
        startedAtMs: Date.parse(current.record.startedAt),
        exclude: this.registry.claimedAgentSessionIds(),
      });
      if (this.owned.isDisposed) return 'stop';
      if (current.record.agentSessionId) return 'found';
      if (!found) return 'again';
      current.record = { ...current.record, agentSessionId: found };
      this.usage?.pin(found, current.record.sessionId);
      await this.registry.save();
      this.changes.emit();
      return 'found';
    };
    if (once) {
      this.owned.timeout(() => this.background(look()), 0);
      return;
    }
    if (this.following.has(sessionId)) return;
    const stop = followCodexThread({
      look: async () => {
        const outcome = await look();
        if (outcome !== 'again') this.following.delete(sessionId);
        return outcome;
      },
      schedule: (callback, ms) => this.owned.timeout(callback, ms),
      ...(this.options.codexLookDelay ? { delay: this.options.codexLookDelay } : {}),
      onError: (error) => this.background(Promise.reject(error)),
    });
    this.following.set(sessionId, stop);
  }

  private repoPath(repoId: string | null): string | null {
    if (repoId === null) return null;
    return this.options.repos().find((repo) => repo.id === repoId)?.path ?? null;
  }

  /** Background work whose failure is already handled; kept so nothing rejects unobserved. */
  private background(work: Promise<unknown>): void {
    work.catch((error: unknown) => console.error(`[agents] ${(error as Error).message}`));
  }
}
