/**
 * Slice holding the window's chrome: command palette, shortcut sheet, the create-worktree dialog
 * (opened from a repository's "+" or from the palette), and the sidebar's width and collapse.
 *
 * The sidebar's size is a per-window preference: kept in localStorage by the sidebar, not here.
 */
import type { StateCreator } from 'zustand';
import type { AppState } from './app-store.ts';

/** Sidebar width bounds (px): narrower cuts worktree names to nothing; wider steals the grid. */
export const SIDEBAR_MIN_WIDTH = 200;
export const SIDEBAR_MAX_WIDTH = 520;
export const SIDEBAR_DEFAULT_WIDTH = 280;

export interface ChromeSlice {
  paletteOpen: boolean;
  shortcutSheetOpen: boolean;
  /** The repository whose create-worktree dialog is open, or null. */
  createWorktreeRepoId: string | null;
  sidebarCollapsed: boolean;
  sidebarWidth: number;
  setPaletteOpen(open: boolean): void;
  setShortcutSheetOpen(open: boolean): void;
  openCreateWorktree(repoId: string): void;
  closeCreateWorktree(): void;
  toggleSidebar(): void;
  setSidebarWidth(width: number): void;
}

/** Clamp a sidebar width into its bounds. */
export function clampSidebarWidth(width: number): number {
  return Math.round(Math.min(SIDEBAR_MAX_WIDTH, Math.max(SIDEBAR_MIN_WIDTH, width)));
}

export const createChromeSlice: StateCreator<AppState, [], [], ChromeSlice> = (set) => ({
  paletteOpen: false,
  shortcutSheetOpen: false,
  createWorktreeRepoId: null,
  sidebarCollapsed: false,
  sidebarWidth: SIDEBAR_DEFAULT_WIDTH,
  setPaletteOpen: (paletteOpen) => set({ paletteOpen, ...(paletteOpen ? { shortcutSheetOpen: false } : {}) }),
  setShortcutSheetOpen: (shortcutSheetOpen) => set({ shortcutSheetOpen, ...(shortcutSheetOpen ? { paletteOpen: false } : {}) }),
  openCreateWorktree: (createWorktreeRepoId) => set({ createWorktreeRepoId, paletteOpen: false }),
  closeCreateWorktree: () => set({ createWorktreeRepoId: null }),
  toggleSidebar: () => set((state) => ({ sidebarCollapsed: !state.sidebarCollapsed })),
  setSidebarWidth: (width) => set({ sidebarWidth: clampSidebarWidth(width) }),
});
