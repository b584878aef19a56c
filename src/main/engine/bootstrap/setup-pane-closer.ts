/**
 * A setup pane that succeeded closes itself after a moment; a failed one stays.
 *
 * Every create and restore opens a setup pane; left alone, each leaves an "exited (code 0)" pane
 * in one of nine slots. The log stays one click away on the worktree's setup badge. Removing the
 * session drops its pane from the layout (the layout service follows the terminals).
 */
import type { SessionInfo } from '../../../shared/protocol/terminals.ts';
import type { Result } from '../../../shared/result.ts';

/** Long enough to read "✔ Worktree ready", short enough not to leave the slot taken. */
export const SETUP_PANE_LINGER_MS = 2_500;

export interface TerminalsForSetupPanes {
  list(): SessionInfo[];
  whenExited(sessionId: string): Promise<void>;
  remove(sessionId: string): Promise<Result<null>>;
}

/** Once the log session exits with 0 (setup ready), wait `lingerMs` and forget it. */
export async function closeWhenSucceeded(
  terminals: TerminalsForSetupPanes,
  sessionId: string,
  lingerMs: number = SETUP_PANE_LINGER_MS,
): Promise<void> {
  await terminals.whenExited(sessionId);
  const info = terminals.list().find((session) => session.id === sessionId);
  if (!info || info.exitCode !== 0) return;
  await new Promise((resolve) => setTimeout(resolve, lingerMs).unref());
  await terminals.remove(sessionId);
}
