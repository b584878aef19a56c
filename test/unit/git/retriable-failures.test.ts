import { describe, expect, it } from 'vitest';
import { isRetriableLockFailure } from '../../../src/main/engine/git/core.ts';

const failed = (stderr: string) => ({ exitCode: 128, stdout: '', stderr });
const halfWritten = 'fatal: failed to read .git/worktrees/wt-7/commondir: Success';

describe('isRetriableLockFailure', () => {
  it('retries lock contention of commands that take the lock before changing anything', () => {
    expect(isRetriableLockFailure(['config', 'branch.x.y', 'z'], failed('error: could not lock config file .git/config: File exists'))).toBe(true);
    expect(isRetriableLockFailure(['update-ref', 'refs/heads/x', 'abc'], failed("fatal: cannot lock ref 'refs/heads/x'"))).toBe(true);
  });

  it("retries a worktree listing that met another process's half-written worktree, not an add", () => {
    expect(isRetriableLockFailure(['worktree', 'list', '--porcelain', '-z'], failed(halfWritten))).toBe(true);
    // An add may have created its branch before dying: it is never simply run again (a
    // cross-process lock keeps our own adds apart instead).
    expect(isRetriableLockFailure(['worktree', 'add', '--quiet', '-b', 'x', '--', '/p', 'HEAD'], failed(halfWritten))).toBe(false);
    expect(isRetriableLockFailure(['worktree', 'list', '--porcelain'], failed('fatal: not a git repository'))).toBe(false);
  });

  it('does not retry other commands or other failures', () => {
    expect(isRetriableLockFailure(['status', '--porcelain'], failed("Unable to create '.git/index.lock': File exists"))).toBe(false);
    expect(isRetriableLockFailure(['config', 'x.y', 'z'], failed('error: invalid key: x'))).toBe(false);
  });
});
