/**
 * Slice holding the engine's CI status (pushed whole with every `ci.changed` event) and which
 * worktree's checks panel is open.
 */
import type { StateCreator } from 'zustand';
import type { CiStatus, CiWorktree } from '../../shared/protocol/index.ts';
import type { AppState } from '../store/app-store.ts';

export interface CiSlice {
  /** Null until the engine sent it. */
  ci: CiStatus | null;
  /** By worktree path, for O(1) lookups from every row and pane. */
  ciByWorktree: ReadonlyMap<string, CiWorktree>;
  /** The worktree whose checks panel is open. */
  ciPanel: string | null;
  setCi(status: CiStatus): void;
  /**
   * Take one worktree's view from an engine answer (e.g. the toggle's), so the UI shows the
   * engine's state at once instead of waiting for the next `ci.changed`.
   */
  setCiWorktree(worktree: CiWorktree): void;
  openCiPanel(worktree: string): void;
  closeCiPanel(): void;
}

export const createCiSlice: StateCreator<AppState, [], [], CiSlice> = (set) => ({
  ci: null,
  ciByWorktree: new Map(),
  ciPanel: null,
  setCi: (ci) => set({ ci, ciByWorktree: new Map(ci.worktrees.map((w) => [w.worktree, w])) }),
  setCiWorktree: (worktree) =>
    set((state) => {
      if (!state.ci || !state.ciByWorktree.has(worktree.worktree)) return {};
      const ciByWorktree = new Map(state.ciByWorktree).set(worktree.worktree, worktree);
      const worktrees = state.ci.worktrees.map((w) => (w.worktree === worktree.worktree ? worktree : w));
      return { ci: { ...state.ci, worktrees }, ciByWorktree };
    }),
  openCiPanel: (ciPanel) => set({ ciPanel }),
  closeCiPanel: () => set({ ciPanel: null }),
});
