/**
 * Usage and quota: tokens, API-equivalent cost, context fill and rate-limit windows per provider.
 *
 * The engine reads the agents' own logs (Codex rollouts, Claude Code transcripts, Gemini chats)
 * and keeps only an index; these procedures return ready-to-render aggregates so a client never
 * loops over sessions itself. Costs are "API-equivalent": what the same tokens would cost at the
 * public API price, not what a subscription charges. A model missing from the pricing table is
 * reported as unpriced (`costUsd: null` / `unpricedRequests > 0`), never as $0.
 */
import { oc } from '@orpc/contract';
import * as z from 'zod';

export const UsageProviderSchema = z.enum(['codex', 'claude', 'gemini']);
export type UsageProvider = z.infer<typeof UsageProviderSchema>;

/** Token counts. `cachedInputTokens` and `cacheWriteTokens` are parts of `inputTokens`; `reasoningTokens` is part of `outputTokens`. */
export const UsageTotalsSchema = z.object({
  inputTokens: z.number(),
  cachedInputTokens: z.number(),
  cacheWriteTokens: z.number(),
  outputTokens: z.number(),
  reasoningTokens: z.number(),
  /** Model requests counted (after dedupe). */
  requests: z.number(),
  /** Sum over priced requests; null when nothing in the group could be priced. */
  costUsd: z.number().nullable(),
  /** Requests whose model is not in the pricing table (their cost is unknown, not zero). */
  unpricedRequests: z.number(),
  unpricedModels: z.array(z.string()),
});
export type UsageTotals = z.infer<typeof UsageTotalsSchema>;

export const ContextFillSchema = z.object({
  usedTokens: z.number(),
  windowTokens: z.number(),
  /** 0–100. */
  percent: z.number(),
  observedAt: z.string(),
});
export type ContextFill = z.infer<typeof ContextFillSchema>;

export const UsageSessionSchema = z.object({
  provider: UsageProviderSchema,
  /** The log folder the session came from (CODEX_HOME, CLAUDE_CONFIG_DIR, Gemini dir). */
  account: z.string(),
  /** The agent's own session or thread id. */
  sessionId: z.string(),
  /** The app's terminal session, when the id was pinned at launch. */
  terminalSessionId: z.string().nullable(),
  repoId: z.string().nullable(),
  /** Worktree root the session's cwd falls in; null when it is outside every known worktree. */
  worktreePath: z.string().nullable(),
  cwd: z.string().nullable(),
  model: z.string().nullable(),
  firstAt: z.string(),
  lastAt: z.string(),
  totals: UsageTotalsSchema,
  context: ContextFillSchema.nullable(),
  /** Set while the session is blocked on a usage limit. */
  stalledUntil: z.string().nullable(),
});
export type UsageSession = z.infer<typeof UsageSessionSchema>;

export const UsageSummaryQuerySchema = z.object({
  /** First day to include, `YYYY-MM-DD` in the engine's time zone. */
  since: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  /** Last day to include (inclusive). */
  until: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  provider: UsageProviderSchema.optional(),
  /** Include the per-session list (can be long). */
  includeSessions: z.boolean().optional(),
});
export type UsageSummaryQuery = z.infer<typeof UsageSummaryQuerySchema>;

export const UsageScanStateSchema = z.object({
  phase: z.enum(['idle', 'backfilling', 'live', 'disposed']),
  files: z.number(),
  bytesRead: z.number(),
  /** Complete lines that looked relevant but were not valid JSON: skipped, never fatal. */
  corruptLines: z.number(),
  lastBackfillMs: z.number().nullable(),
  /** Backfill ran in a worker thread (false only when no worker entry could be found). */
  backfillInWorker: z.boolean(),
  pricingTakenAt: z.string(),
});
export type UsageScanState = z.infer<typeof UsageScanStateSchema>;

export const UsageSummarySchema = z.object({
  generatedAt: z.string(),
  timeZone: z.string(),
  since: z.string().nullable(),
  until: z.string().nullable(),
  totals: UsageTotalsSchema,
  byProvider: z.array(z.object({ provider: UsageProviderSchema, totals: UsageTotalsSchema })),
  byDay: z.array(z.object({ day: z.string(), provider: UsageProviderSchema, totals: UsageTotalsSchema })),
  byWorktree: z.array(
    z.object({
      worktreePath: z.string().nullable(),
      repoId: z.string().nullable(),
      provider: UsageProviderSchema,
      totals: UsageTotalsSchema,
    }),
  ),
  byModel: z.array(z.object({ provider: UsageProviderSchema, model: z.string(), totals: UsageTotalsSchema })),
  sessions: z.array(UsageSessionSchema),
  scan: UsageScanStateSchema,
});
export type UsageSummary = z.infer<typeof UsageSummarySchema>;

export const WindowKindSchema = z.string().describe('"5h", "weekly" or "<n>h"');

