/**
 * The bar above the grid: sidebar toggle, every provider's quota at a glance, the usage page
 * and graph toggles, the command palette and the theme.
 */
import { GraphToggle } from '../graph/GraphToggle.tsx';
import { Monitor, Moon, PanelLeft, PanelLeftClose, Search, Sun } from 'lucide-react';
import { useThemePreference } from '../palette/CommandPalette.tsx';
import { paletteShortcutLabel, shortcutLabel } from '../keyboard/shortcuts.ts';
import { QuotaGauges } from '../usage/QuotaGauges.tsx';
import { UsageToggle } from '../usage/UsageToggle.tsx';
import { IconButton } from '../ui/IconButton.tsx';
import { useAppStore, useServices } from './services.ts';
import { Tip } from '../ui/Tip.tsx';

const THEME_ICON = { system: Monitor, light: Sun, dark: Moon } as const;
const THEME_TEXT = { system: 'Theme: follows the system', light: 'Theme: light', dark: 'Theme: dark' } as const;

export function AppHeader() {
  const services = useServices();
  const collapsed = useAppStore((state) => state.sidebarCollapsed);
  const theme = useThemePreference();
  return (
    <header className="app-header" data-testid="app-header">
      <IconButton
        icon={collapsed ? PanelLeft : PanelLeftClose}
        label={collapsed ? 'Show the sidebar' : 'Hide the sidebar'}
        shortcut={shortcutLabel(services.isMac, { shift: true, key: 'B' })}
        aria-expanded={!collapsed}
        onClick={() => services.store.getState().toggleSidebar()}
      />
      <QuotaGauges />
      <GraphToggle />
      <UsageToggle />
      <Tip content={`Every action by name (${paletteShortcutLabel(services.isMac)})`}>
        <button
          type="button"
          className="button button--small app-header__palette"
          aria-label="Command palette"
          onClick={() => services.store.getState().setPaletteOpen(true)}
        >
          <Search size={13} aria-hidden="true" />
          <span className="app-header__palette-text">Commands</span>
          <kbd>{paletteShortcutLabel(services.isMac)}</kbd>
        </button>
      </Tip>
      {theme !== null && (
        <IconButton
          icon={THEME_ICON[theme]}
          label={THEME_TEXT[theme]}
          tip={`${THEME_TEXT[theme]} (click to change)`}
          data-testid="theme-toggle"
          onClick={() => services.theme?.cycle()}
        />
      )}
    </header>
  );
}
