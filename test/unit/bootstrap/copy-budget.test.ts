/**
 * The copy budgets on real folders and the real volume: size against the budget, free space
 * (statfs) against the reserve, and bytes promised to copies already under way.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_COPY_BUDGET, formatBytes, freeSpace, judgeCopy, measureFolder } from '../../../src/main/engine/bootstrap/copy-budget.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

function folder(files: number, bytesEach: number): string {
  const dir = makeTempDir('ao-budget-');
  mkdirSync(path.join(dir, 'pkg'));
  for (let i = 0; i < files; i++) writeFileSync(path.join(dir, 'pkg', `f${i}.js`), 'x'.repeat(bytesEach));
  return dir;
}

describe('copy budget', () => {
  it('measures a folder at least at its files\' size', async () => {
    const dir = folder(20, 10_000);
    const bytes = await measureFolder(dir, Number.POSITIVE_INFINITY);
    expect(bytes).toBeGreaterThanOrEqual(200_000);
    expect(bytes).toBeLessThan(2_000_000);
  });

  it('copies what fits, refuses what is over the size budget unless the size is not enforced', async () => {
    const dir = folder(10, 10_000);
    const fits = await judgeCopy(dir, dir, DEFAULT_COPY_BUDGET, { enforceSize: true });
    expect(fits).toMatchObject({ copy: true });
    expect(fits.copy && fits.reason).toMatch(/^\d+ KiB fits the copy budget of 2\.0 GiB and leaves .* free on the volume$/);

    const small = { ...DEFAULT_COPY_BUDGET, maxBytes: 50_000 };
    const over = await judgeCopy(dir, dir, small, { enforceSize: true });
    expect(over).toEqual({ copy: false, reason: expect.stringMatching(/^it is \d+ KiB, over the copy budget of 49 KiB \(set "dependencies": "copy" to copy it anyway\)$/) });
    expect(await judgeCopy(dir, dir, small, { enforceSize: false })).toMatchObject({ copy: true });
  });

  it('refuses when the volume would keep less than the reserve, counting copies under way', async () => {
    const dir = folder(3, 1000);
    const space = (await freeSpace(dir))!;
    expect(space.free).toBeGreaterThan(0);
    expect(space.total).toBeGreaterThanOrEqual(space.free);
    const allReserved = await judgeCopy(dir, dir, { ...DEFAULT_COPY_BUDGET, reserveShare: 1, reserveMaxBytes: Number.MAX_SAFE_INTEGER }, { enforceSize: true });
    expect(allReserved).toMatchObject({ copy: false, reason: expect.stringContaining('kept in reserve') });
    // Every free byte already promised to another copy: this one does not fit.
    const promised = await judgeCopy(dir, dir, DEFAULT_COPY_BUDGET, { enforceSize: true, pendingBytes: space.free });
    expect(promised).toMatchObject({ copy: false, reason: expect.stringContaining('promised to copies under way') });
  });

  it('formats sizes in binary units', () => {
    expect(formatBytes(512)).toBe('1 KiB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3 MiB');
    expect(formatBytes(2 * 1024 ** 3)).toBe('2.0 GiB');
  });
});
