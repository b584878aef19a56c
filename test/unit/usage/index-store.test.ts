/**
 * The index parts on disk (index-store.ts): a binary container whose Claude rows are raw float64
 * bytes. A part round-trips to the same index; a torn, foreign or older part reads as absent (the
 * logs are read again), and the first save replaces an older part instead of leaving it behind.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeIndexPart, encodeIndexPart, indexPartFile, loadIndexPart, saveIndexParts } from '../../../src/main/engine/usage/scan/index-store.ts';
import { UsageIndex } from '../../../src/main/engine/usage/scan/usage-index.ts';
import { summarize, tempCopy, tempDir } from './fixtures.ts';

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups) await c();
  cleanups = [];
});

const NOW = Date.parse('2026-09-10T09:00:00Z');

async function scanned() {
  const claude = await tempCopy('claude/config-a');
  const codex = await tempCopy('codex/home-a');
  const home = await tempDir();
  cleanups.push(claude.cleanup, codex.cleanup, home.cleanup);
  const sources = [
    { provider: 'claude' as const, root: claude.root },
    { provider: 'codex' as const, root: codex.root },
  ];
  const index = new UsageIndex('UTC', () => NOW);
  await index.scanAll(sources);
  return { index, sources, dir: path.join(home.root, 'usage') };
}

describe('index parts', () => {
  it('round-trip a scanned index, Claude rows as bytes', async () => {
    const { index } = await scanned();
    const snapshot = index.toSnapshot();
    const buffer = encodeIndexPart(snapshot);
    expect(buffer.subarray(0, 8).toString('latin1')).toBe('AOUSAGE3');
    const decoded = decodeIndexPart(buffer)!;
    expect(decoded).not.toBeNull();
    const [account] = Object.keys(snapshot.claude);
    expect(decoded.claude[account!]!.rows).toBeInstanceOf(Float64Array);
    // NaN (no costUSD) survives as bytes, where JSON would have turned it into null.
    expect(Array.from(decoded.claude[account!]!.rows as Float64Array).some(Number.isNaN)).toBe(true);
    const restored = UsageIndex.fromSnapshot(decoded, 'UTC', () => NOW)!;
    expect(summarize(restored, NOW)).toEqual(summarize(index, NOW));
    expect(restored.toSnapshot()).toEqual(snapshot);
  });

  it('read a torn, foreign or older part as absent', async () => {
    const { index } = await scanned();
    const buffer = encodeIndexPart(index.toSnapshot());
    expect(decodeIndexPart(buffer.subarray(0, buffer.length - 5))).toBeNull(); // rows cut short
    expect(decodeIndexPart(buffer.subarray(0, 40))).toBeNull(); // header cut short
    expect(decodeIndexPart(Buffer.from(JSON.stringify({ ...index.toSnapshot(), version: 2 })))).toBeNull();
    const otherVersion = encodeIndexPart({ ...index.toSnapshot(), version: 2 });
    expect(decodeIndexPart(otherVersion)).toBeNull();
  });

  it('replace an older JSON part on save, one file per source', async () => {
    const { index, sources, dir } = await scanned();
    await mkdir(dir, { recursive: true });
    const legacy = indexPartFile(dir, sources[0]!).replace(/\.bin$/, '.json');
    await writeFile(legacy, JSON.stringify({ version: 2 }));
    await writeFile(path.join(dir, 'index.json'), '{}');
    expect(await loadIndexPart(dir, sources[0]!)).toBeNull();
    await saveIndexParts(dir, index.toSnapshot(), sources);
    expect((await readdir(dir)).sort()).toEqual(sources.map((s) => path.basename(indexPartFile(dir, s))).sort());
    for (const source of sources) {
      const part = await loadIndexPart(dir, source);
      expect(part?.files.every(([, entry]) => entry.account === source.root)).toBe(true);
    }
  });
});
