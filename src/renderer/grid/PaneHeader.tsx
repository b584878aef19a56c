/**
 * A pane's title bar: number, repository · worktree folder · branch, status, then the pane's
 * controls (maximize, close), which always stay visible.
 *
 * Space is given away in a fixed order as the pane narrows (container queries in grid.css): the
 * title truncates with an ellipsis (full text on hover); usage, context gauge and "fresh
 * session" collapse into the "more" menu; the status keeps its dot. The controls never shrink.
 */
import { ArrowLeftRight, Bug, Ellipsis, Maximize2, Minimize2, RotateCcw, X } from 'lucide-react';
import { AgentStatusBadge } from '../agents/AgentStatusBadge.tsx';
import { contextLabel } from '../agents/agent-status.ts';
import { ContextGauge } from '../agents/ContextGauge.tsx';
import { PaneUsage } from '../usage/PaneUsage.tsx';
import { usePaneUsage, useQuota } from '../usage/use-usage.ts';
import { formatCost, formatTokens } from '../usage/quota-view.ts';
import { CiBadge } from '../ci/CiBadge.tsx';
import { useAppStore, useServices } from '../app/services.ts';
import { useWorktreeListing } from '../data/use-worktrees.ts';
import { shortcutLabel } from '../keyboard/shortcuts.ts';
import { IconButton } from '../ui/IconButton.tsx';
import { Menu, type MenuItem } from '../ui/Menu.tsx';
import { requestClosePane, toggleMaximized } from './pane-actions.ts';
import { worktreeOfSession } from '../fixes/worktree-of-session.ts';
import { paneStatus, paneTitle } from './pane-title.ts';
import { Tip } from '../ui/Tip.tsx';

export interface PaneHeaderProps {
  sessionId: string;
  number: number;
  maximized: boolean;
}

export function PaneHeader({ sessionId, number, maximized }: PaneHeaderProps) {
  const services = useServices();
  const session = useAppStore((state) => state.server.sessions.get(sessionId));
  const repos = useAppStore((state) => state.server.repos);
  const listing = useWorktreeListing(session?.repoId ?? null);
  const agent = useAppStore((state) => state.agents.get(sessionId));
  const usage = usePaneUsage(sessionId);
  const stalled = useQuota((quota) => quota?.stalls.some((s) => s.terminalSessionId === sessionId) ?? false);
  if (!session) return <header className="pane__header">Unknown session</header>;

  const title = paneTitle(session, repos, session.repoId === null ? null : listing);
  const fullTitle = [title.repo, title.folder, title.branch].filter(Boolean).join(' · ');
  const fixFrom = worktreeOfSession(session, listing.worktrees);
  const status = paneStatus(session);
  const maximizeKey = shortcutLabel(services.isMac, { shift: true, key: 'Enter' });
  const openHandoff = (otherAgent: boolean) =>
    services.store.getState().openAgentDialog({ kind: 'handoff', sessionId, ...(otherAgent ? { otherAgent: true } : {}) });

  const more: MenuItem[] = [];
  if (agent) {
    if (usage) more.push({ label: `${formatTokens(usage.tokens)} tokens · ${formatCost(usage.costUsd)}`, info: true });
    const context = contextLabel(agent);
    if (context) more.push({ label: context.title, info: true });
    more.push({ label: 'Fresh session with handoff', icon: RotateCcw, onSelect: () => openHandoff(false) });
    if (stalled) more.push({ label: 'Restart the task with another agent', icon: ArrowLeftRight, onSelect: () => openHandoff(true) });
  }

  return (
    <header className="pane__header" onDoubleClick={() => void toggleMaximized(services, sessionId)}>
      <Tip content={`Focus with ${shortcutLabel(services.isMac, { key: String(number) })}`}>
        <span className="pane__number">
          {number}
        </span>
      </Tip>
      <Tip content={`${fullTitle}\n${session.cwd}`}>
        <span className="pane__title" data-testid="pane-title">
          {title.repo && <span className="pane__repo">{title.repo}</span>}
          {title.repo && <span className="pane__sep"> · </span>}
          <span className="pane__folder">{title.folder}</span>
          {title.branch && <span className="pane__sep"> · </span>}
          {title.branch && <span className="pane__branch">{title.branch}</span>}
        </span>
      </Tip>
      {title.worktreePath && <CiBadge worktree={title.worktreePath} />}
      {agent ? (
        <>
          <span className="pane__extras" data-testid="pane-extras">
            <PaneUsage agent={agent} />
            <ContextGauge agent={agent} />
            <IconButton
              icon={RotateCcw}
              className="pane__handoff"
              label="Fresh session with handoff"
              tip="Fresh session: a new agent session here, seeded with a handoff prompt"
              onClick={() => openHandoff(false)}
            />
          </span>
          <AgentStatusBadge agent={agent} showName />
          <span className="pane__more">
            <Menu
              label="More pane actions"
              items={more}
              trigger={
                <button type="button" className="icon-button" aria-label="More pane actions" title="More">
                  <Ellipsis size={14} aria-hidden="true" />
                </button>
              }
            />
          </span>
        </>
      ) : (
        <Tip content={status.label}>
          <span
            className={`pane__status pane__status--${status.tone}`}
            data-testid="pane-status"
            aria-label={status.label}
          >
            <span className="pane__status-label">{status.label}</span>
          </span>
        </Tip>
      )}
      <span className="pane__controls" data-testid="pane-controls">
        {fixFrom && (
          <IconButton
            icon={Bug}
            className="pane__fix"
            label="Fix a bug here"
            tip="Fix a bug here: branch a fix from this worktree (its own worktree and agent, landing on the target without a hop)"
            onClick={() => services.store.getState().openFixDialog({ kind: 'start', repoId: fixFrom.repoId, worktreePath: fixFrom.path })}
          />
        )}
        <IconButton
          icon={maximized ? Minimize2 : Maximize2}
          label={maximized ? 'Restore grid' : 'Maximize pane'}
          tip={maximized ? 'Restore grid' : 'Maximize'}
          shortcut={maximizeKey}
          onClick={() => void toggleMaximized(services, sessionId)}
        />
        <IconButton
          icon={X}
          tone="danger"
          label="Close pane"
          tip={session.status === 'running' ? 'Close (ends the process)' : 'Close'}
          onClick={() => void requestClosePane(services, sessionId)}
        />
      </span>
    </header>
  );
}
