/**
 * Starting a session that is meant to be seen: refuse before starting it when the grid is full,
 * then place its pane (focused) in the engine's layout, so every client shows it at once.
 *
 * Panes take their places in the order they were asked for, not the order their sessions happen
 * to start: a user who clicks "Shell" on two worktrees in a row expects the first click's pane
 * first (a shell whose rc files are slow must not swap them).
 */
import type { SessionInfo } from '../../../shared/protocol/terminals.ts';
import { MAX_PANES } from '../../../shared/protocol/layout.ts';
import { err, type Result } from '../../../shared/result.ts';
import type { LayoutService } from './layout-service.ts';

type PaneLayout = Pick<LayoutService, 'hasRoom' | 'open'>;

/** Per layout: settles once every placement asked for so far is done (placed or given up). */
const placementQueues = new WeakMap<PaneLayout, Promise<void>>();

export async function createWithPane(
  layout: PaneLayout,
  create: () => Promise<Result<SessionInfo>>,
  /** Stops a session that lost the race for the last slot, so no process runs unseen. */
  discard: (sessionId: string) => Promise<unknown>,
): Promise<Result<SessionInfo>> {
  if (!layout.hasRoom()) return err({ kind: 'TOO_MANY_PANES', max: MAX_PANES });
  // Take a turn now; sessions start in parallel, their panes are placed turn by turn.
  const earlier = placementQueues.get(layout) ?? Promise.resolve();
  let finishTurn!: () => void;
  const turn = new Promise<void>((resolve) => (finishTurn = resolve));
  placementQueues.set(layout, earlier.then(() => turn));
  try {
    const created = await create();
    // A session that did not start has no pane to wait for: its turn ends with it.
    if (!created.ok) return created;
    await earlier;
    const placed = await layout.open({ sessionId: created.value.id });
    if (placed.ok) return created;
    await discard(created.value.id);
    return placed;
  } finally {
    finishTurn();
  }
}
