/**
 * Applying a fix to worktrees (cherry-pick -x, dirty refusal, conflict + abort, hand to agent)
 * and the watcher that keeps the cached model fresh (a branch deleted while watched).
 */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../src/shared/result.ts';
import { GitMapService, type AgentPort } from '../../../src/main/engine/git-map/git-map-service.ts';
import { git, removeTempDir } from '../../helpers/git-repo.ts';
import { mapFixture, NO_AGENTS, type MapFixture } from './map-fixture.ts';

let fx: MapFixture;
let service: GitMapService;
const typed: Array<{ sessionId: string; prompt: string }> = [];
const launched: Array<{ agentId: string; cwd: string; prompt: string }> = [];

/** Agents as the git map sees them: one live session in the `clash` worktree. */
function agentPort(): AgentPort {
  return {
    sessionIn: (cwd) => (path.resolve(cwd) === path.resolve(fx.worktrees.clash!) ? 'session-clash' : null),
    type: (sessionId, prompt): Result<null> => {
      typed.push({ sessionId, prompt });
      return { ok: true, value: null };
    },
    launch: async (input) => {
      launched.push(input);
      return { ok: true, value: { sessionId: 'session-new' } };
    },
  };
}

beforeEach(async () => {
  typed.length = 0;
  launched.length = 0;
  fx = await mapFixture();
  service = new GitMapService({ repos: fx.repos, home: fx.home, userHomeDir: fx.root, writeCommitGraphs: false, agents: agentPort() });
}, 60_000);

afterEach(async () => {
  await service.dispose();
  removeTempDir(fx.root);
});

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`unexpected error: ${JSON.stringify(result.error)}`);
  return result.value;
}

describe('apply a fix', () => {
  it('cherry-picks with -x into two worktrees, skips one that has it, and refuses a dirty one', async () => {
    const dirtyBefore = readFileSync(path.join(fx.worktrees.dirty!, 'dirty.txt'), 'utf8');
    const outcomes = unwrap(
      await service.apply({ repoId: fx.repoId }, fx.sha.fix!, [fx.worktrees.open!, fx.worktrees.merged!, fx.worktrees.picked!, fx.worktrees.dirty!], false),
    );
    expect(outcomes.map((o) => o.outcome)).toEqual(['applied', 'applied', 'already-present', 'refused']);
    for (const branch of ['open', 'merged']) {
      const message = git(fx.worktrees[branch]!, 'log', '-1', '--format=%B');
      expect(message).toContain(`(cherry picked from commit ${fx.sha.fix})`);
      expect(outcomes.find((o) => o.worktree === fx.worktrees[branch])?.commit).toBe(git(fx.worktrees[branch]!, 'rev-parse', 'HEAD'));
    }
    expect(outcomes[3]?.error).toMatchObject({ kind: 'WORKTREE_DIRTY', path: fx.worktrees.dirty });
    // Nothing in the dirty worktree moved.
    expect(readFileSync(path.join(fx.worktrees.dirty!, 'dirty.txt'), 'utf8')).toBe(dirtyBefore);
    expect(git(fx.worktrees.dirty!, 'log', '-1', '--format=%s')).toBe('dirty work');
    // The map and fix presence see the result.
    const presence = unwrap(await service.contains({ repoId: fx.repoId }, fx.sha.fix!));
    expect(presence.branches.find((b) => b.branch === 'open')?.presence).toBe('equivalent');
  });

  it('applies to a dirty worktree when allowed, keeping the uncommitted change', async () => {
    const outcomes = unwrap(await service.apply({ repoId: fx.repoId }, fx.sha.fix!, [fx.worktrees.dirty!], true));
    expect(outcomes[0]?.outcome).toBe('applied');
    expect(readFileSync(path.join(fx.worktrees.dirty!, 'dirty.txt'), 'utf8')).toBe('changed but not committed\n');
    expect(existsSync(path.join(fx.worktrees.dirty!, 'fix.txt'))).toBe(true);
  });

  it('stops cleanly on a conflict, shows it, aborts it, and can hand it to the agent', async () => {
    const before = git(fx.worktrees.clash!, 'rev-parse', 'HEAD');
    const mainChange = git(fx.repo, 'log', '--format=%H', '--grep=main changes shared', 'main');
    const outcomes = unwrap(await service.apply({ repoId: fx.repoId }, mainChange, [fx.worktrees.clash!], false));
    expect(outcomes[0]).toMatchObject({ outcome: 'conflict', conflictedPaths: ['shared.txt'] });
    expect(git(fx.worktrees.clash!, 'status', '--porcelain')).toContain('UU shared.txt');
    // A second apply is refused while the cherry-pick is in progress.
    const again = unwrap(await service.apply({ repoId: fx.repoId }, fx.sha.fix!, [fx.worktrees.clash!], true));
    expect(again[0]?.error).toMatchObject({ kind: 'OPERATION_IN_PROGRESS', operation: 'cherry-pick' });

    const handed = unwrap(await service.handToAgent({ repoId: fx.repoId }, fx.worktrees.clash!, mainChange));
    expect(handed).toEqual({ sessionId: 'session-clash', started: false });
    expect(typed[0]?.prompt).toContain('stopped with conflicts');
    expect(typed[0]?.prompt).toContain('git cherry-pick --continue');

    unwrap(await service.abortApply({ repoId: fx.repoId }, fx.worktrees.clash!));
    expect(git(fx.worktrees.clash!, 'rev-parse', 'HEAD')).toBe(before);
    expect(git(fx.worktrees.clash!, 'status', '--porcelain')).toBe('');
    expect(await service.abortApply({ repoId: fx.repoId }, fx.worktrees.clash!)).toEqual({
      ok: false,
      error: { kind: 'NO_OPERATION_IN_PROGRESS', path: fx.worktrees.clash },
    });
  });

  it('starts the chosen agent where none runs, and says so when none was chosen', async () => {
    expect(await service.handToAgent({ repoId: fx.repoId }, fx.worktrees.open!, fx.sha.fix!)).toMatchObject({ ok: false, error: { kind: 'INVALID_INPUT' } });
    const started = unwrap(await service.handToAgent({ repoId: fx.repoId }, fx.worktrees.open!, fx.sha.fix!, 'claude'));
    expect(started).toEqual({ sessionId: 'session-new', started: true });
    expect(launched[0]).toMatchObject({ agentId: 'claude', cwd: fx.worktrees.open });
    expect(launched[0]?.prompt).toContain(`git cherry-pick -x ${fx.sha.fix}`);
  });

  it('refuses a worktree of another repository and a bad commit', async () => {
    const outcomes = unwrap(await service.apply({ repoId: fx.repoId }, fx.sha.fix!, [fx.home], false));
    expect(outcomes[0]).toMatchObject({ outcome: 'refused', error: { kind: 'WORKTREE_NOT_FOUND' } });
    expect(await service.apply({ repoId: fx.repoId }, 'nope', [fx.worktrees.open!], false)).toEqual({ ok: false, error: { kind: 'COMMIT_NOT_FOUND', ref: 'nope' } });
  });
});

