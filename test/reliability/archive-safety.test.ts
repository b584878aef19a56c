/**
 * Archive keeps what it removes, and a killed archive or restore is finished or rolled back
 * (issue 12, defects 4 and 5). Real repositories; crash states are produced by the operations
 * themselves (a journal entry left by a killed process) or by git's own leftovers.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createArchiveRef } from '../../src/main/engine/git/archive-refs.ts';
import { OperationJournal } from '../../src/main/engine/worktrees/operation-journal.ts';
import { recoverInterrupted } from '../../src/main/engine/worktrees/recovery.ts';
import { lifecycleFixture, unwrap } from '../integration/worktrees/lifecycle-fixture.ts';
import { git, makeRepo } from '../helpers/git-repo.ts';

const noBootstrap = { bootstrap: false } as const;

/** The journal entry a restore of branch `feature` writes before the step it was killed in. */
async function journalRestore(
  f: { home: string; repoPath: string },
  wt: string,
  archive: { name: string; commit: string; head: string | null },
  step: 'adding' | 'added',
): Promise<OperationJournal> {
  const journal = new OperationJournal(f.home);
  await journal.begin({ op: 'restore', repoPath: f.repoPath, worktreePath: wt, name: archive.name, commit: archive.commit, branch: 'feature', createdBranch: false, head: archive.head!, step });
  return journal;
}

async function withWorktree(name = 'feature') {
  const f = await lifecycleFixture({ files: { '.gitignore': '.env\ndist/\nnode_modules/\n', 'README.md': '# app\n' } });
  const wt = unwrap(await f.worktrees.create({ repoId: f.repoId, name, ...noBootstrap })).worktree.path;
  return { f, wt };
}

describe('archive keeps what it removes', () => {
  it('keeps ignored files (.env, edited build output), leaves dependencies out, and says so before', async () => {
    const { f, wt } = await withWorktree();
    writeFileSync(path.join(wt, '.env'), 'SECRET=keep-me\n');
    mkdirSync(path.join(wt, 'dist'));
    writeFileSync(path.join(wt, 'dist', 'hand-edited.js'), 'patched();\n');
    mkdirSync(path.join(wt, 'node_modules', 'left-pad'), { recursive: true });
    writeFileSync(path.join(wt, 'node_modules', 'left-pad', 'index.js'), 'x\n');
    writeFileSync(path.join(wt, 'notes.md'), 'untracked\n');

    const preview = unwrap(await f.worktrees.archivePreview({ repoId: f.repoId, path: wt }));
    expect(preview.ignoredKept.map((entry) => entry.path).sort()).toEqual(['.env', 'dist/']);
    expect(preview.ignoredSkipped.map((entry) => entry.path)).toEqual(['node_modules/']);
    expect(preview).toMatchObject({ changes: 1, nestedRepos: [] });

    const archived = unwrap(await f.worktrees.archive({ repoId: f.repoId, path: wt }));
    expect(archived.ignoredKept?.sort()).toEqual(['.env', 'dist/']);
    expect(existsSync(wt)).toBe(false);
    unwrap(await f.worktrees.restore({ repoId: f.repoId, archive: archived.archive.name, ...noBootstrap }));
    expect(readFileSync(path.join(wt, '.env'), 'utf8')).toBe('SECRET=keep-me\n');
    expect(readFileSync(path.join(wt, 'dist', 'hand-edited.js'), 'utf8')).toBe('patched();\n');
    expect(readFileSync(path.join(wt, 'notes.md'), 'utf8')).toBe('untracked\n');
    // Still ignored after the restore (they came back as files, not as tracked changes).
    expect(git(wt, 'status', '--porcelain')).toBe('?? notes.md');
  });

  it('refuses a worktree with a nested repository, and changes nothing', async () => {
    const { f, wt } = await withWorktree();
    makeRepo({ path: path.join(wt, 'vendor', 'lib') });
    writeFileSync(path.join(wt, 'vendor', 'lib', 'local-change.txt'), 'only here\n');
    const refused = await f.worktrees.archive({ repoId: f.repoId, path: wt });
    expect(refused).toEqual({
      ok: false,
      error: { kind: 'ARCHIVE_WOULD_LOSE', path: wt, nestedRepos: ['vendor/lib/'], ignoredBytes: 0, limitBytes: 100 * 1024 * 1024 },
    });
    expect(readFileSync(path.join(wt, 'vendor', 'lib', 'local-change.txt'), 'utf8')).toBe('only here\n');
    expect(unwrap(await f.worktrees.archives(f.repoId))).toEqual([]);
  });

  it('refuses more ignored data than an archive keeps', async () => {
    const { f, wt } = await withWorktree();
    mkdirSync(path.join(wt, 'dist'));
    writeFileSync(path.join(wt, 'dist', 'huge.bin'), '');
    truncateSync(path.join(wt, 'dist', 'huge.bin'), 150 * 1024 * 1024); // sparse: costs no disk
    const refused = await f.worktrees.archive({ repoId: f.repoId, path: wt });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'ARCHIVE_WOULD_LOSE', nestedRepos: [], ignoredBytes: 150 * 1024 * 1024 } });
    expect(existsSync(path.join(wt, 'dist', 'huge.bin'))).toBe(true);
  });
});

