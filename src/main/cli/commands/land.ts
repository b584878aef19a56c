/**
 * `agent-orchestrator land FIX [--to TARGET]... [--source MODE] [--json]`: transplant a fix's own
 * commits onto its target(s) and bring it into its source worktree.
 *
 * --json prints `{ "landed": true, "targets": { T: { "head", "commits" } }, "source": { "branch",
 * "update", "head" } }` (exit 0) or `{ "landed": false, "conflict": { "target", "files" } }`
 * (exit 3): a contract. Other errors exit 1 with one line on stderr; wrong usage exits 2.
 */
import type { AppError } from '../../../shared/errors.ts';
import type { LandResult, SourceMode } from '../../../shared/protocol/fixes.ts';
import { withEngine } from '../engine-client.ts';
import { errorText } from '../error-text.ts';
import { parseFlags } from '../parse-flags.ts';
import { UsageError } from '../usage-error.ts';
import { worktreeArg } from './fix-args.ts';
import { processIo, type Io } from '../io.ts';
import { plural } from '../../../shared/plural.ts';
import { LAND_HELP } from '../command-help.ts';

/** Exit code of a land stopped by a conflict (nothing was changed). */
export const EXIT_CONFLICT = 3;

export async function landCommand(args: string[], io: Io = processIo): Promise<number> {
  if (args[0] === '--help' || args[0] === '-h') {
    io.out(LAND_HELP);
    return 0;
  }
  const { values, positionals } = parseFlags(
    args,
    { to: { type: 'string', multiple: true }, source: { type: 'string' }, json: { type: 'boolean' } },
    true,
  );
  if (positionals.length !== 1) throw new UsageError('name one fix: a worktree path, its folder name or its branch');
  // The protocol's schemas (zod) load only when a flag needs one: `land --help` stays light.
  const mode =
    values.source === undefined ? undefined : (await import('../../../shared/protocol/fixes.ts')).SourceModeSchema.safeParse(values.source);
  if (mode && !mode.success) throw new UsageError(`--source must be cherry-pick, merge, rebase or skip, got '${values.source}'`);
  const json = values.json === true;

  return withEngine(async (engine) => {
    const fix = await worktreeArg(engine.client, positionals[0]!);
    const result = await engine.client.fixes.land({
      ...(fix.repoId ? { repoId: fix.repoId } : {}),
      fix: fix.ref,
      ...(values.to && values.to.length > 0 ? { targets: values.to } : {}),
      ...(mode?.success ? { source: mode.data as SourceMode } : {}),
    });
    if (!result.ok) return fail(io, result.error);
    return report(io, result.value, json);
  });
}

/** Print the outcome (the JSON contract, or sentences) and return the exit code. */
export function report(io: Io, result: LandResult, json: boolean): number {
  if (!result.landed) {
    if (json) io.out(`${JSON.stringify({ landed: false, conflict: { target: result.conflict.target, files: result.conflict.files } }, null, 2)}\n`);
    else {
      io.err(`agent-orchestrator land: ${result.fixBranch} conflicts with ${result.conflict.target} in ${result.conflict.files.join(', ') || 'some files'}; nothing was changed.\n`);
    }
    return EXIT_CONFLICT;
  }
  if (json) {
    const targets = Object.fromEntries(Object.entries(result.targets).map(([name, target]) => [name, { head: target.head, commits: target.commits }]));
    io.out(`${JSON.stringify({ landed: true, targets, source: { branch: result.source.branch, update: result.source.update, head: result.source.head } }, null, 2)}\n`);
  } else {
    for (const [name, target] of Object.entries(result.targets)) {
      io.out(target.commits.length === 0 ? `${name} already has ${result.fixBranch}.\n` : `Landed ${plural(target.commits.length, 'commit')} of ${result.fixBranch} on ${name} (now ${target.head.slice(0, 8)}).\n`);
    }
    if (result.source.update !== 'skipped') io.out(`Brought the fix into ${result.source.branch} (${result.source.update}).\n`);
    if (result.fixWorktree) io.out(`Archive the fix worktree with: agent-orchestrator worktree archive ${result.fixWorktree}\n`);
  }
  if (result.source.update === 'skipped' && result.source.reason) io.err(`agent-orchestrator land: source not updated: ${result.source.reason}\n`);
  return 0;
}

function fail(io: Io, error: AppError): number {
  io.err(`agent-orchestrator land: ${errorText(error)}\n`);
  return 1;
}
