/**
 * A run of the repository's `check` commands in a worktree (`local-checks.ts` runs them): its
 * state shown while it runs, a pass resetting the checks' attempt counts, a failure persisted
 * and triaged like a CI failure (source `local`), so the loop works with no remote at all.
 */
import { err, ok, type Result } from '../../../shared/result.ts';
import { MAX_FAILURE_LOG_CHARS, type LocalChecks } from '../../../shared/protocol/ci.ts';
import { currentHead } from '../git/rev-parse-head.ts';
import type { Entry } from './ci-entry.ts';
import type { CiContext } from './ci-context.ts';
import { checkKey, failureSignature } from './failure-signature.ts';
import { runLocalChecks } from './local-checks.ts';
import { cleanLogTail, PANEL_LOG_LINES } from './log-clean.ts';
import { recordPassed, type FailureKeyed } from './triage-policy.ts';
import type { TriageDelivery } from './triage-delivery.ts';
import { buildTriagePrompt } from './triage-prompt.ts';

/** Run the `check` commands in the entry's worktree now, or join the run in progress. */
export function runChecksIn(ctx: CiContext, delivery: TriageDelivery, entry: Entry): Promise<Result<LocalChecks>> {
  if (entry.localRun) return entry.localRun;
  entry.localRun = runLocal(ctx, delivery, entry).finally(() => {
    entry.localRun = null;
  });
  return entry.localRun;
}

async function runLocal(ctx: CiContext, delivery: TriageDelivery, entry: Entry): Promise<Result<LocalChecks>> {
  const commands = await ctx.options.checkCommands(entry.scan.repoPath);
  if (!commands.ok) return commands;
  if (commands.value.length === 0) return err({ kind: 'NO_CHECK_COMMAND', path: entry.scan.repoPath });
  const head = await readHead(entry.scan.path);
  entry.local = { state: 'running', commands: [...commands.value], failed: null, exitCode: null, head, finishedAt: null };
  ctx.emitIfChanged();
  const outcome = await runLocalChecks(commands.value, { cwd: entry.scan.path, env: ctx.options.env });
  entry.local = {
    state: outcome.ok ? 'success' : 'failure',
    commands: [...commands.value],
    failed: outcome.failed,
    exitCode: outcome.exitCode,
    head,
    finishedAt: new Date(ctx.now()).toISOString(),
  };
  const record = ctx.record(entry.scan.path);
  if (outcome.ok) {
    record.triage = recordPassed(record.triage, commands.value.map((command) => checkKey('local', command)));
    if (entry.pending?.source === 'local') {
      entry.pending = null;
      entry.waitingFor = null;
    }
    await ctx.save();
    ctx.emitIfChanged();
    return ok(entry.local);
  }
  const failed = outcome.failed ?? commands.value[0]!;
  const keyed: FailureKeyed = {
    signature: failureSignature({ source: 'local', sha: head, failing: [`${failed}#${outcome.exitCode ?? 'spawn'}`] }),
    checks: [checkKey('local', failed)],
  };
  const known = ctx.client.secretsToMask();
  record.lastFailure = { source: 'local', names: [failed], url: null, step: null, sha: head, at: new Date(ctx.now()).toISOString(), signature: keyed.signature };
  record.failureLog = cleanLogTail(outcome.output, { lines: PANEL_LOG_LINES, chars: MAX_FAILURE_LOG_CHARS, known });
  await ctx.save();
  const tail = cleanLogTail(outcome.output, { known });
  await delivery.triage(entry, keyed, 'local', (attempt) =>
    buildTriagePrompt({
      source: 'local',
      branch: entry.scan.branch,
      sha: head,
      checks: [{ name: failed, url: null, step: outcome.exitCode === null ? null : `exit code ${outcome.exitCode}` }],
      logTail: tail,
      attempt,
      maxAttempts: ctx.policy.maxAttempts,
    }),
  );
  ctx.emitIfChanged();
  return ok(entry.local);
}

/** HEAD's commit, null when unborn or unreadable (a worktree being removed). */
export async function readHead(cwd: string): Promise<string | null> {
  const head = await currentHead(cwd).catch(() => null);
  return head?.ok ? head.value : null;
}
