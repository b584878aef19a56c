/**
 * Text of the bootstrap badge (pure, tested).
 */
import type { BootstrapState } from '../../shared/protocol/index.ts';

export interface BootstrapLabel {
  status: BootstrapState['status'];
  label: string;
  title: string;
  /** 0–1 for a progress bar while running; null otherwise. */
  progress: number | null;
}

/** Badge text for a worktree's bootstrap, or null when none ever ran. */
export function bootstrapLabel(state: BootstrapState | null | undefined): BootstrapLabel | null {
  if (!state) return null;
  switch (state.status) {
    case 'pending':
      return { status: 'pending', label: 'setup…', title: 'Setup is about to start', progress: 0 };
    case 'running': {
      const step = state.step;
      return {
        status: 'running',
        label: step ? `setup ${step.index}/${step.total}` : 'setup…',
        title: step ? `Setting up: ${step.title}. Click to show the log.` : 'Setting up. Click to show the log.',
        progress: step ? (step.index - 1) / step.total : 0,
      };
    }
    case 'ready':
      return { status: 'ready', label: 'ready', title: 'Setup finished. Click to show the log.', progress: null };
    case 'failed':
      return {
        status: 'failed',
        label: 'setup failed',
        title: `${state.error ?? 'Setup failed'}. Click to show the log.`,
        progress: null,
      };
  }
}
