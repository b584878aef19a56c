/**
 * The long-lived objects the UI works with, created once in `main.tsx` and handed down through
 * React context (a factory per app, so tests build their own with fakes).
 */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { QueryClient } from '@tanstack/react-query';
import type { DesktopBridge } from '../../shared/desktop-bridge.ts';
import type { GitMapData } from '../data/git-map-data.ts';
import type { UsageData } from '../data/usage-data.ts';
import type { WorktreeData } from '../data/worktree-data.ts';
import type { EngineAccess } from '../engine/call-engine.ts';
import type { LayoutCommands } from '../grid/layout-commands.ts';
import type { ShortcutDispatcher } from '../keyboard/shortcut-dispatcher.ts';
import type { AppState, AppStore } from '../store/app-store.ts';
import type { TerminalRegistry } from '../terminals/terminal-registry.ts';
import type { ThemeController } from '../theme/theme.ts';

export interface AppServices {
  readonly store: AppStore;
  /** The live connection (its `client` is null while disconnected). */
  readonly engine: EngineAccess & { retryNow(): void };
  readonly registry: TerminalRegistry;
  /** Grid changes as engine commands, shown at once. */
  readonly layoutCommands: LayoutCommands;
  /** Present only inside the Electron shell. */
  readonly bridge: DesktopBridge | null;
  readonly isMac: boolean;
  readonly shortcuts: ShortcutDispatcher;
  /** The cache of engine data (TanStack Query), kept current by the three below. */
  readonly queryClient: QueryClient;
  /** Worktree listings (invalidations, bootstrap deltas). */
  readonly worktreeData: WorktreeData;
  /** Quota, per-pane totals, the usage page's summary and timeline. */
  readonly usageData: UsageData;
  /** Each repository's branch status map (the worktree rows' target badges). */
  readonly gitMapData: GitMapData;
  /** Light/dark theme of this window (absent in tests that do not render themes). */
  readonly theme?: ThemeController;
}

export const ServicesContext = createContext<AppServices | null>(null);

/** The app's services; throws if used outside the provider (a wiring bug, not a user error). */
export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices() outside <ServicesContext.Provider>');
  return services;
}

/** Select from the app store; pass atomic selectors (or useShallow) to avoid re-renders. */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(useServices().store, selector);
}
