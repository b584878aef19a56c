/**
 * One CI cycle: a git scan of every repository (`ci-scan.ts`, no network), then for each watched
 * branch its PR, check runs and commit statuses (conditional requests: an unchanged answer is a
 * free 304), a few branches at a time. A fresh read of checks goes on to `ci-failure.ts`.
 */
import path from 'node:path';
import type { CiRun } from '../../../shared/protocol/ci.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { buildChecks, NO_CHECKS, runFromCheck, runFromStatus } from './checks-summary.ts';
import { newEntry, type Entry } from './ci-entry.ts';
import type { CiContext } from './ci-context.ts';
import { onCiChecks } from './ci-failure.ts';
import type { PollOutcome } from './ci-poller.ts';
import { scanRepo } from './ci-scan.ts';
import type { TriageDelivery } from './triage-delivery.ts';

/** Branches read from GitHub at once. */
const GITHUB_CONCURRENCY = 4;

export class CiCycle {
  private refreshing: Promise<PollOutcome> | null = null;
  private scannedOnce = false;

  constructor(
    private readonly ctx: CiContext,
    private readonly delivery: TriageDelivery,
  ) {}

  /** Whether git has been scanned at least once (before that, the entries are empty). */
  get scanned(): boolean {
    return this.scannedOnce;
  }

  /** One cycle: scan git, then (unless `github: false`) read GitHub for watched branches. */
  refresh(options: { github?: boolean } = {}): Promise<PollOutcome> {
    // One cycle at a time: callers that arrive meanwhile share it (or the next, for a git-only scan).
    if (this.refreshing) return this.refreshing;
    this.refreshing = this.cycle(options.github ?? true).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /** Wait for the cycle in progress, if any, to end (its failure is the poller's to report). */
  async settled(): Promise<void> {
    await this.refreshing?.catch(() => undefined);
  }

  /** The entry of the worktree holding `worktree` (a path in it), scanning git again when unknown. */
  async entryFor(worktree: string): Promise<Result<Entry>> {
    if (!this.scannedOnce) await this.refresh({ github: false });
    const wanted = path.resolve(worktree);
    const find = (): Entry | undefined => this.ctx.owning(wanted);
    let entry = find();
    if (!entry) {
      await this.refresh({ github: false });
      entry = find();
    }
    return entry ? ok(entry) : err({ kind: 'WORKTREE_NOT_FOUND', path: worktree });
  }

  private async cycle(github: boolean): Promise<PollOutcome> {
    const ctx = this.ctx;
    const repos = ctx.options.repos();
    const scanned = (await Promise.all(repos.map((repo) => scanRepo(repo, ctx.client.apiBase)))).flat();
    const seen = new Set<string>();
    for (const scan of scanned) {
      seen.add(scan.path);
      const entry = ctx.entries.get(scan.path);
      if (entry) {
        if (entry.scan.branch !== scan.branch) {
          entry.pr = null;
          entry.checks = NO_CHECKS;
        }
        entry.scan = scan;
      } else {
        ctx.entries.set(scan.path, newEntry(scan));
      }
    }
    for (const key of [...ctx.entries.keys()]) if (!seen.has(key)) ctx.entries.delete(key);
    this.scannedOnce = true;
    const watched = [...ctx.entries.values()].filter((entry) => ctx.watched(entry));
    if (!github) {
      ctx.emitIfChanged();
      return watched.length > 0 ? { kind: 'ok' } : { kind: 'idle' };
    }
    if (watched.length === 0) {
      ctx.emitIfChanged();
      return { kind: 'idle' };
    }
    let outcome: PollOutcome = { kind: 'ok' };
    const queue = [...watched];
    const worker = async (): Promise<void> => {
      for (let entry = queue.shift(); entry && outcome.kind === 'ok'; entry = queue.shift()) {
        const read = await this.readGitHub(entry);
        if (read.ok) continue;
        const limited = ctx.client.state().limitedUntilMs;
        outcome = read.error.kind === 'GITHUB_RATE_LIMITED' && limited !== null ? { kind: 'limited', untilMs: limited } : { kind: 'error' };
      }
    };
    await Promise.all(Array.from({ length: Math.min(GITHUB_CONCURRENCY, watched.length) }, worker));
    ctx.lastPollAt = ctx.now();
    ctx.emitIfChanged();
    return outcome;
  }

  private async readGitHub(entry: Entry): Promise<Result<null>> {
    const client = this.ctx.client;
    const { github, branch } = entry.scan;
    if (!github || !branch) return ok(null);
    const found = await client.findPullRequest(github, branch);
    if (!found.ok) return found;
    entry.pr = found.value.value;
    const openPr = entry.pr && (entry.pr.state === 'open' || entry.pr.state === 'draft') ? entry.pr : null;
    const sha = openPr?.headSha ?? entry.scan.upstreamSha ?? entry.pr?.headSha ?? null;
    if (!sha) {
      entry.checks = NO_CHECKS;
      return ok(null);
    }
    const [runs, statuses] = await Promise.all([client.checkRuns(github, sha), client.combinedStatus(github, sha)]);
    if (!runs.ok) return runs;
    if (!statuses.ok) return statuses;
    const all: CiRun[] = [...runs.value.value.map(runFromCheck), ...statuses.value.value.map(runFromStatus)];
    entry.checks = buildChecks(sha, all, new Date(this.ctx.now()).toISOString());
    await onCiChecks(this.ctx, this.delivery, entry);
    return ok(null);
  }
}
