/**
 * A repository with `main` checked out in the main worktree, a `feature` worktree with feature
 * commits, and the fixes module built on the real worktree services (no agents: the flows here are
 * git's; the agent path has its own tests).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { FixService } from '../../../src/main/engine/fixes/fix-service.ts';
import type { StartedFix } from '../../../src/shared/protocol/fixes.ts';
import { err, ok } from '../../../src/shared/result.ts';
import { addWorktree, git, makeCommit } from '../../helpers/git-repo.ts';
import { lifecycleFixture, unwrap, type LifecycleFixture } from '../worktrees/lifecycle-fixture.ts';

export const APP_BUGGY = 'one\ntwo\nbuggy line\nfour\nfive\n';
export const APP_FIXED = 'one\ntwo\nfixed line\nfour\nfive\n';

export interface FixWorld extends LifecycleFixture {
  /** The `feature` worktree (two feature commits on top of main). */
  feature: string;
  fixes: FixService;
  /** Every repository id notified as changed. */
  notified: string[];
}

export async function fixWorld(): Promise<FixWorld> {
  const fixture = await lifecycleFixture({ files: { 'app.txt': APP_BUGGY, 'README.md': '# app\n' } });
  const feature = addWorktree(fixture.repoPath, path.join(fixture.root, 'feature-wt'), 'feature');
  makeCommit(feature, { files: { 'feature-1.txt': 'feature one\n' }, message: 'feature: one' });
  makeCommit(feature, { files: { 'feature-2.txt': 'feature two\n' }, message: 'feature: two' });
  const notified: string[] = [];
  const fixes = new FixService({
    repos: fixture.repos,
    worktrees: fixture.worktrees,
    // No agent runs here (the flows are git's); asking for one fails as a missing CLI would.
    agents: {
      list: () => [],
      profiles: async () => ok([]),
      launch: async (input) => err({ kind: 'COMMAND_NOT_FOUND', command: input.agentId }),
    },
    terminals: { list: () => [], input: () => ok(null) },
    layout: { get: () => ({ panes: [], focused: null, maximized: null }) },
    notify: async (repoId) => void notified.push(repoId),
  });
  return { ...fixture, feature, fixes, notified };
}

/** Start a fix from the feature worktree and commit the fix in it, as the agent would. */
export async function startAndCommitFix(world: FixWorld, options: { base?: 'source' | 'target'; name?: string; content?: string } = {}): Promise<StartedFix & { fixCommit: string }> {
  const started = unwrap(
    await world.fixes.start({
      from: world.feature,
      description: 'The app prints a buggy line',
      ...(options.base ? { base: options.base } : {}),
      ...(options.name ? { name: options.name } : {}),
      cols: 80,
      rows: 24,
    }),
  );
  const setup = await world.bootstrap.whenDone(started.worktree);
  expect(setup?.status).toBe('ready');
  const fixCommit = makeCommit(started.worktree, { files: { 'app.txt': options.content ?? APP_FIXED }, message: 'fix: the buggy line' });
  return { ...started, fixCommit };
}

export function tip(cwd: string, ref: string): string {
  return git(cwd, 'rev-parse', ref);
}

export function fileAt(cwd: string, ref: string, file: string): string | null {
  try {
    return git(cwd, 'show', `${ref}:${file}`);
  } catch {
    return null;
  }
}

export function read(cwd: string, file: string): string | null {
  const full = path.join(cwd, file);
  return existsSync(full) ? readFileSync(full, 'utf8') : null;
}

export function write(cwd: string, file: string, content: string): void {
  writeFileSync(path.join(cwd, file), content);
}

/** No merge, rebase, cherry-pick or revert in progress in any worktree of the repository. */
export function expectNothingInProgress(repoPath: string): void {
  const worktrees = git(repoPath, 'worktree', 'list', '--porcelain')
    .split('\n')
    .filter((line) => line.startsWith('worktree '))
    .map((line) => line.slice('worktree '.length));
  for (const worktree of worktrees) {
    const gitDir = git(worktree, 'rev-parse', '--path-format=absolute', '--git-dir');
    for (const marker of ['MERGE_HEAD', 'CHERRY_PICK_HEAD', 'REVERT_HEAD', 'rebase-merge', 'rebase-apply']) {
      expect(existsSync(path.join(gitDir, marker)), `${marker} in ${worktree}`).toBe(false);
    }
  }
}

/** The subjects of `range`, newest first. */
export function subjects(cwd: string, range: string): string[] {
  const out = git(cwd, 'log', '--format=%s', range);
  return out === '' ? [] : out.split('\n');
}
