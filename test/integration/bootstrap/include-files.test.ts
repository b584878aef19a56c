/**
 * Copying git-ignored files named by `.worktreeinclude` and the config's `copy` globs.
 */
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  copyIncludedFiles,
  listIncludedFiles,
  readIncludePatterns,
} from '../../../src/main/engine/bootstrap/include-files.ts';
import { addWorktree, git, makeRepo, makeTempDir } from '../../helpers/git-repo.ts';

function setup() {
  const root = makeTempDir('ao-include-');
  const main = makeRepo({
    path: path.join(root, 'main'),
    files: {
      '.gitignore': '.env*\n*.local\nsecrets/\nconfig.json\nlink-*\n',
      'src/app.ts': 'export {};\n',
    },
  });
  // Tracked although its name is ignored: the case a broad pattern must not copy.
  writeFileSync(path.join(main, 'config.json'), '{"tracked": true}\n');
  git(main, 'add', '--force', 'config.json');
  git(main, 'commit', '--quiet', '-m', 'tracked config');
  const worktree = addWorktree(main, path.join(root, 'wt'), 'feature');
  return { root, main, worktree };
}

async function copy(main: string, worktree: string, globs: string[] = []) {
  const patterns = await readIncludePatterns(main, globs);
  const listed = await listIncludedFiles(main, patterns);
  if (!listed.ok) throw new Error(JSON.stringify(listed.error));
  return copyIncludedFiles(main, worktree, listed.value);
}

describe('.worktreeinclude', () => {
  it('copies ignored files that match, keeping folders and modes', async () => {
    const { main, worktree } = setup();
    writeFileSync(path.join(main, '.worktreeinclude'), '# env files\n.env*\nsecrets/\n');
    writeFileSync(path.join(main, '.env'), 'A=1\n');
    writeFileSync(path.join(main, '.env.test'), 'B=2\n');
    mkdirSync(path.join(main, 'secrets/deep'), { recursive: true });
    writeFileSync(path.join(main, 'secrets/deep/key.pem'), 'KEY\n', { mode: 0o600 });
    const report = await copy(main, worktree);
    expect(report.copied.sort()).toEqual(['.env', '.env.test', 'secrets/deep/key.pem']);
    expect(readFileSync(path.join(worktree, 'secrets/deep/key.pem'), 'utf8')).toBe('KEY\n');
    if (process.platform !== 'win32') {
      const { statSync } = await import('node:fs');
      expect(statSync(path.join(worktree, 'secrets/deep/key.pem')).mode & 0o777).toBe(0o600);
    }
  });

  it('never copies a tracked file, even a modified one the pattern matches', async () => {
    const { main, worktree } = setup();
    writeFileSync(path.join(main, '.worktreeinclude'), 'config.json\nsrc/\n');
    writeFileSync(path.join(main, 'config.json'), '{"local": "edit"}\n');
    const report = await copy(main, worktree);
    expect(report.copied).toEqual([]);
    expect(readFileSync(path.join(worktree, 'config.json'), 'utf8')).toBe('{"tracked": true}\n');
  });

  it('never copies untracked files git does not ignore (work in progress)', async () => {
    const { main, worktree } = setup();
    writeFileSync(path.join(main, '.worktreeinclude'), 'notes.md\n*.local\n');
    writeFileSync(path.join(main, 'notes.md'), 'draft\n');
    writeFileSync(path.join(main, 'db.local'), 'x\n');
    const report = await copy(main, worktree);
    expect(report.copied).toEqual(['db.local']);
    expect(existsSync(path.join(worktree, 'notes.md'))).toBe(false);
  });

  it('never overwrites a file the worktree already has', async () => {
    const { main, worktree } = setup();
    writeFileSync(path.join(main, '.worktreeinclude'), '.env\n');
    writeFileSync(path.join(main, '.env'), 'FROM_MAIN=1\n');
    writeFileSync(path.join(worktree, '.env'), 'MINE=1\n');
    const report = await copy(main, worktree);
    expect(report.skipped).toEqual([{ path: '.env', reason: 'already exists in the worktree' }]);
    expect(readFileSync(path.join(worktree, '.env'), 'utf8')).toBe('MINE=1\n');
  });

  it('never copies through a symlink leaving the checkout, nor a symlink itself', async () => {
    const { root, main, worktree } = setup();
    const outside = path.join(root, 'outside');
    mkdirSync(outside);
    writeFileSync(path.join(outside, 'host.local'), 'secret of the host\n');
    writeFileSync(path.join(root, 'target.txt'), 'elsewhere\n');
    symlinkSync(outside, path.join(main, 'secrets'));
    symlinkSync(path.join(root, 'target.txt'), path.join(main, 'link-file.local'));
    writeFileSync(path.join(main, '.worktreeinclude'), 'secrets/\n*.local\n');
    const report = await copy(main, worktree);
    expect(report.copied).toEqual([]);
    expect(existsSync(path.join(worktree, 'link-file.local'))).toBe(false);
    expect(existsSync(path.join(worktree, 'secrets'))).toBe(false);
  });

  it('does not write through a symlinked folder in the worktree that leaves it', async () => {
    const { root, main, worktree } = setup();
    const outside = path.join(root, 'victim');
    mkdirSync(outside);
    mkdirSync(path.join(main, 'secrets'));
    writeFileSync(path.join(main, 'secrets', 'a.key'), 'k\n');
    symlinkSync(outside, path.join(worktree, 'secrets'));
    writeFileSync(path.join(main, '.worktreeinclude'), 'secrets/\n');
    const report = await copy(main, worktree);
    expect(report.copied).toEqual([]);
    expect(existsSync(path.join(outside, 'a.key'))).toBe(false);
  });

  it('takes extra patterns from the config, and nothing without patterns', async () => {
    const { main, worktree } = setup();
    writeFileSync(path.join(main, 'cache.local'), 'c\n');
    expect((await copy(main, worktree)).copied).toEqual([]);
    expect((await copy(main, worktree, ['*.local'])).copied).toEqual(['cache.local']);
  });
});
