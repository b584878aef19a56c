/**
 * The `usage.summary` answer: totals by provider, day, worktree, model and session.
 *
 * Pure over the index's aggregates plus an attribution function, so the CLI and the service
 * produce the same numbers and tests can check them without files. Worktrees are attributed at
 * query time: the set of worktrees changes, the logs do not.
 */
import type { UsageScanState, UsageSession, UsageSummary, UsageSummaryQuery } from '../../../../shared/protocol/usage.ts';
import type { WorktreeRoot } from '../attribution/attribute-cwd.ts';
import type { LedgerBucket } from '../model/usage-ledger.ts';
import { groupTotals } from '../model/totals.ts';
import { compareText } from './compare-text.ts';
import type { LimitHit, SessionMeta } from '../types.ts';

/** Everything a summary is built from. */
export interface SummaryInput {
  readonly buckets: Iterable<LedgerBucket>;
  readonly sessions: ReadonlyMap<string, SessionMeta>;
  readonly limitHits: readonly LimitHit[];
  readonly timeZone: string;
  readonly now: number;
  /** cwd (or Gemini project key) → worktree; null when outside every known worktree. */
  readonly attribute: (cwd: string | null, projectKey: string | null) => WorktreeRoot | null;
  /** Agent session id → app terminal session id (pinned at launch). */
  readonly pins: ReadonlyMap<string, string>;
  readonly scan: UsageScanState;
}

const STALL_WITHOUT_RESET_MS = 5 * 3_600_000;

/** When a session is stalled until (epoch ms), from its latest limit hit; null if not stalled. */
export function stalledUntil(hits: readonly LimitHit[], meta: SessionMeta | undefined, sessionId: string, now: number): number | null {
  let latest: LimitHit | null = null;
  for (const hit of hits) if (hit.sessionId === sessionId && (!latest || hit.ts > latest.ts)) latest = hit;
  if (!latest) return null;
  // Work after the hit means it went on (the limit lifted or it was a transient refusal).
  if (meta && meta.lastTs > latest.ts) return null;
  if (latest.resetAt !== null) return latest.resetAt > now ? latest.resetAt : null;
  return now - latest.ts < STALL_WITHOUT_RESET_MS ? latest.ts + STALL_WITHOUT_RESET_MS : null;
}

/** Build the summary for `query`. */
export function buildSummary(input: SummaryInput, query: UsageSummaryQuery): UsageSummary {
  const selected: LedgerBucket[] = [];
  for (const b of input.buckets) {
    if (query.since && b.day < query.since) continue;
    if (query.until && b.day > query.until) continue;
    if (query.provider && b.provider !== query.provider) continue;
    selected.push(b);
  }
  // By cwd, then project key: no key string built per bucket (a summary asks thousands of times).
  const rootCache = new Map<string | null, Map<string | null, WorktreeRoot | null>>();
  const rootOf = (b: { cwd: string | null; projectKey: string | null }): WorktreeRoot | null => {
    let byKey = rootCache.get(b.cwd);
    if (!byKey) rootCache.set(b.cwd, (byKey = new Map()));
    let root = byKey.get(b.projectKey);
    if (root === undefined) byKey.set(b.projectKey, (root = input.attribute(b.cwd, b.projectKey)));
    return root;
  };

  const all = groupTotals(selected, () => 'all', () => null);
  const byProvider = groupTotals(selected, (b) => b.provider, (b) => b.provider)
    .map((g) => ({ provider: g.info, totals: g.totals }))
    .sort((a, b) => compareText(a.provider, b.provider));
  const byDay = groupTotals(selected, (b) => `${b.day}\0${b.provider}`, (b) => ({ day: b.day, provider: b.provider }))
    .map((g) => ({ ...g.info, totals: g.totals }))
    .sort((a, b) => compareText(a.day, b.day) || compareText(a.provider, b.provider));
  const byWorktree = groupTotals(
    selected,
    (b) => `${rootOf(b)?.path ?? ''}\0${b.provider}`,
    (b) => ({ worktreePath: rootOf(b)?.path ?? null, repoId: rootOf(b)?.repoId ?? null, provider: b.provider }),
  )
    .map((g) => ({ ...g.info, totals: g.totals }))
    .sort((a, b) => compareText(a.worktreePath ?? '\uffff', b.worktreePath ?? '\uffff') || compareText(a.provider, b.provider));
  const byModel = groupTotals(selected, (b) => `${b.provider}\0${b.model}`, (b) => ({ provider: b.provider, model: b.model }))
    .map((g) => ({ ...g.info, totals: g.totals }))
    .sort((a, b) => compareText(a.provider, b.provider) || compareText(a.model, b.model));

  const sessions: UsageSession[] = [];
  if (query.includeSessions !== false) {
    for (const g of groupTotals(selected, (b) => `${b.provider}\0${b.account}\0${b.sessionId}`, (b) => b)) {
      const meta = input.sessions.get(g.key);
      const cwd = meta?.cwd ?? g.info.cwd;
      const root = rootOf({ cwd, projectKey: meta?.projectKey ?? g.info.projectKey });
      const until = stalledUntil(input.limitHits, meta, g.info.sessionId, input.now);
      const context = meta?.context ?? null;
      sessions.push({
        provider: g.info.provider,
        account: g.info.account,
        sessionId: g.info.sessionId,
        terminalSessionId: input.pins.get(g.info.sessionId) ?? null,
        repoId: root?.repoId ?? null,
        worktreePath: root?.path ?? null,
        cwd,
        model: meta?.model ?? g.info.model,
        firstAt: new Date(Number.isFinite(meta?.firstTs) ? meta!.firstTs : input.now).toISOString(),
        lastAt: new Date(Number.isFinite(meta?.lastTs) ? meta!.lastTs : input.now).toISOString(),
        totals: g.totals,
        context: context
          ? {
              usedTokens: context.used,
              windowTokens: context.window,
              percent: Math.round((1000 * context.used) / context.window) / 10,
              observedAt: new Date(context.ts).toISOString(),
            }
          : null,
        stalledUntil: until === null ? null : new Date(until).toISOString(),
      });
    }
    sessions.sort((a, b) => compareText(b.lastAt, a.lastAt));
  }

  return {
    generatedAt: new Date(input.now).toISOString(),
    timeZone: input.timeZone,
    since: query.since ?? null,
    until: query.until ?? null,
    totals: all[0]?.totals ?? emptyTotals(),
    byProvider,
    byDay,
    byWorktree,
    byModel,
    sessions,
    scan: input.scan,
  };
}

function emptyTotals(): UsageSummary['totals'] {
  return {
    inputTokens: 0,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    outputTokens: 0,
    reasoningTokens: 0,
    requests: 0,
    costUsd: 0,
    unpricedRequests: 0,
    unpricedModels: [],
  };
}
