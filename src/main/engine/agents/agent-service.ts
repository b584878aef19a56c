/**
 * Agents: launch coding-agent CLIs in worktrees, know each session's status, notify, bring
 * sessions back after a restart, and start fresh sessions with a handoff.
 *
 * An agent session is a terminal session (same id, same pane) plus what this service adds: the
 * agent, its task, its own session id, its status ({@link AgentTracker}), its hook file
 * ({@link HookChannel}). Records live in `agents.json` ({@link createAgentStore}) so that after
 * an engine restart each agent that was running comes back in its pane: resumed with the CLI's
 * resume arguments where it has them, otherwise a shell in the same worktree, with the old
 * screen above.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import type {
  AgentNotification,
  AgentProfileInfo,
  AgentSession,
  FanOutInput,
  FanOutResult,
  HandoffInput,
  HandoffPreview,
  HandoffResult,
  LaunchAgentInput,
} from '../../../shared/protocol/agents.ts';
import type { ContextFill, QuotaWarning, UsageProvider } from '../../../shared/protocol/usage.ts';
import { MAX_PANES } from '../../../shared/protocol/layout.ts';
import type { LayoutService } from '../layout/layout-service.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { EventBus } from '../events/event-bus.ts';
import type { JsonStore } from '../state/json-store.ts';
import { resolveCommand } from '../terminals/resolve-command.ts';
import type { RespawnInput, TerminalService } from '../terminals/terminal-service.ts';
import type { SettingsService } from '../settings/settings-service.ts';
import { createAgentStore, type AgentRecord, type AgentState } from './agent-store.ts';
import type { AgentUsageSource } from './agent-usage.ts';
import { ContextRefresher } from './context-refresher.ts';
import { collectHandoffFacts } from './handoff/handoff-facts.ts';
import { buildHandoffPrompt } from './handoff/handoff-prompt.ts';
import { hookArgsFor, interpretHook } from './hooks/agent-hooks.ts';
import { findUserStatusLine } from './hooks/claude-user-statusline.ts';
import { HookChannel, type HookEvent, type StatusLineEvent } from './hooks/hook-channel.ts';
import { installHookHelper, USER_STATUSLINE_ENV, type InstalledHelper } from './hooks/hook-helper.ts';
import { decideNotifications, EMPTY_POLICY_STATE, type PolicyInput, type PolicyState } from './notifications/notification-policy.ts';
import type { AgentProfile } from './profiles/agent-profile.ts';
import { describeProfile } from './profiles/describe-profile.ts';
import { buildLaunchArgs, restoreChoice, type SessionChoice } from './profiles/launch-args.ts';
import { ProfileLookup } from './profiles/profile-lookup.ts';
import type { RepoAgentEntry } from './profiles/resolve-profiles.ts';
import { codexHomeOf, findCodexThread } from './restore/codex-thread-finder.ts';
import { restoreBanner, restorePreface } from './restore/restore-preface.ts';
import { AgentTracker } from './status/agent-tracker.ts';
import { exitedState, initialState, MACHINE_DEFAULTS, type MachineConfig, type MachineState } from './status/status-machine.ts';

/** The layout commands the service needs (the engine's LayoutService). */
export type AgentLayout = Pick<LayoutService, 'hasRoom' | 'open' | 'replace' | 'focus' | 'get'>;

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
  /** Registered repositories (names for notifications, main checkout for handoffs). */
  repos: () => readonly AgentRepo[];
  /** The repository config's `agents` (its `agent-orchestrator.json`), or INVALID_CONFIG. */
  repoAgents?: (repoId: string) => Promise<Result<Readonly<Record<string, RepoAgentEntry>>>>;
  /** Base environment of sessions (as the terminal service's); PATH decides what is installed. */
  env?: NodeJS.ProcessEnv;
  /** Context fill and quota warnings; null without a usage module. */
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
}

interface Tracked {
  record: AgentRecord;
  profile: AgentProfile;
  tracker: AgentTracker;
  hookKey: string | null;
  context: ContextFill | null;
  /** The limit message the screen shows now (the session is stalled on it). */
  limitLine: string | null;
  /**
   * A limit message the session has worked past: it stays on screen for a while after
   * "continue", and must not stall the session again; only lines below it are looked at.
   */
  consumedLine: string | null;
}

