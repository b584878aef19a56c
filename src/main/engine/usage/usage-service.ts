/**
 * Usage and quota for the engine: backfill in a worker, then live updates from watched logs.
 *
 * `start()` hands the full read to a worker thread (the engine's event loop stays free), adopts
 * the resulting index and from then on the live tail (live/live-tail.ts) reads only what each
 * changed file appended. Only an index lives under `${home}/usage/`; the agents' logs stay the
 * source of truth.
 */
import type {
  QuotaSnapshot,
  StatusLineInput,
  Stall,
  UsageChangedEvent,
  UsageScanState,
  UsageSummary,
  UsageSummaryQuery,
  UsageTimeline,
  UsageTimelineQuery,
} from '../../../shared/protocol/usage.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { EventBus } from '../events/index.ts';
import type { WorktreeRoot } from './attribution/attribute-cwd.ts';
import { WorktreeAttributor, type Attribute } from './attribution/worktree-attributor.ts';
import { localTimeZone } from './model/time-zone.ts';
import { PRICING_TAKEN_AT } from './pricing/pricing-table.ts';
import { decideResume, DEFAULT_RESUME_SETTINGS, type ResumeDecision, type ResumeSettings } from './quota/resume-decision.ts';
import { detectScreenStall } from './quota/screen-stall.ts';
import { DEFAULT_THRESHOLDS, newWarnings } from './quota/threshold-warnings.ts';
import { buildQuota } from './report/build-quota.ts';
import { buildSummary, stalledUntil } from './report/build-summary.ts';
import { buildTimeline } from './report/build-timeline.ts';
import { indexDirOf, saveIndexParts } from './scan/index-store.ts';
import { startBackfill, type RunningBackfill } from './scan/start-backfill.ts';
import { warmStartInline } from './scan/warm-start.ts';
import { UsageIndex } from './scan/usage-index.ts';
import { LiveTail } from './live/live-tail.ts';
import { readStatusLine, readStreamEvent } from './sources/claude-live.ts';
import { sourcesFromEnv } from './sources/sources-from-env.ts';
import type { UsageProvider, UsageSource } from './types.ts';

/** Options for {@link UsageService}. */
export interface UsageServiceOptions {
  /** Engine data directory; the index lives in `${home}/usage/`. */
  home: string;
  /** Log folders; default from the environment (CODEX_HOME, CLAUDE_CONFIG_DIR, GEMINI_DIR). */
  sources?: readonly UsageSource[];
  /** Worktree roots for attribution (the repos' `git worktree list`). */
  roots: () => Promise<readonly WorktreeRoot[]>;
  /** Agent session id → terminal session id, pinned at launch. */
  pinnedSessions?: ReadonlyMap<string, string>;
  /** Day bucketing zone (default: the user's). */
  timeZone?: string;
  /** Safety-net poll interval (default 3 s). */
  pollMs?: number;
  /** Watch folders for changes (default true; the poll runs regardless). */
  watch?: boolean;
  thresholds?: readonly number[];
  resume?: ResumeSettings;
  /** Delay before the index is saved after a change (default 30 s). */
  saveDelayMs?: number;
  /** Run the backfill on this thread (the CLI); default: a worker thread. */
  inlineBackfill?: boolean;
  /** Skip files last modified before this during backfill (epoch ms). */
  backfillSinceMs?: number;
  /**
   * Scan on the first query instead of when started, and never poll afterwards: a one-shot
   * engine (one CLI command) answers one question from the saved index plus what is new.
   */
  startOnDemand?: boolean;
  now?: () => number;
  platform?: NodeJS.Platform;
}

const DEFAULT_SAVE_DELAY_MS = 30_000;
/**
 * After a warm start on this thread every file was stat'ed moments ago: the catch-up poll waits
 * this long, so it does not compete with the first queries (their `realpath`s share the thread
 * pool with its folder walk). A one-shot engine answers and exits before it runs.
 */
const WARM_CATCH_UP_MS = 1000;

