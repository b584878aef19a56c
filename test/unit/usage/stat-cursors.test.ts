/**
 * Checking many files against their cursors at once (file-cursor.ts `statCursors`, the warm start
 * and the poll): real files grown, replaced, untouched and deleted, more of them than stats in
 * flight, each decision in input order and the same as a one-file `statCursor`.
 */
import { appendFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { statCursor, statCursors, type FileCursor } from '../../../src/main/engine/usage/tail/file-cursor.ts';
import { tempDir } from './fixtures.ts';

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

describe('statCursors', () => {
  it('decides every file in input order, exactly as statCursor does', async () => {
    const dir = await tempDir();
    cleanup = dir.cleanup;
    const files = Array.from({ length: 600 }, (_, i) => path.join(dir.root, `f-${i}.jsonl`));
    const cursors: (FileCursor | null)[] = [];
    for (const file of files) {
      await writeFile(file, '{"a":1}\n');
      const s = await stat(file);
      cursors.push({ dev: s.dev, ino: s.ino, size: s.size, mtimeMs: s.mtimeMs, offset: s.size });
    }
    // Grown, replaced by a shorter file (new inode), deleted, never seen; the rest untouched.
    await appendFile(files[1]!, '{"b":2}\n');
    await writeFile(`${files[2]}.tmp`, '\n');
    await rename(`${files[2]}.tmp`, files[2]!);
    await rm(files[3]!);
    cursors[4] = null;

    const decisions = await statCursors(files.map((file, i) => ({ path: file, cursor: cursors[i]! })));
    expect(decisions.slice(0, 5).map((d) => d.action)).toEqual(['unchanged', 'append', 'rewrite', 'gone', 'append']);
    expect(decisions.slice(5).every((d) => d.action === 'unchanged')).toBe(true);
    for (const i of [0, 1, 2, 3, 4, 599]) expect(decisions[i]).toEqual(await statCursor(files[i]!, cursors[i]!));
    expect(await statCursors([])).toEqual([]);
  });
});