/** Agent ids that are also usage providers (their limit messages name the provider). */
const USAGE_PROVIDERS: readonly UsageProvider[] = ['codex', 'claude', 'gemini'];

/** Waits between looks for a new Codex session's thread id (its rollout appears at the first turn). */
const CODEX_LOOKUPS_MS = [3_000, 10_000, 30_000];

export class AgentService {
  private readonly store: JsonStore<AgentState>;
  private readonly hooks: HookChannel;
  private readonly sessions = new Map<string, Tracked>();
  /** Hook key → session id (the hook file exists before the terminal session has an id). */
  private readonly hookKeys = new Map<string, string>();
  private readonly earlyHooks = new Map<string, HookEvent[]>();
  private readonly changes = new EventBus<void>();
  private readonly notifications = new EventBus<AgentNotification>();
  private readonly disposers: (() => void)[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private policy: PolicyState = EMPTY_POLICY_STATE;
  private helper: InstalledHelper | null = null;
  private notificationCount = 0;
  private readonly lookup: ProfileLookup;
  private readonly context: ContextRefresher | null;
  private disposed = false;
  private readonly now: () => number;
  private readonly env: NodeJS.ProcessEnv;

  constructor(private readonly options: AgentServiceOptions) {
    this.store = createAgentStore(options.home);
    this.hooks = new HookChannel({ dir: path.join(options.home, 'agents', 'hooks'), ...(options.hookPollMs ? { pollMs: options.hookPollMs } : {}) });
    this.now = options.now ?? Date.now;
    this.env = options.env ?? process.env;
    this.lookup = new ProfileLookup({
      customAgents: () => options.settings.get().agents.custom,
      repoAgents: options.repoAgents,
    });
    this.context = options.usage
      ? new ContextRefresher(options.usage, (byTerminal) => this.applyContext(byTerminal), (error) => this.background(Promise.reject(error)))
      : null;
  }

  /**
   * Install the hook helper, read `agents.json`, and bring back the agents that were running
   * when the engine stopped. Call after the terminal service has loaded its sessions.
   */
  async load(): Promise<void> {
    const { terminals, settings, usage } = this.options;
    try {
      this.helper = await installHookHelper(path.join(this.options.home, 'agents', 'bin'), this.options.hookNode);
      await this.hooks.start();
    } catch (error) {
      // Without the helper, agents still run: their status comes from the screen.
      console.error(`[agents] status hooks unavailable: ${(error as Error).message}`);
      this.helper = null;
    }
    this.disposers.push(
      this.hooks.onEvent((event) => this.onHookEvent(event)),
      this.hooks.onStatusLine((event) => this.onStatusLine(event)),
      terminals.onDidInput((sessionId, data) => this.onInput(sessionId, data)),
      terminals.onDidChange(() => this.onSessionsChanged()),
    );
    if (usage) this.disposers.push(usage.onDidChange((event) => this.onUsageChanged(event)));

    const saved = await this.store.load();
    const infos = new Map(terminals.list().map((info) => [info.id, info]));
    const resume = settings.get().agents.resumeOnRestart;
    for (const record of saved.agents) {
      const info = infos.get(record.sessionId);
      if (!info || this.sessions.has(record.sessionId)) continue;
      if (record.running && info.status === 'exited' && info.exitCode === null && resume) {
        await this.restore(record);
      } else {
        this.track(record, await this.lookup.forRecord(record.agentId, record.repoId), exitedState(this.now(), info.exitCode), null, null);
      }
    }
    await this.save();
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
    return [...this.sessions.values()].map((tracked) => this.view(tracked));
  }

  /** Start an agent in a worktree (a new pane, focused). */
  async launch(input: LaunchAgentInput, extra: { handoffFrom?: string; placeAfter?: string | null; replace?: string } = {}): Promise<Result<AgentSession>> {
    if (this.disposed) return err({ kind: 'INTERNAL', message: 'the agents service is shut down' });
    // Every agent gets a pane: refuse before starting one that could not be seen.
    if (!extra.replace && !this.options.layout.hasRoom()) return err({ kind: 'TOO_MANY_PANES', max: MAX_PANES });
    const repoId = input.repoId ?? null;
    const found = await this.lookup.find(input.agentId, repoId);
    if (!found.ok) return found;
    const profile = found.value;
    const cwd = path.resolve(input.cwd);
    const env = this.profileEnv(profile);
    if (!(await resolveCommand(profile.command, { cwd, env }))) {
      return err({ kind: 'AGENT_NOT_INSTALLED', agentId: profile.id, command: profile.command, installHint: profile.installHint });
    }
    const pinnedId = profile.pinSessionArgs ? randomUUID() : null;
    const hooks = await this.prepareHooks(profile, cwd);
    const prompt = input.prompt?.trim() ? input.prompt : null;
    const launch = buildLaunchArgs(profile, { prompt, session: { kind: 'new', pinnedId }, hookArgs: hooks.args });
    const startedAt = new Date(this.now()).toISOString();
    const created = await this.options.terminals.create({
      cwd,
      repoId,
      command: profile.command,
      args: launch.args,
      env: { ...profile.env, ...hooks.env },
      title: input.title ?? `${profile.name} · ${path.basename(cwd)}`,
      cols: input.cols,
      rows: input.rows,
    });
    if (!created.ok) {
      if (hooks.key) await this.hooks.unregister(hooks.key);
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
    const working = prompt !== null && launch.typedPrompt === null;
    const tracked = this.track(record, profile, initialState(this.now(), working), hooks.key, launch.typedPrompt);
    if (pinnedId) this.options.usage?.pin(pinnedId, record.sessionId);
    this.lookForCodexThread(tracked);
    await this.save();
    this.changes.emit();
    const { layout } = this.options;
    await (extra.replace ? layout.replace(extra.replace, record.sessionId) : layout.open({ sessionId: record.sessionId, after: extra.placeAfter ?? null }));
    return ok(this.view(tracked));
  }

  /** The same task in several worktrees, one session (and pane) each; one failure does not stop the others. */
  async fanOut(input: FanOutInput): Promise<Result<FanOutResult>> {
    const found = await this.lookup.find(input.agentId, input.targets[0]?.repoId ?? null);
    if (!found.ok) return found;
    const results: FanOutResult = [];
    // One after another: each launch also places a pane, and the layout is read-modify-write.
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
    const tracked = this.sessions.get(sessionId);
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
    const old = this.sessions.get(input.sessionId);
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

  /** Focus a session's pane (a clicked notification). */
  async focus(sessionId: string): Promise<Result<null>> {
    const opened = await this.options.layout.open({ sessionId });
    return opened.ok ? ok(null) : opened;
  }

  onDidChange(listener: () => void): () => void {
    return this.changes.on(listener);
  }

  onNotification(listener: (notification: AgentNotification) => void): () => void {
    return this.notifications.on(listener);
  }

  /**
   * Stop tracking and save, before the terminal service shuts down: sessions that are running
   * now stay marked running, so the next engine brings them back.
   */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const dispose of this.disposers.splice(0)) dispose();
    for (const timer of this.timers) clearTimeout(timer);
    this.context?.dispose();
    for (const tracked of this.sessions.values()) tracked.tracker.dispose();
    await this.save();
    await this.hooks.dispose();
  }

  // ---- launching ----

  private async prepareHooks(profile: AgentProfile, cwd: string): Promise<{ key: string | null; args: string[]; env: Record<string, string> }> {
    if (!profile.hooks || !this.helper || !this.options.settings.get().agents.hooks) return { key: null, args: [], env: {} };
    const key = randomBytes(8).toString('hex');
    try {
      const registration = await this.hooks.register(key);
      // The status line feeds the usage module; only worth installing when there is one.
      const statusLine = profile.hooks === 'claude-settings' && typeof this.options.usage?.ingestStatusLine === 'function';
      const args = await hookArgsFor(profile.hooks, this.helper.launcher, registration.file, { statusLine });
      const own = statusLine ? await findUserStatusLine(cwd, this.profileEnv(profile)) : null;
      return { key, args, env: { ...registration.env, ...(own ? { [USER_STATUSLINE_ENV]: own } : {}) } };
    } catch (error) {
      console.error(`[agents] could not prepare hooks: ${(error as Error).message}`);
      await this.hooks.unregister(key).catch(() => undefined);
      return { key: null, args: [], env: {} };
    }
  }

  private track(record: AgentRecord, profile: AgentProfile, initial: MachineState, hookKey: string | null, typedPrompt: string | null): Tracked {
    const sessionId = record.sessionId;
    const tracker = new AgentTracker({
      sessionId,
      screen: profile.screen,
      initial,
      terminals: this.options.terminals,
      config: () => this.machineConfig(profile),
      onChange: (previous, next) => this.onStatusChange(sessionId, previous, next),
      typedPrompt,
      now: this.now,
      onScreen: (lines) => this.onScreen(sessionId, profile, lines),
      ...(this.options.classifyDelayMs !== undefined ? { classifyDelayMs: this.options.classifyDelayMs } : {}),
    });
    const tracked: Tracked = { record, profile, tracker, hookKey, context: null, limitLine: null, consumedLine: null };
    this.sessions.set(sessionId, tracked);
    if (hookKey) {
      this.hookKeys.set(hookKey, sessionId);
      for (const event of this.earlyHooks.get(hookKey) ?? []) this.applyHook(tracked, event);
      this.earlyHooks.delete(hookKey);
    }
    if (initial.status !== 'exited') tracker.start();
    return tracked;
  }

  private machineConfig(profile: AgentProfile): MachineConfig {
    return {
      ...MACHINE_DEFAULTS,
      quiescenceMs: this.options.settings.get().agents.quiescenceMs,
      hookAuthority: profile.hookAuthority,
    };
  }

  // ---- restoring after a restart ----

  private async restore(record: AgentRecord): Promise<void> {
    const { terminals } = this.options;
    const profile = await this.lookup.forRecord(record.agentId, record.repoId);
    const installed = await resolveCommand(profile.command, { cwd: record.cwd, env: this.profileEnv(profile) });
    const choice: SessionChoice | null = installed ? restoreChoice(profile, record.agentSessionId) : null;
    const when = new Date(this.now());
    if (choice) {
      const hooks = await this.prepareHooks(profile, record.cwd);
      const launch = buildLaunchArgs(profile, { prompt: null, session: choice, hookArgs: hooks.args });
      const restored = choice.kind === 'resume' ? 'resumed' : 'continued';
      const respawn: RespawnInput = {
        command: profile.command,
        args: launch.args,
        env: { ...profile.env, ...hooks.env },
        preface: (snapshot, rows) => restorePreface(snapshot, rows, restoreBanner(restored, profile.name, when)),
      };
      const result = await terminals.respawn(record.sessionId, respawn);
      if (result.ok) {
        const next: AgentRecord = { ...record, running: true, restored, startedAt: when.toISOString() };
        const tracked = this.track(next, profile, initialState(this.now(), false), hooks.key, null);
        if (record.agentSessionId) this.options.usage?.pin(record.agentSessionId, record.sessionId);
        this.lookForCodexThread(tracked);
        return;
      }
      if (hooks.key) await this.hooks.unregister(hooks.key);
      console.error(`[agents] could not resume ${record.agentId} in ${record.cwd}: ${result.error.kind}`);
    }
    // No way to resume it here: a shell in the same worktree, the old screen above. It is no
    // longer an agent session, so its record is dropped.
    const shell = await terminals.respawn(record.sessionId, {
      preface: (snapshot, rows) => restorePreface(snapshot, rows, restoreBanner('shell', profile.name, when)),
    });
    if (!shell.ok) {
      this.track({ ...record, running: false }, profile, exitedState(this.now(), null), null, null);
    }
  }

  // ---- events ----

  private onStatusChange(sessionId: string, previous: MachineState, next: MachineState): void {
    const tracked = this.sessions.get(sessionId);
    if (!tracked || this.disposed) return;
    if (next.status === 'exited' && tracked.record.running) {
      tracked.record = { ...tracked.record, running: false };
      if (tracked.hookKey) this.dropHooks(tracked);
      this.background(this.save());
    }
    if (next.status === 'idle' && previous.status !== 'idle') this.lookForCodexThread(tracked, true);
    // The new status first, then the notification about it: a client handling the notification
    // already sees the session in the state it names.
    this.changes.emit();
    if (next.status !== previous.status) {
      this.decide({
        type: 'status',
        session: { sessionId, agentName: tracked.record.agentName, place: this.place(tracked.record) },
        from: previous.status,
        to: next.status,
        exitCode: next.exitCode,
        detail: next.detail,
      });
    }
  }

  private onHookEvent(event: HookEvent): void {
    const sessionId = this.hookKeys.get(event.sessionId);
    if (sessionId === undefined) {
      // The agent reported before its terminal session was registered here: keep it for a moment.
      const early = this.earlyHooks.get(event.sessionId) ?? [];
      if (early.length < 100) this.earlyHooks.set(event.sessionId, [...early, event]);
      return;
    }
    const tracked = this.sessions.get(sessionId);
    if (tracked) this.applyHook(tracked, event);
  }

  private applyHook(tracked: Tracked, event: HookEvent): void {
    if (!tracked.profile.hooks) return;
    const meaning = interpretHook(tracked.profile.hooks, event);
    if (meaning.agentSessionId && meaning.agentSessionId !== tracked.record.agentSessionId) {
      tracked.record = { ...tracked.record, agentSessionId: meaning.agentSessionId };
      this.options.usage?.pin(meaning.agentSessionId, tracked.record.sessionId);
      this.background(this.save());
      this.changes.emit();
    }
    tracked.tracker.hook(meaning.status, meaning.detail);
  }

  /** A Claude session's status line: usage data (windows, context fill) for the usage module. */
  private onStatusLine(event: StatusLineEvent): void {
    const sessionId = this.hookKeys.get(event.sessionId);
    const tracked = sessionId === undefined ? undefined : this.sessions.get(sessionId);
    const usage = this.options.usage;
    if (!tracked || !usage?.ingestStatusLine) return;
    const configDir = (tracked.profile.env.CLAUDE_CONFIG_DIR ?? this.env.CLAUDE_CONFIG_DIR)?.split(',')[0]?.trim();
    usage.ingestStatusLine({ ...(configDir ? { account: configDir } : {}), terminalSessionId: tracked.record.sessionId, payload: event.payload });
  }

  private onInput(sessionId: string, data: Uint8Array | string): void {
    const tracked = this.sessions.get(sessionId);
    if (!tracked) return;
    tracked.tracker.input(data);
    const submitted = typeof data === 'string' ? /[\r\n]/.test(data) : data.includes(13) || data.includes(10);
    if (submitted && tracked.limitLine !== null) {
      // Something was sent after the limit message ("continue", by hand or automatically): that
      // message is history now, even while it is still on screen.
      tracked.consumedLine = tracked.limitLine;
      tracked.limitLine = null;
      this.options.usage?.clearStall?.(sessionId);
    }
  }

  /**
   * Screen stalls: the usage module recognises the agents' "limit reached" messages; once the
   * message is gone from the bottom of the screen the session is working again.
   */
  private onScreen(sessionId: string, profile: AgentProfile, lines: readonly string[]): void {
    const usage = this.options.usage;
    const tracked = this.sessions.get(sessionId);
    if (!usage?.reportScreen || !tracked || this.disposed) return;
    let shown = lines;
    if (tracked.consumedLine !== null) {
      const at = lines.findLastIndex((line) => line.includes(tracked.consumedLine!));
      if (at < 0) tracked.consumedLine = null; // scrolled away
      else shown = lines.slice(at + 1);
    }
    const provider = USAGE_PROVIDERS.find((candidate) => candidate === profile.id);
    const stall = usage.reportScreen(sessionId, shown, provider);
    tracked.limitLine = stall?.text ?? null;
    if (stall === null) usage.clearStall?.(sessionId);
  }

  /** Sessions removed from the terminal list (a closed pane) stop being agents. */
  private onSessionsChanged(): void {
    if (this.disposed) return;
    const alive = new Set(this.options.terminals.list().map((info) => info.id));
    let removed = false;
    for (const [sessionId, tracked] of this.sessions) {
      if (alive.has(sessionId)) continue;
      tracked.tracker.dispose();
      if (tracked.hookKey) this.dropHooks(tracked);
      this.sessions.delete(sessionId);
      this.options.usage?.clearStall?.(sessionId);
      this.decide({ type: 'removed', sessionId });
      removed = true;
    }
    if (removed) {
      this.background(this.save());
      this.changes.emit();
    }
  }

  private onUsageChanged(event: { readonly what: readonly string[]; readonly warnings: readonly QuotaWarning[] }): void {
    for (const warning of event.warnings) this.decide({ type: 'quota', warning });
    if (event.what.includes('summary')) this.context?.schedule();
  }

  /** Adopt fresh context fills (from the ContextRefresher), announcing a change only if any moved. */
  private applyContext(byTerminal: ReadonlyMap<string, ContextFill>): void {
    if (this.disposed) return;
    let changed = false;
    for (const [sessionId, tracked] of this.sessions) {
      const context = byTerminal.get(sessionId) ?? null;
      if (JSON.stringify(context) === JSON.stringify(tracked.context)) continue;
      tracked.context = context;
      changed = true;
    }
    if (changed) this.changes.emit();
  }

  private decide(input: PolicyInput): void {
    const decision = decideNotifications(this.policy, input, this.options.settings.get().notifications);
    this.policy = decision.state;
    for (const planned of decision.notifications) {
      this.notifications.emit({ id: `n${++this.notificationCount}`, at: new Date(this.now()).toISOString(), ...planned });
    }
  }

  /**
   * Learn a Codex session's thread id from its rollout file (without hooks, or before the first
   * notify): a few looks after launch, and each time it goes idle.
   */
  private lookForCodexThread(tracked: Tracked, once = false): void {
    if (tracked.profile.id !== 'codex' || tracked.record.agentSessionId) return;
    const look = async (): Promise<void> => {
      const current = this.sessions.get(tracked.record.sessionId);
      if (!current || current.record.agentSessionId || this.disposed) return;
      const claimed = new Set([...this.sessions.values()].map((t) => t.record.agentSessionId).filter((id): id is string => id !== null));
      const found = await findCodexThread({
        codexHome: codexHomeOf({ ...this.env, ...current.profile.env }),
        cwd: current.record.cwd,
        startedAtMs: Date.parse(current.record.startedAt),
        exclude: claimed,
      });
      if (!found || current.record.agentSessionId || this.disposed) return;
      current.record = { ...current.record, agentSessionId: found };
      this.options.usage?.pin(found, current.record.sessionId);
      await this.save();
      this.changes.emit();
    };
    for (const delay of once ? [0] : CODEX_LOOKUPS_MS) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.background(look());
      }, delay);
      timer.unref();
      this.timers.add(timer);
    }
  }

  // ---- helpers ----

  private dropHooks(tracked: Tracked): void {
    const key = tracked.hookKey;
    if (!key) return;
    tracked.hookKey = null;
    this.hookKeys.delete(key);
    this.background(this.hooks.unregister(key));
  }

  private profileEnv(profile: AgentProfile): NodeJS.ProcessEnv {
    return { ...this.env, ...profile.env };
  }

  private repoPath(repoId: string | null): string | null {
    if (repoId === null) return null;
    return this.options.repos().find((repo) => repo.id === repoId)?.path ?? null;
  }

  private place(record: AgentRecord): string {
    const repo = record.repoId === null ? undefined : this.options.repos().find((r) => r.id === record.repoId);
    const folder = path.basename(record.cwd);
    return repo && repo.name !== folder ? `${repo.name} · ${folder}` : folder;
  }

  private view(tracked: Tracked): AgentSession {
    const { record, tracker } = tracked;
    const state = tracker.state;
    return {
      sessionId: record.sessionId,
      agentId: record.agentId,
      agentName: record.agentName,
      repoId: record.repoId,
      cwd: record.cwd,
      status: state.status,
      statusSince: new Date(state.since).toISOString(),
      statusSource: state.source,
      detail: state.detail,
      exitCode: state.exitCode,
      finishedTasks: state.finishedTasks,
      prompt: record.prompt,
      agentSessionId: record.agentSessionId,
      hooks: state.hooksSeen,
      restored: record.restored,
      handoffFrom: record.handoffFrom,
      createdAt: record.createdAt,
      context: tracked.context,
    };
  }

  private save(): Promise<void> {
    const agents = [...this.sessions.values()].map((tracked) => tracked.record);
    return this.store.save({ agents }).catch((error: unknown) => console.error(`[agents] saving agents.json failed: ${(error as Error).message}`));
  }

  /** Background work whose failure is already handled; kept so nothing rejects unobserved. */
  private background(work: Promise<unknown>): void {
    work.catch((error: unknown) => console.error(`[agents] ${(error as Error).message}`));
  }
}
