import { describe, expect, it } from 'vitest';
import { AppErrorSchema } from '../../../src/shared/errors.ts';
import { errorMessage } from '../../../src/renderer/errors/messages.ts';
import type { UiError } from '../../../src/renderer/errors/ui-error.ts';

// A Record over every kind: adding a kind to the union fails the type check here until it has
// a sample, and the test below then checks its message.
const samples: { [K in UiError['kind']]: Extract<UiError, { kind: K }> } = {
  PATH_NOT_FOUND: { kind: 'PATH_NOT_FOUND', path: '/no/such/dir' },
  PATH_NOT_ABSOLUTE: { kind: 'PATH_NOT_ABSOLUTE', path: 'projects/app' },
  NOT_A_DIRECTORY: { kind: 'NOT_A_DIRECTORY', path: '/etc/hosts' },
  NOT_A_GIT_REPO: { kind: 'NOT_A_GIT_REPO', path: '/tmp/plain' },
  BARE_REPO: { kind: 'BARE_REPO', path: '/srv/repo.git' },
  REPO_HAS_NO_COMMITS: { kind: 'REPO_HAS_NO_COMMITS', path: '/tmp/fresh' },
  REPO_ALREADY_ADDED: { kind: 'REPO_ALREADY_ADDED', path: '/work/app', repoId: 'r1' },
  REPO_NOT_FOUND: { kind: 'REPO_NOT_FOUND', repoId: 'r9' },
  REPO_NOT_REGISTERED: { kind: 'REPO_NOT_REGISTERED', path: '/r' },
  ENGINE_NOT_RUNNING: { kind: 'ENGINE_NOT_RUNNING', home: '/h' },
  ENGINE_RUNNING: { kind: 'ENGINE_RUNNING', home: '/h', pid: 4, baseUrl: 'http://127.0.0.1:1' },
  ENGINE_UNREACHABLE: { kind: 'ENGINE_UNREACHABLE', home: '/h', pid: 4, baseUrl: 'http://127.0.0.1:1', message: 'refused' },
  WORKTREE_MISSING: { kind: 'WORKTREE_MISSING', path: '/work/app-feature' },
  SESSION_NOT_FOUND: { kind: 'SESSION_NOT_FOUND', sessionId: 's1' },
  SESSION_EXITED: { kind: 'SESSION_EXITED', sessionId: 's1' },
  INPUT_BACKLOG: { kind: 'INPUT_BACKLOG', sessionId: 's1', maxBytes: 8_388_608 },
  COMMAND_NOT_FOUND: { kind: 'COMMAND_NOT_FOUND', command: 'codex' },
  SPAWN_FAILED: { kind: 'SPAWN_FAILED', command: 'claude', message: 'EACCES' },
  TOO_MANY_PANES: { kind: 'TOO_MANY_PANES', max: 9 },
  GIT_FAILED: { kind: 'GIT_FAILED', args: ['worktree', 'list'], exitCode: 128, stderr: 'fatal: not a git repository\n' },
  INVALID_INPUT: { kind: 'INVALID_INPUT', message: 'cols must be at least 2' },
  INTERNAL: { kind: 'INTERNAL', message: 'disk full' },
  ARCHIVE_WOULD_LOSE: { kind: 'ARCHIVE_WOULD_LOSE', path: '/work/x', nestedRepos: ['vendor/lib/'], ignoredBytes: 0, limitBytes: 100 },
  REPO_NOT_TRUSTED: { kind: 'REPO_NOT_TRUSTED', repoId: 'r1', path: '/work/cloned', configHash: 'sha256:abc' },
  ENGINE_DISCONNECTED: { kind: 'ENGINE_DISCONNECTED' },
  ENGINE_CALL_FAILED: { kind: 'ENGINE_CALL_FAILED', detail: 'socket closed' },
  INVALID_WORKTREE_NAME: { kind: 'INVALID_WORKTREE_NAME', name: '-x', problem: 'it must not start with "-"' },
  INVALID_BRANCH_NAME: { kind: 'INVALID_BRANCH_NAME', branch: '$(touch pwned)' },
  BRANCH_EXISTS: { kind: 'BRANCH_EXISTS', branch: 'feature/login' },
  BRANCH_CHECKED_OUT: { kind: 'BRANCH_CHECKED_OUT', branch: 'feature/login', path: '/work/app-login' },
  BASE_NOT_FOUND: { kind: 'BASE_NOT_FOUND', ref: 'no-such-branch' },
  TARGET_NOT_FOUND: { kind: 'TARGET_NOT_FOUND', branch: 'consumer' },
  WORKTREE_EXISTS: { kind: 'WORKTREE_EXISTS', path: '/work/app.worktrees/login' },
  CREATE_INTERRUPTED: { kind: 'CREATE_INTERRUPTED', branch: 'login', path: '/work/app.worktrees/half', pid: null, problem: 'the folder holds files that are not in the base (notes.md)' },
  WORKTREE_NOT_FOUND: { kind: 'WORKTREE_NOT_FOUND', path: '/work/gone' },
  WORKTREE_NOT_MISSING: { kind: 'WORKTREE_NOT_MISSING', path: '/work/here' },
  IS_MAIN_WORKTREE: { kind: 'IS_MAIN_WORKTREE', path: '/work/app' },
  WORKTREE_DIRTY: { kind: 'WORKTREE_DIRTY', path: '/work/dirty', changes: 3 },
  WORKTREE_UNMERGED: { kind: 'WORKTREE_UNMERGED', path: '/work/x', branch: 'feature/x', commits: 2 },
  WORKTREE_LOCKED: { kind: 'WORKTREE_LOCKED', path: '/work/locked', reason: 'on a USB disk' },
  ARCHIVE_NOT_FOUND: { kind: 'ARCHIVE_NOT_FOUND', name: 'old-work' },
  ARCHIVE_EXISTS: { kind: 'ARCHIVE_EXISTS', name: 'old-work' },
  RESTORE_CONFLICT: { kind: 'RESTORE_CONFLICT', name: 'old-work', stderr: 'patch does not apply' },
  BOOTSTRAP_RUNNING: { kind: 'BOOTSTRAP_RUNNING', path: '/work/busy' },
  WORKTREE_HAS_SESSIONS: {
    kind: 'WORKTREE_HAS_SESSIONS',
    path: '/work/busy',
    sessions: [{ id: 's1', title: 'codex · busy', agent: 'Codex' }],
  },
  INVALID_CONFIG: { kind: 'INVALID_CONFIG', file: '/work/app/agent-orchestrator.json', field: 'ports.count', problem: 'must be at most 100' },
  AGENT_NOT_FOUND: { kind: 'AGENT_NOT_FOUND', agentId: 'codx' },
  AGENT_NOT_INSTALLED: { kind: 'AGENT_NOT_INSTALLED', agentId: 'claude', command: 'claude', installHint: 'npm install -g @anthropic-ai/claude-code' },
  NOT_AN_AGENT_SESSION: { kind: 'NOT_AN_AGENT_SESSION', sessionId: 's1' },
  GIT_TIMEOUT: { kind: 'GIT_TIMEOUT', args: ['log', '--all'], timeoutMs: 120_000 },
  CANCELLED: { kind: 'CANCELLED', operation: 'git status map' },
  GIT_TOO_OLD: { kind: 'GIT_TOO_OLD', version: '2.30.1', minimum: '2.38.0', feature: 'the status map' },
  COMMIT_NOT_FOUND: { kind: 'COMMIT_NOT_FOUND', ref: 'deadbeef' },
  BRANCH_NOT_FOUND: { kind: 'BRANCH_NOT_FOUND', branch: 'feature/gone' },
  OPERATION_IN_PROGRESS: { kind: 'OPERATION_IN_PROGRESS', path: '/work/picking', operation: 'cherry-pick' },
  NO_OPERATION_IN_PROGRESS: { kind: 'NO_OPERATION_IN_PROGRESS', path: '/work/calm' },
  GITHUB_NO_TOKEN: { kind: 'GITHUB_NO_TOKEN', apiBase: 'https://api.github.com' },
  GITHUB_UNAUTHORIZED: { kind: 'GITHUB_UNAUTHORIZED', apiBase: 'https://api.github.com', message: 'Bad credentials' },
  GITHUB_RATE_LIMITED: { kind: 'GITHUB_RATE_LIMITED', resetAt: '2026-09-01T12:00:00.000Z' },
  GITHUB_FAILED: { kind: 'GITHUB_FAILED', status: 502, message: 'Server Error' },
  NO_GITHUB_REMOTE: { kind: 'NO_GITHUB_REMOTE', path: '/work/app', remote: 'https://gitlab.com/a/b.git' },
  DETACHED_HEAD: { kind: 'DETACHED_HEAD', path: '/work/app-detached' },
  NO_CHECK_COMMAND: { kind: 'NO_CHECK_COMMAND', path: '/work/app' },
  NOT_A_FIX_BRANCH: { kind: 'NOT_A_FIX_BRANCH', branch: 'feature/plain' },
  NOTHING_TO_LAND: { kind: 'NOTHING_TO_LAND', branch: 'fix/empty' },
  HAS_MERGE_COMMITS: { kind: 'HAS_MERGE_COMMITS', commit: 'abcdef0123456789' },
  TARGET_DIRTY: { kind: 'TARGET_DIRTY', branch: 'main', path: '/work/main-dirty' },
  TARGET_NOT_LOCAL: { kind: 'TARGET_NOT_LOCAL', branch: 'origin/release' },
  REF_MOVED: { kind: 'REF_MOVED', ref: 'consumer' },
};