/** Usage, windows and stalls of every configured account. */
export class UsageService {
  private readonly sources: readonly UsageSource[];
  /**
   * The user's zone, looked up on first use: `Intl` loads ICU's zone data (~20 ms), which a
   * one-shot CLI command that never asks about usage should not pay for.
   */
  private zone: string | null;
  private readonly now: () => number;
  private readonly platform: NodeJS.Platform;
  private readonly pins: Map<string, string>;
  private readonly changed = new EventBus<UsageChangedEvent>();
  private readonly indexDir: string;
  /** The backfill workers' own saves; the engine's saves wait for them (the newer data wins). */
  private backfillSaved: Promise<void> = Promise.resolve();
  /** Created on first use (it needs the zone). */
  private currentIndex: UsageIndex | null = null;
  private phase: UsageScanState['phase'] = 'idle';
  private backfill: RunningBackfill | null = null;
  private lastBackfillMs: number | null = null;
  private backfillInWorker = true;
  /** Started from the saved index on this thread (warm-start.ts), not in the workers. */
  private warmStart = false;
  private readonly tail: LiveTail;
  private saveTimer: NodeJS.Timeout | null = null;
  private firedWarnings = new Set<string>();
  private readonly liveStalls = new Map<string, Stall>();
  private readonly resumedAt = new Map<string, number>();
  private readonly attributor: WorktreeAttributor;
  private thresholds: readonly number[];
  private resume: ResumeSettings;

  private get timeZone(): string {
    this.zone ??= localTimeZone();
    return this.zone;
  }

  private get index(): UsageIndex {
    this.currentIndex ??= new UsageIndex(this.timeZone, this.now);
    return this.currentIndex;
  }

  private set index(index: UsageIndex) {
    this.currentIndex = index;
  }

  constructor(private readonly options: UsageServiceOptions) {
    this.sources = options.sources ?? sourcesFromEnv();
    this.zone = options.timeZone ?? null;
    this.now = options.now ?? Date.now;
    this.platform = options.platform ?? process.platform;
    this.attributor = new WorktreeAttributor(options.roots, this.platform);
    this.pins = new Map(options.pinnedSessions ?? []);
    this.indexDir = indexDirOf(options.home);
    this.thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
    this.resume = options.resume ?? DEFAULT_RESUME_SETTINGS;
    this.tail = new LiveTail({
      sources: this.sources,
      index: () => this.index,
      isLive: () => this.phase === 'live',
      onDrained: () => this.afterChange(),
      ...(options.watch !== undefined ? { watch: options.watch } : {}),
      ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
    });
  }

  /**
   * Apply the user's settings (warning thresholds, automatic continuation) while running. New
   * thresholds apply from the next change on; what already fired stays fired.
   */
  configure(policy: { thresholds?: readonly number[]; resume?: ResumeSettings }): void {
    if (policy.thresholds) this.thresholds = [...policy.thresholds];
    if (policy.resume) this.resume = policy.resume;
  }

  private startedOnDemand: Promise<void> | null = null;

  /** Resolves once a query can be answered: at once normally, after the scan when on demand. */
  async whenQueried(): Promise<void> {
    if (!this.options.startOnDemand) return;
    await (this.startedOnDemand ??= this.start());
  }

  /**
   * Backfill (from the saved index here when little is new, else in worker threads), then watch
   * and poll. Resolves when the index is adopted.
   */
  async start(): Promise<void> {
    if (this.phase !== 'idle') return;
    this.phase = 'backfilling';
    const warm = await warmStartInline({
      sources: this.sources,
      indexDir: this.indexDir,
      timeZone: this.timeZone,
      now: this.now,
      ...(this.options.backfillSinceMs !== undefined ? { sinceMs: this.options.backfillSinceMs } : {}),
    }).catch(() => null); // anything odd about the saved index: the workers read the logs
    if ((this.phase as UsageScanState['phase']) === 'disposed') return;
    if (warm) {
      this.index = warm.index;
      this.lastBackfillMs = Math.round(warm.elapsedMs);
      this.backfillInWorker = false;
      this.warmStart = true;
    } else if (!(await this.backfillInWorkers())) return;
    this.phase = 'live';
    // Whatever was appended while the worker ran is picked up from the saved offsets. The totals
    // are complete up to the moment of the scan, so queries answer now and this catches up behind.
    this.tail.start({ catchUpAfterMs: this.warmStart ? WARM_CATCH_UP_MS : null, periodic: !this.options.startOnDemand });
    // A warm start read new bytes here: save them soon (the workers save their own reads).
    if (this.warmStart) this.scheduleSave();
    if (this.options.startOnDemand) return;
    this.emit(true, true, [], []);
  }

