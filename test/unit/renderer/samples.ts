/**
 * Sample protocol values for the renderer's unit tests.
 */
import type { Repo, SessionInfo, Worktree } from '../../../src/shared/protocol/index.ts';

export function repo(id: string, overrides: Partial<Repo> = {}): Repo {
  return { id, path: `/work/${id}`, name: id, addedAt: '2026-01-01T00:00:00.000Z', ...overrides };
}

export function session(id: string, overrides: Partial<SessionInfo> = {}): SessionInfo {
  return {
    id,
    repoId: null,
    cwd: '/work',
    command: '/bin/bash',
    args: [],
    kind: 'shell',
    title: id,
    cols: 80,
    rows: 24,
    status: 'running',
    exitCode: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    exitedAt: null,
    ...overrides,
  };
}

export function worktree(repoId: string, path: string, overrides: Partial<Worktree> = {}): Worktree {
  return {
    repoId,
    path,
    head: '0123456789abcdef0123456789abcdef01234567',
    branch: 'main',
    detached: false,
    isMain: false,
    locked: false,
    lockReason: null,
    prunable: false,
    prunableReason: null,
    dirty: false,
    ...overrides,
  };
}
