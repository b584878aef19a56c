import { describe, expect, it } from 'vitest';
import { defaultWorkers, shareSources } from '../../../src/main/engine/usage/scan/start-backfill.ts';

describe('backfill threads', () => {
  it('leave one core to the engine, with at least one and at most four workers', () => {
    expect(defaultWorkers(1)).toBe(1);
    expect(defaultWorkers(2)).toBe(1);
    expect(defaultWorkers(4)).toBe(3);
    expect(defaultWorkers(16)).toBe(4);
  });

  it('split the sources so each share mixes providers', () => {
    const sources = [
      { provider: 'codex' as const, root: '/a' },
      { provider: 'codex' as const, root: '/b' },
      { provider: 'claude' as const, root: '/c' },
      { provider: 'claude' as const, root: '/d' },
    ];
    const shares = shareSources(sources, 2);
    expect(shares).toHaveLength(2);
    for (const share of shares) expect(new Set(share.map((source) => source.provider)).size).toBe(2);
    expect(shareSources(sources, 1)).toEqual([expect.arrayContaining(sources)]);
  });
});
