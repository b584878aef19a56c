/**
 * Status tracking: what each agent session is doing, from everything the engine can observe —
 * output and the screen (through an {@link AgentTracker} per session), typing, hook events, the
 * usage module's context fill and limit messages — and what the user hears about it (status
 * changes go to the notifications service).
 *
 * It owns no records: entries live in the {@link SessionRegistry}; this module updates their
 * live state and tells its owner when something changed or a session ended.
 */
import type { ContextFill, UsageProvider } from '../../../../shared/protocol/usage.ts';
import type { SettingsService } from '../../settings/index.ts';
import type { TerminalService } from '../../terminals/index.ts';
import type { NotificationService } from '../../notifications/index.ts';
import type { AgentUsageSource } from '../agent-usage.ts';
import { ContextRefresher } from '../context-refresher.ts';
import { interpretHook } from '../hooks/agent-hooks.ts';
import type { HookEvent, StatusLineEvent } from '../hooks/hook-channel.ts';
import type { AgentProfile } from '../profiles/agent-profile.ts';
import type { AgentRecord } from '../registry/agent-store.ts';
import type { SessionRegistry, Tracked } from '../registry/session-registry.ts';
import { AgentTracker } from './agent-tracker.ts';
import { MACHINE_DEFAULTS, type MachineConfig, type MachineState } from './status-machine.ts';

/** Agent ids that are also usage providers (their limit messages name the provider). */
const USAGE_PROVIDERS: readonly UsageProvider[] = ['codex', 'claude', 'gemini'];

export interface StatusTrackingOptions {
  registry: SessionRegistry;
  terminals: TerminalService;
  settings: SettingsService;
  notifications: NotificationService;
  usage: AgentUsageSource | null;
  /** Base environment (the account of a Claude session's status line). */
  env: NodeJS.ProcessEnv;
  now: () => number;
  /** "acme · feat-login" for a record. */
  place: (record: AgentRecord) => string;
  /** Something clients see changed (status, agent session id, context fill). */
  changed: () => void;
  /** A record changed and should be saved. */
  recordChanged: () => void;
  /** A session's hook registration is no longer needed. */
  releaseHooks: (hookKey: string) => void;
  /** A session went idle (a moment to look for a Codex thread id). */
  wentIdle: (tracked: Tracked) => void;
  /** Screen classification delay (tests). */
  classifyDelayMs?: number;
  onError: (error: unknown) => void;
}

export class StatusTracking {
  private readonly context: ContextRefresher | null;
  private disposed = false;

  constructor(private readonly options: StatusTrackingOptions) {
    this.context = options.usage
      ? new ContextRefresher(options.usage, (byTerminal) => this.applyContext(byTerminal), options.onError)
      : null;
  }

  /** Register a session and start following it (unless it has exited). */
  track(record: AgentRecord, profile: AgentProfile, initial: MachineState, hookKey: string | null, typedPrompt: string | null): Tracked {
    const sessionId = record.sessionId;
    const tracker = new AgentTracker({
      sessionId,
      screen: profile.screen,
      initial,
      terminals: this.options.terminals,
      config: () => this.machineConfig(profile, hookKey !== null),
      onChange: (previous, next) => this.onStatusChange(sessionId, previous, next),
      typedPrompt,
      now: this.options.now,
      onScreen: (lines) => this.onScreen(sessionId, profile, lines),
      ...(this.options.classifyDelayMs !== undefined ? { classifyDelayMs: this.options.classifyDelayMs } : {}),
    });
    const tracked: Tracked = { record, profile, tracker, hookKey, context: null, limitLine: null, limit: null, consumedLine: null };
    for (const early of this.options.registry.add(tracked)) this.applyHook(tracked, early);
    if (initial.status !== 'exited') tracker.start();
    return tracked;
  }

  /** A hook line from an agent. */
  hook(event: HookEvent): void {
    const tracked = this.options.registry.byHookKey(event.sessionId, event);
    if (tracked) this.applyHook(tracked, event);
  }

  /** A Claude session's status line: usage data (windows, context fill) for the usage module. */
  statusLine(event: StatusLineEvent): void {
    const tracked = this.options.registry.byHookKey(event.sessionId);
    const usage = this.options.usage;
    if (!tracked || !usage?.ingestStatusLine) return;
    const configDir = (tracked.profile.env.CLAUDE_CONFIG_DIR ?? this.options.env.CLAUDE_CONFIG_DIR)?.split(',')[0]?.trim();
    usage.ingestStatusLine({ ...(configDir ? { account: configDir } : {}), terminalSessionId: tracked.record.sessionId, payload: event.payload });
  }

  /** Keystrokes typed into a session. */
  input(sessionId: string, data: Uint8Array | string): void {
    const tracked = this.options.registry.get(sessionId);
    if (!tracked) return;
    tracked.tracker.input(data);
    const submitted = typeof data === 'string' ? /[\r\n]/.test(data) : data.includes(13) || data.includes(10);
    if (submitted && tracked.limitLine !== null) {
      // Something was sent after the limit message ("continue", by hand or automatically): that
      // message is history now, even while it is still on screen.
      tracked.consumedLine = tracked.limitLine;
      tracked.limitLine = null;
      tracked.limit = null;
      this.options.usage?.clearStall?.(sessionId);
    }
  }

