/**
 * The header button that opens and closes the branch graph.
 */
import { useAppStore, useServices } from '../app/services.ts';

export function GraphToggle() {
  const services = useServices();
  const open = useAppStore((state) => state.graphPageOpen);
  return (
    <button
      type="button"
      className={`button usage-toggle${open ? ' usage-toggle--open' : ''}`}
      aria-pressed={open}
      data-testid="graph-toggle"
      onClick={() => services.store.getState().setGraphPageOpen(!open)}
    >
      {open ? 'Back to terminals' : 'Graph'}
    </button>
  );
}
