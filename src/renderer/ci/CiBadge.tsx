/**
 * A worktree's CI at a glance (PR chip + checks badge); click opens its checks panel.
 */
import { useAppStore, useServices } from '../app/services.ts';
import { ciBadge, prLabel } from './ci-view.ts';
import { Tip } from '../ui/Tip.tsx';

export function CiBadge({ worktree }: { worktree: string }) {
  const services = useServices();
  const ci = useAppStore((state) => state.ciByWorktree.get(worktree));
  if (!ci || !ci.branch) return null;
  const badge = ciBadge(ci);
  // Nothing to report and nothing to do (the main checkout on its own branch): no badge.
  if (!badge && !ci.pr && ci.target === null) return null;
  const pr = prLabel(ci);
  const open = (): void => services.store.getState().openCiPanel(worktree);
  return (
    <Tip content={[pr ? `PR ${pr} → ${ci.pr?.base}` : null, badge?.title ?? 'CI: nothing reported yet', 'Click for checks'].filter(Boolean).join('\n')}>
      <button
        type="button"
        className={`badge ci-badge ci-badge--${badge?.tone ?? 'none'}`}
        data-testid="ci-badge"
        data-tone={badge?.tone ?? 'none'}
        aria-label={`CI ${badge?.label ?? 'checks'}: show the checks`}
        onClick={(event) => {
          event.stopPropagation();
          open();
        }}
      >
        {pr && <span className="ci-badge__pr">{pr}</span>}
        <span className="ci-badge__state">{badge?.label ?? 'CI'}</span>
      </button>
    </Tip>
  );
}
