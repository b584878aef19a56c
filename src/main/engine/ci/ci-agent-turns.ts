/**
 * Following the agents for CI: when an agent's turn ends with new commits, the worktree's local
 * checks run and the poller wakes (the agent may have pushed); whenever an agent's status
 * changes, prompts waiting for an idle agent are tried again.
 */
import type { AgentSession, AgentStatus } from '../../../shared/protocol/agents.ts';
import type { CiContext } from './ci-context.ts';
import { readHead } from './local-check-run.ts';
import type { TriageDelivery } from './triage-delivery.ts';

export class CiAgentTurns {
  private readonly agentStatus = new Map<string, AgentStatus>();
  /** Per agent session: HEAD as known when its turn started (cached, so no race with its first commit). */
  private readonly headAtTurnStart = new Map<string, string | null>();

  constructor(
    private readonly ctx: CiContext,
    private readonly delivery: TriageDelivery,
    /** Run the local checks of the worktree holding a path (the service's `runChecks`). */
    private readonly runChecks: (worktree: string) => Promise<unknown>,
  ) {}

  /** Start following the agents (their statuses as they are now are the baseline); returns the disposer. */
  start(): () => void {
    const dispose = this.ctx.options.agents.onDidChange(() => this.onAgentsChanged());
    for (const agent of this.ctx.options.agents.list()) this.agentStatus.set(agent.sessionId, agent.status);
    return dispose;
  }

  private onAgentsChanged(): void {
    if (this.ctx.disposed) return;
    for (const agent of this.ctx.options.agents.list()) {
      const previous = this.agentStatus.get(agent.sessionId);
      this.agentStatus.set(agent.sessionId, agent.status);
      if (previous === agent.status) continue;
      if (agent.status === 'working') {
        const entry = this.ctx.owning(agent.cwd);
        // The last checked commit, else the last scanned one: possibly older than the real HEAD,
        // which at worst checks a commit made by hand too; never newer, so no agent commit is missed.
        this.headAtTurnStart.set(agent.sessionId, entry ? (entry.local.head ?? entry.scan.head) : null);
      } else if (previous === 'working' && (agent.status === 'idle' || agent.status === 'needs-input')) {
        this.ctx.background(this.afterTurn(agent));
      }
    }
    this.delivery.deliverWaiting();
  }

  /** A turn ended: new commits → run the local checks; the agent may have pushed → poll soon. */
  private async afterTurn(agent: AgentSession): Promise<void> {
    const startHead = this.headAtTurnStart.get(agent.sessionId) ?? null;
    this.headAtTurnStart.delete(agent.sessionId);
    const head = await readHead(agent.cwd);
    if (head === null || head === startHead) return;
    this.ctx.poller.wake();
    const entry = this.ctx.owning(agent.cwd);
    if (!entry || agent.status !== 'idle') return;
    const commands = await this.ctx.options.checkCommands(entry.scan.repoPath);
    if (commands.ok && commands.value.length > 0) await this.runChecks(entry.scan.path);
  }
}
