import { describe, expect, it } from 'vitest';
import {
  EMPTY_SERVER_DATA,
  reduceServerEvent,
  upsertSession,
} from '../../../src/renderer/store/server-data.ts';
import { repo, session } from './samples.ts';

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

  it('takes the repository list whole from repos.changed', () => {
    const next = reduceServerEvent(snapshot, { type: 'repos.changed', repos: [repo('b')] });
    expect(next.repos.map((r) => r.id)).toEqual(['b']);
    expect(next.sessions).toBe(snapshot.sessions);
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