  /** Sessions removed from the terminal list (a closed pane) stop being agents. True if any did. */
  forgetRemoved(alive: ReadonlySet<string>): boolean {
    let removed = false;
    for (const tracked of this.options.registry.all()) {
      const { sessionId } = tracked.record;
      if (alive.has(sessionId)) continue;
      tracked.tracker.dispose();
      const key = this.options.registry.takeHookKey(tracked);
      if (key) this.options.releaseHooks(key);
      this.options.registry.delete(sessionId);
      this.options.usage?.clearStall?.(sessionId);
      this.options.notifications.publish({ type: 'removed', sessionId });
      removed = true;
    }
    return removed;
  }

  /** Usage totals moved: context fills may have too. */
  usageChanged(what: readonly string[]): void {
    if (what.includes('summary')) this.context?.schedule();
  }

  dispose(): void {
    this.disposed = true;
    this.context?.dispose();
    for (const tracked of this.options.registry.all()) tracked.tracker.dispose();
  }

  private machineConfig(profile: AgentProfile, hooksInstalled: boolean): MachineConfig {
    return {
      ...MACHINE_DEFAULTS,
      quiescenceMs: this.options.settings.get().agents.quiescenceMs,
      hookAuthority: profile.hookAuthority,
      hooksInstalled,
    };
  }

  private onStatusChange(sessionId: string, previous: MachineState, next: MachineState): void {
    const tracked = this.options.registry.get(sessionId);
    if (!tracked || this.disposed) return;
    if (next.status === 'exited' && tracked.record.running) {
      tracked.record = { ...tracked.record, running: false };
      const key = this.options.registry.takeHookKey(tracked);
      if (key) this.options.releaseHooks(key);
      this.options.recordChanged();
    }
    if (next.status === 'idle' && previous.status !== 'idle') this.options.wentIdle(tracked);
    // A turn that ended on a usage limit is a stall, not a finished task. The screen is read now:
    // the end of the turn (quiet output, or a hook) can come before the next classification.
    if (next.status === 'idle' && previous.status === 'working' && tracked.limit === null) {
      const screen = this.options.terminals.screen(sessionId);
      if (screen.ok) this.onScreen(sessionId, tracked.profile, screen.value.lines);
    }
    // The new status first, then the notification about it: a client handling the notification
    // already sees the session in the state it names.
    this.options.changed();
    if (next.status !== previous.status) {
      this.options.notifications.publish({
        type: 'status',
        session: { sessionId, agentName: tracked.record.agentName, place: this.options.place(tracked.record) },
        from: previous.status,
        to: next.status,
        exitCode: next.exitCode,
        detail: next.detail,
        limit: tracked.limit ? { resetsAt: tracked.limit.resetsAt } : null,
      });
    }
  }

  private applyHook(tracked: Tracked, event: HookEvent): void {
    if (!tracked.profile.hooks) return;
    const meaning = interpretHook(tracked.profile.hooks, event);
    if (meaning.agentSessionId && meaning.agentSessionId !== tracked.record.agentSessionId) {
      tracked.record = { ...tracked.record, agentSessionId: meaning.agentSessionId };
      this.options.usage?.pin(meaning.agentSessionId, tracked.record.sessionId);
      this.options.recordChanged();
      this.options.changed();
    }
    // The helper stamps events with the wall clock; the machine runs on `now` (moved in tests).
    const firedAt = this.options.now() - Math.max(0, Date.now() - event.at);
    tracked.tracker.hook(meaning.status, meaning.detail, firedAt);
  }

  /**
   * Screen stalls: the usage module recognises the agents' "limit reached" messages; once the
   * message is gone from the bottom of the screen the session is working again.
   */
  private onScreen(sessionId: string, profile: AgentProfile, lines: readonly string[]): void {
    const usage = this.options.usage;
    const tracked = this.options.registry.get(sessionId);
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
    const limit = stall && stall.kind !== 'rate-limit' ? { text: stall.text, resetsAt: stall.resetsAt ?? null } : null;
    if (JSON.stringify(limit) !== JSON.stringify(tracked.limit)) {
      tracked.limit = limit;
      this.options.changed();
    }
    if (stall === null) usage.clearStall?.(sessionId);
  }

  /** Adopt fresh context fills (from the ContextRefresher), announcing a change only if any moved. */
  private applyContext(byTerminal: ReadonlyMap<string, ContextFill>): void {
    if (this.disposed) return;
    let changed = false;
    for (const tracked of this.options.registry.all()) {
      const context = byTerminal.get(tracked.record.sessionId) ?? null;
      if (JSON.stringify(context) === JSON.stringify(tracked.context)) continue;
      tracked.context = context;
      changed = true;
    }
    if (changed) this.options.changed();
  }
}