export const RateWindowSchema = z.object({
  provider: UsageProviderSchema,
  account: z.string(),
  /** Quota pool: Codex `limit_id` ("codex", "codex_bengalfox"), "claude", … */
  bucket: z.string(),
  bucketName: z.string().nullable(),
  kind: WindowKindSchema,
  windowMinutes: z.number(),
  /** 0–100 as last observed; 0 once the reset time has passed (`awaitingData`). */
  usedPercent: z.number(),
  /** Null when the source gave no reset time (oldest Codex builds). */
  resetsAt: z.string().nullable(),
  observedAt: z.string(),
  source: z.enum(['codex-rollout', 'codex-appserver', 'claude-statusline', 'claude-stream', 'claude-cache']),
  /** No observation for more than 15 minutes while the window is running. */
  stale: z.boolean(),
  /** The reset time passed and no newer observation arrived yet. */
  awaitingData: z.boolean(),
  /** ≥ 98 %: the CLIs block around "2 % left". */
  exhausted: z.boolean(),
  /** Share of the window's time already elapsed, 0–100. */
  elapsedPercent: z.number(),
  /** usedPercent − elapsedPercent: positive = burning faster than the window allows. */
  pacePercent: z.number(),
  overPace: z.boolean(),
  /** Recent burn in percent per hour, null without enough data. */
  burnPerHour: z.number().nullable(),
  /** When 100 % is reached at the current burn, if before the reset; null = not before reset. */
  projectedFullAt: z.string().nullable(),
  /** The window with the least headroom for its provider and account. */
  binding: z.boolean(),
});
export type RateWindow = z.infer<typeof RateWindowSchema>;

export const ProviderQuotaSchema = z.object({
  provider: UsageProviderSchema,
  account: z.string(),
  /** live: fresh window data; stale: only old data; unknown: no window data at all. */
  status: z.enum(['live', 'stale', 'unknown']),
  planType: z.string().nullable(),
  /** Binding window first. */
  windows: z.array(RateWindowSchema),
  /** Gemini: model requests today (approximate; no reset time is on disk). */
  requestsToday: z.number().nullable(),
  /**
   * The last day (YYYY-MM-DD, the engine's time zone) this account's logs show a request; null =
   * never used as far as the logs go. A client hides never-used providers instead of "unknown".
   */
  lastUsedDay: z.string().nullable(),
  note: z.string().nullable(),
});
export type ProviderQuota = z.infer<typeof ProviderQuotaSchema>;

export const StallSchema = z.object({
  provider: UsageProviderSchema,
  account: z.string().nullable(),
  sessionId: z.string().nullable(),
  terminalSessionId: z.string().nullable(),
  source: z.enum(['log', 'screen', 'statusline', 'stream']),
  detectedAt: z.string(),
  resetsAt: z.string().nullable(),
  text: z.string(),
});
export type Stall = z.infer<typeof StallSchema>;

export const QuotaWarningSchema = z.object({
  provider: UsageProviderSchema,
  account: z.string(),
  bucket: z.string(),
  kind: z.string(),
  threshold: z.number(),
  usedPercent: z.number(),
  resetsAt: z.string().nullable(),
});
export type QuotaWarning = z.infer<typeof QuotaWarningSchema>;

export const QuotaSnapshotSchema = z.object({
  generatedAt: z.string(),
  providers: z.array(ProviderQuotaSchema),
  stalls: z.array(StallSchema),
  /** Windows currently at or above a warning threshold (the highest threshold crossed each). */
  warnings: z.array(QuotaWarningSchema),
});
export type QuotaSnapshot = z.infer<typeof QuotaSnapshotSchema>;

export const UsageTimelineQuerySchema = z.object({
  since: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  until: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  groupBy: z.enum(['provider', 'worktree', 'model']),
});
export type UsageTimelineQuery = z.infer<typeof UsageTimelineQuerySchema>;

export const UsageTimelineSchema = z.object({
  timeZone: z.string(),
  /** Every day in the range, oldest first, including days without usage. */
  days: z.array(z.string()),
  series: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      /** One entry per `days` element, same order. */
      points: z.array(
        z.object({ tokens: z.number(), outputTokens: z.number(), costUsd: z.number().nullable() }),
      ),
    }),
  ),
});
export type UsageTimeline = z.infer<typeof UsageTimelineSchema>;

/**
 * Claude Code status-line JSON (stdin of a statusLine command) of a session the app started, as
 * the agents module hands it to the usage module in the engine (not a procedure input).
 */
export const StatusLineInputSchema = z.object({
  /** CLAUDE_CONFIG_DIR the session runs with (default account when omitted). */
  account: z.string().optional(),
  terminalSessionId: z.string().optional(),
  payload: z.unknown(),
});
export type StatusLineInput = z.infer<typeof StatusLineInputSchema>;

export const UsageChangedEventSchema = z.object({
  type: z.literal('usage.changed'),
  /** What changed, so a client can refetch only that. */
  what: z.array(z.enum(['summary', 'quota'])),
  /** Threshold crossings that fired just now: each fires once per window instance and threshold. */
  warnings: z.array(QuotaWarningSchema),
  /** Sessions that just stalled on a limit. */
  stalls: z.array(StallSchema),
});
export type UsageChangedEvent = z.infer<typeof UsageChangedEventSchema>;

export const usageContract = {
  summary: oc.input(UsageSummaryQuerySchema).output(UsageSummarySchema),
  quota: oc.output(QuotaSnapshotSchema),
  timeline: oc.input(UsageTimelineQuerySchema).output(UsageTimelineSchema),
  // No procedure writes usage data: status lines reach the engine only through the hook files of
  // sessions it started (checked against a per-start secret), never from any token holder.
};
