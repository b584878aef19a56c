/**
 * The agents of one worktree in its sidebar row (a dot each; click focuses the pane), and the
 * button that starts agents there.
 */
import { useShallow } from 'zustand/react/shallow';
import type { Repo, Worktree } from '../../shared/protocol/index.ts';
import { useAppStore, useServices } from '../app/services.ts';
import { focusSession } from '../grid/pane-actions.ts';
import { folderName } from '../repos/worktree-label.ts';
import { agentsIn, agentStatusView } from './agent-status.ts';
import { Tip } from '../ui/Tip.tsx';

export function WorktreeAgents({ worktree }: { worktree: Worktree }) {
  const services = useServices();
  const agents = useAppStore(useShallow((state) => agentsIn(state.agents.values(), worktree.path)));
  if (agents.length === 0) return null;
  return (
    <span className="worktree-agents" data-testid="worktree-agents">
      {agents.map((agent) => {
        const view = agentStatusView(agent);
        return (
          <Tip content={`${agent.agentName}: ${view.title}`}>
            <button
              key={agent.sessionId}
              type="button"
              className={`agent-dot agent-status--${view.tone}`}
              data-status={view.tone}
              aria-label={`${agent.agentName} ${view.label} (show pane)`}
              onClick={() => void focusSession(services, agent.sessionId)}
            />
          </Tip>
        );
      })}
    </span>
  );
}

export function StartAgentButton({ repo, worktree }: { repo: Repo; worktree: Worktree }) {
  const services = useServices();
  const folder = folderName(worktree.path);
  const canStart = !worktree.prunable && !worktree.missing;
  return (
    <Tip content={canStart ? `Start a coding agent in ${worktree.path}` : 'The worktree folder is missing'}>
      <button
        type="button"
        className="button button--small worktree__agent"
        disabled={!canStart}
        aria-label={`Start agent in ${folder}`}
        onClick={() => services.store.getState().openAgentDialog({ kind: 'launch', repoId: repo.id, worktreePath: worktree.path })}
      >
        Agent
      </button>
    </Tip>
  );
}
