/**
 * What the grid area says when there is nothing to show, written for someone new to the app.
 */
import { useAppStore, useServices } from '../app/services.ts';
import { shortcutLabel } from '../keyboard/shortcuts.ts';
import { MAX_PANES } from '../../shared/protocol/index.ts';

export function GridEmptyState({ kind }: { kind: 'no-panes' | 'no-endpoint' }) {
  const { isMac, bridge } = useServices();
  const hasRepos = useAppStore((state) => state.server.repos.length > 0);

  if (kind === 'no-endpoint') {
    return (
      <div className="empty" data-testid="empty-state">
        <h1 className="empty__title">No engine to connect to</h1>
        <p className="empty__text">
          Open the address that <code>agent-orchestrator serve</code> printed. It ends with <code>#token=…</code>,
          which lets this page talk to the engine.
        </p>
      </div>
    );
  }

  return (
    <div className="empty" data-testid="empty-state">
      <h1 className="empty__title">{hasRepos ? 'Open a terminal in a worktree' : 'Add a repository by pasting its path'}</h1>
      <ol className="empty__steps">
        <li className={hasRepos ? 'empty__step--done' : ''}>
          Paste the path of a git repository into <strong>Add repository</strong> on the left
          {bridge ? ', or drop its folder onto this window' : ''}.
        </li>
        <li>
          Click <strong>Shell</strong> next to a worktree to open a terminal in it. Each worktree can host its own
          agent.
        </li>
        <li>
          Up to {MAX_PANES} terminals share the grid. <kbd>{shortcutLabel(isMac, { key: '1…9' })}</kbd> focuses one,{' '}
          <kbd>{shortcutLabel(isMac, { shift: true, key: 'Enter' })}</kbd> maximizes it.
        </li>
      </ol>
    </div>
  );
}
