/**
 * The bar above the grid: every provider's quota at a glance, and the graph and usage page toggles.
 */
import { GraphToggle } from '../graph/GraphToggle.tsx';
import { QuotaGauges } from '../usage/QuotaGauges.tsx';
import { UsageToggle } from '../usage/UsageToggle.tsx';

export function AppHeader() {
  return (
    <header className="app-header" data-testid="app-header">
      <QuotaGauges />
      <GraphToggle />
      <UsageToggle />
    </header>
  );
}
