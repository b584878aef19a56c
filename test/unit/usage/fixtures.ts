/**
 * Helpers for the usage tests: fixture paths, expected numbers, running an index over fixtures.
 */
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UsageIndex } from '../../../src/main/engine/usage/scan/usage-index.ts';
import { buildSummary } from '../../../src/main/engine/usage/report/build-summary.ts';
import type { UsageSummary } from '../../../src/shared/protocol/usage.ts';
import type { UsageSource } from '../../../src/main/engine/usage/types.ts';

/** Root of the committed synthetic fixtures. */
export const FIXTURES = path.resolve('test/fixtures/usage');

/** A fixture folder's `expected.json`. */
export async function expected<T = Record<string, any>>(dir: string): Promise<T> {
  return JSON.parse(await readFile(path.join(FIXTURES, dir, 'expected.json'), 'utf8')) as T;
}

/** Scan sources into a fresh index and build a summary (attribution: none). */
export async function scan(
  sources: UsageSource[],
  options: { timeZone?: string; now?: number } = {},
): Promise<{ index: UsageIndex; summary: UsageSummary }> {
  const now = options.now ?? Date.parse('2026-09-10T09:00:00Z');
  const index = new UsageIndex(options.timeZone ?? 'UTC', () => now);
  await index.scanAll(sources);
  return { index, summary: summarize(index, now) };
}

/** Summary of an index at `now`. */
export function summarize(index: UsageIndex, now: number): UsageSummary {
  return buildSummary(
    {
      buckets: index.ledger.all(),
      sessions: index.sessions,
      limitHits: index.limitHits,
      timeZone: index.timeZone,
      now,
      attribute: () => null,
      pins: new Map(),
      scan: {
        phase: 'idle',
        files: 0,
        bytesRead: 0,
        corruptLines: 0,
        lastBackfillMs: null,
        backfillInWorker: false,
        pricingTakenAt: 'test',
      },
    },
    {},
  );
}

/** A session's totals from a summary, by id. */
export function session(summary: UsageSummary, id: string) {
  const found = summary.sessions.find((s) => s.sessionId === id);
  if (!found) throw new Error(`session ${id} not in summary (${summary.sessions.map((s) => s.sessionId).join(', ')})`);
  return found;
}

/** Copy a fixture folder into a fresh temp dir (for tests that append, rewrite or delete). */
export async function tempCopy(dir: string): Promise<{ root: string; cleanup: () => Promise<void> }> {
  const base = await mkdtemp(path.join(os.tmpdir(), 'ao-usage-'));
  const root = path.join(base, path.basename(dir));
  await cp(path.join(FIXTURES, dir), root, { recursive: true });
  return { root, cleanup: () => rm(base, { recursive: true, force: true }) };
}

/** Fresh empty temp dir. */
export async function tempDir(): Promise<{ root: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'ao-usage-'));
  return { root, cleanup: () => rm(root, { recursive: true, force: true }) };
}
