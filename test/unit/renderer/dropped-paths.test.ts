// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { droppedPaths, isFileDrag } from '../../../src/renderer/drop/dropped-paths.ts';

describe('dropped paths', () => {
  it('only treats drags that carry files as folder drops', () => {
    expect(isFileDrag(['Files'])).toBe(true);
    expect(isFileDrag(['text/plain', 'text/uri-list'])).toBe(false);
  });

  it('asks the bridge for each path and skips items that have none', () => {
    const files = [new File([], 'app'), new File([], 'virtual'), new File([], 'broken')];
    const paths = droppedPaths(files, (file) => {
      if (file.name === 'broken') throw new Error('not on disk');
      return file.name === 'app' ? '/work/app' : '';
    });
    expect(paths).toEqual(['/work/app']);
  });
});
