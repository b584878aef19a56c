/**
 * CI: pull requests and checks of every worktree branch, local checks, and automatic triage
 * (a failing check goes back to the agent in that worktree).
 *
 * The engine watches GitHub (REST, conditional requests) for branches that have a PR or an
 * upstream, runs the repository's `check` commands locally, and types a short prompt with the
 * failing log's tail into the worktree's agent when it is idle. Clients read `ci.status` and
 * re-read it on `ci.changed`.
 */
import { oc } from '@orpc/contract';
import * as z from 'zod';
import { AppErrorSchema } from '../errors.ts';
import { resultSchema } from '../result.ts';

/** A branch's checks as one word: none (no checks or not watched), pending, success, failure. */
export const CiCheckStateSchema = z.enum(['none', 'pending', 'success', 'failure']);
export type CiCheckState = z.infer<typeof CiCheckStateSchema>;

export const PullRequestStateSchema = z.enum(['open', 'draft', 'merged', 'closed']);
export type PullRequestState = z.infer<typeof PullRequestStateSchema>;

export const PullRequestSchema = z.object({
  number: z.number().int(),
  url: z.string(),
  state: PullRequestStateSchema,
  /** The branch it merges into. */
  base: z.string(),
  title: z.string(),
  /** The commit GitHub last saw on the PR's head. */
  headSha: z.string().nullable(),
});
export type PullRequest = z.infer<typeof PullRequestSchema>;

/** One check: a GitHub check run, a legacy commit status, or a local `check` command. */
export const CiRunSchema = z.object({
  name: z.string(),
  state: z.enum(['pending', 'success', 'failure', 'neutral']),
  url: z.string().nullable(),
  source: z.enum(['check-run', 'status', 'local']),
  /** The Actions job id (a check run's id), for its log. */
  jobId: z.number().int().nullable(),
});
export type CiRun = z.infer<typeof CiRunSchema>;

export const CiFailingSchema = z.object({ name: z.string(), url: z.string().nullable() });

export const CiChecksSchema = z.object({
  state: CiCheckStateSchema,
  /** The commit the checks belong to. */
  sha: z.string().nullable(),
  failing: z.array(CiFailingSchema),
  runs: z.array(CiRunSchema),
  /** ISO time of the last successful read. */
  updatedAt: z.string().nullable(),
});
export type CiChecks = z.infer<typeof CiChecksSchema>;

