// A pure function, kept next to the repo tests that depend on it (test/unit/repos is outside this
// change's files); move to test/unit/repos/ when convenient.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeInputPath } from '../../../src/main/engine/repos/normalize-input-path.ts';

const HOME = '/home/ü user';

describe('normalizeInputPath', () => {
  it.each([
    ['/repo', '/repo'],
    ['  /repo/  \n', '/repo'],
    ["'/path with space'", '/path with space'],
    ['"/path with space"', '/path with space'],
    ['“/smart quotes”', '/smart quotes'],
    ["  '/quoted then trimmed'\n", '/quoted then trimmed'],
    ['/a/b/../c', '/a/c'],
    ['~', HOME],
    ['~/code/x', path.join(HOME, 'code/x')],
    ['file:///srv/repo%20one', '/srv/repo one'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeInputPath(input, HOME)).toEqual({ ok: true, value: expected });
  });

  it.each(['relative/path', './x', '../x'])('refuses the relative path %j as PATH_NOT_ABSOLUTE, naming it', (input) => {
    expect(normalizeInputPath(input, HOME)).toEqual({ ok: false, error: { kind: 'PATH_NOT_ABSOLUTE', path: input } });
  });

  it.each(['', '   ', "''", '~other/x', 'file://remote-host/x'])(
    'refuses %j with INVALID_INPUT',
    (input) => {
      const result = normalizeInputPath(input, HOME);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.error.kind).toBe('INVALID_INPUT');
    },
  );

  it('keeps a quote that is part of the name', () => {
    expect(normalizeInputPath("/it's here", HOME)).toEqual({ ok: true, value: "/it's here" });
  });
});
