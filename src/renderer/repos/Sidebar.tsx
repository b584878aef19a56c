/**
 * Left column: add a repository, the repositories with their worktrees, shortcut hints.
 */
import './sidebar.css';
import { AgentCounts } from '../agents/AgentCounts.tsx';
import { NotificationSettings } from '../agents/NotificationSettings.tsx';
import { UsageSettings } from '../usage/UsageSettings.tsx';
import { useAppStore, useServices } from '../app/services.ts';
import { shortcutLabel } from '../keyboard/shortcuts.ts';
import { AddRepoForm } from './AddRepoForm.tsx';
import { RepoSection } from './RepoSection.tsx';
import { Tip } from '../ui/Tip.tsx';

export function Sidebar() {
  const { isMac } = useServices();
  const repos = useAppStore((state) => state.server.repos);
  const status = useAppStore((state) => state.connection.status);
  // Without a usable token nothing can be added; the grid explains what to open instead.
  const locked = status === 'no-endpoint' || status === 'rejected';

  return (
    <aside className="sidebar" aria-label="Repositories">
      <header className="sidebar__header">
        <span className="sidebar__title">Agent Orchestrator</span>
        <Tip content={status === 'connected' ? 'Connected to the engine' : status === 'no-endpoint' ? 'No access token in this address' : status === 'rejected' ? 'The engine refused this token' : `Engine: ${status}`}>
          <span
            className={`status-dot status-dot--${status}`}
          />
        </Tip>
      </header>
      <AgentCounts />
      {!locked && <AddRepoForm />}
      <div className="sidebar__repos">
        {locked ? (
          <p className="sidebar__empty">Not connected to an engine.</p>
        ) : repos.length === 0 ? (
          <p className="sidebar__empty">No repositories yet. Paste the path of a git repository above.</p>
        ) : (
          repos.map((repo) => <RepoSection key={repo.id} repo={repo} />)
        )}
      </div>
      <NotificationSettings />
      <UsageSettings />
      <footer className="sidebar__footer">
        <kbd>{shortcutLabel(isMac, { key: '1…9' })}</kbd>
        <span>focus pane</span>
        <kbd>{shortcutLabel(isMac, { shift: true, key: 'Enter' })}</kbd>
        <span>maximize / restore</span>
      </footer>
    </aside>
  );
}
