/**
 * The bar above the grid: every provider's quota at a glance, and the usage page toggle.
 */
import { QuotaGauges } from '../usage/QuotaGauges.tsx';
import { UsageToggle } from '../usage/UsageToggle.tsx';

export function AppHeader() {
  return (
    <header className="app-header" data-testid="app-header">
      <QuotaGauges />
      <UsageToggle />
    </header>
  );
}
