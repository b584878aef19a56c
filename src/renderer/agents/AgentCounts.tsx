/**
 * Sidebar summary: how many agents need input, are stalled on a usage limit, work, are done, idle,
 * or have exited.
 */
import { useAppStore } from '../app/services.ts';
import { statusCountItems, statusCounts } from './agent-status.ts';
import { Tip } from '../ui/Tip.tsx';

export function AgentCounts() {
  const agents = useAppStore((state) => state.agents);
  if (agents.size === 0) return null;
  return (
    <div className="agent-counts" data-testid="agent-counts" aria-label="Agents by status">
      {statusCountItems(statusCounts(agents.values())).map((item) => (
        <Tip key={item.key} content={item.text}>
          <span className={`agent-count agent-status--${item.tone}`} data-testid={`agent-count-${item.key}`}>
            {item.text}
          </span>
        </Tip>
      ))}
    </div>
  );
}
