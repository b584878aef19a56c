import { describe, expect, it } from 'vitest';
import { listWorktrees, parseWorktreeList } from '../../../src/main/engine/git/worktree-list.ts';
import { addWorktree, git, makeRepo, makeTempDir } from '../../helpers/git-repo.ts';

const SHA = '9211de62aa3d5f9d9c5f18b3972a8ba171399d80';
const ZERO = '0'.repeat(40);

/** Build porcelain -z output the way git 2.39 prints it: NUL after each line, NUL after each record. */
function porcelain(...records: string[][]): string {
  return records.map((lines) => lines.map((line) => `${line}\0`).join('') + '\0').join('');
}

describe('parseWorktreeList', () => {
  it('reads main, branch, detached and path oddities verbatim', () => {
    const out = porcelain(
      ['worktree /tmp/pz/r', `HEAD ${SHA}`, 'branch refs/heads/main'],
      ['worktree /tmp/pz/wt one', `HEAD ${SHA}`, 'branch refs/heads/feat/x'],
      ['worktree /tmp/pz/wt\nnl', `HEAD ${SHA}`, 'detached'],
      ['worktree /tmp/pz/wt ü 日本', `HEAD ${SHA}`, 'branch refs/heads/ünï'],
    );
    const records = parseWorktreeList(out);
    expect(records.map((r) => r.path)).toEqual(['/tmp/pz/r', '/tmp/pz/wt one', '/tmp/pz/wt\nnl', '/tmp/pz/wt ü 日本']);
    expect(records.map((r) => r.branch)).toEqual(['main', 'feat/x', null, 'ünï']);
    expect(records.map((r) => r.detached)).toEqual([false, false, true, false]);
    expect(records[0]).toEqual({
      path: '/tmp/pz/r',
      head: SHA,
      branch: 'main',
      detached: false,
      bare: false,
      locked: false,
      lockReason: null,
      prunable: false,
      prunableReason: null,
    });
  });

  it('keeps lock reasons (including newlines) and distinguishes a lock without reason', () => {
    const records = parseWorktreeList(
      porcelain(
        ['worktree /a', `HEAD ${SHA}`, 'branch refs/heads/a', 'locked on usb\ndrive'],
        ['worktree /b', `HEAD ${SHA}`, 'branch refs/heads/b', 'locked'],
      ),
    );
    expect(records.map((r) => [r.locked, r.lockReason])).toEqual([
      [true, 'on usb\ndrive'],
      [true, null],
    ]);
  });

  it('reads prunable with its reason', () => {
    const [record] = parseWorktreeList(
      porcelain([
        'worktree /tmp/gone',
        `HEAD ${SHA}`,
        'branch refs/heads/p',
        'prunable gitdir file points to non-existent location',
      ]),
    );
    expect(record?.prunable).toBe(true);
    expect(record?.prunableReason).toBe('gitdir file points to non-existent location');
  });

  it('reads bare repositories and unborn HEADs (all-zero ids, SHA-1 or SHA-256) as head null', () => {
    const records = parseWorktreeList(
      porcelain(
        ['worktree /srv/b.git', 'bare'],
        ['worktree /x', `HEAD ${ZERO}`, 'branch refs/heads/main'],
        ['worktree /y', `HEAD ${'0'.repeat(64)}`, 'branch refs/heads/main'],
      ),
    );
    expect(records.map((r) => [r.bare, r.head])).toEqual([
      [true, null],
      [false, null],
      [false, null],
    ]);
  });

  it('ignores attributes it does not know and tolerates a missing final terminator', () => {
    const out = `worktree /a\0HEAD ${SHA}\0branch refs/heads/a\0future-flag x\0\0worktree /b\0HEAD ${SHA}\0detached\0`;
    const records = parseWorktreeList(out);
    expect(records.map((r) => r.path)).toEqual(['/a', '/b']);
    expect(records[1]?.detached).toBe(true);
  });

  it('returns nothing for empty output', () => {
    expect(parseWorktreeList('')).toEqual([]);
  });
});

describe('listWorktrees (real git)', () => {
  it('lists the main worktree first, then linked ones with odd paths', async () => {
    const repo = makeRepo();
    const dir = makeTempDir('ao-wt-');
    const odd = addWorktree(repo, `${dir}/wt with space\nand ü`, 'feature/ü');
    const result = await listWorktrees(odd);
    expect(result.ok && result.value.map((r) => [r.path, r.branch])).toEqual([
      [repo, 'main'],
      [odd, 'feature/ü'],
    ]);
  });

  it('reports NOT_A_GIT_REPO outside any repository', async () => {
    const dir = makeTempDir('ao-plain-');
    expect(await listWorktrees(dir)).toEqual({ ok: false, error: { kind: 'NOT_A_GIT_REPO', path: dir } });
  });

  it('sees a lock reason set by git itself', async () => {
    const repo = makeRepo();
    const wt = addWorktree(repo, `${makeTempDir('ao-wt-')}/locked`, 'l');
    git(repo, 'worktree', 'lock', '--reason', 'agent busy', wt);
    const result = await listWorktrees(repo);
    expect(result.ok && result.value[1]?.lockReason).toBe('agent busy');
  });
});
