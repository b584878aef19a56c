/**
 * Starting a session that is meant to be seen: refuse before starting it when the grid is full,
 * then place its pane (focused) in the engine's layout, so every client shows it at once.
 */
import type { SessionInfo } from '../../../shared/protocol/terminals.ts';
import { MAX_PANES } from '../../../shared/protocol/layout.ts';
import { err, type Result } from '../../../shared/result.ts';
import type { LayoutService } from './layout-service.ts';

export async function createWithPane(
  layout: Pick<LayoutService, 'hasRoom' | 'open'>,
  create: () => Promise<Result<SessionInfo>>,
  /** Stops a session that lost the race for the last slot, so no process runs unseen. */
  discard: (sessionId: string) => Promise<unknown>,
): Promise<Result<SessionInfo>> {
  if (!layout.hasRoom()) return err({ kind: 'TOO_MANY_PANES', max: MAX_PANES });
  const created = await create();
  if (!created.ok) return created;
  const placed = await layout.open({ sessionId: created.value.id });
  if (placed.ok) return created;
  await discard(created.value.id);
  return placed;
}
