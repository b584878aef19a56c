/**
 * The typed message map between the engine and the usage backfill worker.
 *
 * One request, progress reports, one answer. The snapshot travels by structured clone, so the
 * worker can hand over hundreds of thousands of dedupe keys without a JSON round trip.
 */
import type { UsageSource } from '../types.ts';
import type { IndexSnapshot } from './usage-index.ts';

/** Engine → worker: read everything new since the saved index. */
export interface BackfillRequest {
  readonly type: 'backfill';
  readonly sources: readonly UsageSource[];
  /** The versioned index file under `${home}/usage/`; the worker loads it first and saves it after. */
  readonly indexFile: string;
  readonly timeZone: string;
  /** Skip files last modified before this (epoch ms). */
  readonly sinceMs?: number;
}

/** Worker → engine messages, by type. */
export interface WorkerMessageMap {
  progress: { readonly type: 'progress'; readonly filesDone: number; readonly filesTotal: number };
  done: { readonly type: 'done'; readonly snapshot: IndexSnapshot; readonly elapsedMs: number; readonly resumed: boolean };
  failed: { readonly type: 'failed'; readonly message: string };
}

/** Any worker → engine message. */
export type WorkerMessage = WorkerMessageMap[keyof WorkerMessageMap];
