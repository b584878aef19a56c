/**
 * Sidebar summary: how many agents need input, work, are done, idle, or have exited.
 */
import { useAppStore } from '../app/services.ts';
import { statusCounts } from './agent-status.ts';

export function AgentCounts() {
  const agents = useAppStore((state) => state.agents);
  if (agents.size === 0) return null;
  const counts = statusCounts(agents.values());
  const items: { key: string; tone: string; count: number; label: string }[] = [
    { key: 'needs-input', tone: 'needs-input', count: counts.needsInput, label: 'need input' },
    { key: 'working', tone: 'working', count: counts.working, label: 'working' },
    { key: 'done', tone: 'done', count: counts.done, label: 'done' },
    { key: 'idle', tone: 'idle', count: counts.idle, label: 'idle' },
    { key: 'exited', tone: 'exited-ok', count: counts.exited, label: 'exited' },
  ];
  return (
    <div className="agent-counts" data-testid="agent-counts" aria-label="Agents by status">
      {items
        .filter((item) => item.count > 0)
        .map((item) => (
          <span key={item.key} className={`agent-count agent-status--${item.tone}`} data-testid={`agent-count-${item.key}`} title={`${item.count} ${item.label}`}>
            {item.count} {item.label}
          </span>
        ))}
    </div>
  );
}
