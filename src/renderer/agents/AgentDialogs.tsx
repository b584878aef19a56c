/**
 * The open agent dialog, if any (launch or handoff), mounted once at the app's root.
 */
import { useCallback } from 'react';
import { useAppStore, useServices } from '../app/services.ts';
import { HandoffDialog } from './HandoffDialog.tsx';
import { LaunchAgentDialog } from './LaunchAgentDialog.tsx';
import './agents.css';

export function AgentDialogs() {
  const services = useServices();
  const dialog = useAppStore((state) => state.agentDialog);
  const close = useCallback(() => services.store.getState().closeAgentDialog(), [services]);
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'launch':
      return <LaunchAgentDialog key={dialog.worktreePath} repoId={dialog.repoId} worktreePath={dialog.worktreePath} onClose={close} />;
    case 'handoff':
      return <HandoffDialog key={dialog.sessionId} sessionId={dialog.sessionId} otherAgent={dialog.otherAgent ?? false} onClose={close} />;
  }
}
