/**
 * Slice holding which fix dialog is open: "Fix a bug here" (start), "Land" for a fix worktree,
 * "Restack" for a branch with children, "Integrate" for an integrator worktree.
 */
import type { StateCreator } from 'zustand';
import type { AppState } from '../store/app-store.ts';

export type FixDialog =
  /** Start a fix from a worktree (optionally at a commit picked in the branch graph). */
  | { kind: 'start'; repoId: string; worktreePath: string; commit?: string }
  | { kind: 'land'; repoId: string; worktreePath: string }
  /** Rebase the children of a moved branch (preview, then the chosen ones). */
  | { kind: 'restack'; repoId: string; worktreePath: string }
  /** Merge chosen branches into an integrator worktree. */
  | { kind: 'integrate'; repoId: string; worktreePath: string };

export interface FixesSlice {
  fixDialog: FixDialog | null;
  openFixDialog(dialog: FixDialog): void;
  closeFixDialog(): void;
}

export const createFixesSlice: StateCreator<AppState, [], [], FixesSlice> = (set) => ({
  fixDialog: null,
  openFixDialog: (fixDialog) => set({ fixDialog }),
  closeFixDialog: () => set({ fixDialog: null }),
});
