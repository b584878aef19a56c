/**
 * A worktree's setup status: a badge with a progress bar while it runs; click to show the log.
 */
import type { Repo, Worktree } from '../../shared/protocol/index.ts';
import { useServices } from '../app/services.ts';
import { bootstrapLabel } from './bootstrap-label.ts';
import { openBootstrapLog } from './worktree-actions.ts';
import { Tip } from '../ui/Tip.tsx';

export function BootstrapBadge({ repo, worktree }: { repo: Repo; worktree: Worktree }) {
  const services = useServices();
  const label = bootstrapLabel(worktree.bootstrap);
  if (!label) return null;
  return (
    <Tip content={label.title}>
      <button
        type="button"
        className={`badge bootstrap-badge bootstrap-badge--${label.status}`}
        data-testid="bootstrap-badge"
        data-status={label.status}
        aria-label={`Setup ${label.status}: show the log`}
        onClick={() => void openBootstrapLog(services, repo, worktree)}
      >
        {label.label}
        {label.progress !== null && (
          <span className="bootstrap-badge__bar" style={{ width: `${Math.round(label.progress * 100)}%` }} aria-hidden="true" />
        )}
      </button>
    </Tip>
  );
}