/** The detail a person needs to act on each error, which its message must contain. */
const mustMention: Partial<Record<UiError['kind'], string>> = {
  PATH_NOT_FOUND: '/no/such/dir',
  NOT_A_DIRECTORY: '/etc/hosts',
  GITHUB_NO_TOKEN: 'GITHUB_TOKEN',
  GITHUB_UNAUTHORIZED: 'Bad credentials',
  GITHUB_FAILED: 'Server Error',
  NO_GITHUB_REMOTE: 'gitlab.com/a/b',
  DETACHED_HEAD: '/work/app-detached',
  NOT_A_GIT_REPO: '/tmp/plain',
  BARE_REPO: '/srv/repo.git',
  REPO_HAS_NO_COMMITS: '/tmp/fresh',
  REPO_ALREADY_ADDED: '/work/app',
  WORKTREE_MISSING: '/work/app-feature',
  COMMAND_NOT_FOUND: 'codex',
  AGENT_NOT_FOUND: 'codx',
  AGENT_NOT_INSTALLED: 'npm install -g @anthropic-ai/claude-code',
  SPAWN_FAILED: 'EACCES',
  TOO_MANY_PANES: '9',
  GIT_FAILED: 'not a git repository',
  INVALID_INPUT: 'cols must be at least 2',
  INTERNAL: 'disk full',
  ENGINE_CALL_FAILED: 'socket closed',
  INVALID_WORKTREE_NAME: '-x',
  INVALID_BRANCH_NAME: '$(touch pwned)',
  BRANCH_EXISTS: 'feature/login',
  BRANCH_CHECKED_OUT: '/work/app-login',
  BASE_NOT_FOUND: 'no-such-branch',
  TARGET_NOT_FOUND: 'consumer',
  WORKTREE_EXISTS: '/work/app.worktrees/login',
  CREATE_INTERRUPTED: 'notes.md',
  WORKTREE_DIRTY: '3 uncommitted changes',
  WORKTREE_UNMERGED: '2 commits',
  WORKTREE_LOCKED: 'on a USB disk',
  ARCHIVE_NOT_FOUND: 'old-work',
  RESTORE_CONFLICT: 'patch does not apply',
  INVALID_CONFIG: 'ports.count',
  GIT_TIMEOUT: '120 s',
  GIT_TOO_OLD: '2.38.0',
  COMMIT_NOT_FOUND: 'deadbeef',
  BRANCH_NOT_FOUND: 'feature/gone',
  OPERATION_IN_PROGRESS: '/work/picking',
  NO_OPERATION_IN_PROGRESS: '/work/calm',
  NOT_A_FIX_BRANCH: 'feature/plain',
  NOTHING_TO_LAND: 'fix/empty',
  HAS_MERGE_COMMITS: 'abcdef01',
  TARGET_DIRTY: '/work/main-dirty',
  TARGET_NOT_LOCAL: 'origin/release',
  REF_MOVED: 'consumer',
};

describe('errorMessage', () => {
  it('covers every kind of the shared AppError union', () => {
    const engineKinds = AppErrorSchema.unwrap().options.map((option) => option.shape.kind.value);
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

  it('says what to do about a folder that is no repository and a missing check command', () => {
    expect(errorMessage({ kind: 'NOT_A_GIT_REPO', path: '/tmp' })).toContain('git init');
    expect(errorMessage({ kind: 'NO_CHECK_COMMAND', path: '/work/app' })).toContain('"check": "npm test"');
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
