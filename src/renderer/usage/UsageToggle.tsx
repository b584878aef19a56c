/**
 * The header button that opens and closes the usage page.
 */
import { useAppStore, useServices } from '../app/services.ts';

export function UsageToggle() {
  const services = useServices();
  const open = useAppStore((state) => state.usagePageOpen);
  return (
    <button
      type="button"
      className={`button usage-toggle${open ? ' usage-toggle--open' : ''}`}
      aria-pressed={open}
      data-testid="usage-toggle"
      onClick={() => services.store.getState().setUsagePageOpen(!open)}
    >
      {open ? 'Back to terminals' : 'Usage'}
    </button>
  );
}
