import { describe, expect, it } from 'vitest';
import { openRepositoryOutcome } from '../../../../src/main/electron/decisions/open-repository.ts';
import { err, ok } from '../../../../src/shared/result.ts';

describe('opening a folder as a repository', () => {
  it('treats an added or already registered repository as opened, at its real path', () => {
    expect(openRepositoryOutcome('/w/app/src', ok({ path: '/w/app' }))).toEqual({ kind: 'opened', path: '/w/app' });
    expect(openRepositoryOutcome('/w/app', err({ kind: 'REPO_ALREADY_ADDED', path: '/w/app', repoId: 'r1' }))).toEqual({
      kind: 'opened',
      path: '/w/app',
    });
  });

  it('explains each refusal in words, with a fallback naming the kind', () => {
    const failed = openRepositoryOutcome('/tmp/notes', err({ kind: 'NOT_A_GIT_REPO', path: '/tmp/notes' }));
    expect(failed).toEqual({ kind: 'failed', message: 'Cannot open /tmp/notes', detail: expect.stringMatching(/not inside a git repository/) });
    expect(openRepositoryOutcome('/x', err({ kind: 'REPO_HAS_NO_COMMITS', path: '/x' }))).toMatchObject({ detail: expect.stringMatching(/first commit/) });
    expect(openRepositoryOutcome('/x', err({ kind: 'INTERNAL', message: 'boom' }))).toMatchObject({ detail: 'The engine refused it (INTERNAL).' });
  });
});
