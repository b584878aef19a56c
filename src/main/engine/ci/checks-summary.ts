/**
 * One word for a commit's checks, from GitHub's check runs and legacy commit statuses.
 *
 * failure: any run failed (failure, timed out, cancelled, action required; a status error or
 * failure) · pending: none failed and some are still queued or running · success: everything
 * finished and passed (neutral and skipped count as passed) · none: nothing reported.
 */
import type { CiCheckState, CiChecks, CiRun } from '../../../shared/protocol/ci.ts';
import type { CheckRunData, StatusData } from './github/github-client.ts';

const FAILED_CONCLUSIONS = new Set(['failure', 'timed_out', 'cancelled', 'action_required', 'startup_failure', 'stale']);
const NEUTRAL_CONCLUSIONS = new Set(['neutral', 'skipped']);

export function runFromCheck(run: CheckRunData): CiRun {
  const state: CiRun['state'] =
    run.status !== 'completed'
      ? 'pending'
      : run.conclusion !== null && FAILED_CONCLUSIONS.has(run.conclusion)
        ? 'failure'
        : run.conclusion !== null && NEUTRAL_CONCLUSIONS.has(run.conclusion)
          ? 'neutral'
          : 'success';
  return { name: run.name, state, url: run.url, source: 'check-run', jobId: run.app === 'github-actions' ? run.id : null };
}

export function runFromStatus(status: StatusData): CiRun {
  const state: CiRun['state'] = status.state === 'success' ? 'success' : status.state === 'pending' ? 'pending' : 'failure';
  return { name: status.context, state, url: status.url, source: 'status', jobId: null };
}

export function summarizeRuns(runs: readonly CiRun[]): CiCheckState {
  if (runs.length === 0) return 'none';
  if (runs.some((run) => run.state === 'failure')) return 'failure';
  if (runs.some((run) => run.state === 'pending')) return 'pending';
  return 'success';
}

/** The checks view of a commit. */
export function buildChecks(sha: string | null, runs: readonly CiRun[], at: string | null): CiChecks {
  const ordered = [...runs].sort((a, b) => a.name.localeCompare(b.name));
  return {
    state: summarizeRuns(ordered),
    sha,
    failing: ordered.filter((run) => run.state === 'failure').map((run) => ({ name: run.name, url: run.url })),
    runs: ordered,
    updatedAt: at,
  };
}

export const NO_CHECKS: CiChecks = { state: 'none', sha: null, failing: [], runs: [], updatedAt: null };
