/**
 * Panes take their places in the order they were asked for, not the order their sessions start.
 */
import { describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../../src/shared/protocol/terminals.ts';
import { err, ok, type Result } from '../../../src/shared/result.ts';
import { LayoutService } from '../../../src/main/engine/layout/layout-service.ts';
import { createWithPane } from '../../../src/main/engine/layout/session-pane.ts';
import { makeTempDir } from '../../helpers/git-repo.ts';

function session(id: string): Result<SessionInfo> {
  // Placement reads only the id.
  return ok({ id } as SessionInfo);
}

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

async function layoutService(): Promise<LayoutService> {
  const layout = new LayoutService({ home: makeTempDir('ao-layout-'), sessionExists: () => true });
  await layout.load();
  return layout;
}

describe('createWithPane', () => {
  it('places a slow first session before a quick second one', async () => {
    const layout = await layoutService();
    const slow = gate();
    const discarded: string[] = [];
    const first = createWithPane(layout, async () => (await slow.opened, session('first')), async (id) => discarded.push(id));
    const second = createWithPane(layout, async () => session('second'), async (id) => discarded.push(id));
    // The second session has started; its pane waits for the first one's turn.
    let secondDone = false;
    void second.then(() => (secondDone = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(secondDone).toBe(false);
    expect(layout.get().panes).toEqual([]);
    slow.open();
    expect((await first).ok && (await second).ok).toBe(true);
    expect(layout.get().panes).toEqual(['first', 'second']);
    expect(layout.get().focused).toBe('second');
    expect(discarded).toEqual([]);
  });

  it('a session that fails to start gives up its turn without holding up the next', async () => {
    const layout = await layoutService();
    const slow = gate();
    const failing = createWithPane(
      layout,
      async () => (await slow.opened, err({ kind: 'COMMAND_NOT_FOUND', command: 'nope' })),
      async () => undefined,
    );
    const next = createWithPane(layout, async () => session('next'), async () => undefined);
    slow.open();
    expect(await failing).toMatchObject({ ok: false, error: { kind: 'COMMAND_NOT_FOUND' } });
    expect((await next).ok).toBe(true);
    expect(layout.get().panes).toEqual(['next']);
  });
});
