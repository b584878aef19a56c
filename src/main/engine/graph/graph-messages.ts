/**
 * The typed messages between the engine and the graph worker.
 *
 * One request; batches of rows as they are laid out; then `done` or `failed`. Rows travel by
 * structured clone.
 */
import type { AppError } from '../../../shared/errors.ts';
import type { GraphOrder, GraphRow } from '../../../shared/protocol/graph.ts';
import type { GraphScope } from './graph-scope.ts';

/** Engine → worker: read and lay out the history of a scope. */
export interface GraphRequest {
  readonly type: 'layout';
  readonly scope: GraphScope;
  readonly order: GraphOrder;
  readonly maxCommits: number;
}

/** Worker → engine. */
export type GraphWorkerMessage =
  | { readonly type: 'rows'; readonly rows: GraphRow[]; readonly width: number }
  | {
      readonly type: 'done';
      readonly total: number;
      readonly width: number;
      readonly truncated: boolean;
      readonly gitMs: number;
      readonly layoutMs: number;
    }
  | { readonly type: 'failed'; readonly error: AppError };
