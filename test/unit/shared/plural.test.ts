/**
 * Counted words agree with their count, in the renderer and the CLI alike.
 */
import { describe, expect, it } from 'vitest';
import { plural, pluralWord } from '../../../src/shared/plural.ts';

describe('plural', () => {
  it('uses the singular for exactly one and the plural otherwise, zero included', () => {
    expect(plural(1, 'request')).toBe('1 request');
    expect(plural(0, 'request')).toBe('0 requests');
    expect(plural(2, 'commit')).toBe('2 commits');
    expect(plural(3, 'ignored file or folder', 'ignored files or folders')).toBe('3 ignored files or folders');
    expect(pluralWord(1, 'needs', 'need')).toBe('needs');
    expect(pluralWord(4, 'needs', 'need')).toBe('need');
  });
});
