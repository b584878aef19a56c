/**
 * Log folders from the environment (several accounts) and the file cursor decisions
 * (append, unchanged, truncation, replacement, deletion).
 */
import { describe, expect, it } from 'vitest';
import { sourcesFromEnv } from '../../../src/main/engine/usage/sources/sources-from-env.ts';
import { decideCursor } from '../../../src/main/engine/usage/tail/file-cursor.ts';

describe('sourcesFromEnv', () => {
  it('defaults to the home folders', () => {
    expect(sourcesFromEnv({}, '/home/u')).toEqual([
      { provider: 'codex', root: '/home/u/.codex' },
      { provider: 'claude', root: '/home/u/.claude' },
      { provider: 'gemini', root: '/home/u/.gemini' },
    ]);
  });

  it('treats comma lists as several accounts, expands ~ and drops duplicates', () => {
    const env = { CODEX_HOME: '/c1', CLAUDE_CONFIG_DIR: '~/.claude, /work/claude-b ,~/.claude', GEMINI_CLI_HOME: '/g' };
    expect(sourcesFromEnv(env, '/home/u')).toEqual([
      { provider: 'codex', root: '/c1' },
      { provider: 'claude', root: '/home/u/.claude' },
      { provider: 'claude', root: '/work/claude-b' },
      { provider: 'gemini', root: '/g/.gemini' },
    ]);
  });
});

describe('decideCursor', () => {
  const cursor = { dev: 1, ino: 10, size: 100, mtimeMs: 5, offset: 90 };
  const now = (o: Partial<typeof cursor>) => ({ dev: 1, ino: 10, size: 100, mtimeMs: 5, ...o });
  it('decides append, unchanged, rewrite and gone', () => {
    expect(decideCursor(null, now({})).action).toBe('append');
    expect(decideCursor(cursor, now({})).action).toBe('unchanged');
    expect(decideCursor(cursor, now({ size: 150, mtimeMs: 6 })).action).toBe('append');
    expect(decideCursor(cursor, now({ size: 50, mtimeMs: 6 })).action).toBe('rewrite'); // truncated below the offset
    expect(decideCursor(cursor, now({ ino: 11 })).action).toBe('rewrite'); // temp + rename
    expect(decideCursor(cursor, null).action).toBe('gone');
  });
});
