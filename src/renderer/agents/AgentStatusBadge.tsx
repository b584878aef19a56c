/**
 * An agent's status as a coloured pill: on pane title bars and in the sidebar.
 */
import type { AgentSession } from '../../shared/protocol/index.ts';
import { agentStatusView } from './agent-status.ts';
import { Tip } from '../ui/Tip.tsx';

export function AgentStatusBadge({ agent, showName = false }: { agent: AgentSession; showName?: boolean }) {
  const view = agentStatusView(agent);
  return (
    <Tip content={`${agent.agentName}: ${view.title}`}>
      <span
        className={`agent-status agent-status--${view.tone}`}
        data-testid="agent-status"
        data-status={view.tone}
        // What set the status (hook, screen, output, …): for tests and for a bug report's screenshot of the DOM.
        data-source={agent.statusSource}
        aria-label={`${agent.agentName} ${view.label}`}
      >
        {showName && <span className="agent-status__name">{agent.agentName}</span>}
        <span className="agent-status__label">{view.label}</span>
      </span>
    </Tip>
  );
}
