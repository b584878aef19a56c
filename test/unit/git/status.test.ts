import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isDirty, parseStatus, readStatus } from '../../../src/main/engine/git/status.ts';
import { git, makeRepo, makeTempDir } from '../../helpers/git-repo.ts';

describe('parseStatus', () => {
  it('reads modified, untracked and odd paths verbatim', () => {
    const out = ' M src/a.ts\0?? new file.txt\0A  dir/ü 日本.md\0?? line\nbreak\0';
    expect(parseStatus(out)).toEqual([
      { xy: ' M', path: 'src/a.ts', origPath: null },
      { xy: '??', path: 'new file.txt', origPath: null },
      { xy: 'A ', path: 'dir/ü 日本.md', origPath: null },
      { xy: '??', path: 'line\nbreak', origPath: null },
    ]);
  });

  it('pairs a rename or copy with its source path (the following field)', () => {
    const out = 'R  new name.ts\0old name.ts\0 M after.ts\0C  copy.ts\0orig.ts\0';
    expect(parseStatus(out)).toEqual([
      { xy: 'R ', path: 'new name.ts', origPath: 'old name.ts' },
      { xy: ' M', path: 'after.ts', origPath: null },
      { xy: 'C ', path: 'copy.ts', origPath: 'orig.ts' },
    ]);
  });

  it('returns nothing for a clean tree', () => {
    expect(parseStatus('')).toEqual([]);
  });
});

describe('isDirty (real git)', () => {
  it('is false for a fresh commit, true with an untracked or a modified file', async () => {
    const repo = makeRepo({ files: { 'a.txt': 'a\n' } });
    expect(await isDirty(repo)).toEqual({ ok: true, value: false });
    writeFileSync(`${repo}/untracked ü.txt`, 'x');
    expect(await isDirty(repo)).toEqual({ ok: true, value: true });
    git(repo, 'clean', '-fdq');
    writeFileSync(`${repo}/a.txt`, 'changed\n');
    expect(await readStatus(repo)).toEqual({ ok: true, value: [{ xy: ' M', path: 'a.txt', origPath: null }] });
  });

  it('does not count ignored files', async () => {
    const repo = makeRepo({ files: { '.gitignore': 'build/\n' } });
    mkdirSync(`${repo}/build`);
    writeFileSync(`${repo}/build/out.js`, 'x');
    expect(await isDirty(repo)).toEqual({ ok: true, value: false });
  });

  it('fails (rather than answering clean) outside a repository', async () => {
    const dir = makeTempDir('ao-plain-');
    const result = await isDirty(dir);
    expect(result.ok).toBe(false);
  });
});