describe('recovery at start', () => {
  it('finishes an archive killed while removing the worktree; the archive restores everything', async () => {
    const { f, wt } = await withWorktree();
    writeFileSync(path.join(wt, 'wip.txt'), 'work\n');
    writeFileSync(path.join(wt, '.env'), 'K=1\n');
    // What a kill during `git worktree remove` leaves: the ref stored, the worktree still there,
    // the journal at "removing". Made from a real archive, with the worktree put back.
    const journal = new OperationJournal(f.home);
    const again = unwrap(await f.worktrees.archive({ repoId: f.repoId, path: wt }));
    git(f.repoPath, 'worktree', 'add', wt, 'feature');
    writeFileSync(path.join(wt, 'half-removed.txt'), 'x\n');
    await journal.begin({ op: 'archive', repoPath: f.repoPath, worktreePath: wt, name: again.archive.name, step: 'removing', commit: again.archive.commit });

    const report = await recoverInterrupted({ home: f.home, repoPaths: [f.repoPath] });
    expect(report.actions.join('\n')).toContain('finished archiving');
    expect(existsSync(wt)).toBe(false);
    expect(await journal.pending()).toEqual([]);
    unwrap(await f.worktrees.restore({ repoId: f.repoId, archive: again.archive.name, ...noBootstrap }));
    expect(readFileSync(path.join(wt, 'wip.txt'), 'utf8')).toBe('work\n');
    expect(readFileSync(path.join(wt, '.env'), 'utf8')).toBe('K=1\n');
  });

  it('rolls back a restore killed before its changes were applied: still archived, restorable', async () => {
    const { f, wt } = await withWorktree();
    writeFileSync(path.join(wt, 'wip.txt'), 'work\n');
    const archived = unwrap(await f.worktrees.archive({ repoId: f.repoId, path: wt }));
    // A kill right after `git worktree add`: checkout there, changes not applied, journal "added".
    git(f.repoPath, 'worktree', 'add', wt, 'feature');
    await journalRestore(f, wt, archived.archive, 'added');
    const report = await recoverInterrupted({ home: f.home, repoPaths: [f.repoPath] });
    expect(report.actions.join('\n')).toContain('rolled back the interrupted restore');
    expect(existsSync(wt)).toBe(false);
    expect(unwrap(await f.worktrees.archives(f.repoId)).map((a) => a.name)).toEqual([archived.archive.name]);
    unwrap(await f.worktrees.restore({ repoId: f.repoId, archive: archived.archive.name, ...noBootstrap }));
    expect(readFileSync(path.join(wt, 'wip.txt'), 'utf8')).toBe('work\n');
  });

  it('leaves alone an operation whose process is still running', async () => {
    const { f, wt } = await withWorktree();
    const journal = new OperationJournal(f.home);
    const entry = await journal.begin({ op: 'archive', repoPath: f.repoPath, worktreePath: wt, name: 'feature', step: 'removing', commit: 'x' });
    // Written by a live process (the test runner's parent stands in for another engine).
    const file = path.join(journal.dir, `${entry.id}.json`);
    writeFileSync(file, JSON.stringify({ ...entry, pid: process.ppid }));
    await recoverInterrupted({ home: f.home, repoPaths: [f.repoPath] });
    expect(existsSync(wt)).toBe(true);
    expect(await journal.pending()).toHaveLength(1);
  });

  it('moves stale index.lock and config.lock aside (never fresh ones) and drops an interrupted worktree add', async () => {
    const { f, wt } = await withWorktree();
    const gitDir = path.join(f.repoPath, '.git');
    const old = new Date(Date.now() - 5 * 60_000);
    writeFileSync(path.join(gitDir, 'index.lock'), '');
    writeFileSync(path.join(gitDir, 'config.lock'), '');
    utimesSync(path.join(gitDir, 'index.lock'), old, old);
    utimesSync(path.join(gitDir, 'config.lock'), old, old);
    const admin = path.join(gitDir, 'worktrees', 'feature');
    writeFileSync(path.join(admin, 'index.lock'), ''); // fresh: a git may be using it
    // A `git worktree add` killed before checkout: admin entry locked "initializing", no .git file.
    const ghost = path.join(gitDir, 'worktrees', 'ghost');
    mkdirSync(ghost);
    writeFileSync(path.join(ghost, 'gitdir'), `${path.join(f.root, 'ghost')}/.git\n`);
    writeFileSync(path.join(ghost, 'locked'), 'initializing\n');
    writeFileSync(path.join(ghost, 'HEAD'), 'ref: refs/heads/ghost\n');
    utimesSync(ghost, old, old);
    expect(() => git(f.repoPath, 'config', 'x.y', 'z')).toThrow();

    const report = await recoverInterrupted({ home: f.home, repoPaths: [f.repoPath] });
    expect(report.actions.filter((line) => line.includes('stale git lock'))).toHaveLength(2);
    expect(existsSync(path.join(gitDir, 'index.lock'))).toBe(false);
    expect(existsSync(path.join(admin, 'index.lock'))).toBe(true);
    expect(existsSync(ghost)).toBe(false);
    git(f.repoPath, 'config', 'x.y', 'z');
    expect(git(f.repoPath, 'worktree', 'list', '--porcelain')).not.toContain('ghost');
    expect(existsSync(wt)).toBe(true);
  });
  // The states below are what a SIGKILL inside git leaves (found by killing `git worktree add` /
  // `remove` at random microseconds); each used to leave the worktree stuck for good.

  it('finishes an archive killed after git deleted the .git file but not the folder (git then refuses to remove it)', async () => {
    const { f, wt } = await withWorktree();
    writeFileSync(path.join(wt, 'wip.txt'), 'work\n');
    const archived = unwrap(await f.worktrees.archive({ repoId: f.repoId, path: wt }));
    git(f.repoPath, 'worktree', 'add', wt, 'feature');
    // `worktree remove` deletes files in directory order: here `.git` went first, the rest stayed.
    rmSync(path.join(wt, '.git'));
    writeFileSync(path.join(wt, 'wip.txt'), 'work\n');
    const journal = new OperationJournal(f.home);
    await journal.begin({ op: 'archive', repoPath: f.repoPath, worktreePath: wt, name: archived.archive.name, step: 'removing', commit: archived.archive.commit });

    const report = await recoverInterrupted({ home: f.home, repoPaths: [f.repoPath] });
    expect(report.actions.join('\n')).toContain('finished archiving');
    expect(existsSync(wt)).toBe(false);
    expect(git(f.repoPath, 'worktree', 'list', '--porcelain')).not.toContain(wt);
    expect(await journal.pending()).toEqual([]);
    unwrap(await f.worktrees.restore({ repoId: f.repoId, archive: archived.archive.name, ...noBootstrap }));
    expect(readFileSync(path.join(wt, 'wip.txt'), 'utf8')).toBe('work\n');
  });

  it('never finishes an archive whose ref is gone: the folder may hold the only copy', async () => {
    const { f, wt } = await withWorktree();
    writeFileSync(path.join(wt, 'wip.txt'), 'work\n');
    const journal = new OperationJournal(f.home);
    await journal.begin({ op: 'archive', repoPath: f.repoPath, worktreePath: wt, name: 'feature', step: 'removing', commit: git(f.repoPath, 'rev-parse', 'HEAD') });
    const report = await recoverInterrupted({ home: f.home, repoPaths: [f.repoPath] });
    expect(report.actions.join('\n')).toContain('the folder is left as it is');
    expect(readFileSync(path.join(wt, 'wip.txt'), 'utf8')).toBe('work\n');
    expect(await journal.pending()).toHaveLength(1);
  });

  for (const [label, leave] of [
    // Killed after mkdir of the folder, before git wrote `gitdir`: not a worktree git lists.
    ['an empty folder and an admin entry without gitdir', (admin: string) => rmSync(path.join(admin, 'gitdir'))],
    // Killed before git wrote the worktree's HEAD: git lists it but `worktree remove` refuses it.
    ['an admin entry without HEAD', (admin: string) => rmSync(path.join(admin, 'HEAD'))],
  ] as const) {
    it(`rolls back a restore killed inside git worktree add: ${label}`, async () => {
      const { f, wt } = await withWorktree();
      writeFileSync(path.join(wt, 'wip.txt'), 'work\n');
      const archived = unwrap(await f.worktrees.archive({ repoId: f.repoId, path: wt }));
      // What `git worktree add` had made when it was killed: its admin entry, locked, and the folder.
      git(f.repoPath, 'worktree', 'add', '--lock', '--reason', 'initializing', '--no-checkout', wt, 'feature');
      const admin = path.join(f.repoPath, '.git', 'worktrees', 'feature');
      rmSync(path.join(wt, '.git'));
      if (label.startsWith('an empty folder')) rmSync(path.join(admin, 'commondir'));
      else writeFileSync(path.join(wt, '.git'), `gitdir: ${admin}\n`);
      leave(admin);
      const journal = await journalRestore(f, wt, archived.archive, 'adding');

      // As the next CLI start runs it: the killed git's entry is seconds old, not stale.
      const report = await recoverInterrupted({ home: f.home, repoPaths: [f.repoPath] });
      expect(report.actions.join('\n')).toContain('rolled back the interrupted restore');
      expect(existsSync(wt)).toBe(false);
      expect(git(f.repoPath, 'worktree', 'list', '--porcelain')).not.toContain(wt);
      expect(await journal.pending()).toEqual([]);
      unwrap(await f.worktrees.restore({ repoId: f.repoId, archive: archived.archive.name, ...noBootstrap }));
      expect(readFileSync(path.join(wt, 'wip.txt'), 'utf8')).toBe('work\n');
    });
  }

  it('repairs the empty commondir a killed git worktree add leaves, on which every worktree command failed', async () => {
    const { f, wt } = await withWorktree();
    // A `worktree create` killed while git wrote `commondir` (not journaled: any add can leave it).
    git(f.repoPath, 'worktree', 'add', '-b', 'other', path.join(f.worktreeDir, 'other'));
    truncateSync(path.join(f.repoPath, '.git', 'worktrees', 'other', 'commondir'), 0);
    expect(() => git(f.repoPath, 'worktree', 'list', '--porcelain')).toThrow(/commondir/);

    const report = await recoverInterrupted({ home: f.home, repoPaths: [f.repoPath] });
    expect(report.actions.join('\n')).toContain('repaired the empty');
    expect(git(f.repoPath, 'worktree', 'list', '--porcelain')).toContain(path.join(f.worktreeDir, 'other'));
    const archived = unwrap(await f.worktrees.archive({ repoId: f.repoId, path: wt }));
    unwrap(await f.worktrees.restore({ repoId: f.repoId, archive: archived.archive.name, ...noBootstrap }));
  });

  it('an archive ref lock left by a killed git is named as such (not "archive exists") and moved aside once stale', async () => {
    const { f, wt } = await withWorktree();
    const lock = path.join(f.repoPath, '.git', 'refs', 'agent-orchestrator', 'archive', 'feature.lock');
    mkdirSync(path.dirname(lock), { recursive: true });
    writeFileSync(lock, '');
    const created = await createArchiveRef(f.repoPath, 'feature', git(f.repoPath, 'rev-parse', 'HEAD'));
    expect(created.ok ? created.value : created.error.kind).toBe('GIT_FAILED');
    expect(!created.ok && created.error.kind === 'GIT_FAILED' ? created.error.stderr : '').toContain('feature.lock');
    const refused = await f.worktrees.archive({ repoId: f.repoId, path: wt });
    expect(refused.ok ? 'archived' : refused.error.kind).toBe('GIT_FAILED');
    expect(existsSync(wt)).toBe(true);

    const old = new Date(Date.now() - 5 * 60_000);
    utimesSync(lock, old, old);
    const report = await recoverInterrupted({ home: f.home, repoPaths: [f.repoPath] });
    expect(report.actions.join('\n')).toContain('feature.lock');
    const archived = unwrap(await f.worktrees.archive({ repoId: f.repoId, path: wt }));
    expect(archived.archive.name).toBe('feature');
  });
});