/** The repository config's `check` commands, run in the worktree. */
export const LocalChecksSchema = z.object({
  state: z.enum(['none', 'running', 'success', 'failure']),
  commands: z.array(z.string()),
  /** The command that failed. */
  failed: z.string().nullable(),
  exitCode: z.number().int().nullable(),
  /** The commit the last run checked. */
  head: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type LocalChecks = z.infer<typeof LocalChecksSchema>;

/**
 * off: auto-triage is switched off · watching: nothing to do · waiting: a prompt waits for the
 * agent to be idle (or the user to stop typing, or an agent to exist) · sent: the agent has the
 * last failure · escalated: it failed too often or too long; the user was notified.
 */
export const TriagePhaseSchema = z.enum(['off', 'watching', 'waiting', 'sent', 'escalated']);
export type TriagePhase = z.infer<typeof TriagePhaseSchema>;

export const CiTriageSchema = z.object({
  enabled: z.boolean(),
  phase: TriagePhaseSchema,
  /** Prompts sent for the check failing now (it counts across commits until the check passes). */
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  /** Why a prompt is waiting. */
  waitingFor: z.enum(['agent-busy', 'user-typing', 'no-agent']).nullable(),
  lastSentAt: z.string().nullable(),
});
export type CiTriage = z.infer<typeof CiTriageSchema>;

/** The last failure of a worktree (what a triage prompt and the handoff's "last CI failure" hold). */
export const CiFailureSchema = z.object({
  source: z.enum(['ci', 'local']),
  /** Failing check names (or the failing command). */
  names: z.array(z.string()),
  url: z.string().nullable(),
  /** The failing step of the first failing job, when GitHub names it. */
  step: z.string().nullable(),
  sha: z.string().nullable(),
  at: z.string(),
  signature: z.string(),
});
export type CiFailure = z.infer<typeof CiFailureSchema>;

/** Pushing a branch and opening its PR ("Create PR"). */
export const CiPushSchema = z.object({
  phase: z.enum(['pushing', 'creating-pr', 'done', 'failed']),
  /** The last progress line of `git push` ("Writing objects: 45% (9/20)"). */
  progress: z.string().nullable(),
  error: AppErrorSchema.nullable(),
});
export type CiPush = z.infer<typeof CiPushSchema>;

export const CiWorktreeSchema = z.object({
  repoId: z.string(),
  /** The worktree's path (the key). */
  worktree: z.string(),
  branch: z.string().nullable(),
  head: z.string().nullable(),
  /** What a PR from this worktree merges into (its recorded target, else the default branch). */
  target: z.string().nullable(),
  /** `origin/feature-x`, when the branch tracks one. */
  upstream: z.string().nullable(),
  /** `owner/repo` of the origin remote on GitHub; null without one. */
  github: z.string().nullable(),
  /** Watched: it has a PR or an upstream (and a GitHub remote). */
  watched: z.boolean(),
  pr: PullRequestSchema.nullable(),
  checks: CiChecksSchema,
  local: LocalChecksSchema,
  triage: CiTriageSchema,
  lastFailure: CiFailureSchema.nullable(),
  push: CiPushSchema.nullable(),
});
export type CiWorktree = z.infer<typeof CiWorktreeSchema>;

export const RateLimitSchema = z.object({
  limit: z.number().int().nullable(),
  remaining: z.number().int().nullable(),
  /** ISO time the window resets. */
  resetAt: z.string().nullable(),
});

export const CiStatusSchema = z.object({
  worktrees: z.array(CiWorktreeSchema),
  github: z.object({
    apiBase: z.string(),
    /** A token was found (GITHUB_TOKEN, GH_TOKEN or `gh auth token`); never the token itself. */
    hasToken: z.boolean(),
    /** Where it came from: entered in the app, the environment, or `gh auth token`. */
    tokenFrom: z.enum(['app', 'GITHUB_TOKEN', 'GH_TOKEN', 'gh']).nullable(),
    rateLimit: RateLimitSchema.nullable(),
    /** Set while GitHub said to slow down (403/429): no calls before this time. */
    limitedUntil: z.string().nullable(),
    /** The last problem talking to GitHub (no token, 401, network), null once a call succeeds. */
    problem: AppErrorSchema.nullable(),
  }),
  /** The background poller runs (not in one-shot engines, and only while something is watched). */
  polling: z.boolean(),
  /** The current poll interval (longer while backing off). */
  intervalMs: z.number().int(),
  lastPollAt: z.string().nullable(),
});
export type CiStatus = z.infer<typeof CiStatusSchema>;

/**
 * A GitHub token as a user pastes it: classic (`ghp_…`), fine-grained (`github_pat_…`) or an
 * Enterprise one. Printable ASCII without spaces, so it can never smuggle a header line.
 */
export const GitHubTokenSchema = z
  .string()
  .trim()
  .min(8, 'a GitHub token is at least 8 characters')
  .max(512, 'a GitHub token is at most 512 characters')
  .regex(/^[\x21-\x7e]+$/, 'a GitHub token has no spaces or special characters');

const WorktreeInput = z.object({ worktree: z.string().min(1).max(4_096) });

export const CreatePrInputSchema = WorktreeInput.extend({
  title: z.string().trim().min(1).max(256).optional(),
  body: z.string().max(65_536).optional(),
  draft: z.boolean().optional(),
});
export type CreatePrInput = z.infer<typeof CreatePrInputSchema>;

/** The longest log tail a client gets (the engine keeps no more). */
export const MAX_FAILURE_LOG_CHARS = 16_000;

export const CiFailureLogSchema = z.object({
  failure: CiFailureSchema,
  /** Cleaned (no ANSI or control characters) and masked (no tokens or secrets). */
  log: z.string().max(MAX_FAILURE_LOG_CHARS),
  /** The prompt the agent got (or gets). */
  prompt: z.string(),
});
export type CiFailureLog = z.infer<typeof CiFailureLogSchema>;

export const ciContract = {
  /** Every worktree of the registered repositories (or one); `refresh` reads GitHub and git first. */
  status: oc
    .input(z.object({ repoId: z.string().optional(), refresh: z.boolean().optional() }))
    .output(resultSchema(CiStatusSchema)),
  /** Switch automatic triage on or off for a worktree (`run --auto-handle-ci` turns it on). */
  setAutoTriage: oc.input(WorktreeInput.extend({ enabled: z.boolean() })).output(resultSchema(CiWorktreeSchema)),
  /** Run the repository's `check` commands in the worktree now; resolves when they finish. */
  runChecks: oc.input(WorktreeInput).output(resultSchema(LocalChecksSchema)),
  /** Push the branch (`git push -u origin`) and open a PR against the worktree's target. */
  createPr: oc.input(CreatePrInputSchema).output(resultSchema(PullRequestSchema)),
  /**
   * Use this GitHub token (null forgets it) before GITHUB_TOKEN, GH_TOKEN and `gh`: held in the
   * engine's memory only (the desktop app keeps it encrypted and hands it over at each start).
   */
  setToken: oc.input(z.object({ token: GitHubTokenSchema.nullable() })).output(resultSchema(CiStatusSchema)),
  /** The last failure's cleaned log tail and the triage prompt. */
  failureLog: oc.input(WorktreeInput).output(resultSchema(CiFailureLogSchema.nullable())),
};
