/**
 * The open fix dialog, if any (start a fix, land one, restack children, integrate branches),
 * mounted once at the app's root.
 */
import { useCallback } from 'react';
import { useAppStore, useServices } from '../app/services.ts';
import { FixDialog } from './FixDialog.tsx';
import { BranchesDialog } from './BranchesDialog.tsx';
import { LandDialog } from './LandDialog.tsx';
import './fixes.css';

export function FixDialogs() {
  const services = useServices();
  const dialog = useAppStore((state) => state.fixDialog);
  const close = useCallback(() => services.store.getState().closeFixDialog(), [services]);
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'start':
      return <FixDialog key={dialog.worktreePath} repoId={dialog.repoId} worktreePath={dialog.worktreePath} commit={dialog.commit} onClose={close} />;
    case 'land':
      return <LandDialog key={dialog.worktreePath} repoId={dialog.repoId} worktreePath={dialog.worktreePath} onClose={close} />;
    case 'restack':
    case 'integrate':
      return <BranchesDialog key={`${dialog.kind}:${dialog.worktreePath}`} mode={dialog.kind} repoId={dialog.repoId} worktreePath={dialog.worktreePath} onClose={close} />;
  }
}