  /** Totals by provider, day, worktree, model and session. */
  async summary(query: UsageSummaryQuery = {}): Promise<UsageSummary> {
    await this.whenQueried();
    const attribute = await this.attribution();
    return buildSummary(
      {
        buckets: this.index.ledger.all(),
        sessions: this.index.sessions,
        limitHits: this.index.limitHits,
        timeZone: this.timeZone,
        now: this.now(),
        attribute,
        pins: this.pins,
        scan: this.scanState(),
      },
      query,
    );
  }

  /** Windows, stalls and active warnings of every account. */
  quota(): QuotaSnapshot {
    const now = this.now();
    return buildQuota({
      sources: this.sources,
      windows: this.index.windows.states(now),
      planType: (source) => this.index.windows.planType(source.provider, source.root),
      buckets: this.index.ledger.all(),
      stalls: this.stalls(now),
      thresholds: this.thresholds,
      timeZone: this.timeZone,
      now,
    });
  }

  /** Per-day series for a chart. */
  async timeline(query: UsageTimelineQuery): Promise<UsageTimeline> {
    await this.whenQueried();
    return buildTimeline(this.index.ledger.all(), query, this.timeZone, this.now(), await this.attribution());
  }

  /** Feed a Claude status-line payload (the only source of Claude window data). */
  ingestStatusLine(input: StatusLineInput): Result<null> {
    const account = input.account ?? this.defaultAccount('claude');
    if (account === null) return err({ kind: 'INVALID_INPUT', message: 'no Claude account is configured' });
    const facts = readStatusLine(input.payload, account, this.now());
    if (!facts) return err({ kind: 'INVALID_INPUT', message: 'status-line payload is not a JSON object' });
    if (facts.sessionId && input.terminalSessionId) this.pins.set(facts.sessionId, input.terminalSessionId);
    if (facts.sessionId) this.index.session('claude', account, facts.sessionId, facts.cwd);
    if (facts.sessionId && facts.context) this.index.context('claude', account, facts.sessionId, facts.context);
    if (facts.observation) this.index.rateLimits(facts.observation);
    this.afterChange();
    return ok(null);
  }

  /** Feed one `claude -p --output-format stream-json` line of a session the app started. */
  ingestClaudeStreamEvent(event: unknown, context: { account?: string; terminalSessionId?: string } = {}): void {
    const account = context.account ?? this.defaultAccount('claude');
    if (account === null) return;
    const facts = readStreamEvent(event, account, this.now());
    if (!facts) return;
    if (facts.observation) this.index.rateLimits(facts.observation);
    const stalls: Stall[] = [];
    if (facts.rejected && context.terminalSessionId) {
      const stall: Stall = {
        provider: 'claude',
        account,
        sessionId: null,
        terminalSessionId: context.terminalSessionId,
        source: 'stream',
        detectedAt: new Date(this.now()).toISOString(),
        resetsAt: facts.rejected.resetAt === null ? null : new Date(facts.rejected.resetAt).toISOString(),
        text: 'rate_limit_event: rejected',
      };
      this.liveStalls.set(context.terminalSessionId, stall);
      stalls.push(stall);
    }
    this.afterChange(stalls);
  }

