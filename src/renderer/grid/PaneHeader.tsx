/**
 * A pane's title bar: number, repository · worktree folder · branch, status, maximize, close.
 * For an agent session the status is the agent's (working, needs input, done…), with its
 * context gauge and the "fresh session" action.
 */
import { AgentStatusBadge } from '../agents/AgentStatusBadge.tsx';
import { ContextGauge } from '../agents/ContextGauge.tsx';
import { PaneUsage } from '../usage/PaneUsage.tsx';
import { CiBadge } from '../ci/CiBadge.tsx';
import { useAppStore, useServices } from '../app/services.ts';
import { shortcutLabel } from '../keyboard/shortcuts.ts';
import { requestClosePane, toggleMaximized } from './pane-actions.ts';
import { paneStatus, paneTitle } from './pane-title.ts';

export interface PaneHeaderProps {
  sessionId: string;
  number: number;
  maximized: boolean;
}

export function PaneHeader({ sessionId, number, maximized }: PaneHeaderProps) {
  const services = useServices();
  const session = useAppStore((state) => state.server.sessions.get(sessionId));
  const repos = useAppStore((state) => state.server.repos);
  const worktrees = useAppStore((state) => state.server.worktrees);
  const agent = useAppStore((state) => state.agents.get(sessionId));
  if (!session) return <header className="pane__header">Unknown session</header>;

  const title = paneTitle(session, repos, worktrees);
  const status = paneStatus(session);
  const maximizeKey = shortcutLabel(services.isMac, { shift: true, key: 'Enter' });

  return (
    <header className="pane__header" onDoubleClick={() => void toggleMaximized(services, sessionId)}>
      <span className="pane__number" title={`Focus with ${shortcutLabel(services.isMac, { key: String(number) })}`}>
        {number}
      </span>
      <span className="pane__title" data-testid="pane-title" title={session.cwd}>
        {title.repo && <span className="pane__repo">{title.repo}</span>}
        {title.repo && <span className="pane__sep">·</span>}
        <span className="pane__folder">{title.folder}</span>
        {title.branch && <span className="pane__sep">·</span>}
        {title.branch && <span className="pane__branch">{title.branch}</span>}
      </span>
      {title.worktreePath && <CiBadge worktree={title.worktreePath} />}
      {agent ? (
        <>
          <PaneUsage agent={agent} />
          <ContextGauge agent={agent} />
          <AgentStatusBadge agent={agent} showName />
          <button
            type="button"
            className="icon-button pane__handoff"
            aria-label="Fresh session with handoff"
            title="Fresh session: a new agent session here, seeded with a handoff prompt"
            onClick={() => services.store.getState().openAgentDialog({ kind: 'handoff', sessionId })}
          >
            ↻
          </button>
        </>
      ) : (
        <span
          className={`pane__status pane__status--${status.tone}`}
          data-testid="pane-status"
          title={status.label}
          aria-label={status.label}
        >
          <span className="pane__status-label">{status.label}</span>
        </span>
      )}
      <button
        type="button"
        className="icon-button"
        aria-label={maximized ? 'Restore grid' : 'Maximize pane'}
        title={`${maximized ? 'Restore grid' : 'Maximize'} (${maximizeKey})`}
        onClick={() => void toggleMaximized(services, sessionId)}
      >
        {maximized ? '⊟' : '⊞'}
      </button>
      <button
        type="button"
        className="icon-button icon-button--danger"
        aria-label="Close pane"
        title={session.status === 'running' ? 'Close (ends the process)' : 'Close'}
        onClick={() => void requestClosePane(services, sessionId)}
      >
        ×
      </button>
    </header>
  );
}
