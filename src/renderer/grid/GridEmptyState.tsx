/**
 * What the grid area says when there is nothing to show, written for someone new to the app.
 */
import { useAppStore, useServices } from '../app/services.ts';
import { shortcutLabel } from '../keyboard/shortcuts.ts';
import { MAX_PANES } from '../../shared/protocol/index.ts';

export function GridEmptyState({ kind }: { kind: 'no-panes' | 'no-endpoint' | 'rejected' }) {
  const { isMac, bridge } = useServices();
  const hasRepos = useAppStore((state) => state.server.repos.length > 0);

  // Two different problems, told apart: this address has no token at all, or the engine is
  // there and refuses it. Either way the fix is the address the engine printed.
  if (kind === 'no-endpoint' || kind === 'rejected') {
    return (
      <div className="empty" data-testid="empty-state" data-kind={kind}>
        <h1 className="empty__title">{kind === 'no-endpoint' ? 'This address has no access token' : 'The engine refused this page’s token'}</h1>
        <p className="empty__text">
          {kind === 'no-endpoint' ? (
            <>
              The engine only talks to pages that carry its token. Open the full address that{' '}
              <code>agent-orchestrator serve</code> printed: it ends with <code>#token=…</code>.
            </>
          ) : (
            <>
              The engine is running, but the token in this address is not its own: it was replaced (
              <code>serve --new-token</code>) or the address belongs to another data folder. Open the address the
              engine printed when it started.
            </>
          )}
        </p>
        <p className="empty__text">
          Or run <code>agent-orchestrator serve --open</code>: it opens the right address in your browser.
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
