import { describe, expect, it } from 'vitest';
import { AppErrorSchema } from '../../../src/shared/errors.ts';
import { errorMessage } from '../../../src/renderer/errors/messages.ts';
import type { UiError } from '../../../src/renderer/errors/ui-error.ts';

// A Record over every kind: adding a kind to the union fails the type check here until it has
// a sample, and the test below then checks its message.
const samples: { [K in UiError['kind']]: Extract<UiError, { kind: K }> } = {
  PATH_NOT_FOUND: { kind: 'PATH_NOT_FOUND', path: '/no/such/dir' },
  NOT_A_DIRECTORY: { kind: 'NOT_A_DIRECTORY', path: '/etc/hosts' },
  NOT_A_GIT_REPO: { kind: 'NOT_A_GIT_REPO', path: '/tmp/plain' },
  BARE_REPO: { kind: 'BARE_REPO', path: '/srv/repo.git' },
  REPO_HAS_NO_COMMITS: { kind: 'REPO_HAS_NO_COMMITS', path: '/tmp/fresh' },
  REPO_ALREADY_ADDED: { kind: 'REPO_ALREADY_ADDED', path: '/work/app', repoId: 'r1' },
  REPO_NOT_FOUND: { kind: 'REPO_NOT_FOUND', repoId: 'r9' },
  WORKTREE_MISSING: { kind: 'WORKTREE_MISSING', path: '/work/app-feature' },
  SESSION_NOT_FOUND: { kind: 'SESSION_NOT_FOUND', sessionId: 's1' },
  SESSION_EXITED: { kind: 'SESSION_EXITED', sessionId: 's1' },
  COMMAND_NOT_FOUND: { kind: 'COMMAND_NOT_FOUND', command: 'codex' },
  SPAWN_FAILED: { kind: 'SPAWN_FAILED', command: 'claude', message: 'EACCES' },
  TOO_MANY_PANES: { kind: 'TOO_MANY_PANES', max: 9 },
  GIT_FAILED: { kind: 'GIT_FAILED', args: ['worktree', 'list'], exitCode: 128, stderr: 'fatal: not a git repository\n' },
  INVALID_INPUT: { kind: 'INVALID_INPUT', message: 'cols must be at least 2' },
  INTERNAL: { kind: 'INTERNAL', message: 'disk full' },
  ENGINE_DISCONNECTED: { kind: 'ENGINE_DISCONNECTED' },
  ENGINE_CALL_FAILED: { kind: 'ENGINE_CALL_FAILED', detail: 'socket closed' },
};

/** The detail a person needs to act on each error, which its message must contain. */
const mustMention: Partial<Record<UiError['kind'], string>> = {
  PATH_NOT_FOUND: '/no/such/dir',
  NOT_A_DIRECTORY: '/etc/hosts',
  NOT_A_GIT_REPO: '/tmp/plain',
  BARE_REPO: '/srv/repo.git',
  REPO_HAS_NO_COMMITS: '/tmp/fresh',
  REPO_ALREADY_ADDED: '/work/app',
  WORKTREE_MISSING: '/work/app-feature',
  COMMAND_NOT_FOUND: 'codex',
  SPAWN_FAILED: 'EACCES',
  TOO_MANY_PANES: '9',
  GIT_FAILED: 'not a git repository',
  INVALID_INPUT: 'cols must be at least 2',
  INTERNAL: 'disk full',
  ENGINE_CALL_FAILED: 'socket closed',
};

describe('errorMessage', () => {
  it('covers every kind of the shared AppError union', () => {
    const engineKinds = AppErrorSchema.options.map((option) => option.shape.kind.value);
    expect(Object.keys(samples)).toEqual(expect.arrayContaining(engineKinds));
  });

  it.each(Object.values(samples))('gives $kind a sentence with the details to act on', (error) => {
    const text = errorMessage(error);
    expect(text.length).toBeGreaterThan(10);
    expect(text).not.toContain(error.kind);
    expect(text).not.toMatch(/undefined|\[object Object\]/);
    const detail = mustMention[error.kind];
    if (detail) expect(text).toContain(detail);
  });

  it('gives every kind its own message', () => {
    const texts = Object.values(samples).map((error) => errorMessage(error));
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('shows the git command and exit code, and shortens long stderr', () => {
    const text = errorMessage({ kind: 'GIT_FAILED', args: ['fetch', 'origin'], exitCode: 1, stderr: 'x'.repeat(5000) });
    expect(text).toMatch(/^git fetch origin failed \(exit 1\): x+…$/);
    expect(text.length).toBeLessThan(400);
  });

  it('still reads well when git printed nothing', () => {
    expect(errorMessage({ kind: 'GIT_FAILED', args: ['status'], exitCode: null, stderr: '  ' })).toBe('git status failed.');
  });

  it('throws on a kind it does not know (assertNever), instead of showing nothing', () => {
    expect(() => errorMessage({ kind: 'NOPE' } as unknown as UiError)).toThrow(/Unexpected value/);
  });
});
