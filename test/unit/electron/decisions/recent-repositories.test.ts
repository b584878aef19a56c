import { describe, expect, it } from 'vitest';
import {
  MAX_RECENT_REPOSITORIES,
  forgetRecent,
  recentMenuEntries,
  recentsAfterReposChanged,
  rememberRecent,
  sanitizeRecents,
} from '../../../../src/main/electron/decisions/recent-repositories.ts';

const T1 = '2026-09-10T08:00:00.000Z';
const T2 = '2026-09-11T08:00:00.000Z';

describe('recent repositories', () => {
  it('moves an opened repository to the front, without duplicates, capped', () => {
    let list = rememberRecent([], '/a', T1);
    list = rememberRecent(list, '/b', T1);
    list = rememberRecent(list, '/a', T2);
    expect(list).toEqual([
      { path: '/a', openedAt: T2 },
      { path: '/b', openedAt: T1 },
    ]);
    for (let i = 0; i < 20; i++) list = rememberRecent(list, `/r${i}`, T1);
    expect(list).toHaveLength(MAX_RECENT_REPOSITORIES);
    expect(list[0]?.path).toBe('/r19');
    expect(forgetRecent(list, '/r19').map((entry) => entry.path)).not.toContain('/r19');
  });

  it('learns repositories added while the app runs, but does not reorder on (re)connect', () => {
    const recents = [{ path: '/old', openedAt: T1 }];
    const repos = [
      { path: '/old', addedAt: T1 },
      { path: '/new', addedAt: T2 },
    ];
    expect(recentsAfterReposChanged(recents, null, repos, T2)).toEqual(recents);
    expect(recentsAfterReposChanged(recents, ['/old'], repos, T2).map((entry) => entry.path)).toEqual(['/new', '/old']);
    // Removing a repository from the app keeps it in the list, to open it again.
    expect(recentsAfterReposChanged(recents, ['/old'], [], T2)).toEqual(recents);
  });

  it('seeds an empty history from the registered repositories, newest first', () => {
    const repos = [
      { path: '/first', addedAt: T1 },
      { path: '/second', addedAt: T2 },
    ];
    expect(recentsAfterReposChanged([], null, repos, T2).map((entry) => entry.path)).toEqual(['/second', '/first']);
  });

  it('sanitizes what was read from disk', () => {
    expect(sanitizeRecents('nope')).toEqual([]);
    expect(
      sanitizeRecents([{ path: '/a', openedAt: T1 }, { path: '/a', openedAt: T2 }, { path: 3 }, { path: '/b', openedAt: 'yesterday' }, null]),
    ).toEqual([{ path: '/a', openedAt: T1 }]);
  });

  it('labels entries with the folder and where it is, escaping menu mnemonics', () => {
    const entries = recentMenuEntries(
      [
        { path: '/home/ada/src/R&D', openedAt: T1 },
        { path: '/srv/app', openedAt: T1 },
      ],
      { homedir: '/home/ada', platform: 'linux' },
    );
    expect(entries).toEqual([
      { path: '/home/ada/src/R&D', label: 'R&&D  ~/src' },
      { path: '/srv/app', label: 'app  /srv' },
    ]);
    expect(recentMenuEntries([{ path: 'C:\\Users\\ada\\code\\x', openedAt: T1 }], { homedir: 'C:\\Users\\ada', platform: 'win32' })[0]?.label).toBe(
      'x  ~\\code',
    );
  });
});
