/**
 * The open fix dialog, if any (start a fix, or land one), mounted once at the app's root.
 */
import { useCallback } from 'react';
import { useAppStore, useServices } from '../app/services.ts';
import { FixDialog } from './FixDialog.tsx';
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
  }
}
