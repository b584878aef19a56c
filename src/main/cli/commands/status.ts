/**
 * `agent-orchestrator status [--json]`: the running engine's agents (worktree, branch, agent,
 * status, since), quota windows and CI. Says so, and exits 1, when no engine runs.
 */
import type { AgentSession } from '../../../shared/protocol/agents.ts';
import { withEngine, EngineConnectError } from '../engine-client.ts';
import { errorText } from '../error-text.ts';
import { parseFlags } from '../parse-flags.ts';
import { ciSummary, readSnapshot } from '../run/live-view.ts';
import { quotaLines, renderTable } from '../run/status-table.ts';
import { STATUS_HELP } from '../command-help.ts';

export async function statusCommand(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(STATUS_HELP);
    return 0;
  }
  const { values } = parseFlags(args, { json: { type: 'boolean' } });
  try {
    return await withEngine(
      async ({ client, remote }) => {
        const { input, ci } = await readSnapshot(client, { sessionIds: null });
        const branches = input.branches;
        if (values.json) {
          process.stdout.write(
            JSON.stringify(
              {
                engine: remote ? { pid: remote.pid, url: remote.baseUrl, version: remote.appVersion } : null,
                agents: input.agents.map((agent: AgentSession) => ({
                  sessionId: agent.sessionId,
                  worktree: agent.cwd,
                  branch: branches.get(agent.cwd) ?? null,
                  agent: agent.agentId,
                  status: agent.status,
                  since: agent.statusSince,
                  detail: agent.detail,
                })),
                quota: input.quota,
                ci: ci
                  ? ci.worktrees.map((worktree) => ({ worktree: worktree.worktree, branch: worktree.branch, summary: ciSummary(worktree), checks: worktree.checks.state, triage: worktree.triage }))
                  : [],
              },
              null,
              2,
            ) + '\n',
          );
          return 0;
        }
        process.stdout.write(`Engine: pid ${remote?.pid} at ${remote?.baseUrl}\n\n`);
        process.stdout.write(renderTable(input, process.stdout.columns ?? 200));
        if (quotaLines(input.quota).length === 0) process.stdout.write('\nQuota: no window data yet\n');
        return 0;
      },
      { requireRunning: true },
    );
  } catch (error) {
    if (!(error instanceof EngineConnectError)) throw error;
    process.stderr.write(`agent-orchestrator status: ${errorText(error.error)}\n`);
    return 1;
  }
}