  /**
   * Check a terminal's screen for a limit message; records and returns the stall. Transient
   * 429 retries are returned (for a status badge) but not recorded as stalls.
   */
  reportScreen(terminalSessionId: string, lines: readonly string[], provider?: UsageProvider): (Stall & { kind: 'usage-limit' | 'rate-limit' }) | null {
    const found = detectScreenStall(lines, this.now(), this.timeZone);
    if (!found) return null;
    const stall: Stall = {
      provider: found.provider ?? provider ?? 'codex',
      account: this.defaultAccount(found.provider ?? provider ?? 'codex'),
      sessionId: null,
      terminalSessionId,
      source: 'screen',
      detectedAt: new Date(this.now()).toISOString(),
      resetsAt: found.resetAt === null ? null : new Date(found.resetAt).toISOString(),
      text: found.line,
    };
    if (found.kind === 'usage-limit') {
      const previous = this.liveStalls.get(terminalSessionId);
      // Same message again: keep the first detection, unless only now the reset time is readable.
      if (!previous || previous.text !== stall.text || (previous.resetsAt === null && stall.resetsAt !== null)) {
        this.liveStalls.set(terminalSessionId, stall);
        this.resumedAt.delete(terminalSessionId);
        this.afterChange([stall]);
      }
    }
    return { ...stall, kind: found.kind };
  }

  /** The session is working again (the agents work calls this on new output after a stall). */
  clearStall(terminalSessionId: string): void {
    if (this.liveStalls.delete(terminalSessionId)) this.afterChange();
  }

  /** Pin an agent session id to a terminal session (known at launch). */
  pin(agentSessionId: string, terminalSessionId: string): void {
    this.pins.set(agentSessionId, terminalSessionId);
  }

  /** What to do for each stalled terminal now (send "continue", wait, nothing). */
  resumeDecisions(settings: ResumeSettings = this.resume): { stall: Stall; decision: ResumeDecision }[] {
    const now = this.now();
    const windows = this.index.windows.states(now);
    return this.stalls(now).map((stall) => {
      const candidates = windows.filter((w) => w.provider === stall.provider && (stall.account === null || w.account === stall.account));
      const window = candidates.find((w) => w.exhausted) ?? candidates.find((w) => w.binding) ?? null;
      const decision = decideResume(
        {
          provider: stall.provider,
          terminalSessionId: stall.terminalSessionId,
          detectedAt: Date.parse(stall.detectedAt),
          resetAt: stall.resetsAt === null ? null : Date.parse(stall.resetsAt),
          resumedAt: stall.terminalSessionId ? this.resumedAt.get(stall.terminalSessionId) ?? null : null,
        },
        window,
        now,
        settings,
      );
      return { stall, decision };
    });
  }

  /** Record that "continue" was sent, so it is never sent twice for the same stall. */
  markResumed(terminalSessionId: string): void {
    this.resumedAt.set(terminalSessionId, this.now());
  }

  /** Subscribe to changes; returns the disposer. */
  onDidChange(listener: (event: UsageChangedEvent) => void): () => void {
    return this.changed.on(listener);
  }

  /** Re-read what changed now (tests, a manual refresh). */
  async refresh(): Promise<void> {
    await this.tail.poll();
  }

  /** Stop watching and polling; save the index. */
  async dispose(): Promise<void> {
    const wasLive = this.phase === 'live';
    this.phase = 'disposed';
    if (this.backfill) await this.backfill.cancel();
    if (this.saveTimer) clearTimeout(this.saveTimer);
    await this.tail.dispose();
    if (wasLive) await this.save();
  }

  // ---- internals ----

  /** The backfill in worker threads; false when disposed meanwhile. */
  private async backfillInWorkers(): Promise<boolean> {
    this.backfill = await startBackfill(
      {
        type: 'backfill',
        sources: this.sources,
        indexDir: this.indexDir,
        timeZone: this.timeZone,
        ...(this.options.backfillSinceMs !== undefined ? { sinceMs: this.options.backfillSinceMs } : {}),
      },
      { inline: this.options.inlineBackfill ?? false },
    );
    let outcome: Awaited<NonNullable<typeof this.backfill>['done']>;
    try {
      outcome = await this.backfill.done;
    } catch (error) {
      // Disposed mid-backfill (the engine stopped at once, e.g. its port was taken): not a failure.
      if ((this.phase as UsageScanState['phase']) === 'disposed') return false;
      throw error;
    }
    this.backfill = null;
    if ((this.phase as UsageScanState['phase']) === 'disposed') return false;
    this.index = UsageIndex.fromSnapshot(outcome.snapshot, this.timeZone, this.now) ?? this.index;
    this.lastBackfillMs = Math.round(outcome.elapsedMs);
    this.backfillSaved = outcome.saved;
    this.backfillInWorker = outcome.inWorker;
    return true;
  }

