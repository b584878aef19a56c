/**
 * What the CI service knows of one worktree between polls, and how a client sees it.
 *
 * The entry is the live state (PR, checks, local checks, push, a prompt waiting for the agent);
 * the record is what survives restarts (`ci.json`: toggle, triage counts, the last failure).
 * `viewWorktree` joins the two into the protocol's `CiWorktree`, with the triage phase derived
 * from them rather than stored.
 */
import type {
  CiChecks,
  CiPush,
  CiWorktree,
  LocalChecks,
  PullRequest,
  TriagePhase,
} from '../../../shared/protocol/ci.ts';
import type { Result } from '../../../shared/result.ts';
import { NO_CHECKS } from './checks-summary.ts';
import type { CiRecord } from './ci-store.ts';
import type { ScannedWorktree } from './ci-scan.ts';
import { checkKey } from './failure-signature.ts';
import type { FailureKeyed } from './triage-policy.ts';

export interface Pending {
  readonly keyed: FailureKeyed;
  readonly source: 'ci' | 'local';
  readonly prompt: string;
}

export interface Entry {
  scan: ScannedWorktree;
  pr: PullRequest | null;
  checks: CiChecks;
  local: LocalChecks;
  push: CiPush | null;
  pending: Pending | null;
  waitingFor: CiWorktree['triage']['waitingFor'];
  lastSentAt: number | null;
  localRun: Promise<Result<LocalChecks>> | null;
}

export const NO_LOCAL: LocalChecks = { state: 'none', commands: [], failed: null, exitCode: null, head: null, finishedAt: null };

export function newEntry(scan: ScannedWorktree): Entry {
  return { scan, pr: null, checks: NO_CHECKS, local: NO_LOCAL, push: null, pending: null, waitingFor: null, lastSentAt: null, localRun: null };
}

/** The protocol's view of a worktree: live state, persisted record, and the derived phase. */
export function viewWorktree(entry: Entry, record: CiRecord, context: { maxAttempts: number; watched: boolean }): CiWorktree {
  const failingKeys = [
    ...entry.checks.failing.map((run) => checkKey('ci', run.name)),
    ...(entry.local.state === 'failure' && entry.local.failed ? [checkKey('local', entry.local.failed)] : []),
  ];
  const tracks = failingKeys.map((key) => record.triage.checks[key]).filter((track) => track !== undefined);
  const escalated = tracks.some((track) => track.escalated);
  const failing = failingKeys.length > 0;
  const sent = record.lastFailure !== null && record.triage.sent.includes(record.lastFailure.signature);
  const phase: TriagePhase = !record.autoTriage
    ? 'off'
    : escalated
      ? 'escalated'
      : entry.pending
        ? 'waiting'
        : failing && sent
          ? 'sent'
          : 'watching';
  const { scan } = entry;
  return {
    repoId: scan.repoId,
    worktree: scan.path,
    branch: scan.branch,
    head: scan.head,
    target: scan.target,
    upstream: scan.upstream,
    github: scan.github ? `${scan.github.owner}/${scan.github.repo}` : null,
    watched: context.watched,
    pr: entry.pr,
    checks: entry.checks,
    local: entry.local,
    triage: {
      enabled: record.autoTriage,
      phase,
      attempts: Math.max(0, ...tracks.map((track) => track.attempts)),
      maxAttempts: context.maxAttempts,
      waitingFor: entry.pending ? entry.waitingFor : null,
      lastSentAt: entry.lastSentAt === null ? null : new Date(entry.lastSentAt).toISOString(),
    },
    lastFailure: record.lastFailure,
    push: entry.push,
  };
}
