/**
 * The typed message map between the engine and a usage backfill worker.
 *
 * One request, progress reports, one answer, then "saved". The snapshot travels by structured
 * clone, so the worker can hand over hundreds of thousands of dedupe keys without a JSON round
 * trip.
 */
import type { UsageSource } from '../types.ts';
import type { IndexSnapshot } from './usage-index.ts';

/** Engine → worker: read everything new in these sources since their saved index parts. */
export interface BackfillRequest {
  readonly type: 'backfill';
  readonly sources: readonly UsageSource[];
  /** `${home}/usage/`: one index part per source (index-store.ts); loaded first, saved after. */
  readonly indexDir: string;
  readonly timeZone: string;
  /** Skip files last modified before this (epoch ms). */
  readonly sinceMs?: number;
}

/** Worker → engine messages, by type. */
export interface WorkerMessageMap {
  progress: { readonly type: 'progress'; readonly filesDone: number; readonly filesTotal: number };
  done: { readonly type: 'done'; readonly snapshot: IndexSnapshot; readonly elapsedMs: number; readonly resumed: boolean };
  /** The index parts are on disk (or could not be written: the next start reads more). */
  saved: { readonly type: 'saved' };
  failed: { readonly type: 'failed'; readonly message: string };
}

/** Any worker → engine message. */
export type WorkerMessage = WorkerMessageMap[keyof WorkerMessageMap];
