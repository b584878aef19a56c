/**
 * The watcher's own-change suppression must never swallow someone else's change.
 *
 * The engine holds the watcher while it changes a repository and announces the change itself;
 * a folder deleted by hand meanwhile (or right after the announcement) must still be reported.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { RepoWatcher } from '../../../src/main/engine/worktrees/repo-watcher.ts';
import { ok } from '../../../src/shared/result.ts';

function watcherOver(state: { value: string }) {
  let reads = 0;
  const changes: string[] = [];
  const watcher = new RepoWatcher({
    repoPath: '/not/read',
    // No poll and no file events: every reading below is one the test asks for.
    pollIntervalMs: 3_600_000,
    debounceMs: 10,
    useFsWatch: false,
    onChange: () => changes.push(state.value),
    readSignature: async () => {
      reads++;
      return ok(state.value);
    },
  });
  onTestFinished(() => watcher.dispose());
  return { watcher, changes, reads: () => reads };
}

describe('RepoWatcher holds and adoption', () => {
  it('reports, on release, a change someone else made while the engine held the repository', async () => {
    const state = { value: 'two worktrees' };
    const { watcher, changes } = watcherOver(state);
    await watcher.ready;
    const release = watcher.hold();
    state.value = 'one folder deleted by hand';
    // A reading while held (a poll, a file event) must not take this state as its baseline.
    await watcher.refresh();
    expect(changes).toEqual([]);
    release();
    await watcher.refresh();
    expect(changes).toEqual(['one folder deleted by hand']);
  });

  it("adopts the engine's own announced change silently, then reports the next one", async () => {
    const state = { value: 'before create' };
    const { watcher, changes, reads } = watcherOver(state);
    await watcher.ready;
    const release = watcher.hold();
    state.value = 'created by the engine';
    await watcher.adopt();
    const readsAfterAdopt = reads();
    release();
    await watcher.refresh();
    expect(changes).toEqual([]);
    // Adoption read the repository itself (not a stale reading from before the operation).
    expect(readsAfterAdopt).toBeGreaterThanOrEqual(2);
    state.value = 'deleted right after';
    await watcher.refresh();
    expect(changes).toEqual(['deleted right after']);
  });

  it('a release with nothing skipped reads nothing more', async () => {
    const state = { value: 'quiet' };
    const { watcher, reads } = watcherOver(state);
    await watcher.ready;
    const before = reads();
    watcher.hold()();
    expect(reads()).toBe(before);
  });
});
