import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { git, GitSpawnError, gitFailed, runGit } from '../../../src/main/engine/git/core.ts';
import { makeRepo, makeTempDir } from '../../helpers/git-repo.ts';

describe('git', () => {
  it('resolves with the exit code instead of throwing on failure', async () => {
    const repo = makeRepo();
    const result = await git(['rev-parse', '--verify', '--quiet', 'refs/heads/nope'], { cwd: repo });
    expect(result).toEqual({ exitCode: 1, stdout: '', stderr: '' });
  });

  it('feeds stdin and keeps NUL and multi-byte output intact', async () => {
    const repo = makeRepo();
    const input = 'ü'.repeat(100_000); // large enough to arrive in several chunks
    const result = await git(['hash-object', '-w', '--stdin'], { cwd: repo, stdin: input });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^[0-9a-f]{40}\n$/);
    const show = await git(['cat-file', 'blob', result.stdout.trim()], { cwd: repo });
    // Compared as a boolean: a failure would otherwise print 200 KB of ü.
    expect(show.stdout.length).toBe(input.length);
    expect(show.stdout === input).toBe(true);
    const listed = await git(['ls-files', '-z'], { cwd: repo });
    expect(listed.stdout).toBe('README.md\0');
  });

  it('without input, git reads end-of-file at once, the same as from an empty stdin (no pipe is opened for it)', async () => {
    const repo = makeRepo();
    const EMPTY_BLOB = 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391';
    // `--stdin` would wait forever on an open stdin: it ends because stdin is the null device.
    expect((await git(['hash-object', '--stdin'], { cwd: repo })).stdout).toBe(`${EMPTY_BLOB}\n`);
    expect((await git(['hash-object', '--stdin'], { cwd: repo, stdin: '' })).stdout).toBe(`${EMPTY_BLOB}\n`);
    expect((await git(['hash-object', '--stdin'], { cwd: repo, stdin: 'x' })).stdout).not.toBe(`${EMPTY_BLOB}\n`);
  });

  it('runs with C locale, no prompts, and without inherited repository variables', async () => {
    const repo = makeRepo();
    const other = makeRepo();
    process.env.GIT_DIR = path.join(other, '.git');
    try {
      const top = await git(['rev-parse', '--show-toplevel'], { cwd: repo });
      expect(top.stdout.trim()).toBe(repo);
    } finally {
      delete process.env.GIT_DIR;
    }
    const env = await git(['var', 'GIT_EDITOR'], { cwd: repo, env: { GIT_EDITOR: 'true' } });
    expect(env.stdout.trim()).toBe('true');
    const failed = await git(['checkout', 'no-such-branch'], { cwd: repo, env: { LC_ALL: 'de_DE.UTF-8' } });
    expect(failed.stderr).toContain("did not match any file(s) known to git");
  });

  it('rejects with PATH_NOT_FOUND when the working directory is gone', async () => {
    const missing = path.join(makeTempDir(), 'gone');
    const error = await git(['status'], { cwd: missing }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitSpawnError);
    expect((error as GitSpawnError).error).toEqual({ kind: 'PATH_NOT_FOUND', path: missing });
  });

  it('rejects with COMMAND_NOT_FOUND when git is not on PATH', async () => {
    const dir = makeTempDir();
    const error = await git(['status'], { cwd: dir, env: { PATH: dir } }).catch((e: unknown) => e);
    expect((error as GitSpawnError).error).toEqual({ kind: 'COMMAND_NOT_FOUND', command: 'git' });
  });
});

describe('runGit', () => {
  it('turns an unexpected exit code into GIT_FAILED with args and stderr', async () => {
    const dir = makeTempDir();
    const result = await runGit(['rev-parse', '--show-toplevel'], { cwd: dir });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ kind: 'GIT_FAILED', args: ['rev-parse', '--show-toplevel'], exitCode: 128 });
    expect(result.error.kind === 'GIT_FAILED' && result.error.stderr).toMatch(/^fatal: not a git repository/);
  });

  it('accepts the exit codes the caller declares as success', async () => {
    const repo = makeRepo();
    const result = await runGit(['rev-parse', '--verify', '--quiet', 'nope'], { cwd: repo, successExitCodes: [0, 1] });
    expect(result.ok && result.value.exitCode).toBe(1);
  });

  it('returns spawn failures as values', async () => {
    const missing = path.join(makeTempDir(), 'gone');
    expect(await runGit(['status'], { cwd: missing })).toEqual({
      ok: false,
      error: { kind: 'PATH_NOT_FOUND', path: missing },
    });
  });
});

describe('gitFailed', () => {
  it('trims stderr and keeps only the tail of a huge one', () => {
    const error = gitFailed(['x'], { exitCode: 2, stdout: '', stderr: `${'a'.repeat(20_000)}END\n` });
    expect(error.kind).toBe('GIT_FAILED');
    if (error.kind !== 'GIT_FAILED') return;
    expect(error.stderr.endsWith('END')).toBe(true);
    expect(error.stderr.length).toBeLessThan(9_000);
    expect(error.exitCode).toBe(2);
  });
});
