/**
 * A fresh read of a branch's CI checks: passing checks reset their attempt counts, a new failure
 * (its signature differs from the last one) has its failing steps and job logs fetched, cleaned
 * and masked, is persisted (the checks panel and the handoff prompt read it), and is triaged.
 */
import { MAX_FAILURE_LOG_CHARS, type CiRun } from '../../../shared/protocol/ci.ts';
import type { Entry } from './ci-entry.ts';
import type { CiContext } from './ci-context.ts';
import { checkKey, failureSignature } from './failure-signature.ts';
import type { GitHubClient } from './github/github-client.ts';
import type { GitHubRepoRef } from './github/github-remote.ts';
import { cleanLogTail, failingStepFromLog, PANEL_LOG_LINES } from './log-clean.ts';
import { recordPassed, type FailureKeyed } from './triage-policy.ts';
import type { TriageDelivery } from './triage-delivery.ts';
import { buildTriagePrompt } from './triage-prompt.ts';

/** Failing jobs whose logs are fetched per failure (each costs a call). */
const MAX_LOGS_PER_FAILURE = 3;

/** React to a fresh read of a branch's checks: passes reset counts, a new failure is described and triaged. */
export async function onCiChecks(ctx: CiContext, delivery: TriageDelivery, entry: Entry): Promise<void> {
  const record = ctx.record(entry.scan.path);
  const { checks } = entry;
  const passed = checks.runs.filter((run) => run.state === 'success' || run.state === 'neutral').map((run) => checkKey('ci', run.name));
  const before = record.triage;
  record.triage = recordPassed(record.triage, passed);
  if (checks.state === 'success' && entry.pending?.source === 'ci') {
    entry.pending = null;
    entry.waitingFor = null;
  }
  if (checks.state !== 'failure') {
    if (record.triage !== before) await ctx.save();
    return;
  }
  const failing = checks.runs.filter((run) => run.state === 'failure');
  const keyed: FailureKeyed = {
    signature: failureSignature({ source: 'ci', sha: checks.sha, failing: failing.map((run) => `${run.name}#${run.jobId ?? run.url ?? ''}`) }),
    checks: failing.map((run) => checkKey('ci', run.name)),
  };
  let details: { step: string | null; prompt: string; steps: Map<string, string | null> } | null = null;
  if (record.lastFailure?.signature !== keyed.signature) {
    const described = await describeCiFailure(ctx.client, entry.scan.github!, failing);
    record.lastFailure = {
      source: 'ci',
      names: failing.map((run) => run.name),
      url: failing[0]?.url ?? null,
      step: described.steps.get(failing[0]?.name ?? '') ?? null,
      sha: checks.sha,
      at: new Date(ctx.now()).toISOString(),
      signature: keyed.signature,
    };
    record.failureLog = described.panelLog;
    details = { step: record.lastFailure.step, prompt: described.promptLog, steps: described.steps };
    await ctx.save();
  }
  const promptLog = details?.prompt ?? cleanLogTail(record.failureLog ?? '');
  const steps = details?.steps ?? new Map<string, string | null>([[record.lastFailure?.names[0] ?? '', record.lastFailure?.step ?? null]]);
  await delivery.triage(entry, keyed, 'ci', (attempt) =>
    buildTriagePrompt({
      source: 'ci',
      branch: entry.scan.branch,
      sha: checks.sha,
      checks: failing.map((run) => ({ name: run.name, url: run.url, step: steps.get(run.name) ?? null })),
      logTail: promptLog,
      attempt,
      maxAttempts: ctx.policy.maxAttempts,
    }),
  );
}

/** Fetch the failing jobs' steps and logs (Actions only), cleaned and masked. */
async function describeCiFailure(
  client: GitHubClient,
  github: GitHubRepoRef,
  failing: readonly CiRun[],
): Promise<{ steps: Map<string, string | null>; promptLog: string; panelLog: string }> {
  const steps = new Map<string, string | null>();
  const promptParts: string[] = [];
  const panelParts: string[] = [];
  const known = client.secretsToMask();
  const withLogs = failing.filter((run) => run.jobId !== null).slice(0, MAX_LOGS_PER_FAILURE);
  for (const run of withLogs) {
    const [step, log] = await Promise.all([client.failingStep(github, run.jobId!), client.jobLogTail(github, run.jobId!)]);
    const raw = log.ok ? log.value : '';
    steps.set(run.name, (step.ok ? step.value : null) ?? (raw ? failingStepFromLog(raw) : null));
    if (!raw) continue;
    const title = withLogs.length > 1 ? `── ${run.name} ──\n` : '';
    promptParts.push(title + cleanLogTail(raw, { lines: Math.max(15, Math.floor(40 / withLogs.length)), known }));
    panelParts.push(title + cleanLogTail(raw, { lines: PANEL_LOG_LINES, chars: Math.floor(MAX_FAILURE_LOG_CHARS / withLogs.length) - 100, known }));
  }
  return { steps, promptLog: promptParts.join('\n'), panelLog: panelParts.join('\n') };
}
