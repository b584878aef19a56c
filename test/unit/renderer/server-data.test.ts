import { describe, expect, it } from 'vitest';
import {
  EMPTY_SERVER_DATA,
  reduceServerEvent,
  upsertSession,
  withWorktrees,
} from '../../../src/renderer/store/server-data.ts';
import { repo, session, worktree } from './samples.ts';

const snapshot = reduceServerEvent(EMPTY_SERVER_DATA, {
  type: 'snapshot',
  repos: [repo('a'), repo('b')],
  sessions: [session('s1'), session('s2', { status: 'exited', exitCode: 0 })],
  layout: { panes: ['s1'], focused: 's1', maximized: null },
});

describe('reduceServerEvent', () => {
  it('takes repos and sessions from a snapshot', () => {
    expect(snapshot.repos.map((r) => r.id)).toEqual(['a', 'b']);
    expect([...snapshot.sessions.keys()]).toEqual(['s1', 's2']);
    expect(snapshot.sessions.get('s2')?.exitCode).toBe(0);
  });

  it('replaces sessions on sessions.changed with a new Map', () => {
    const next = reduceServerEvent(snapshot, { type: 'sessions.changed', sessions: [session('s3')] });
    expect([...next.sessions.keys()]).toEqual(['s3']);
    expect(next.sessions).not.toBe(snapshot.sessions);
    expect(snapshot.sessions.has('s1')).toBe(true);
  });

  it('drops the worktree listings of removed repositories', () => {
    let state = withWorktrees(snapshot, 'a', { ok: true, value: [worktree('a', '/work/a')] });
    state = withWorktrees(state, 'b', { ok: true, value: [worktree('b', '/work/b')] });
    const next = reduceServerEvent(state, { type: 'repos.changed', repos: [repo('b')] });
    expect([...next.worktrees.keys()]).toEqual(['b']);
    expect(next.repos.map((r) => r.id)).toEqual(['b']);
  });

  it('also prunes listings on a snapshot after reconnecting', () => {
    const state = withWorktrees(snapshot, 'a', { ok: true, value: [] });
    const next = reduceServerEvent(state, { type: 'snapshot', repos: [repo('b')], sessions: [], layout: { panes: [], focused: null, maximized: null } });
    expect(next.worktrees.size).toBe(0);
  });

  it('leaves server data alone for events handled elsewhere', () => {
    expect(reduceServerEvent(snapshot, { type: 'worktrees.changed', repoId: 'a' })).toBe(snapshot);
    expect(reduceServerEvent(snapshot, { type: 'layout.changed', layout: { panes: [], focused: null, maximized: null } })).toBe(snapshot);
  });
});

describe('upsertSession', () => {
  it('adds a just-created session without touching the others', () => {
    const next = upsertSession(snapshot, session('new', { title: 'fresh' }));
    expect(next.sessions.get('new')?.title).toBe('fresh');
    expect(next.sessions.size).toBe(3);
    expect(snapshot.sessions.has('new')).toBe(false);
  });
});

describe('withWorktrees', () => {
  it('stores an answer as loaded', () => {
    const next = withWorktrees(snapshot, 'a', { ok: true, value: [worktree('a', '/work/a', { isMain: true })] });
    expect(next.worktrees.get('a')).toEqual({ worktrees: [worktree('a', '/work/a', { isMain: true })], loaded: true, error: null });
  });

  it('keeps the previous worktrees visible when a refresh fails', () => {
    const loaded = withWorktrees(snapshot, 'a', { ok: true, value: [worktree('a', '/work/a')] });
    const failed = withWorktrees(loaded, 'a', { ok: false, error: { kind: 'WORKTREE_MISSING', path: '/work/a' } });
    expect(failed.worktrees.get('a')?.worktrees).toHaveLength(1);
    expect(failed.worktrees.get('a')?.error).toEqual({ kind: 'WORKTREE_MISSING', path: '/work/a' });
  });

  it('ignores a late answer for a repository removed meanwhile', () => {
    expect(withWorktrees(snapshot, 'gone', { ok: true, value: [] })).toBe(snapshot);
  });
});