describe('watching', () => {
  it('notices a branch deleted while watched, with the polling fallback alone', async () => {
    const watched = new GitMapService({ repos: fx.repos, home: fx.home, userHomeDir: fx.root, writeCommitGraphs: false, pollIntervalMs: 100, useFsWatch: false, agents: NO_AGENTS });
    try {
      watched.start();
      await watched.whenSettled();
      const before = unwrap(await watched.map({ repoId: fx.repoId }));
      expect(before.branches.some((b) => b.branch === 'recorded')).toBe(true);
      const changed = new Promise<string>((resolve) => watched.onDidChange(resolve));
      git(fx.repo, 'branch', '-D', 'recorded');
      expect(await changed).toBe(fx.repoId);
      const after = unwrap(await watched.map({ repoId: fx.repoId }));
      expect(after.branches.some((b) => b.branch === 'recorded')).toBe(false);
    } finally {
      await watched.dispose();
    }
  });

  it('notices a target moving through fs.watch and answers from fresh refs', async () => {
    const watched = new GitMapService({ repos: fx.repos, home: fx.home, userHomeDir: fx.root, writeCommitGraphs: false, pollIntervalMs: 60_000, agents: NO_AGENTS });
    try {
      watched.start();
      await watched.whenSettled();
      const before = unwrap(await watched.map({ repoId: fx.repoId }));
      expect(before.branches.find((b) => b.branch === 'open')?.status.main?.state).toBe('unmerged');
      const changed = new Promise<string>((resolve) => watched.onDidChange(resolve));
      git(fx.repo, 'merge', '--quiet', '--no-edit', 'open');
      await changed;
      const after = unwrap(await watched.map({ repoId: fx.repoId }));
      expect(after.branches.find((b) => b.branch === 'open')?.status.main?.state).toBe('merged');
    } finally {
      await watched.dispose();
    }
  });
});