  private scanState(): UsageScanState {
    return {
      phase: this.phase,
      files: this.index.files.size,
      bytesRead: this.index.bytesRead,
      corruptLines: this.index.corruptLines,
      lastBackfillMs: this.lastBackfillMs,
      backfillInWorker: this.backfillInWorker,
      pricingTakenAt: PRICING_TAKEN_AT,
    };
  }

  private defaultAccount(provider: UsageProvider): string | null {
    return this.sources.find((s) => s.provider === provider)?.root ?? null;
  }

  private stalls(now: number): Stall[] {
    const out: Stall[] = [...this.liveStalls.values()];
    const seen = new Set<string>();
    for (const hit of [...this.index.limitHits].reverse()) {
      if (hit.sessionId === null || seen.has(hit.sessionId)) continue;
      seen.add(hit.sessionId);
      const meta = this.index.sessions.get(`${hit.provider}\0${hit.account}\0${hit.sessionId}`);
      const until = stalledUntil(this.index.limitHits, meta, hit.sessionId, now);
      if (until === null) continue;
      out.push({
        provider: hit.provider,
        account: hit.account,
        sessionId: hit.sessionId,
        terminalSessionId: this.pins.get(hit.sessionId) ?? null,
        source: 'log',
        detectedAt: new Date(hit.ts).toISOString(),
        resetsAt: new Date(until).toISOString(),
        text: hit.text,
      });
    }
    return out;
  }

  /** The cwd → worktree function for everything the index holds now. */
  private attribution(): Promise<Attribute> {
    const cwds: string[] = [];
    for (const b of this.index.ledger.all()) if (b.cwd) cwds.push(b.cwd);
    for (const s of this.index.sessions.values()) if (s.cwd) cwds.push(s.cwd);
    return this.attributor.build(cwds);
  }

  private afterChange(extraStalls: Stall[] = []): void {
    const changes = this.index.drainChanges();
    const now = this.now();
    const logStalls: Stall[] = [];
    for (const hit of changes.limitHits) {
      const meta = hit.sessionId ? this.index.sessions.get(`${hit.provider}\0${hit.account}\0${hit.sessionId}`) : undefined;
      const until = hit.sessionId ? stalledUntil(this.index.limitHits, meta, hit.sessionId, now) : null;
      if (until === null) continue;
      logStalls.push({
        provider: hit.provider,
        account: hit.account,
        sessionId: hit.sessionId,
        terminalSessionId: hit.sessionId ? this.pins.get(hit.sessionId) ?? null : null,
        source: 'log',
        detectedAt: new Date(hit.ts).toISOString(),
        resetsAt: new Date(until).toISOString(),
        text: hit.text,
      });
    }
    let warnings: UsageChangedEvent['warnings'] = [];
    if (changes.quota) {
      const result = newWarnings(this.index.windows.states(now), this.firedWarnings, this.thresholds);
      this.firedWarnings = result.fired;
      warnings = result.warnings;
    }
    const stalls = [...logStalls, ...extraStalls];
    if (!changes.summary && !changes.quota && stalls.length === 0) return;
    this.emit(changes.summary, changes.quota || stalls.length > 0, warnings, stalls);
    this.scheduleSave();
  }

  private emit(summary: boolean, quota: boolean, warnings: UsageChangedEvent['warnings'], stalls: Stall[]): void {
    const what: UsageChangedEvent['what'] = [];
    if (summary) what.push('summary');
    if (quota) what.push('quota');
    this.changed.emit({ type: 'usage.changed', what, warnings, stalls });
  }

  private async save(): Promise<void> {
    await this.backfillSaved;
    await saveIndexParts(this.indexDir, this.index.toSnapshot(), this.sources);
  }

  private scheduleSave(): void {
    if (this.saveTimer || this.phase !== 'live') return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      this.save().catch(() => undefined); // the logs remain; next save retries
    }, this.options.saveDelayMs ?? DEFAULT_SAVE_DELAY_MS);
    this.saveTimer.unref();
  }
}
