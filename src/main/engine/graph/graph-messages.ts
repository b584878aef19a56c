/**
 * The typed messages between the engine and the graph worker.
 *
 * One long-lived worker serves every layout of an engine: each request has an id, rows come back
 * in batches tagged with it, then `done` or `failed`; `cancel` stops a layout whose refs moved on.
 * Rows travel by structured clone.
 */
import type { AppError } from '../../../shared/errors.ts';
import type { GraphOrder } from '../../../shared/protocol/graph.ts';
import type { LaneCheckpoint } from './lane-bands.ts';
import type { LaidOutCommit } from './graph-rows.ts';
import type { GraphScope } from './graph-scope.ts';

/** What one layout reads. */
export interface GraphRequest {
  readonly scope: GraphScope;
  readonly order: GraphOrder;
  readonly maxCommits: number;
}

/** Engine → worker. */
export type GraphWorkerRequest =
  | ({ readonly type: 'layout'; readonly id: number } & GraphRequest)
  | { readonly type: 'cancel'; readonly id: number };

/** What a layout reports, in order: rows (any number of batches), then done or failed. */
export type GraphLayoutMessage =
  | { readonly type: 'rows'; readonly rows: LaidOutCommit[]; readonly checkpoints: LaneCheckpoint[]; readonly width: number }
  | {
      readonly type: 'done';
      readonly total: number;
      readonly width: number;
      readonly truncated: boolean;
      readonly gitMs: number;
      readonly layoutMs: number;
    }
  | { readonly type: 'failed'; readonly error: AppError };

/** Worker → engine: a layout message tagged with its request. */
export type GraphWorkerMessage = GraphLayoutMessage & { readonly id: number };
