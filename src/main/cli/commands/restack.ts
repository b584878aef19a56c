/**
 * `agent-orchestrator restack PARENT [--child BRANCH]... [--json]`: rebase the children of a
 * moved parent onto its tip (`--update-refs`). `integrate INTEGRATOR CHILD... [--json]`: merge
 * children into an integrator worktree in dependency order.
 *
 * Exit 0 when every child was restacked/merged (or was current), 3 when any conflicted (those were
 * left as they were), 1 on an error, 2 on wrong usage.
 */
import type { AppError } from '../../../shared/errors.ts';
import type { ChildResult } from '../../../shared/protocol/fixes.ts';
import { withEngine } from '../engine-client.ts';
import { errorText } from '../error-text.ts';
import { parseFlags } from '../parse-flags.ts';
import { UsageError } from '../usage-error.ts';
import { worktreeArg } from './fix-args.ts';
import { EXIT_CONFLICT } from './land.ts';
import { processIo, type Io } from '../io.ts';
import { RESTACK_HELP } from '../command-help.ts';

export async function restackCommand(args: string[], io: Io = processIo): Promise<number> {
  if (args[0] === '--help' || args[0] === '-h') {
    io.out(RESTACK_HELP);
    return 0;
  }
  const { values, positionals } = parseFlags(args, { child: { type: 'string', multiple: true }, json: { type: 'boolean' } }, true);
  if (positionals.length !== 1) throw new UsageError('name the parent: a worktree path, its folder name or its branch');
  return withEngine(async (engine) => {
    const parent = await worktreeArg(engine.client, positionals[0]!);
    const result = await engine.client.fixes.restack({
      ...(parent.repoId ? { repoId: parent.repoId } : {}),
      parent: parent.ref,
      ...(values.child && values.child.length > 0 ? { children: values.child } : {}),
    });
    if (!result.ok) return fail(io, 'restack', result.error);
    return reportChildren(io, result.value, values.json === true);
  });
}

export async function integrateCommand(args: string[], io: Io = processIo): Promise<number> {
  if (args[0] === '--help' || args[0] === '-h') {
    io.out(RESTACK_HELP);
    return 0;
  }
  const { values, positionals } = parseFlags(args, { json: { type: 'boolean' } }, true);
  if (positionals.length < 2) throw new UsageError('name the integrator worktree and at least one child branch');
  return withEngine(async (engine) => {
    const integrator = await worktreeArg(engine.client, positionals[0]!);
    const result = await engine.client.fixes.integrate({
      ...(integrator.repoId ? { repoId: integrator.repoId } : {}),
      integrator: integrator.ref,
      children: positionals.slice(1),
    });
    if (!result.ok) return fail(io, 'integrate', result.error);
    return reportChildren(io, result.value.results, values.json === true);
  });
}

function reportChildren(io: Io, results: ChildResult[], json: boolean): number {
  if (json) io.out(`${JSON.stringify(results, null, 2)}\n`);
  else {
    for (const child of results) {
      const detail = child.result === 'conflict' ? ` in ${child.files.join(', ')}` : child.reason ? ` (${child.reason})` : '';
      io.out(`${child.branch}: ${child.result}${detail}\n`);
    }
  }
  return results.some((child) => child.result === 'conflict') ? EXIT_CONFLICT : 0;
}

function fail(io: Io, command: string, error: AppError): number {
  io.err(`agent-orchestrator ${command}: ${errorText(error)}\n`);
  return 1;
}
