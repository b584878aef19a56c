/**
 * `agent-orchestrator fix --from WORKTREE [--base source|target] [--agent NAME|none] [--name SLUG]
 * [--json] "DESCRIPTION"`: branch a fix from a worktree.
 *
 * Prints `{ "worktree", "branch", "parent", "target", "base" }` with --json (a contract). Exit 0
 * done, 1 failed (one line on stderr), 2 wrong usage. An agent needs a running engine (the app or
 * `serve`): one started by an in-process engine would end with this command.
 */
import type { AppError } from '../../../shared/errors.ts';
import { withEngine } from '../engine-client.ts';
import { errorText } from '../error-text.ts';
import { parseFlags } from '../parse-flags.ts';
import { UsageError } from '../usage-error.ts';
import { worktreeArg } from './fix-args.ts';
import { followBootstrap } from './worktree.ts';
import { processIo, type Io } from '../io.ts';
import { FIX_HELP } from '../command-help.ts';

/** The size the agent's terminal starts with (the app's grid resizes it). */
const AGENT_SIZE = { cols: 120, rows: 32 };

export async function fixCommand(args: string[], io: Io = processIo): Promise<number> {
  if (args[0] === '--help' || args[0] === '-h') {
    io.out(FIX_HELP);
    return 0;
  }
  const { values, positionals } = parseFlags(
    args,
    {
      from: { type: 'string' },
      base: { type: 'string' },
      agent: { type: 'string' },
      name: { type: 'string' },
      command: { type: 'string' },
      output: { type: 'string' },
      json: { type: 'boolean' },
    },
    true,
  );
  if (values.from === undefined) throw new UsageError('--from WORKTREE is required');
  if (positionals.length !== 1 || positionals[0]!.trim() === '') throw new UsageError('give the bug\'s description as one argument (quote it)');
  if (values.base !== undefined && values.base !== 'source' && values.base !== 'target') throw new UsageError(`--base must be source or target, got '${values.base}'`);
  const agentId = values.agent === undefined || values.agent === 'none' ? null : values.agent;
  const json = values.json === true;

  return withEngine(async (engine) => {
    if (agentId !== null && engine.mode === 'in-process') {
      return fail(io, { kind: 'ENGINE_NOT_RUNNING', home: engine.home });
    }
    const from = await worktreeArg(engine.client, values.from!);
    const started = await engine.client.fixes.start({
      ...(from.repoId ? { repoId: from.repoId } : {}),
      from: from.ref,
      description: positionals[0]!,
      ...(values.base ? { base: values.base as 'source' | 'target' } : {}),
      agentId,
      ...(values.name ? { name: values.name } : {}),
      ...(values.command || values.output ? { context: { ...(values.command ? { command: values.command } : {}), ...(values.output ? { output: values.output } : {}) } } : {}),
      ...AGENT_SIZE,
    });
    if (!started.ok) return fail(io, started.error);
    const fix = started.value;
    // An in-process engine ends with this command: let the setup finish first.
    if (engine.mode === 'in-process' && fix.bootstrap) await followBootstrap(engine.client, fix.worktree, null);
    if (json) {
      io.out(`${JSON.stringify({ worktree: fix.worktree, branch: fix.branch, parent: fix.parent, target: fix.target, base: fix.base }, null, 2)}\n`);
    } else {
      io.out(`Created ${fix.worktree} on ${fix.branch} (from ${fix.parent} at ${fix.base.slice(0, 8)}, lands on ${fix.target ?? fix.parent})\n`);
      if (fix.sessionId) io.out(`Started the agent in it (session ${fix.sessionId}).\n`);
      io.out(`When the fix is committed: agent-orchestrator land ${fix.branch}\n`);
    }
    if (fix.agentError) io.err(`agent-orchestrator fix: the agent did not start: ${errorText(fix.agentError)}\n`);
    return 0;
  });
}

function fail(io: Io, error: AppError): number {
  io.err(`agent-orchestrator fix: ${errorText(error)}\n`);
  return 1;
}
