import { describe, expect, it } from 'vitest';
import { git as runGit } from '../../../src/main/engine/git/core.ts';
import { createFormatParser } from '../../../src/main/engine/git/format-parser.ts';
import { git, makeCommit, makeRepo } from '../../helpers/git-repo.ts';

describe('createFormatParser', () => {
  it('builds one NUL-terminated placeholder per field', () => {
    const parser = createFormatParser({ sha: '%H', subject: '%s' });
    expect(parser.formatArg).toBe('--format=%H%x00%s%x00');
  });

  it('parses records separated by git newlines, keeping newlines inside fields', () => {
    const parser = createFormatParser({ sha: '%H', body: '%B', refs: '%D' });
    const stdout = 'aaa\0line 1\nline 2\n\0HEAD -> main\0\nbbb\0\0\0\n';
    expect(parser.parse(stdout)).toEqual([
      { sha: 'aaa', body: 'line 1\nline 2\n', refs: 'HEAD -> main' },
      { sha: 'bbb', body: '', refs: '' },
    ]);
  });

  it('returns nothing for empty output', () => {
    expect(createFormatParser({ sha: '%H' }).parse('')).toEqual([]);
  });

  it('round-trips real git log output with unicode and multi-line messages', async () => {
    const repo = makeRepo();
    makeCommit(repo, { message: 'ünï subject\n\nbody line\nsecond' });
    const parser = createFormatParser({ sha: '%H', parents: '%P', subject: '%s', body: '%b' });
    const { stdout } = await runGit(['log', parser.formatArg], { cwd: repo });
    const commits = parser.parse(stdout);
    expect(commits).toHaveLength(2);
    expect(commits[0]).toMatchObject({ sha: git(repo, 'rev-parse', 'HEAD'), subject: 'ünï subject' });
    expect(commits[0]?.body).toBe('body line\nsecond\n');
    expect(commits[0]?.parents).toBe(commits[1]?.sha);
    expect(commits[1]?.parents).toBe('');
  });
});
