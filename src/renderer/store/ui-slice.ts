/**
 * Slice holding UI-only state: selection, collapsed repositories, the open dialog, toasts.
 */
import type { StateCreator } from 'zustand';
import type { AppState } from './app-store.ts';

/** At most one modal at a time; each kind carries what its confirm button acts on. */
export type Dialog =
  | { kind: 'confirm-close-pane'; sessionId: string }
  | { kind: 'confirm-remove-repo'; repoId: string };

export interface Toast {
  id: number;
  /** `attention`: something waits for the user (an agent needs input). */
  tone: 'error' | 'info' | 'attention';
  text: string;
  /** The pane a click on the toast focuses (agent notifications). */
  sessionId?: string;
}

/** Older toasts are dropped past this many, so an error storm cannot cover the grid. */
export const MAX_TOASTS = 4;

export interface UiSlice {
  selectedRepoId: string | null;
  collapsedRepoIds: ReadonlySet<string>;
  dialog: Dialog | null;
  toasts: readonly Toast[];
  /** The repository whose trust dialog is open (what it asks to run, Trust / Not now). */
  trustDialogRepoId: string | null;
  /** Bumped on every `trust.changed` event: components showing trust re-read it. */
  trustRevision: number;
  openTrustDialog(repoId: string | null): void;
  trustChanged(): void;
  selectRepo(repoId: string | null): void;
  toggleRepoCollapsed(repoId: string): void;
  openDialog(dialog: Dialog): void;
  closeDialog(): void;
  /** Returns the toast's id (for dismissing it later). */
  pushToast(tone: Toast['tone'], text: string, sessionId?: string): number;
  dismissToast(id: number): void;
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set, get) => {
  let nextToastId = 1;
  return {
    selectedRepoId: null,
    collapsedRepoIds: new Set(),
    dialog: null,
    toasts: [],
    trustDialogRepoId: null,
    trustRevision: 0,
    openTrustDialog: (trustDialogRepoId) => set({ trustDialogRepoId }),
    trustChanged: () => set((state) => ({ trustRevision: state.trustRevision + 1 })),
    selectRepo: (selectedRepoId) => set({ selectedRepoId }),
    toggleRepoCollapsed: (repoId) => {
      const collapsed = new Set(get().collapsedRepoIds);
      if (!collapsed.delete(repoId)) collapsed.add(repoId);
      set({ collapsedRepoIds: collapsed });
    },
    openDialog: (dialog) => set({ dialog }),
    closeDialog: () => set({ dialog: null }),
    pushToast: (tone, text, sessionId) => {
      const id = nextToastId++;
      const toast: Toast = sessionId === undefined ? { id, tone, text } : { id, tone, text, sessionId };
      set((state) => ({ toasts: [...state.toasts, toast].slice(-MAX_TOASTS) }));
      return id;
    },
    dismissToast: (id) => set((state) => ({ toasts: state.toasts.filter((toast) => toast.id !== id) })),
  };
};
